/**
 * Multi-factor OLS with an intercept: `y = alpha + Σ beta_j x_j + e`, k = 1..4 factors, on the
 * pairwise-complete rows (a row where y or any x is NaN is dropped). Classic OLS inference:
 * `Var(coef) = s² (X'X)^-1` with `s² = RSS / (n - k - 1)`.
 *
 * Computed from CENTRED moments: with `Cxx` the k×k matrix of Σ(x_j - x̄_j)(x_l - x̄_l) and `cxy`
 * the vector Σ(x_j - x̄_j)(y - ȳ), the slopes solve `Cxx beta = cxy`; the slope block of
 * (X'X)^-1 is exactly `Cxx^-1`, and the intercept's variance is `s² (1/n + x̄' Cxx^-1 x̄)`.
 * Centring first keeps the normal equations well conditioned on daily returns (means near 0
 * but not 0).
 *
 * Degenerate inputs give NaN in every fitted field (n is still reported): n < k + 2 (no degree of
 * freedom left; for the two-factor model n < 4), a regressor with (population) variance below
 * 1e-30, or regressors collinear to within 1e-10 (the Gauss–Jordan pivot of a regressor, i.e. its
 * variance left unexplained by the earlier ones, is below 1e-10 of its own variance).
 * R² is NaN when y has no variance.
 *
 * Rolling version: a trailing, right-aligned window of `w` ROWS (a NaN row takes a slot and is
 * skipped inside the window), N - w + 1 results (none if w > N), like src/core/risk/rolling.ts.
 * It keeps O(1)-per-step running sums of the SHIFTED values `d = v - c` (Σd and Σd·d' over y and
 * the k factors: a (k+1)×(k+1) cross-product matrix): the entering row is added, the leaving row
 * removed. Every `w` windows the sums are rebuilt over the current window and re-centred on its
 * own means (O(w) every w steps: O(N) overall), and a window whose shifted sums would cancel more
 * than ~3 digits is re-centred on the spot, so rounding drift never builds up. Agrees with
 * {@link ols} on each window to ~1e-12 (test/unit/pivot-regression.test.ts).
 */
import { ppyOf, windowOf } from '../risk/prepare';
import { MIN_BENCHMARK_VARIANCE } from '../risk/types';

export const MAX_FACTORS = 4;
/** A regressor whose unexplained variance is below this fraction of its own is collinear. */
const COLLINEAR = 1e-10;
/** Re-centre when a raw shifted sum of squares exceeds this multiple of the centred one. */
const ILL_CONDITIONED = 1000;

export interface OlsOptions {
  /** Periods per year for the annualized residual volatility; default 252 (equity sessions). */
  periodsPerYear?: number;
}

/** One OLS fit. Per-period figures unless said otherwise; NaN when degenerate (see module doc). */
export interface OlsResult {
  /** Rows used (pairwise complete). */
  n: number;
  /** Number of factors. */
  k: number;
  /** Intercept per period. */
  alpha: number;
  alphaSe: number;
  alphaT: number;
  /** Slopes, one per factor, in the order given. */
  beta: number[];
  /** Classic OLS standard errors of the slopes. */
  se: number[];
  /** beta / se. */
  t: number[];
  r2: number;
  /** `1 - (1 - R²)(n - 1)/(n - k - 1)`. */
  adjR2: number;
  /** `s = sqrt(RSS/(n - k - 1))`, per period. */
  residualStd: number;
  /** `s * sqrt(periodsPerYear)`. */
  residualVol: number;
  /** Classic covariance matrix of the slopes, `s² Cxx⁻¹` (k×k, factor order); NaN when degenerate. */
  betaCov: number[][];
}

/** Rolling OLS, column-wise (chart-ready): each array has one value per full window. */
export interface RollingOlsResult {
  n: number[];
  alpha: number[];
  alphaSe: number[];
  /** `beta[j][i]`: factor j, window i. */
  beta: number[][];
  se: number[][];
  t: number[][];
  r2: number[];
  adjR2: number[];
  residualStd: number[];
  residualVol: number[];
}

/** Centred moments of the valid rows. `cxx` is k×k row-major. */
export interface Moments {
  n: number;
  meanY: number;
  meanX: ArrayLike<number>;
  cxx: ArrayLike<number>;
  cxy: ArrayLike<number>;
  syy: number;
}

function emptyResult(n: number, k: number): OlsResult {
  const nan = () => new Array<number>(k).fill(NaN);
  const betaCov = Array.from({ length: k }, nan);
  return { n, k, alpha: NaN, alphaSe: NaN, alphaT: NaN, beta: nan(), se: nan(), t: nan(), r2: NaN, adjR2: NaN, residualStd: NaN, residualVol: NaN, betaCov };
}

/**
 * Inverse of a symmetric positive (semi-)definite k×k matrix by Gauss–Jordan elimination in
 * order (no pivoting needed for SPD); null when a pivot shows collinearity or a zero variance.
 */
