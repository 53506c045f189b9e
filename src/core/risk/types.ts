/**
 * Shared types and option objects of the risk engine (docs/RISK_CONVENTIONS.md).
 * Pure TypeScript: no VS Code, no Node-only APIs.
 */

/** A numeric series, one value per row; `NaN` marks a missing observation. */
export type Series = readonly number[];

/** A per-period rate: one constant for every row, or a series row-aligned with the returns. */
export type Rate = number | Series;

/** `drop` removes every row where a used series is missing; `fill_zero` makes a missing value 0 and keeps the row. */
export type NanPolicy = 'drop' | 'fill_zero';

/** `negative_fraction`: a loss is a negative return; `positive_magnitude`: the value negated, a loss is positive. */
export type Sign = 'negative_fraction' | 'positive_magnitude';

/** Degrees of freedom subtracted from n in a standard deviation. */
export type Ddof = 0 | 1;

/** Alpha annualization: `(1+a)^ppy - 1` (empyrical) / per-period intercept (PA) / `a*ppy` (quantstats). */
export type AlphaAnnualization = 'compound' | 'intercept' | 'arithmetic';

/** Rows a beta regression uses: all, benchmark excess `y > 0` (bull), or `y < 0` (bear). */
export type BetaSubset = 'all' | 'benchmark_up' | 'benchmark_down';

/** CVaR rule, see {@link CvarOptions}. */
export type TailRule = 'k_smallest' | 'strictly_below_quantile' | 'below_gaussian_var';

/** Years as `n/ppy` or as calendar days/365.25 between the first and the last date. */
export type YearBasis = 'periods' | 'calendar_days';

/** Basis of omega's `requiredReturn`. */
export type RequiredReturnBasis = 'per_period' | 'annual';

export interface NanOptions {
  /** Missing-value policy; default `drop`. */
  nanPolicy?: NanPolicy;
}

export interface PeriodOptions {
  /** Periods per year; default 252 (365 for 7-day assets, 52 weekly, 12 monthly). */
  periodsPerYear?: number;
}

export interface DdofOptions {
  /** Standard deviation divides by n - ddof; default 1. */
  ddof?: Ddof;
}

export interface SignOptions {
  /** Sign convention of the result; default `negative_fraction`. */
  sign?: Sign;
}

export interface TailOptions {
  /** α, the lower-tail probability (1 - confidence), in (0, 1); default 0.05. */
  tailProbability?: number;
}

export const DEFAULT_PERIODS_PER_YEAR = 252;
export const DEFAULT_TAIL_PROBABILITY = 0.05;
/** Below this (population) benchmark variance, beta and alpha are NaN (empyrical). */
export const MIN_BENCHMARK_VARIANCE = 1e-30;
