/**
 * The per-symbol risk report (`hashpivot report`, hovers, tooltips): price, changes, drawdown,
 * volatility, correlation and beta to BTC and the NASDAQ-100, VaR/CVaR — computed from daily
 * closes as of a date, never with a price dated after it. Where an equity is paired with BTC and
 * hourly BTC bars cover the window, BTC is priced at the US close (src/core/sampling.ts); the report
 * says which sampling its BTC pair figures used.
 */
import type { BasketComposition } from './basket';
import { addDays, indexAtOrBefore, pricesToReturns, valuesAsOf } from './calendar';
import { annualizedVolatility, beta, correlation, cvar, drawdownSeriesFromPrices, historicalVar } from './risk';
import { pricesOnSessions, summariseSampling, type BtcSampling, type BtcSamplingSummary, type HourlySeries, type SamplingCoverage } from './sampling';
import type { AssetClass, DailySeries, DataOrigin, IsoDate, SourceKind } from './types';
import { isSevenDay, periodsPerYear, proxyOf } from './universe';

export interface ReportSeries {
  assetClass: AssetClass;
  series: Pick<DailySeries, 'symbol' | 'dates' | 'close' | 'origin'>;
  /** Hourly bars of a seven-day series (BTC), to price it at the US close on an equity calendar. */
  hourly?: HourlySeries;
  /** Why there are no hourly bars (e.g. every source failed), for the sampling note. */
  hourlyUnavailable?: string;
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
  /** How to price BTC against an equity: `us-close` (default; where hourly bars cover the window) or `utc-close`. */
  btcSampling?: BtcSampling;
  /** The CD20 proxy's composition (when the subject is the basket): shown in `source.basket`. */
  basket?: BasketComposition;
}

/** A benchmark's series behind the pair figures. */
export interface BenchmarkSource {
  kind: SourceKind;
  providerSymbol?: string;
  /** `QQQ as NASDAQ-100 proxy` when the NASDAQ-100 figures come from the QQQ ETF. */
  proxy?: string;
}

