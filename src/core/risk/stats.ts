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
  const m = compensatedMean(xs);
  if (m.constant) return xs[0]!;
  let c = 0;
  for (let i = 0; i < n; i++) c += xs[i]! - m.value;
  return m.value + c / n;
}

/** `sum(xs)/n` (Neumaier) and whether every value equals the first, in one pass (n > 0). */
function compensatedMean(xs: ArrayLike<number>): { value: number; constant: boolean } {
  const n = xs.length;
  const x0 = xs[0]!;
  let constant = true;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (x !== x0) constant = false;
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  return { value: (s + c) / n, constant };
}

/** Mean, centred sum of squares and constancy of one array (see {@link moments}). */
export interface Moments {
  n: number;
  /** As {@link mean}. */
  mean: number;
  /** `Σ(x - mean)²`: exactly 0 when all values are equal (NaN if that value is not finite); NaN for n = 0. */
  ssd: number;
  /** Every value equals the first (true for n <= 1). */
  constant: boolean;
}

/**
 * {@link mean} and {@link sumSquaredDeviations} in two passes instead of five: a compensated sum
 * (with the constancy check), then one pass for both the mean's correction and the corrected
 * two-pass sum of squares `Σd² - (Σd)²/n`, `d = x - sum/n`.
 */
export function moments(xs: ArrayLike<number>): Moments {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, ssd: NaN, constant: true };
  const m = compensatedMean(xs);
  if (m.constant) return { n, mean: xs[0]!, ssd: Number.isFinite(xs[0]!) ? 0 : NaN, constant: true };
  const m0 = m.value;
  let c = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m0;
    c += d;
    ss += d * d;
  }
  return { n, mean: m0 + c / n, ssd: Math.max(0, ss - (c * c) / n), constant: false };
}

/** {@link moments} of `xs - ys` (paired, equal length) without building the difference. */
export function momentsOfDifference(xs: ArrayLike<number>, ys: ArrayLike<number>): Moments {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, ssd: NaN, constant: true };
  const d0 = xs[0]! - ys[0]!;
  let constant = true;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]! - ys[i]!;
    if (x !== d0) constant = false;
    const t = s + x;
    if (Math.abs(s) >= Math.abs(x)) c += s - t + x;
    else c += x - t + s;
    s = t;
  }
  if (constant) return { n, mean: d0, ssd: Number.isFinite(d0) ? 0 : NaN, constant: true };
  const m0 = (s + c) / n;
  let cc = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - ys[i]! - m0;
    cc += d;
    ss += d * d;
  }
  return { n, mean: m0 + cc / n, ssd: Math.max(0, ss - (cc * cc) / n), constant: false };
}

