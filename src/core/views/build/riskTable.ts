/** The risk table of the dashboard, ticker and compare panels: one row per symbol, and its CSV. */
import { drawdownSeriesFromPrices } from '../../risk';
import type { DataLabel, RiskRow } from '../../../shared/protocol';
import { spanOf, type ViewInput, type ViewSymbol } from './common';
import { csvCell, csvComment } from '../../csv';

/** The row of a symbol; the max drawdown is over the days [from, to] (day numbers). */
export function rowOf(s: ViewSymbol, input: ViewInput, from: number, to: number): RiskRow {
  const r = input.reports.get(s.symbol);
  const { start, end } = spanOf(s.series, from, to);
  const dd = drawdownSeriesFromPrices(s.series.close.slice(start, end).filter((x) => Number.isFinite(x)));
  const nn = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return {
    symbol: s.symbol,
    name: s.name,
    price: nn(r?.close),
    change30d: nn(r?.change['30d']),
    vol90d: nn(r?.volatility['90d']),
    maxDrawdown: dd.length ? Math.min(...dd) : null,
    betaBTC: nn(r?.beta.BTC['90d']),
    betaNDX: nn(r?.beta.NDX['90d']),
    var95: nn(r?.var95),
    backlogUSD: input.backlogUSD(s.symbol),
    pivotStatus: input.pivotStatus(s.symbol),
  };
}

/** The risk table as CSV (RFC 4180 quoting, text cells safe from formula injection), fractions as decimals. */
export function riskTableCsv(rows: readonly RiskRow[], asOf: string, data: DataLabel): string {
  const head = [
    'symbol',
    'name',
    'price',
    'change_30d',
    'volatility_90d',
    'max_drawdown_range',
    'beta_btc_90d',
    'beta_ndx_90d',
    'var95_1d',
    'backlog_usd',
    'pivot_status',
  ];
  const lines = rows.map((r) =>
    [r.symbol, r.name, r.price, r.change30d, r.vol90d, r.maxDrawdown, r.betaBTC, r.betaNDX, r.var95, r.backlogUSD, r.pivotStatus].map(csvCell).join(','),
  );
  return `# Hashpivot risk table as of ${asOf}; data: ${csvComment(data.text)}\n${head.join(',')}\n${lines.join('\n')}\n`;
}