export function invertSpd(a: ArrayLike<number>, k: number, n: number): Float64Array | null {
  const m = Float64Array.from(a as ArrayLike<number>);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let p = 0; p < k; p++) {
    const diag = a[p * k + p]!;
    if (!(diag / n >= MIN_BENCHMARK_VARIANCE)) return null;
    const piv = m[p * k + p]!;
    if (!(piv > COLLINEAR * diag)) return null;
    for (let c = 0; c < k; c++) {
      m[p * k + c]! /= piv;
      inv[p * k + c]! /= piv;
    }
    for (let r = 0; r < k; r++) {
      if (r === p) continue;
      const f = m[r * k + p]!;
      if (f === 0) continue;
      for (let c = 0; c < k; c++) {
        m[r * k + c]! -= f * m[p * k + c]!;
        inv[r * k + c]! -= f * inv[p * k + c]!;
      }
    }
  }
  return inv;
}

/**
 * The OLS fit from centred moments. `rss` may be given (computed from the residuals directly,
 * more accurate); otherwise `syy - beta·cxy`.
 */
export function olsFromMoments(m: Moments, k: number, ppy: number, rss?: number): OlsResult {
  const { n } = m;
  if (n < k + 2) return emptyResult(n, k);
  const inv = invertSpd(m.cxx, k, n);
  if (!inv) return emptyResult(n, k);
  const beta = new Array<number>(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < k; l++) s += inv[j * k + l]! * m.cxy[l]!;
    beta[j] = s;
  }
  let fitted = 0;
  for (let j = 0; j < k; j++) fitted += beta[j]! * m.cxy[j]!;
  const r = Math.max(0, rss ?? m.syy - fitted);
  const dof = n - k - 1;
  const s2 = r / dof;
  const se = new Array<number>(k);
  const t = new Array<number>(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(s2 * inv[j * k + j]!);
    t[j] = beta[j]! / se[j]!;
  }
  let alpha = m.meanY;
  for (let j = 0; j < k; j++) alpha -= beta[j]! * m.meanX[j]!;
  let q = 0;
  for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) q += m.meanX[j]! * inv[j * k + l]! * m.meanX[l]!;
  const alphaSe = Math.sqrt(s2 * (1 / n + q));
  const r2 = m.syy / n >= MIN_BENCHMARK_VARIANCE ? 1 - r / m.syy : NaN;
  const residualStd = Math.sqrt(s2);
  const betaCov = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, l) => s2 * inv[j * k + l]!));
  return {
    n,
    k,
    alpha,
    alphaSe,
    alphaT: alpha / alphaSe,
    beta,
    se,
    t,
    r2,
    adjR2: 1 - ((1 - r2) * (n - 1)) / dof,
    residualStd,
    residualVol: residualStd * Math.sqrt(ppy),
    betaCov,
  };
}

function checkInputs(y: readonly number[], xs: readonly (readonly number[])[]): number {
  const k = xs.length;
  if (!(k >= 1 && k <= MAX_FACTORS)) throw new RangeError(`a regression takes 1 to ${MAX_FACTORS} factors, got ${k}`);
  for (let j = 0; j < k; j++) {
    if (xs[j]!.length !== y.length) throw new RangeError(`factor ${j + 1} has ${xs[j]!.length} rows but y has ${y.length}`);
  }
  return k;
}

