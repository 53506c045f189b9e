/**
 * Risk-adjusted ratios (docs/RISK_CONVENTIONS.md, "Risk-adjusted ratios"): Sharpe, downside
 * deviation, Sortino, omega, information ratio. A zero denominator gives ±Infinity by the sign of the
 * numerator, NaN when that is 0 too; fewer than 2 rows give NaN.
 */
import { checkToken, ddofOf, ppyOf, prepare, subtract } from './prepare';
import { mean, ratio, std } from './stats';
import { cagrOfRows } from './returns';
import type { DdofOptions, NanOptions, PeriodOptions, Rate, RequiredReturnBasis, Series } from './types';

export interface SharpeOptions extends PeriodOptions, DdofOptions, NanOptions {
  /** Per-period risk-free return: a constant or a series row-aligned with the returns; default 0. */
  riskFree?: Rate;
  /** `false` (default): numerator `mean(x)*ppy`; `true`: `prod(1+x)^(ppy/n) - 1`. */
  geometric?: boolean;
}

/**
 * Annualized Sharpe ratio: `x = r - rf`, `mean(x)*ppy / (std(x, ddof)*sqrt(ppy))`, or with
 * `geometric` the compound excess return `prod(1+x)^(ppy/n) - 1` on top (over the same `std(x)`).
 */
export function sharpeRatio(returns: Series, options: SharpeOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'risk_free', rate: options.riskFree }], options.nanPolicy);
  if (p.n < 2) return NaN;
  const x = subtract(p.cols[0]!, p.rates[0]!);
  const sd = std(x, ddof);
  if (options.geometric) return ratio(cagrOfRows(x, ppy), sd * Math.sqrt(ppy));
  return sharpeFromMoments(mean(x), sd, ppy);
}

/** `mean/sd*sqrt(ppy)` with the zero-denominator rule. */
export function sharpeFromMoments(m: number, sd: number, ppy: number): number {
  return ratio(m, sd) * Math.sqrt(ppy);
}

export interface DownsideOptions extends PeriodOptions, NanOptions {
  /** Minimum acceptable return (MAR) per period: a constant or a row-aligned series; default 0. */
  requiredReturn?: Rate;
  /** Times `sqrt(ppy)` (default true); PA's per-period values use `false`. */
  annualize?: boolean;
}

/** `sqrt(mean(min(r - MAR, 0)^2))` over ALL n rows. */
function downsideOfRows(d: readonly number[]): number {
  let s = 0;
  for (const v of d) if (v < 0) s += v * v;
  return Math.sqrt(s / d.length);
}

/**
 * Downside deviation `sqrt(mean(min(r - MAR, 0)^2))`, the mean over all n rows (not only the
 * losing ones), times `sqrt(ppy)` when `annualize` (default). NaN for n = 0.
 */
export function downsideDeviation(returns: Series, options: DownsideOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'required_return', rate: options.requiredReturn }], options.nanPolicy);
  if (p.n === 0) return NaN;
  const dd = downsideOfRows(subtract(p.cols[0]!, p.rates[0]!));
  return options.annualize === false ? dd : dd * Math.sqrt(ppy);
}

/**
 * Sortino ratio `mean(r - MAR) / DD`, times `sqrt(ppy)` when `annualize` (default). +Infinity
 * when nothing is below the MAR (and the mean is positive); NaN when n < 2.
 */
export function sortinoRatio(returns: Series, options: DownsideOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'required_return', rate: options.requiredReturn }], options.nanPolicy);
  if (p.n < 2) return NaN;
  const d = subtract(p.cols[0]!, p.rates[0]!);
  const v = ratio(mean(d), downsideOfRows(d));
  return options.annualize === false ? v : v * Math.sqrt(ppy);
}

export interface OmegaOptions extends PeriodOptions, NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: Rate;
  /** Threshold return, a constant; default 0. */
  requiredReturn?: number;
  /** `per_period` (default): threshold = requiredReturn; `annual`: `(1+R)^(1/ppy) - 1`, NaN if R <= -1. */
  requiredReturnBasis?: RequiredReturnBasis;
}

/**
 * Omega ratio (empyrical): `y = r - rf - thr`, `sum(y[y>0]) / -sum(y[y<0])`; NaN when no y < 0
 * or n < 2.
 */
export function omegaRatio(returns: Series, options: OmegaOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const basis = checkToken('requiredReturnBasis', options.requiredReturnBasis ?? 'per_period', ['per_period', 'annual']);
  const R = options.requiredReturn ?? 0;
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'risk_free', rate: options.riskFree }], options.nanPolicy);
  if (p.n < 2) return NaN;
  let thr: number;
  if (basis === 'per_period') thr = R;
  else if (R <= -1) return NaN;
  else thr = Math.pow(1 + R, 1 / ppy) - 1;
  let up = 0;
  let down = 0;
  const r = p.cols[0]!;
  const rf = p.rates[0]!;
  for (let i = 0; i < p.n; i++) {
    const y = r[i]! - rf[i]! - thr;
    if (y > 0) up += y;
    else if (y < 0) down -= y;
  }
  return down > 0 ? up / down : NaN;
}

export interface InformationRatioOptions extends DdofOptions, NanOptions {}

/**
 * Information ratio (empyrical `excess_sharpe`): `a = r - b`, `mean(a)/std(a, ddof)`, per period
 * (not annualized). `benchmark` may be a constant per-period return.
 */
export function informationRatio(returns: Series, benchmark: Rate, options: InformationRatioOptions = {}): number {
  const ddof = ddofOf(options.ddof);
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'benchmark', rate: benchmark }], options.nanPolicy);
  if (p.n < 2) return NaN;
  const a = subtract(p.cols[0]!, p.rates[0]!);
  return ratio(mean(a), std(a, ddof));
}
