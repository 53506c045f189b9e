/**
 * Benchmark metrics (docs/RISK_CONVENTIONS.md, "Benchmark metrics"): OLS beta and alpha on
 * pairwise-complete rows, and Pearson correlation. Pair metrics expect both series on ONE
 * calendar already (align prices as of the equity sessions first, then take returns).
 */
import { pairRows, type PairRows, type RateInput, type SeriesInput } from './columns';
import { checkToken, ppyOf } from './prepare';
import { isConstant, mean, moments, sumCrossDeviations, sumSquaredDeviations } from './stats';
import type { AlphaAnnualization, BetaSubset, NanOptions, PeriodOptions } from './types';
import { MIN_BENCHMARK_VARIANCE } from './types';

export interface BetaOptions extends NanOptions {
  /**
   * Per-period risk-free return: a constant or a row-aligned series; default 0. With a series, the
   * regression is `r - rf` on `b - rf` (PA `CAPM.beta`).
   */
  riskFree?: RateInput;
  /** `all` (default), `benchmark_up` (rows with `b - rf > 0`), `benchmark_down` (`b - rf < 0`). */
  subset?: BetaSubset;
}

/** Moments of a pair's kept rows (x = r - rf, y = b - rf). */
interface PairStats {
  n: number;
  meanX: number;
  meanY: number;
  sxx: number;
  syy: number;
  sxy: number;
  constX: boolean;
  constY: boolean;
}

/**
 * Means, centred sums of squares and the cross sum of a pair: from the caches of prepared series
 * when both are complete and there is no risk-free rate (a benchmark prepared once then costs
 * nothing per symbol, and beta, alpha and correlation of the same pair share one cross pass).
 */
function pairStats(p: PairRows): PairStats {
  const mx = p.cacheable ? p.cacheable.x.moments('drop') : moments(p.x);
  const my = p.cacheable ? p.cacheable.y.moments('drop') : moments(p.y);
  const cross = () => sumCrossDeviations(p.x, p.y, mx.mean, my.mean);
  const sxy = p.x.length === 0 ? NaN : p.cacheable ? p.cacheable.x.crossDeviations(p.cacheable.y, cross) : cross();
  return { n: p.x.length, meanX: mx.mean, meanY: my.mean, sxx: mx.ssd, syy: my.ssd, sxy, constX: mx.constant, constY: my.constant };
}

/** OLS slope of x on y from pair moments; NaN when n < 2, y is constant or var(y) < 1e-30. */
function betaOfStats(m: PairStats): number {
  if (m.n < 2 || m.constY || !(m.syy / m.n >= MIN_BENCHMARK_VARIANCE)) return NaN;
  return m.sxy / m.syy;
}

/** Slope, intercept and means of the OLS regression of x on y; NaN slope when var(y) < 1e-30 or n < 2. */
export function olsOfRows(x: ArrayLike<number>, y: ArrayLike<number>): { beta: number; meanX: number; meanY: number } {
  const n = x.length;
  if (n < 2) return { beta: NaN, meanX: NaN, meanY: NaN };
  const mx = mean(x);
  const my = mean(y);
  const syy = sumSquaredDeviations(y, my);
  if (isConstant(y) || !(syy / n >= MIN_BENCHMARK_VARIANCE)) return { beta: NaN, meanX: mx, meanY: my };
  return { beta: sumCrossDeviations(x, y, mx, my) / syy, meanX: mx, meanY: my };
}

/**
 * Beta, the OLS slope `cov(x, y)/var(y)` with `x = r - rf`, `y = b - rf`, over the `subset` rows;
 * NaN when fewer than 2 rows or the (population) variance of y is below 1e-30.
 */
export function beta(returns: SeriesInput, benchmark: RateInput, options: BetaOptions = {}): number {
  const subset = checkToken('subset', options.subset ?? 'all', ['all', 'benchmark_up', 'benchmark_down']);
  const p = pairRows(returns, benchmark, options.riskFree, options.nanPolicy);
  if (subset === 'all') return betaOfStats(pairStats(p));
  const { x, y } = p;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (subset === 'benchmark_up' ? y[i]! > 0 : y[i]! < 0) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  }
  return olsOfRows(xs, ys).beta;
}

export interface AlphaOptions extends PeriodOptions, NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: RateInput;
  /** `compound` (default) `(1+a)^ppy - 1`, `intercept` the per-period `a`, `arithmetic` `a*ppy`. */
  annualization?: AlphaAnnualization;
}

/** Annualizes a per-period alpha. */
export function annualizeAlpha(a: number, ppy: number, annualization: AlphaAnnualization): number {
  if (annualization === 'compound') return Math.pow(1 + a, ppy) - 1;
  if (annualization === 'arithmetic') return a * ppy;
  return a;
}

/**
 * Jensen's alpha: the OLS intercept `a = mean(x) - beta*mean(y)` (`x = r - rf`, `y = b - rf`),
 * annualized per `annualization`. NaN when n < 2 or var(y) < 1e-30.
 */
export function alpha(returns: SeriesInput, benchmark: RateInput, options: AlphaOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const ann = checkToken('annualization', options.annualization ?? 'compound', ['compound', 'intercept', 'arithmetic']);
  const m = pairStats(pairRows(returns, benchmark, options.riskFree, options.nanPolicy));
  const b = betaOfStats(m);
  if (Number.isNaN(b)) return NaN;
  return annualizeAlpha(m.meanX - b * m.meanY, ppy, ann);
}

/** Pearson correlation on pairwise-complete rows; NaN when n < 2 or either series is constant. */
export function correlation(returns: SeriesInput, benchmark: RateInput, options: NanOptions = {}): number {
  const p = pairRows(returns, benchmark, undefined, options.nanPolicy);
  if (p.x.length < 2) return NaN;
  const m = pairStats(p);
  if (m.constX || m.constY || !(m.sxx > 0 && m.syy > 0)) return NaN;
  return m.sxy / Math.sqrt(m.sxx * m.syy);
}