function rowValid(y: readonly number[], xs: readonly (readonly number[])[], i: number): boolean {
  if (!Number.isFinite(y[i]!)) return false;
  for (const x of xs) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/**
 * OLS of `y` on the factors `xs` (each row-aligned with y) with an intercept, on the rows where
 * y and every factor are finite. Two-pass centred moments; RSS from the residuals.
 */
export function ols(y: readonly number[], xs: readonly (readonly number[])[], options: OlsOptions = {}): OlsResult {
  const k = checkInputs(y, xs);
  const ppy = ppyOf(options.periodsPerYear);
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (rowValid(y, xs, i)) rows.push(i);
  const n = rows.length;
  if (n < k + 2) return emptyResult(n, k);
  let my = 0;
  const mx = new Float64Array(k);
  for (const i of rows) {
    my += y[i]!;
    for (let j = 0; j < k; j++) mx[j]! += xs[j]![i]!;
  }
  my /= n;
  for (let j = 0; j < k; j++) mx[j]! /= n;
  const cxx = new Float64Array(k * k);
  const cxy = new Float64Array(k);
  let syy = 0;
  const d = new Float64Array(k);
  for (const i of rows) {
    const dy = y[i]! - my;
    syy += dy * dy;
    for (let j = 0; j < k; j++) d[j] = xs[j]![i]! - mx[j]!;
    for (let j = 0; j < k; j++) {
      cxy[j]! += d[j]! * dy;
      for (let l = j; l < k; l++) cxx[j * k + l]! += d[j]! * d[l]!;
    }
  }
  for (let j = 0; j < k; j++) for (let l = 0; l < j; l++) cxx[j * k + l] = cxx[l * k + j]!;
  const fit = olsFromMoments({ n, meanY: my, meanX: mx, cxx, cxy, syy }, k, ppy);
  if (Number.isNaN(fit.beta[0]!)) return fit;
  // RSS from the residuals (exact up to rounding, even when R² is close to 1).
  let rss = 0;
  for (const i of rows) {
    let e = y[i]! - my;
    for (let j = 0; j < k; j++) e -= fit.beta[j]! * (xs[j]![i]! - mx[j]!);
    rss += e * e;
  }
  return olsFromMoments({ n, meanY: my, meanX: mx, cxx, cxy, syy }, k, ppy, rss);
}

/**
 * Rolling {@link ols} over a trailing window of `window` rows: value i is `ols` on rows
 * i..i+window-1. O(N·k²) with running cross-product sums (see the module doc).
 */
export function rollingOls(y: readonly number[], xs: readonly (readonly number[])[], window: number, options: OlsOptions = {}): RollingOlsResult {
  const k = checkInputs(y, xs);
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const N = y.length;
  const out: RollingOlsResult = {
    n: [],
    alpha: [],
    alphaSe: [],
    beta: Array.from({ length: k }, () => []),
    se: Array.from({ length: k }, () => []),
    t: Array.from({ length: k }, () => []),
    r2: [],
    adjR2: [],
    residualStd: [],
    residualVol: [],
  };
  if (w > N) return out;

  // Variables: 0 = y, 1..k = factors. Column-major copies; valid flags.
  const p = k + 1;
  const v: Float64Array[] = [Float64Array.from(y), ...xs.map((x) => Float64Array.from(x))];
  const valid = new Uint8Array(N);
  for (let i = 0; i < N; i++) valid[i] = rowValid(y, xs, i) ? 1 : 0;

  const shift = new Float64Array(p);
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  let n = 0;
  const d = new Float64Array(p);

  const accumulate = (i: number, sign: 1 | -1) => {
    for (let a = 0; a < p; a++) d[a] = v[a]![i]! - shift[a]!;
    for (let a = 0; a < p; a++) {
      s1[a]! += sign * d[a]!;
      for (let b = a; b < p; b++) s2[a * p + b]! += sign * d[a]! * d[b]!;
    }
    n += sign;
  };
  const rebuild = (start: number, end: number) => {
    // Shift = the window's own means, then sums of the shifted values.
    shift.fill(0);
    let c = 0;
    for (let i = start; i < end; i++) {
      if (!valid[i]) continue;
      c++;
      for (let a = 0; a < p; a++) shift[a]! += v[a]![i]!;
    }
    if (c > 0) for (let a = 0; a < p; a++) shift[a]! /= c;
    s1.fill(0);
    s2.fill(0);
    n = 0;
    for (let i = start; i < end; i++) if (valid[i]) accumulate(i, 1);
  };

  const meanX = new Float64Array(k);
  const cxx = new Float64Array(k * k);
  const cxy = new Float64Array(k);
  let rebuildAt = 0;
  for (let end = 0; end < N; end++) {
    const start = end - w + 1;
    if (valid[end]) accumulate(end, 1);
    if (start > 0 && valid[start - 1]) accumulate(start - 1, -1);
    if (start < 0) continue;

    let again = start >= rebuildAt;
    if (!again && n >= 2) {
      for (let a = 0; a < p && !again; a++) {
        const raw = s2[a * p + a]!;
        const centred = raw - (s1[a]! * s1[a]!) / n;
        if (!(raw <= ILL_CONDITIONED * centred) && raw > n * MIN_BENCHMARK_VARIANCE) again = true;
      }
    }
    if (again) {
      rebuild(start, end + 1);
      rebuildAt = start + w;
    }

    let fit: OlsResult;
    if (n < k + 2) fit = emptyResult(n, k);
    else {
      const cov = (a: number, b: number) => (a <= b ? s2[a * p + b]! : s2[b * p + a]!) - (s1[a]! * s1[b]!) / n;
      for (let j = 0; j < k; j++) {
        meanX[j] = shift[j + 1]! + s1[j + 1]! / n;
        cxy[j] = cov(j + 1, 0);
        for (let l = 0; l < k; l++) cxx[j * k + l] = cov(j + 1, l + 1);
      }
      const syy = Math.max(0, cov(0, 0));
      for (let j = 0; j < k; j++) cxx[j * k + j] = Math.max(0, cxx[j * k + j]!);
      fit = olsFromMoments({ n, meanY: shift[0]! + s1[0]! / n, meanX, cxx, cxy, syy }, k, ppy);
    }
    out.n.push(fit.n);
    out.alpha.push(fit.alpha);
    out.alphaSe.push(fit.alphaSe);
    for (let j = 0; j < k; j++) {
      out.beta[j]!.push(fit.beta[j]!);
      out.se[j]!.push(fit.se[j]!);
      out.t[j]!.push(fit.t[j]!);
    }
    out.r2.push(fit.r2);
    out.adjR2.push(fit.adjR2);
    out.residualStd.push(fit.residualStd);
    out.residualVol.push(fit.residualVol);
  }
  return out;
}
