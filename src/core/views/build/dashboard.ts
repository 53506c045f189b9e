/** View model of the dashboard panel: every symbol of the universe over one range. */
import { dayNumber, fromDayNumber } from '../../calendar';
import type { Point } from '../../decimate';
import type { AssetClass, DailySeries, IsoDate } from '../../types';
import type { BasisInfo, DashboardData, RangeKey } from '../../../shared/protocol';
import {
  Counter,
  dataLabel,
  drawdownPoints,
  heatmapOf,
  markersFor,
  pointsOfCols,
  rangeStartDay,
  rebased,
  rollingPair,
  xRangesOf,
  type ViewInput,
  type ViewSymbol,
  pairSamplingNote,
} from './common';
import type { SymbolReport } from '../../report';
import { rowOf } from './riskTable';

/**
 * The dashboard's date: the median last date of the miners (of every symbol when there is no
 * miner), so one series that ends later (BTC trades on weekends) or earlier (a stale source) does
 * not leave the short ranges nearly empty.
 */
function commonAsOf(symbols: readonly ViewSymbol[]): IsoDate {
  // On the holdings: the holdings' own last session (the one every position has).
  const own = symbols.find((s) => s.role === 'portfolio');
  if (own) return own.series.dates.at(-1)!;
  const miners = symbols.filter((s) => s.role === 'miner');
  const dates = (miners.length ? miners : symbols).map((s) => s.series.dates.at(-1) ?? '0000-00-00').sort();
  return dates[Math.floor((dates.length - 1) / 2)]!;
}

function earliestOf(symbols: readonly ViewSymbol[]): IsoDate {
  return symbols.map((s) => s.series.dates[0] ?? '9999-12-31').sort()[0]!;
}

/**
 * Points kept per dashboard line (LTTB): some 30 lines share a chart, and every one of them travels
 * to the webview and is drawn on each range switch, so fewer than a single-symbol chart keeps
 * (MAX_POINTS); on a half-width card that is still about one point per two pixels.
 */
export const DASHBOARD_POINTS = 300;

/**
 * The dashboard over `input`'s symbols. On the holdings (`basis.kind` portfolio), the host passes
 * the held symbols with BTC and the NASDAQ-100, and `portfolio`, the holdings' own value series
 * (src/core/portfolio `holdingsValueSeries`): it is drawn as one more line in the performance,
 * drawdown and rolling-correlation charts and sits in the heatmap, but has no row in the table.
 */
export function buildDashboard(
  input: ViewInput,
  range: RangeKey,
  basis: BasisInfo = { kind: 'universe', portfolioAvailable: false, note: 'miners, the watchlist and the benchmarks' },
  portfolio?: DailySeries,
): DashboardData {
  const counter = new Counter();
  const own: ViewSymbol[] = portfolio
    ? [{ symbol: portfolio.symbol, name: 'Portfolio (today’s holdings)', role: 'portfolio', assetClass: 'equity', series: portfolio }]
    : [];
  const withData = [...input.symbols, ...own].filter((s) => s.series.dates.length > 1);
  const asOf = commonAsOf(withData);
  const asOfDay = dayNumber(asOf);
  const from = rangeStartDay(range, asOfDay, dayNumber(earliestOf(withData)));
  // Deal markers sit on the rebased lines of the deals' companies: only those need [x, y] pairs.
  const providers = new Set(input.deals.filter((d) => d.announced).map((d) => d.provider));
  const raw = new Map<string, Point[]>();
  const performance = withData
    .map((s) => {
      const pts = rebased(s, from, asOfDay);
      if (providers.has(s.symbol)) raw.set(s.symbol, pointsOfCols(pts));
      return counter.line(s.symbol, s.symbol, s.role, pts, DASHBOARD_POINTS);
    })
    .filter((l) => l.points.length > 1);
  const miners = withData.filter((s) => s.role === 'miner' || s.role === 'portfolio');
  const drawdown = withData
    .filter((s) => s.role !== 'ai')
    .map((s) => counter.line(s.symbol, s.symbol, s.role, drawdownPoints(s, from, asOfDay), DASHBOARD_POINTS))
    .filter((l) => l.points.length > 1);
  const roll = (bench: DailySeries | undefined, cls: AssetClass, w: number) =>
    bench
      ? miners
          .map((s) => counter.line(s.symbol, s.symbol, s.role, rollingPair(s, bench, cls, w, from, asOfDay, 'corr'), DASHBOARD_POINTS))
          .filter((l) => l.points.length > 1)
      : [];
  const days = Math.max(30, Math.round(asOfDay - from));
  const heatSymbols = withData.filter((s) => s.role === 'miner' || s.role === 'benchmark' || s.role === 'portfolio');
  const rolling = {
    BTC: { '30': roll(input.btc, 'crypto', 30), '90': roll(input.btc, 'crypto', 90) },
    NDX: { '30': roll(input.ndx, 'index', 30), '90': roll(input.ndx, 'index', 90) },
  };
  const markers = markersFor(input, performance, raw, fromDayNumber(from), asOf);
  return {
    kind: 'dashboard',
    range,
    asOf,
    basis,
    data: {
      ...dataLabel(
        withData.map((s) => s.series),
        input.now,
      ),
      pairs: pairSamplingNote(withData.map((x) => input.reports.get(x.symbol)).filter((r): r is SymbolReport => !!r)),
    },
    performance,
    drawdown,
    rolling,
    heatmap: heatmapOf(heatSymbols, asOfDay, days),
    table: withData.filter((s) => s.role !== 'portfolio').map((s) => rowOf(s, input, from, asOfDay)),
    markers,
    stats: { pointsIn: counter.pointsIn, pointsSent: counter.pointsSent },
    xRanges: xRangesOf({
      performance: [performance, markers],
      drawdown: [drawdown],
      'rolling-BTC-30': [rolling.BTC['30']],
      'rolling-BTC-90': [rolling.BTC['90']],
      'rolling-NDX-30': [rolling.NDX['30']],
      'rolling-NDX-90': [rolling.NDX['90']],
    }),
  };
}