export interface ReportSource {
  kind: SourceKind;
  asOf: string;
  /** The symbol as the source knows it (`QQQ` for NDX after 2022-03 in the snapshot, `BTC-USD`, `IREN`). */
  providerSymbol?: string;
  /** What the series stands in for: `QQQ as NASDAQ-100 proxy`, `CoinDesk 20 proxy basket`. */
  proxy?: string;
  /** The CD20 proxy: constituents priced on the as-of date and BTC's effective weight that day. */
  basket?: BasketComposition;
  /** The series of the benchmarks behind ρ and β (null: not given). */
  benchmarks: { BTC: BenchmarkSource | null; NDX: BenchmarkSource | null };
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
  /**
   * How BTC was priced in the pair figures that pair it with another calendar (an equity's ρ/β to
   * BTC; BTC's ρ/β to the NASDAQ-100): `us-close` from hourly bars, `utc-close` (daily bars; also
   * when both series trade every day), `mixed`, or null when no figure involves BTC.
   */
  btcSampling: BtcSamplingSummary | null;
  /** The window and hourly bars behind {@link btcSampling}, and why the UTC-day close was used when it was. */
  btcSamplingCoverage: SamplingCoverage | null;
  source: ReportSource;
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

/**
 * The last session's change: the close on or before asOf against the observation before it. On a
 * weekend or holiday as-of date an equity's "1d" change compares its last two sessions (Friday
 * against Thursday on a Sunday), not the Friday close with itself.
 */
export function sessionChange(s: { dates: readonly IsoDate[]; close: readonly number[] }, asOf: IsoDate): number {
  let i = indexAtOrBefore(s.dates, asOf);
  while (i >= 0 && !Number.isFinite(s.close[i]!)) i--;
  let j = i - 1;
  while (j >= 0 && !Number.isFinite(s.close[j]!)) j--;
  return i < 0 || j < 0 ? NaN : s.close[i]! / s.close[j]! - 1;
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
  return windowBetween(s, addDays(asOf, -days), asOf);
}

/** Closes from the one on or before `from` to the one on or before `to`. */
export function windowBetween(s: { dates: readonly IsoDate[]; close: readonly number[] }, from: IsoDate, to: IsoDate): { dates: IsoDate[]; close: number[] } {
  const end = indexAtOrBefore(s.dates, to);
  if (end < 0) return { dates: [], close: [] };
  const start = Math.max(0, indexAtOrBefore(s.dates, from));
  return { dates: s.dates.slice(start, end + 1), close: s.close.slice(start, end + 1) };
}

/** How the seven-day side of a pair was priced on the other's calendar. */
export interface PairSampling {
  sampling: BtcSampling;
  coverage: SamplingCoverage;
}

export interface AlignedPair {
  /** The common calendar: the equity side's sessions when either is an equity, else the subject's own days. */
  dates: IsoDate[];
  subject: number[];
  bench: number[];
  /** 365 when both trade every day, else 252. */
  ppy: number;
  /** How a seven-day side was priced on an equity calendar (or `utc-close` when both trade every day); null for two equities. */
  sampling: PairSampling | null;
}

export interface PairOptions {
  /** `us-close` (default): a seven-day side with hourly bars is priced at the US close where they cover the window. */
  sampling?: BtcSampling;
}

/**
 * Prices of `subject` and `bench` on a common calendar from the price on or before `from` to `to`
 * (docs/RISK_CONVENTIONS.md, "Mixed calendars"): the equity side's sessions when either is an
 * equity, else the subject's own days; the other series taken as of each date — a seven-day series
 * that carries hourly bars at the US close where they cover the window (src/core/sampling.ts), else
 * its daily close. Rolling pair figures and factor models can align through this too.
 */
export function alignPair(subject: ReportSeries, bench: ReportSeries, from: IsoDate, to: IsoDate, options: PairOptions = {}): AlignedPair {
  const subjectSeven = isSevenDay(subject.assetClass);
  const benchSeven = isSevenDay(bench.assetClass);
  const calendarOwner = subjectSeven && !benchSeven ? bench : subject;
  const other = calendarOwner === subject ? bench : subject;
  const w = windowBetween(calendarOwner.series, from, to);
  let sampling: PairSampling | null = null;
  let otherValues: number[];
  if (subjectSeven !== benchSeven) {
    const p = pricesOnSessions(w.dates, other.series, other.hourly, options.sampling ?? 'us-close', {}, other.hourlyUnavailable ?? 'no hourly bars');
    otherValues = p.values;
    sampling = { sampling: p.sampling, coverage: p.coverage };
  } else {
    otherValues = valuesAsOf(w.dates, other.series.dates, other.series.close);
    if (subjectSeven) {
      const window = w.dates.length ? { from: w.dates[0]!, to: w.dates.at(-1)! } : null;
      sampling = { sampling: 'utc-close', coverage: { window, hourly: null, missingCloses: 0, reason: 'both series trade every day (UTC days)' } };
    }
  }
  return {
    dates: w.dates,
    subject: calendarOwner === subject ? w.close : otherValues,
    bench: calendarOwner === bench ? w.close : otherValues,
    ppy: subjectSeven && benchSeven ? 365 : 252,
    sampling,
  };
}

/**
 * Returns of `subject` and `bench` on a common calendar over the window, with prices aligned
 * first ({@link alignPair}): the equity side's sessions when either is an equity, else the subject's
 * own days; the other series taken as of each date.
 */
export function alignedWindowReturns(
  subject: ReportSeries,
  bench: ReportSeries,
  asOf: IsoDate,
  days: number,
  options: PairOptions = {},
): { r: number[]; b: number[]; ppy: number; sampling: PairSampling | null } {
  const p = alignPair(subject, bench, addDays(asOf, -days), asOf, options);
  return { r: pricesToReturns(p.subject), b: pricesToReturns(p.bench), ppy: p.ppy, sampling: p.sampling };
}

function checkCoverage(symbol: string, s: { dates: readonly IsoDate[] }, asOf: IsoDate): void {
  const first = s.dates[0];
  const last = s.dates.at(-1);
  if (first === undefined || last === undefined) throw new ReportError(`${symbol}: no price data`);
  if (asOf < first) throw new ReportError(`${symbol}: ${asOf} is before its data starts (${first})`);
  if (addDays(last, MAX_STALENESS_DAYS) < asOf) throw new ReportError(`${symbol}: ${asOf} is after its data ends (${last})`);
}

function pair(
  subject: ReportSeries,
  bench: ReportSeries | undefined,
  asOf: IsoDate,
  options: PairOptions,
): { corr: number; beta: number; sampling: PairSampling | null } {
  if (!bench || bench.series.dates.length === 0 || bench.series.dates[0]! > asOf) return { corr: NaN, beta: NaN, sampling: null };
  if (addDays(bench.series.dates.at(-1)!, MAX_STALENESS_DAYS) < asOf) return { corr: NaN, beta: NaN, sampling: null };
  const { r, b, sampling } = alignedWindowReturns(subject, bench, asOf, 90, options);
  return { corr: correlation(r, b), beta: beta(r, b), sampling };
}

function benchmarkSource(symbol: string, b: ReportSeries | undefined): BenchmarkSource | null {
  if (!b) return null;
  const proxy = proxyOf(symbol, b.series.origin);
  return { kind: b.series.origin.kind, ...providerSymbolOf(b.series.origin), ...(proxy ? { proxy } : {}) };
}

function providerSymbolOf(origin: DataOrigin): { providerSymbol?: string } {
  return origin.providerSymbol ? { providerSymbol: origin.providerSymbol } : {};
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

  const options: PairOptions = { sampling: input.btcSampling ?? 'us-close' };
  const btc = pair(subject, input.btc, asOf, options);
  const ndx = pair(subject, input.ndx, asOf, options);
  // The figures that price BTC on another calendar: an equity's pair with BTC (not BTC with itself),
  // and BTC's own pair with the NASDAQ-100.
  const btcPairs = [input.symbol !== 'BTC' ? btc.sampling : null, input.symbol === 'BTC' || subject.hourly ? ndx.sampling : null].filter(
    (x): x is PairSampling => x !== null,
  );
  const proxy = proxyOf(input.symbol, s.origin);
  return {
    symbol: input.symbol,
    asOf,
    close: closeAsOf(s, asOf),
    change: { '1d': sessionChange(s, asOf), '7d': changeOver(s, asOf, 7), '30d': changeOver(s, asOf, 30) },
    drawdown: { current: dd.length ? dd.at(-1)! : NaN, max: dd.length ? Math.min(...dd) : NaN },
    volatility: { '30d': vol(30), '90d': vol(90) },
    correlation: { BTC: { '90d': btc.corr }, NDX: { '90d': ndx.corr } },
    beta: { BTC: { '90d': btc.beta }, NDX: { '90d': ndx.beta } },
    var95: historicalVar(yearReturns, { tailProbability: 0.05 }),
    cvar95: cvar(yearReturns, { tailProbability: 0.05 }),
    btcSampling: summariseSampling(btcPairs.map((p) => p.sampling)),
    btcSamplingCoverage: btcPairs[0]?.coverage ?? null,
    source: {
      kind: s.origin.kind,
      asOf: s.origin.asOf,
      ...providerSymbolOf(s.origin),
      ...(proxy ? { proxy } : {}),
      ...(input.basket ? { basket: input.basket } : {}),
      benchmarks: { BTC: benchmarkSource('BTC', input.btc), NDX: benchmarkSource('NDX', input.ndx) },
    },
  };
}

/** JSON with NaN and infinities as null (JSON has neither). */
export function reportToJson(reports: readonly SymbolReport[]): string {
  return JSON.stringify(reports, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
