/**
 * Numeric building blocks: compensated sums, mean, standard deviation, type-7 quantile and the
 * standard normal pdf and inverse CDF. All functions take plain numbers (no missing values);
 * the NaN policy is applied before them (see `prepare.ts`).
 */

/** Neumaier (improved Kahan) compensated sum. */
export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  return s + c;
}

/** True when every value equals the first (an empty or one-value array is constant). */
export function isConstant(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}

/** Arithmetic mean (refined by one correction pass); NaN for an empty array. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (isConstant(xs)) return xs[0]!;
  const m = sum(xs) / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += xs[i]! - m;
  return m + c / n;
}

/**
 * Sum of squared deviations from the mean, `Σ(x - mean)²`, by the corrected two-pass algorithm.
 * Exactly 0 when all values are equal.
 */
export function sumSquaredDeviations(xs: ArrayLike<number>, m: number = mean(xs)): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (isConstant(xs)) return Number.isFinite(xs[0]!) ? 0 : NaN;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, ss - (comp * comp) / n);
}

/** `Σ(x - mean x)(y - mean y)` over paired arrays of equal length. */
export function sumCrossDeviations(xs: ArrayLike<number>, ys: ArrayLike<number>, mx: number = mean(xs), my: number = mean(ys)): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    s += dx * dy;
    cx += dx;
    cy += dy;
  }
  return s - (cx * cy) / n;
}

/** Variance with `ddof` (n - ddof in the denominator); NaN when n - ddof <= 0. */
export function variance(xs: ArrayLike<number>, ddof = 1): number {
  const n = xs.length;
  if (n - ddof <= 0) return NaN;
  return sumSquaredDeviations(xs) / (n - ddof);
}

/** Standard deviation with `ddof` (default 1, the sample std); exactly 0 for a constant array. */
export function std(xs: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(xs, ddof));
}

/**
 * `num / den` where a zero denominator gives ±Infinity by the sign of the numerator, NaN when the
 * numerator is 0 (or NaN) too (docs/RISK_CONVENTIONS.md, "Case files").
 */
export function ratio(num: number, den: number): number {
  if (Number.isNaN(num) || Number.isNaN(den)) return NaN;
  if (den === 0) return num > 0 ? Infinity : num < 0 ? -Infinity : NaN;
  return num / den;
}

/**
 * Type-7 quantile (numpy `linear`, R `quantile(type=7)`) of an ASCENDING array:
 * `h = (n-1)p`, `s[⌊h⌋] + (h-⌊h⌋)(s[⌊h⌋+1] - s[⌊h⌋])`. NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1]!;
  if (lo < 0) return sorted[0]!;
  const frac = h - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  return frac === 0 || a === b ? a : a + frac * (b - a);
}

/** Type-7 quantile of an unsorted array (copies and sorts). */
export function quantile(xs: ArrayLike<number>, p: number): number {
  return quantileSorted(sortAscending(xs), p);
}

/** A sorted ascending copy. */
export function sortAscending(xs: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(xs as ArrayLike<number>);
  a.sort();
  return a;
}

const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density `phi(x)`. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

// Wichura AS241 (PPND16) coefficients, highest degree first, written as the nearest doubles of
// the published 20-digit constants (identical values; avoids no-loss-of-precision).
const AS241_A = [
  2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946, 1971.5909503065513, 133.14166789178438, 3.3871328727963665,
];
const AS241_B = [5226.495278852854, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751, 687.1870074920579, 42.31333070160091, 1];
const AS241_C = [
  0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045, 5.769497221460691, 4.630337846156546,
  1.4234371107496835,
];
const AS241_D = [
  1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851, 1.6763848301838038, 2.053191626637759, 1,
];
const AS241_E = [
  2.0103343992922881e-7, 2.7115555687434876e-5, 0.0012426609473880784, 0.026532189526576124, 0.29656057182850487, 1.7848265399172913, 5.463784911164114,
  6.657904643501103,
];
const AS241_F = [
  2.0442631033899397e-15, 1.421511758316446e-7, 1.8463183175100548e-5, 0.0007868691311456133, 0.014875361290850615, 0.1369298809227358, 0.599832206555888, 1,
];

/** Horner evaluation of a polynomial given highest degree first. */
function horner(c: readonly number[], x: number): number {
  let v = c[0]!;
  for (let i = 1; i < c.length; i++) v = v * x + c[i]!;
  return v;
}

/**
 * Standard normal inverse CDF `Phi^-1(p)`: Wichura's algorithm AS241 (PPND16), relative
 * accuracy about 1e-16. `p <= 0` gives -Infinity, `p >= 1` +Infinity, NaN stays NaN.
 */
export function normalInverseCdf(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q <= 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    x = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -x : x;
}
