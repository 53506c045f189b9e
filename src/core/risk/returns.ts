/**
 * Returns, compounding, CAGR and volatility (docs/RISK_CONVENTIONS.md, "Units, returns,
 * annualization").
 */
import { parseIsoDay } from './dates';
import { figureOf, momentsOf, PreparedSeries, singleRows, type SeriesInput } from './columns';
import { alignRows, checkToken, ddofOf, ppyOf } from './prepare';
import { stdOfMoments } from './stats';
import type { DdofOptions, NanOptions, PeriodOptions, Series, YearBasis } from './types';

/** Simple returns `P_t/P_{t-1} - 1`; n-1 values (the undefined first one is dropped). */
export function simpleReturns(prices: Series): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(prices[i]! / prices[i - 1]! - 1);
  return out;
}

/** Log returns `ln(P_t/P_{t-1})`; n-1 values. */
export function logReturns(prices: Series): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(Math.log(prices[i]! / prices[i - 1]!));
  return out;
}

export interface CumulativeOptions extends NanOptions {
  /** 0 (default): cumulative return `W-1`; otherwise wealth `startingValue*W`. */
  startingValue?: number;
}

/**
 * Cumulative returns `W_t - 1` with `W_t = prod_{s<=t}(1+r_s)` (or `startingValue*W_t`), one value
 * per kept row (empyrical `cum_returns`).
 */
export function cumulativeReturns(returns: Series, options: CumulativeOptions = {}): number[] {
  const sv = options.startingValue ?? 0;
  const [r] = alignRows([{ name: 'returns', values: returns }], options.nanPolicy);
  const out: number[] = [];
  let w = 1;
  for (const x of r!) {
    w *= 1 + x;
    out.push(sv === 0 ? w - 1 : sv * w);
  }
  return out;
}

/** Last value of {@link cumulativeReturns}; NaN when no row is kept (empyrical `cum_returns_final`). */
export function cumulativeReturn(returns: Series, options: CumulativeOptions = {}): number {
  const c = cumulativeReturns(returns, options);
  return c.length === 0 ? NaN : c[c.length - 1]!;
}

/** Compounded growth `prod(1+r)` of plain numbers. */
export function totalGrowth(r: ArrayLike<number>): number {
  let w = 1;
  for (let i = 0; i < r.length; i++) w *= 1 + r[i]!;
  return w;
}

/** `prod(1+r)^(ppy/n) - 1` of plain numbers; NaN for n = 0. */
export function cagrOfRows(r: ArrayLike<number>, ppy: number): number {
  if (r.length === 0) return NaN;
  return Math.pow(totalGrowth(r), ppy / r.length) - 1;
}

/** {@link cagrOfRows} of a series' kept rows (the growth cached on a prepared series). */
export function cagrOf(returns: SeriesInput, ppy: number, nanPolicy: NanOptions['nanPolicy']): number {
  if (!(returns instanceof PreparedSeries)) return cagrOfRows(singleRows(returns, nanPolicy), ppy);
  const n = figureOf(returns, 'rows', nanPolicy, (r) => r.length);
  if (n === 0) return NaN;
  return Math.pow(figureOf(returns, 'growth', nanPolicy, totalGrowth), ppy / n) - 1;
}

/**
 * Annualized (compound) return from per-period returns: `prod(1+r)^(ppy/n) - 1`, n = rows after
 * the NaN policy (`fill_zero` counts a missing row as a 0 return, as empyrical `annual_return`).
 */
export function annualReturn(returns: SeriesInput, options: PeriodOptions & NanOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  return cagrOf(returns, ppy, options.nanPolicy);
}

export interface PriceCagrOptions extends PeriodOptions {
  /** `periods` (default): the n-1 simple returns with `ppy`; `calendar_days`: `(P_last/P_first)^(1/years) - 1`, years = days/365.25. */
  yearBasis?: YearBasis;
  /** `YYYY-MM-DD`, one per price; required by `calendar_days`. */
  dates?: readonly string[];
}

/**
 * Annualized return from prices: by default from the n-1 simple returns (`periods`), or by
 * calendar time (`calendar_days`, ffn `calc_cagr`: years = (last date - first date)/365.25).
 * NaN with fewer than 2 prices, or when the calendar span is not positive.
 */
export function annualReturnFromPrices(prices: Series, options: PriceCagrOptions = {}): number {
  const basis = checkToken('yearBasis', options.yearBasis ?? 'periods', ['periods', 'calendar_days']);
  if (basis === 'periods') return cagrOfRows(simpleReturns(prices), ppyOf(options.periodsPerYear));
  const dates = options.dates;
  if (!dates) throw new RangeError("yearBasis 'calendar_days' needs dates");
  if (dates.length !== prices.length) throw new RangeError(`prices has ${prices.length} values but dates has ${dates.length}`);
  if (prices.length < 2) return NaN;
  const years = (parseIsoDay(dates[dates.length - 1]!) - parseIsoDay(dates[0]!)) / 365.25;
  if (!(years > 0)) return NaN;
  return Math.pow(prices[prices.length - 1]! / prices[0]!, 1 / years) - 1;
}

/** Annualized volatility `std(r, ddof) * sqrt(ppy)`; NaN when n < 2. */
export function annualizedVolatility(returns: SeriesInput, options: PeriodOptions & DdofOptions & NanOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const m = momentsOf(returns, options.nanPolicy);
  if (m.n < 2) return NaN;
  return stdOfMoments(m, ddof) * Math.sqrt(ppy);
}
