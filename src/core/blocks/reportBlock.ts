/**
 * `report SYMBOL... [as-of=…]`: the per-symbol report of `hashpivot report` and the hover
 * (src/core/report.ts computeReport, with BTC priced as the host prices it for the pair figures),
 * one column per symbol. Pure.
 */
import { describeOrigin, formatMagnitude, formatNumber, formatPercent, formatPrice, reportFootnotes } from '../format';
import { computeReport, ReportError, type ReportSeries, type SymbolReport } from '../report';
import { ndxLabel } from '../universe';
import { commonLastDate, dataText, mdTable, needSymbol, problem, type BlockBody } from './common';
import type { BlockContext } from './context';
import { table, type Cell } from './html';
import type { ReportBlock } from './parse';

/** What the figures are, under the table (as the CLI says it). */
export const REPORT_NOTE =
  '1d: the last two sessions; 7d, 30d: over calendar days; drawdown over the 365 days to the as-of date; volatility annualized; ρ, β over 90 days on aligned calendars; 1-day historical VaR/CVaR at 95% over 365 days.';

const DASH = '–';

export function renderReport(block: ReportBlock, ctx: BlockContext, now: Date): BlockBody {
  const syms = block.symbols.map((s, i) => needSymbol(ctx, s, block.symbolSpans[i]));
  const asOf = block.asOf ?? commonLastDate(syms.map((s) => s.series));
  const btcDaily = ctx.series('BTC');
  const btc: ReportSeries | undefined = ctx.btcReportSeries?.() ?? (btcDaily && { assetClass: 'crypto', series: btcDaily });
  const ndxSeries = ctx.series('NDX');
  const ndx: ReportSeries | undefined = ndxSeries && { assetClass: 'index', series: ndxSeries };
  const reports: SymbolReport[] = syms.map((s, i) => {
    try {
      return computeReport({
        symbol: s.symbol,
        subject: s.symbol === 'BTC' && btc ? btc : { assetClass: s.assetClass, series: s.series },
        btc,
        ndx,
        asOf,
        btcSampling: ctx.btcSampling,
        basket: s.symbol === 'CD20' ? ctx.basketComposition?.(asOf) : undefined,
      });
    } catch (e) {
      if (e instanceof ReportError) problem('no-data', e.message, block.asOf ? block.asOfSpan : block.symbolSpans[i], s.symbol);
      throw e;
    }
  });

  const missing = (what: string) => `no ${what} data in memory`;
  const windowWhy = 'not enough closes in the window';
  const cell = (v: number, text: string, why: string): Cell => (Number.isFinite(v) ? { text, num: true } : { text: DASH, num: true, title: why });
  const pairWhy = (bench: ReportSeries | undefined, name: string) => (bench ? `not enough aligned returns with ${name} in the 90 days` : missing(name));
  const ndxName = ndxLabel(ndxSeries?.origin);
  const rows: Array<[string, (r: SymbolReport) => Cell]> = [
    ['Close', (r) => cell(r.close, formatPrice(r.close), 'no close on or before the as-of date')],
    ['Change 1d', (r) => cell(r.change['1d'], formatPercent(r.change['1d']), 'no close before the last one')],
    ['Change 7d', (r) => cell(r.change['7d'], formatPercent(r.change['7d']), 'no close 7 days before')],
    ['Change 30d', (r) => cell(r.change['30d'], formatPercent(r.change['30d']), 'no close 30 days before')],
    ['Drawdown now', (r) => cell(r.drawdown.current, formatMagnitude(r.drawdown.current), windowWhy)],
    ['Drawdown max (365d)', (r) => cell(r.drawdown.max, formatMagnitude(r.drawdown.max), windowWhy)],
    ['Volatility 30d', (r) => cell(r.volatility['30d'], formatMagnitude(r.volatility['30d']), windowWhy)],
    ['Volatility 90d', (r) => cell(r.volatility['90d'], formatMagnitude(r.volatility['90d']), windowWhy)],
    ['ρ BTC (90d)', (r) => cell(r.correlation.BTC['90d'], formatNumber(r.correlation.BTC['90d']), pairWhy(btc, 'BTC'))],
    ['β BTC (90d)', (r) => cell(r.beta.BTC['90d'], formatNumber(r.beta.BTC['90d']), pairWhy(btc, 'BTC'))],
    [`ρ NDX (90d)`, (r) => cell(r.correlation.NDX['90d'], formatNumber(r.correlation.NDX['90d']), pairWhy(ndx, ndxName))],
    [`β NDX (90d)`, (r) => cell(r.beta.NDX['90d'], formatNumber(r.beta.NDX['90d']), pairWhy(ndx, ndxName))],
    ['VaR 95% (1d)', (r) => cell(r.var95, formatMagnitude(r.var95), windowWhy)],
    ['CVaR 95% (1d)', (r) => cell(r.cvar95, formatMagnitude(r.cvar95), windowWhy)],
  ];
  const dataRow = (i: number): Cell => ({ text: describeOrigin(syms[i]!.series.origin, now.getTime()).replace(/ \(.*\)$/, '') });
  const header: Cell[] = [{ text: '' }, ...syms.map((s) => ({ text: s.symbol, title: s.name, num: true }))];
  const body: Cell[][] = [
    ...rows.map(([label, f]) => [{ text: label }, ...reports.map(f)]),
    [{ text: 'Data' }, ...syms.map((_, i) => ({ ...dataRow(i), num: true }))],
  ];
  const notes = [REPORT_NOTE, ...reportFootnotes(reports)];
  return {
    title: `Report: ${syms.map((s) => s.symbol).join(', ')}`,
    asOf,
    // Where the symbols' own prices come from (as the panels label them); the benchmarks' sources are in the notes.
    source: dataText(
      syms.map((s) => s.series),
      now,
    ),
    content: table(header, body, { rowHeaders: true, className: 'hashpivot-report-table' }),
    notes,
    markdownTable: mdTable(
      header.map((c) => c.text),
      body.map((r) => r.map((c) => c.text)),
      ['l', ...syms.map(() => 'r' as const)],
    ),
  };
}
