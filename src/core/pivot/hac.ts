/**
 * Inference for the OLS fits of regression.ts that does not assume independent, equal-variance
 * errors: heteroskedasticity- and autocorrelation-consistent (HAC) standard errors (Newey & West
 * 1987), the normal distribution function for p-values, and Holm's adjustment when several
 * tests are shown together.
 *
 * Newey–West, with X the n×p design of the complete rows in order (a column of ones, then the k
 * factors; p = k + 1) and e the OLS residuals:
 *
 *   Ŝ = Σ_t e_t² x_t x_tᵀ + Σ_{l=1..L} w_l Σ_{t>l} e_t e_{t−l} (x_t x_{t−l}ᵀ + x_{t−l} x_tᵀ),
 *   w_l = 1 − l/(L + 1) (the Bartlett kernel),
 *   V = c (XᵀX)⁻¹ Ŝ (XᵀX)⁻¹,
 *
 * with the small-sample factor c = n/(n − p) (as Stata's `newey` and statsmodels'
 * `cov_type='HAC', use_correction=True`), or c = 1. With L = 0 it is White's
 * heteroskedasticity-robust estimator: HC0 with c = 1, HC1 with c = n/(n − p). The lag, unless
 * given, is Newey & West's (1994) rule of thumb L = floor(4 (n/100)^(2/9)): 3 for 28–99 rows, 4
 * for 100–272 (a year of sessions), 5 from 273, 6 from 621. Lags count complete rows: a row
 * dropped for a NaN makes its neighbours adjacent.
 */
import { ols, invertSpd, type OlsOptions, type OlsResult } from './regression';

/** Newey & West's (1994) rule-of-thumb lag for n rows: floor(4 (n/100)^(2/9)). */
export function neweyWestLag(n: number): number {
  return n > 0 ? Math.floor(4 * Math.pow(n / 100, 2 / 9)) : 0;
}

/**
 * The sandwich `c (XᵀX)⁻¹ Ŝ (XᵀX)⁻¹` of the module doc for design rows `x` (each of length p, in
 * time order) and residuals `e`, with a Bartlett kernel of `lags` lags; c = n/(n − p) when
 * `smallSample`. Null when XᵀX is singular or n <= p.
 */
export function neweyWestCov(x: readonly (readonly number[])[], e: readonly number[], lags: number, smallSample = true): number[][] | null {
  const n = x.length;
  const p = n > 0 ? x[0]!.length : 0;
  if (n <= p || p === 0 || e.length !== n) return null;
  const xtx = new Float64Array(p * p);
  const s = new Float64Array(p * p);
  for (let t = 0; t < n; t++) {
    const xt = x[t]!;
    const ee = e[t]! * e[t]!;
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) {
        xtx[a * p + b]! += xt[a]! * xt[b]!;
        s[a * p + b]! += ee * xt[a]! * xt[b]!;
      }
  }
  const L = Math.min(Math.max(0, Math.floor(lags)), n - 1);
  for (let l = 1; l <= L; l++) {
    const w = 1 - l / (L + 1);
    for (let t = l; t < n; t++) {
      const xt = x[t]!;
      const xl = x[t - l]!;
      const ee = w * e[t]! * e[t - l]!;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s[a * p + b]! += ee * (xt[a]! * xl[b]! + xl[a]! * xt[b]!);
    }
  }
  const inv = invertSpd(xtx, p, n);
  if (!inv) return null;
  const c = smallSample ? n / (n - p) : 1;
  // inv · s · inv (inv is symmetric).
  const tmp = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let v = 0;
      for (let m = 0; m < p; m++) v += inv[a * p + m]! * s[m * p + b]!;
      tmp[a * p + b] = v;
    }
  return Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => {
      let v = 0;
      for (let m = 0; m < p; m++) v += tmp[a * p + m]! * inv[m * p + b]!;
      return c * v;
    }),
  );
}

export interface HacOptions extends OlsOptions {
  /** Bartlett lags; default {@link neweyWestLag} of the rows used. */
  lags?: number;
  /** Multiply by n/(n − k − 1); default true. */
  smallSample?: boolean;
}

export interface HacResult {
  /** The plain OLS fit (classic standard errors in `se`). */
  fit: OlsResult;
  /** Lags used (NaN when the fit is degenerate). */
  lags: number;
  /** HAC covariance, (k+1)×(k+1): the intercept first, then the factors in order; NaN when degenerate. */
  cov: number[][];
  /** HAC standard errors of the slopes, in factor order. */
  se: number[];
  /** HAC standard error of the intercept. */
  alphaSe: number;
}

/** {@link ols} with Newey–West standard errors (module doc). */
export function olsHac(y: readonly number[], xs: readonly (readonly number[])[], options: HacOptions = {}): HacResult {
  const fit = ols(y, xs, options);
  const k = xs.length;
  const nanCov = () => Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(NaN));
  const degenerate: HacResult = { fit, lags: NaN, cov: nanCov(), se: new Array<number>(k).fill(NaN), alphaSe: NaN };
  if (Number.isNaN(fit.beta[0]!)) return degenerate;
  const rows: number[][] = [];
  const e: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!) || xs.some((x) => !Number.isFinite(x[i]!))) continue;
    const row = [1, ...xs.map((x) => x[i]!)];
    let r = y[i]! - fit.alpha;
    for (let j = 0; j < k; j++) r -= fit.beta[j]! * row[j + 1]!;
    rows.push(row);
    e.push(r);
  }
  const lags = options.lags ?? neweyWestLag(rows.length);
  const cov = neweyWestCov(rows, e, lags, options.smallSample ?? true);
  if (!cov) return degenerate;
  return { fit, lags, cov, se: Array.from({ length: k }, (_, j) => Math.sqrt(cov[j + 1]![j + 1]!)), alphaSe: Math.sqrt(cov[0]![0]!) };
}

const CDF_NUM = [3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376];
const CDF_DEN = [
  8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948, 440.413735824752,
];
/** c[0] a^(m-1) + … + c[m-1], by Horner's rule. */
const horner = (c: readonly number[], a: number) => c.reduce((acc, k) => acc * a + k, 0);

/**
 * The standard normal distribution function Φ(x): Hart's (1968) algorithm 5666 as given by G. West, "Better approximations to cumulative normal
 * functions" (Wilmott Magazine, 2005): a rational function for |x| < 7.07 (relative error about
 * 1e-14), a continued fraction beyond it (about 1e-8 relative), 0 below -37.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let c: number;
  if (a > 37) c = 0;
  else {
    const ex = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) c = (ex * horner(CDF_NUM, a)) / horner(CDF_DEN, a);
    else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      c = ex / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Two-sided p-value of a z statistic under the normal approximation: 2 Φ(-|z|); NaN when z is. */
export function twoSidedP(z: number): number {
  return Number.isNaN(z) ? NaN : 2 * normalCdf(-Math.abs(z));
}

/**
 * Holm's (1979) step-down adjustment of p-values for m simultaneous tests (m = the finite
 * p-values; NaN stays NaN): the i-th smallest p becomes max over j <= i of min(1, (m − j + 1) p_(j)).
 * It controls the family-wise error rate like Bonferroni, and is never larger than Bonferroni's m·p.
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const idx = ps.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p));
  idx.sort((a, b) => a[0] - b[0]);
  const m = idx.length;
  const out = ps.map(() => NaN);
  let running = 0;
  idx.forEach(([p, i], j) => {
    running = Math.max(running, Math.min(1, (m - j) * p));
    out[i] = running;
  });
  return out;
}
