/**
 * The per-symbol risk report (`hashpivot report`, hovers, tooltips): price, changes, drawdown,
 * volatility, correlation and beta to BTC and the NASDAQ-100, VaR/CVaR — computed from daily
 * closes as of a date, never with a price dated after it.
 */
import { addDays, indexAtOrBefore, pricesToReturns, valuesAsOf } from './calendar';
import { annualizedVolatility, beta, correlation, cvar, drawdownSeriesFromPrices, historicalVar } from './risk';
import type { AssetClass, DailySeries, IsoDate, SourceKind } from './types';
import { isSevenDay, periodsPerYear } from './universe';

export interface ReportSeries {
  assetClass: AssetClass;
  series: Pick<DailySeries, 'symbol' | 'dates' | 'close' | 'origin'>;
}

export interface ReportInput {
  symbol: string;
  subject: ReportSeries;
  btc?: ReportSeries;
  ndx?: ReportSeries;
  /** The report's date: closes on or before it. */
  asOf: IsoDate;
  /** Start of the drawdown window; default the 365 days to asOf. */
  from?: IsoDate;
}

export interface SymbolReport {
  symbol: string;
  asOf: IsoDate;
  /** Close on or before asOf. */
  close: number;
  change: { '1d': number; '7d': number; '30d': number };
  drawdown: { current: number; max: number };
  volatility: { '30d': number; '90d': number };
  correlation: { BTC: { '90d': number }; NDX: { '90d': number } };
  beta: { BTC: { '90d': number }; NDX: { '90d': number } };
  var95: number;
  cvar95: number;
  source: { kind: SourceKind; asOf: string };
}

/** Raised for input the report cannot answer (a date outside the data). */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

/** How far past a series' last bar an as-of date may go (weekends, holidays, a late snapshot). */
export const MAX_STALENESS_DAYS = 7;

/** The close on or before `date`, NaN if none. */
export function closeAsOf(s: { dates: readonly IsoDate[]; close: readonly number[] }, date: IsoDate): number {
  let i = indexAtOrBefore(s.dates, date);
  while (i >= 0 && !Number.isFinite(s.close[i]!)) i--;
  return i < 0 ? NaN : s.close[i]!;
}

/** `close(asOf) / close(on or before asOf - days) - 1`. */
export function changeOver(s: { dates: readonly IsoDate[]; close: readonly number[] }, asOf: IsoDate, days: number): number {
  return closeAsOf(s, asOf) / closeAsOf(s, addDays(asOf, -days)) - 1;
}

/**
 * Closes of the window that ends at asOf and starts at the close on or before `asOf - days`
 * (so a 30-day window of a 7-day asset has 30 returns).
 */
export function windowPrices(s: { dates: readonly IsoDate[]; close: readonly number[] }, asOf: IsoDate, days: number): { dates: IsoDate[]; close: number[] } {
  const end = indexAtOrBefore(s.dates, asOf);
  if (end < 0) return { dates: [], close: [] };
  const start = Math.max(0, indexAtOrBefore(s.dates, addDays(asOf, -days)));
  return { dates: s.dates.slice(start, end + 1), close: s.close.slice(start, end + 1) };
}

/**
 * Returns of `subject` and `bench` on a common calendar over the window, with prices aligned
 * first (docs/RISK_CONVENTIONS.md, "Mixed calendars"): the equity side's sessions when either is an
 * equity, else the subject's own days; the other series taken as of each date.
 */
export function alignedWindowReturns(subject: ReportSeries, bench: ReportSeries, asOf: IsoDate, days: number): { r: number[]; b: number[]; ppy: number } {
  const subjectSeven = isSevenDay(subject.assetClass);
  const benchSeven = isSevenDay(bench.assetClass);
  const calendarOwner = subjectSeven && !benchSeven ? bench : subject;
  const w = windowPrices(calendarOwner.series, asOf, days);
  const sub = calendarOwner === subject ? w.close : valuesAsOf(w.dates, subject.series.dates, subject.series.close);
  const ben = calendarOwner === bench ? w.close : valuesAsOf(w.dates, bench.series.dates, bench.series.close);
  const ppy = subjectSeven && benchSeven ? 365 : 252;
  return { r: pricesToReturns(sub), b: pricesToReturns(ben), ppy };
}

function checkCoverage(symbol: string, s: { dates: readonly IsoDate[] }, asOf: IsoDate): void {
  const first = s.dates[0];
  const last = s.dates.at(-1);
  if (first === undefined || last === undefined) throw new ReportError(`${symbol}: no price data`);
  if (asOf < first) throw new ReportError(`${symbol}: ${asOf} is before its data starts (${first})`);
  if (addDays(last, MAX_STALENESS_DAYS) < asOf) throw new ReportError(`${symbol}: ${asOf} is after its data ends (${last})`);
}

function pair(subject: ReportSeries, bench: ReportSeries | undefined, asOf: IsoDate): { corr: number; beta: number } {
  if (!bench || bench.series.dates.length === 0 || bench.series.dates[0]! > asOf) return { corr: NaN, beta: NaN };
  if (addDays(bench.series.dates.at(-1)!, MAX_STALENESS_DAYS) < asOf) return { corr: NaN, beta: NaN };
  const { r, b } = alignedWindowReturns(subject, bench, asOf, 90);
  return { corr: correlation(r, b), beta: beta(r, b) };
}

/** Computes the report of one symbol; throws {@link ReportError} when asOf is outside its data. */
export function computeReport(input: ReportInput): SymbolReport {
  const { subject, asOf } = input;
  const s = subject.series;
  checkCoverage(input.symbol, s, asOf);
  const ppy = periodsPerYear(subject.assetClass);
  const from = input.from ?? addDays(asOf, -365);
  if (from > asOf) throw new ReportError(`--from ${from} is after --as-of ${asOf}`);

  const end = indexAtOrBefore(s.dates, asOf);
  const startDd = indexAtOrBefore(s.dates, addDays(from, -1)) + 1; // first date >= from
  const ddPrices = s.close.slice(startDd, end + 1).filter((x) => Number.isFinite(x));
  const dd = drawdownSeriesFromPrices(ddPrices);

  const vol = (days: number) => annualizedVolatility(pricesToReturns(windowPrices(s, asOf, days).close), { periodsPerYear: ppy });
  const yearReturns = pricesToReturns(windowPrices(s, asOf, 365).close);

  const btc = pair(subject, input.btc, asOf);
  const ndx = pair(subject, input.ndx, asOf);
  return {
    symbol: input.symbol,
    asOf,
    close: closeAsOf(s, asOf),
    change: { '1d': changeOver(s, asOf, 1), '7d': changeOver(s, asOf, 7), '30d': changeOver(s, asOf, 30) },
    drawdown: { current: dd.length ? dd.at(-1)! : NaN, max: dd.length ? Math.min(...dd) : NaN },
    volatility: { '30d': vol(30), '90d': vol(90) },
    correlation: { BTC: { '90d': btc.corr }, NDX: { '90d': ndx.corr } },
    beta: { BTC: { '90d': btc.beta }, NDX: { '90d': ndx.beta } },
    var95: historicalVar(yearReturns, { tailProbability: 0.05 }),
    cvar95: cvar(yearReturns, { tailProbability: 0.05 }),
    source: { kind: s.origin.kind, asOf: s.origin.asOf },
  };
}

/** JSON with NaN and infinities as null (JSON has neither). */
export function reportToJson(reports: readonly SymbolReport[]): string {
  return JSON.stringify(reports, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
