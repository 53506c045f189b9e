/**
 * Risk-adjusted ratios (docs/RISK_CONVENTIONS.md, "Risk-adjusted ratios"): Sharpe, downside
 * deviation, Sortino, omega, information ratio. A zero denominator gives ±Infinity by the sign of the
 * numerator, NaN when that is 0 too; fewer than 2 rows give NaN.
 */
import { excessRows, figureOf, momentsOf, pairRows, PreparedSeries, type RateInput, type SeriesInput } from './columns';
import { checkToken, ddofOf, ppyOf } from './prepare';
import { mean, moments, momentsOfDifference, ratio, stdOfMoments } from './stats';
import { cagrOfRows } from './returns';
import type { DdofOptions, NanOptions, PeriodOptions, Rate, RequiredReturnBasis } from './types';

export interface SharpeOptions extends PeriodOptions, DdofOptions, NanOptions {
  /** Per-period risk-free return: a constant or a series row-aligned with the returns; default 0. */
  riskFree?: Rate | Float64Array;
  /** `false` (default): numerator `mean(x)*ppy`; `true`: `prod(1+x)^(ppy/n) - 1`. */
  geometric?: boolean;
}

/**
 * Annualized Sharpe ratio: `x = r - rf`, `mean(x)*ppy / (std(x, ddof)*sqrt(ppy))`, or with
 * `geometric` the compound excess return `prod(1+x)^(ppy/n) - 1` on top (over the same `std(x)`).
 */
export function sharpeRatio(returns: SeriesInput, options: SharpeOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const rf = options.riskFree;
  // Without a risk-free rate the moments of the returns themselves (cached on a prepared series).
  const plain = rf === undefined || rf === 0;
  const x = plain ? null : excessRows(returns, rf, options.nanPolicy);
  const m = x ? moments(x) : momentsOf(returns, options.nanPolicy);
  if (m.n < 2) return NaN;
  const sd = stdOfMoments(m, ddof);
  if (options.geometric) return ratio(cagrOfRows(x ?? excessRows(returns, undefined, options.nanPolicy), ppy), sd * Math.sqrt(ppy));
  return sharpeFromMoments(m.mean, sd, ppy);
}

/** `mean/sd*sqrt(ppy)` with the zero-denominator rule. */
export function sharpeFromMoments(m: number, sd: number, ppy: number): number {
  return ratio(m, sd) * Math.sqrt(ppy);
}

export interface DownsideOptions extends PeriodOptions, NanOptions {
  /** Minimum acceptable return (MAR) per period: a constant or a row-aligned series; default 0. */
  requiredReturn?: Rate | Float64Array;
  /** Times `sqrt(ppy)` (default true); PA's per-period values use `false`. */
  annualize?: boolean;
}

/** `sqrt(mean(min(r - MAR, 0)^2))` over ALL n rows. */
function downsideOfRows(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    // Branch-free: 2·min(v, 0) is v - |v| exactly, and the sum of its squares 4 times Σmin(v, 0)².
    const m = v - Math.abs(v);
    if (m === m) s += m * m;
  }
  return Math.sqrt((s * 0.25) / d.length);
}

/** {@link downsideOfRows} of `r - MAR` (cached on a prepared series for a zero MAR). */
function downsideOf(
  returns: SeriesInput,
  requiredReturn: DownsideOptions['requiredReturn'],
  nanPolicy: NanOptions['nanPolicy'],
): { n: number; dd: number; d: ArrayLike<number> | null } {
  if ((requiredReturn === undefined || requiredReturn === 0) && returns instanceof PreparedSeries) {
    const n = figureOf(returns, 'rows', nanPolicy, (r) => r.length);
    return { n, dd: n === 0 ? NaN : figureOf(returns, 'downside', nanPolicy, downsideOfRows), d: null };
  }
  const d = excessRows(returns, requiredReturn, nanPolicy, 'returns', 'required_return');
  return { n: d.length, dd: d.length === 0 ? NaN : downsideOfRows(d), d };
}

/**
 * Downside deviation `sqrt(mean(min(r - MAR, 0)^2))`, the mean over all n rows (not only the
 * losing ones), times `sqrt(ppy)` when `annualize` (default). NaN for n = 0.
 */
export function downsideDeviation(returns: SeriesInput, options: DownsideOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const { n, dd } = downsideOf(returns, options.requiredReturn, options.nanPolicy);
  if (n === 0) return NaN;
  return options.annualize === false ? dd : dd * Math.sqrt(ppy);
}

/**
 * Sortino ratio `mean(r - MAR) / DD`, times `sqrt(ppy)` when `annualize` (default). +Infinity
 * when nothing is below the MAR (and the mean is positive); NaN when n < 2.
 */
export function sortinoRatio(returns: SeriesInput, options: DownsideOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const { n, dd, d } = downsideOf(returns, options.requiredReturn, options.nanPolicy);
  if (n < 2) return NaN;
  const mu = d === null ? momentsOf(returns, options.nanPolicy).mean : mean(d);
  const v = ratio(mu, dd);
  return options.annualize === false ? v : v * Math.sqrt(ppy);
}

export interface OmegaOptions extends PeriodOptions, NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: Rate | Float64Array;
  /** Threshold return, a constant; default 0. */
  requiredReturn?: number;
  /** `per_period` (default): threshold = requiredReturn; `annual`: `(1+R)^(1/ppy) - 1`, NaN if R <= -1. */
  requiredReturnBasis?: RequiredReturnBasis;
}

/**
 * Omega ratio (empyrical): `y = r - rf - thr`, `sum(y[y>0]) / -sum(y[y<0])`; NaN when no y < 0
 * or n < 2.
 */
export function omegaRatio(returns: SeriesInput, options: OmegaOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const basis = checkToken('requiredReturnBasis', options.requiredReturnBasis ?? 'per_period', ['per_period', 'annual']);
  const R = options.requiredReturn ?? 0;
  const x = excessRows(returns, options.riskFree, options.nanPolicy);
  if (x.length < 2) return NaN;
  let thr: number;
  if (basis === 'per_period') thr = R;
  else if (R <= -1) return NaN;
  else thr = Math.pow(1 + R, 1 / ppy) - 1;
  let up = 0;
  let down = 0;
  for (let i = 0; i < x.length; i++) {
    const y = x[i]! - thr;
    // Branch-free for finite y: y + |y| is 2·max(y, 0) exactly, y - |y| is 2·min(y, 0); the
    // factors 2 cancel in the ratio. NaN adds nothing; ±Infinity goes to its side.
    const a = Math.abs(y);
    if (a < Infinity) {
      up += y + a;
      down -= y - a;
    } else if (y > 0) up += y;
    else if (y < 0) down -= y;
  }
  return down > 0 ? up / down : NaN;
}

export interface InformationRatioOptions extends DdofOptions, NanOptions {}

/**
 * Information ratio (empyrical `excess_sharpe`): `a = r - b`, `mean(a)/std(a, ddof)`, per period
 * (not annualized). `benchmark` may be a constant per-period return.
 */
export function informationRatio(returns: SeriesInput, benchmark: RateInput, options: InformationRatioOptions = {}): number {
  const ddof = ddofOf(options.ddof);
  // a = r - b on the kept rows, never built.
  const p = pairRows(returns, benchmark, undefined, options.nanPolicy);
  if (p.x.length < 2) return NaN;
  const m = momentsOfDifference(p.x, p.y);
  return ratio(m.mean, stdOfMoments(m, ddof));
}