/** Standard deviation with `ddof` from {@link moments}; NaN when n - ddof <= 0. */
export function stdOfMoments(m: Moments, ddof: number): number {
  return m.n - ddof <= 0 ? NaN : Math.sqrt(m.ssd / (m.n - ddof));
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

/** Result of {@link selectTail}. */
export interface TailSelection {
  /** The type-7 p-quantile, as `quantileSorted` of the sorted values. */
  quantile: number;
  /** k = min(n, ⌊(n-1)p⌋ + 1): the k smallest values are `a[0..k)` (in no particular order). */
  k: number;
}

/**
 * One selection for both VaR and CVaR: rearranges `a` IN PLACE so that `a[0..k)` are its k
 * smallest values (k = min(n, ⌊(n-1)p⌋ + 1), the `k_smallest` count) with `a[k-1]` the k-th
 * smallest, and returns the type-7 p-quantile (`s[lo] + frac·(s[lo+1] - s[lo])`, `lo = ⌊(n-1)p⌋`),
 * equal to `quantileSorted` of the sorted values. O(n) expected (quickselect, median-of-three
 * pivots; falls back to a sort of the remaining range if it stops shrinking). NaN-free input;
 * a zero quantile keeps the sign the sort would give it (-0 before +0).
 */
export function selectTail(a: Float64Array, p: number): TailSelection {
  const n = a.length;
  if (n === 0) return { quantile: NaN, k: 0 };
  const h = (n - 1) * p;
  const lo = Math.min(n - 1, Math.max(0, Math.floor(h)));
  const k = Math.min(n, lo + 1);
  // Only the first `c` values can hold s[lo] and s[lo+1] (all of a when there is no pre-filter).
  const c = prefilterLowTail(a, lo, p);
  selectInPlace(c === n ? a : a.subarray(0, c), lo);
  let s0 = a[lo]!;
  if (s0 === 0) s0 = signedZeroAt(a, lo);
  if (lo >= n - 1 || h < 0) return { quantile: s0, k };
  // s[lo+1] is the smallest value right of lo.
  let s1 = a[lo + 1]!;
  for (let i = lo + 2; i < c; i++) if (a[i]! < s1) s1 = a[i]!;
  if (s1 === 0) s1 = signedZeroAt(a, lo + 1);
  const frac = h - lo;
  return { quantile: frac === 0 || s0 === s1 ? s0 : s0 + frac * (s1 - s0), k };
}

/** Sample size of {@link prefilterLowTail}. */
const TAIL_SAMPLE = 64;

/**
 * For a low quantile of a long array (the VaR case: index `lo` near 5% of n), moves the values at
 * or below a threshold to the front of `a` and returns how many there are (`c`), so that the
 * selection runs on those few only: the threshold is a high-side order statistic of an evenly
 * strided sample (about 3 standard deviations above the expected rank), so that the `lo + 2`
 * smallest values are nearly always among them; when they are not (or for short arrays and
 * higher quantiles) it returns n, and the whole array is selected. Every value left of `c` is
 * <= every value right of it, so the k smallest of `a` are the k smallest of `a[0..c)`.
 */
function prefilterLowTail(a: Float64Array, lo: number, p: number): number {
  const n = a.length;
  if (n < 8 * TAIL_SAMPLE || !(p <= 0.25)) return n;
  const sample = new Float64Array(TAIL_SAMPLE);
  const stride = Math.floor(n / TAIL_SAMPLE);
  for (let j = 0; j < TAIL_SAMPLE; j++) sample[j] = a[j * stride]!;
  const q = (lo + 2) / n;
  const rank = Math.ceil(TAIL_SAMPLE * q + 3 * Math.sqrt(TAIL_SAMPLE * q * (1 - q)) + 1);
  if (rank >= TAIL_SAMPLE) return n;
  selectInPlace(sample, rank);
  const t = sample[rank]!;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v <= t) {
      a[i] = a[c]!;
      a[c++] = v;
    }
  }
  return c >= lo + 2 ? c : n;
}

/**
 * The zero a sort would put at index `i` (known to hold a zero): -0 sorts before +0, which the
 * selection's `<` does not tell apart. O(n), only for a zero quantile.
 */
function signedZeroAt(a: Float64Array, i: number): number {
  let below = 0;
  let negZeros = 0;
  for (let j = 0; j < a.length; j++) {
    const v = a[j]!;
    if (v < 0) below++;
    else if (v === 0 && Object.is(v, -0)) negZeros++;
  }
  return i < below + negZeros ? -0 : 0;
}

/**
 * Rearranges `a` so that `a[m]` is the value a sort would put there (up to the sign of a zero),
 * everything before it <= it and everything after >= it (Hoare-style quickselect, median-of-three
 * pivot; NaN-free input).
 */
export function selectInPlace(a: Float64Array, m: number): void {
  let left = 0;
  let right = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (right > left) {
    if (budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    // Median of three: a[left] <= a[mid] <= a[right] afterwards, pivot = a[mid].
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (pivot < a[j]!) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[left..j] <= pivot <= a[i..right], and a[j+1..i-1] == pivot.
    if (m <= j) right = j;
    else if (m >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
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
