/**
 * Benchmark metrics (docs/RISK_CONVENTIONS.md, "Benchmark metrics"): OLS beta and alpha on
 * pairwise-complete rows, and Pearson correlation. Pair metrics expect both series on ONE
 * calendar already (align prices as of the equity sessions first, then take returns).
 */
import { checkToken, ppyOf, prepare, subtract } from './prepare';
import { isConstant, mean, sumCrossDeviations, sumSquaredDeviations } from './stats';
import type { AlphaAnnualization, BetaSubset, NanOptions, PeriodOptions, Rate, Series } from './types';
import { MIN_BENCHMARK_VARIANCE } from './types';

export interface BetaOptions extends NanOptions {
  /**
   * Per-period risk-free return: a constant or a row-aligned series; default 0. With a series, the
   * regression is `r - rf` on `b - rf` (PA `CAPM.beta`).
   */
  riskFree?: Rate;
  /** `all` (default), `benchmark_up` (rows with `b - rf > 0`), `benchmark_down` (`b - rf < 0`). */
  subset?: BetaSubset;
}

/** Excess returns x and y of the kept rows. */
function excess(returns: Series, benchmark: Rate, riskFree: Rate | undefined, nanPolicy: NanOptions['nanPolicy']): { x: number[]; y: number[] } {
  const p = prepare(
    [{ name: 'returns', values: returns }],
    [
      { name: 'benchmark', rate: benchmark },
      { name: 'risk_free', rate: riskFree },
    ],
    nanPolicy,
  );
  return { x: subtract(p.cols[0]!, p.rates[1]!), y: subtract(p.rates[0]!, p.rates[1]!) };
}

/** Slope, intercept and means of the OLS regression of x on y; NaN slope when var(y) < 1e-30 or n < 2. */
export function olsOfRows(x: readonly number[], y: readonly number[]): { beta: number; meanX: number; meanY: number } {
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
export function beta(returns: Series, benchmark: Rate, options: BetaOptions = {}): number {
  const subset = checkToken('subset', options.subset ?? 'all', ['all', 'benchmark_up', 'benchmark_down']);
  const { x, y } = excess(returns, benchmark, options.riskFree, options.nanPolicy);
  if (subset === 'all') return olsOfRows(x, y).beta;
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
  riskFree?: Rate;
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
export function alpha(returns: Series, benchmark: Rate, options: AlphaOptions = {}): number {
  const ppy = ppyOf(options.periodsPerYear);
  const ann = checkToken('annualization', options.annualization ?? 'compound', ['compound', 'intercept', 'arithmetic']);
  const { x, y } = excess(returns, benchmark, options.riskFree, options.nanPolicy);
  const o = olsOfRows(x, y);
  if (Number.isNaN(o.beta)) return NaN;
  return annualizeAlpha(o.meanX - o.beta * o.meanY, ppy, ann);
}

/** Pearson correlation on pairwise-complete rows; NaN when n < 2 or either series is constant. */
export function correlation(returns: Series, benchmark: Rate, options: NanOptions = {}): number {
  const p = prepare([{ name: 'returns', values: returns }], [{ name: 'benchmark', rate: benchmark }], options.nanPolicy);
  const x = p.cols[0]!;
  const y = p.rates[0]!;
  if (p.n < 2 || isConstant(x) || isConstant(y)) return NaN;
  const sxx = sumSquaredDeviations(x);
  const syy = sumSquaredDeviations(y);
  if (!(sxx > 0 && syy > 0)) return NaN;
  return sumCrossDeviations(x, y) / Math.sqrt(sxx * syy);
}
