/**
 * Rolling metrics (docs/RISK_CONVENTIONS.md, "Benchmark metrics" and "Case files"): a trailing,
 * right-aligned window of `w` ROWS; over N rows the result has the N-w+1 full windows (none if
 * w > N). A missing row takes a slot: under `drop` it contributes nothing to its windows, under
 * `fill_zero` it is a 0. Value i is the base metric on rows i..i+w-1 with the same options.
 *
 * Numerical approach (volatility, Sharpe, beta, alpha, correlation): O(N) running sums of the
 * SHIFTED values `dx = x - kx`, `dy = y - ky` (Σdx, Σdy, Σdx², Σdy², Σdx·dy and the count of
 * valid rows): the entering row is added and the leaving row removed. Every `w` windows the sums
 * are rebuilt from scratch over the current window and re-centred on that window's own means
 * (an O(w) pass every w steps: O(N) in total), so rounding drift never accumulates over more than
 * 2w updates and the shift stays close to the data. Centred moments then follow as
 * `Σ(x-x̄)² = Σdx² - (Σdx)²/n` with `Σdx` small; on 10 years of real daily returns this agrees
 * with the two-pass per-window formula to ~1e-12 relative or better (see risk-rolling.test.ts).
 * A window whose valid values are all equal is detected exactly in O(1) per step (the last row
 * where the value changed vs. the window's first valid row), so a constant window has exactly
 * zero variance (and the Infinity/NaN rules apply) instead of a rounding residue. A window whose
 * shifted sums would cancel more than ~3 digits (the shift far from its mean relative to its
 * spread, e.g. after a jump) is re-centred on the spot.
 *
 * One kernel computes every moment metric (no per-window callback) into an output allocated once;
 * inputs are read in place when nothing is missing (no copy), a benchmark may be passed prepared
 * once for many symbols (`prepareBenchmark`), and under `drop` a missing row is only flagged in a
 * validity mask (the values are not copied).
 *
 * Rolling max drawdown compounds each window afresh (wealth restarting at 1.0): O(N·w).
 */
import { annualizeAlpha } from './benchmark';
import {
  checkColumnLengths,
  columnOf,
  compactRows,
  isConstantRate,
  minus,
  minusConstant,
  PreparedSeries,
  type Column,
  type RateInput,
  type SeriesInput,
} from './columns';
import { maxDrawdownOfRows } from './drawdown';
import { applySign, checkNanPolicy, checkToken, ddofOf, ppyOf, signOf, windowOf } from './prepare';
import { sharpeFromMoments } from './ratios';
import type { AlphaAnnualization, DdofOptions, NanOptions, NanPolicy, PeriodOptions, SignOptions } from './types';
import { MIN_BENCHMARK_VARIANCE } from './types';

/**
 * A window is re-centred when its raw shifted sum of squares exceeds this multiple of the centred
 * one (the cancellation would cost more than ~3 of the 16 digits).
 */
const ILL_CONDITIONED = 1000;

/** What the pair kernel computes per window. */
const BETA = 2;
const ALPHA = 3;
const CORRELATION = 4;

/**
 * Sums over rows [start, end) of the valid values, re-centred on their own means:
 * writes `[kx, ky, n, Σdx, Σdy, Σdx², Σdy², Σdx·dy]` into `st`. With finite shifts `knownX`
 * (and `knownY`), the window's means as the running sums estimate them, the first pass (the
 * means) is skipped: the sums are rebuilt around those shifts (Σdx is then tiny, not 0, and the
 * centred moments `Σdx² - (Σdx)²/n` stay exact to rounding).
 */
function centredSums(
  x: Float64Array,
  y: Float64Array | null,
  valid: Uint8Array | null,
  start: number,
  end: number,
  st: Float64Array,
  knownX = NaN,
  knownY = NaN,
): void {
  let n = 0;
  let kx = knownX;
  let ky = y ? knownY : 0;
  if (!(Number.isFinite(kx) && Number.isFinite(ky))) {
    let ax = 0;
    let ay = 0;
    for (let i = start; i < end; i++) {
      if (valid !== null && !valid[i]) continue;
      n++;
      ax += x[i]!;
      if (y) ay += y[i]!;
    }
    kx = n > 0 ? ax / n : 0;
    ky = n > 0 && y ? ay / n : 0;
  } else {
    for (let i = start; i < end; i++) if (valid === null || valid[i]) n++;
  }
  let s1x = 0;
  let s1y = 0;
  let s2x = 0;
  let s2y = 0;
  let sxy = 0;
  for (let i = start; i < end; i++) {
    if (valid !== null && !valid[i]) continue;
    const dx = x[i]! - kx;
    s1x += dx;
    s2x += dx * dx;
    if (y) {
      const dy = y[i]! - ky;
      s1y += dy;
      s2y += dy * dy;
      sxy += dx * dy;
    }
  }
  st[0] = kx;
  st[1] = ky;
  st[2] = n;
  st[3] = s1x;
  st[4] = s1y;
  st[5] = s2x;
  st[6] = s2y;
  st[7] = sxy;
}

/** `next[i]` = the first valid row index >= i, or N if none. */
function nextValidIndex(valid: Uint8Array): Int32Array {
  const N = valid.length;
  const next = new Int32Array(N + 1);
  next[N] = N;
  for (let i = N - 1; i >= 0; i--) next[i] = valid[i] ? i : next[i + 1]!;
  return next;
}

/**
 * Volatility (`outVol`) and/or Sharpe ratio (`outSharpe`) of each full trailing window of `w` rows
 * over `x`, using only the rows where `valid` is 1 (every row when `valid` is null), written into
 * outputs of N-w+1 values allocated once by the caller (null: not wanted). The single-series twin
 * of {@link rollPair} (same sums, same rebuild rule).
 *
 * With `valid` null the input is read optimistically, as given: on the first missing value
 * (NaN) it stops and returns false (the caller then builds the mask), so
 * complete input costs no separate missing-value pass. Returns true when done.
 */
function rollSingle(
  x: Float64Array,
  valid: Uint8Array | null,
  w: number,
  outVol: Float64Array | null,
  outSharpe: Float64Array | null,
  ddof: number,
  ppy: number,
): boolean {
  const N = x.length;
  if (w > N) return true;
  const next = valid === null ? null : nextValidIndex(valid);
  const st = new Float64Array(8);
  const sqPpy = Math.sqrt(ppy);
  let kx = 0;
  let n = 0;
  let s1x = 0;
  let s2x = 0;
  let rebuildAt = 0;
  let prevValid = -1;
  let lastChangeX = -1;
  let lastN = -1;
  let inv = NaN;
  let invDen = NaN;

  for (let end = 0; end < N; end++) {
    const start = end - w + 1;
    if (valid === null || valid[end]) {
      const xe = x[end]!;
      if (valid === null && xe !== xe) return false;
      if (prevValid >= 0 && xe !== x[prevValid]) lastChangeX = end;
      prevValid = end;
      const dx = xe - kx;
      n++;
      s1x += dx;
      s2x += dx * dx;
    }
    if (start > 0 && (valid === null || valid[start - 1])) {
      const dx = x[start - 1]! - kx;
      n--;
      s1x -= dx;
      s2x -= dx * dx;
    }
    if (start < 0) continue;

    const first = next === null ? start : next[start]!;
    const constX = n > 0 && lastChangeX <= first;
    if (n !== lastN) {
      // The reciprocals change only with the count of valid rows (never without missing rows).
      lastN = n;
      inv = 1 / n;
      invDen = 1 / (n - ddof);
    }
    let cx = s2x - s1x * s1x * inv;
    const ill = n >= 2 && !constX && !(s2x <= ILL_CONDITIONED * cx);
    if (ill || start >= rebuildAt) {
      // Periodic: around the running estimate of the window's mean (one pass); ill-conditioned: two passes.
      centredSums(x, null, valid, start, end + 1, st, ill || n === 0 ? NaN : kx + s1x * inv);
      kx = st[0]!;
      s1x = st[3]!;
      s2x = st[5]!;
      rebuildAt = start + w;
      cx = s2x - s1x * s1x * inv;
    }
    if (n >= 2) {
      const sd = Math.sqrt((constX ? 0 : Math.max(0, cx)) * invDen);
      if (outVol !== null) outVol[start] = sd * sqPpy;
      if (outSharpe !== null) {
        const m = constX ? x[first]! : kx + s1x * inv;
        outSharpe[start] = sd > 0 ? (m / sd) * sqPpy : sharpeFromMoments(m, sd, ppy);
      }
    } else {
      if (outVol !== null) outVol[start] = NaN;
      if (outSharpe !== null) outSharpe[start] = NaN;
    }
  }
  return true;
}

/**
 * {@link rollSingle} for complete input (`valid` null), read optimistically: every window holds w
 * rows, so the reciprocals are constants, the first row of a window is its start and the
 * periodic rebuild needs no mask; the same sums, rebuild rule and results. Returns false on the
 * first NaN.
 */
function rollSingleComplete(x: Float64Array, w: number, outVol: Float64Array | null, outSharpe: Float64Array | null, ddof: number, ppy: number): boolean {
  const N = x.length;
  if (w > N) return true;
  const st = new Float64Array(8);
  const sqPpy = Math.sqrt(ppy);
  const inv = 1 / w;
  const invDen = 1 / (w - ddof);
  let s1x = 0;
  let s2x = 0;
  let lastChangeX = -1;
  for (let end = 0; end < w - 1; end++) {
    const xe = x[end]!;
    if (xe !== xe) return false;
    if (end > 0 && xe !== x[end - 1]) lastChangeX = end;
    s1x += xe;
    s2x += xe * xe;
  }
  let kx = 0;
  let rebuildAt = 0;
  for (let end = w - 1; end < N; end++) {
    const start = end - w + 1;
    const xe = x[end]!;
    if (xe !== xe) return false;
    if (end > 0 && xe !== x[end - 1]) lastChangeX = end;
    const dx = xe - kx;
    s1x += dx;
    s2x += dx * dx;
    if (start > 0) {
      const dl = x[start - 1]! - kx;
      s1x -= dl;
      s2x -= dl * dl;
    }
    const constX = lastChangeX <= start;
    let cx = s2x - s1x * s1x * inv;
    const ill = w >= 2 && !constX && !(s2x <= ILL_CONDITIONED * cx);
    if (ill || start >= rebuildAt) {
      centredSums(x, null, null, start, end + 1, st, ill ? NaN : kx + s1x * inv);
      kx = st[0]!;
      s1x = st[3]!;
      s2x = st[5]!;
      rebuildAt = start + w;
      cx = s2x - s1x * s1x * inv;
    }
    if (w >= 2) {
      const sd = Math.sqrt((constX ? 0 : Math.max(0, cx)) * invDen);
      if (outVol !== null) outVol[start] = sd * sqPpy;
      if (outSharpe !== null) {
        const m = constX ? x[start]! : kx + s1x * inv;
        outSharpe[start] = sd > 0 ? (m / sd) * sqPpy : sharpeFromMoments(m, sd, ppy);
      }
    } else {
      if (outVol !== null) outVol[start] = NaN;
      if (outSharpe !== null) outSharpe[start] = NaN;
    }
  }
  return true;
}

/** A validity mask with every row valid. */
function allRows(N: number): Uint8Array {
  return new Uint8Array(N).fill(1);
}

/** The kernels' output of N-w+1 values for a rolling metric (none if w > N). */
function rollingOutput(N: number, w: number): Float64Array {
  return new Float64Array(w > N ? 0 : N - w + 1);
}

/** A kernel's output as the plain array the public functions return. */
function toArray(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}

/**
 * The pair metric `kind` (beta, alpha or correlation) of each full trailing window of `w` rows over
 * `x` and `y`, using only the rows where `valid` is 1 (every row when `valid` is null); N-w+1
 * values in an output allocated once by the caller; with `valid` null, optimistic as
 * {@link rollSingle} (false on the first missing value).
 *
 * Constant windows: `lastChangeX` is the latest valid row whose x differs from the previous valid
 * row's x; the window's valid x are all equal iff that row is not after the window's first valid
 * row (O(1) per step).
 */
function rollPair(
  x: Float64Array,
  y: Float64Array,
  valid: Uint8Array | null,
  w: number,
  kind: typeof BETA | typeof ALPHA | typeof CORRELATION,
  ppy: number,
  ann: AlphaAnnualization,
  out: Float64Array,
): boolean {
  const N = x.length;
  if (w > N) return true;
  const next = valid === null ? null : nextValidIndex(valid);
  const st = new Float64Array(8);
  let kx = 0;
  let ky = 0;
  let n = 0;
  let s1x = 0;
  let s1y = 0;
  let s2x = 0;
  let s2y = 0;
  let sxy = 0;
  let rebuildAt = 0;
  let prevValid = -1;
  let lastChangeX = -1;
  let lastChangeY = -1;

  for (let end = 0; end < N; end++) {
    const start = end - w + 1;
    // Entering row.
    if (valid === null || valid[end]) {
      const xe = x[end]!;
      const ye = y[end]!;
      if (valid === null && (xe !== xe || ye !== ye)) return false;
      if (prevValid >= 0) {
        if (xe !== x[prevValid]) lastChangeX = end;
        if (ye !== y[prevValid]) lastChangeY = end;
      }
      prevValid = end;
      const dx = xe - kx;
      const dy = ye - ky;
      n++;
      s1x += dx;
      s2x += dx * dx;
      s1y += dy;
      s2y += dy * dy;
      sxy += dx * dy;
    }
    // Leaving row.
    if (start > 0 && (valid === null || valid[start - 1])) {
      const i = start - 1;
      const dx = x[i]! - kx;
      const dy = y[i]! - ky;
      n--;
      s1x -= dx;
      s2x -= dx * dx;
      s1y -= dy;
      s2y -= dy * dy;
      sxy -= dx * dy;
    }
    if (start < 0) continue;

    // Periodic rebuild (every w windows), or when the shifted sums are ill-conditioned: the shift
    // far from this window's mean compared with its spread, the subtraction would cancel most
    // digits. Re-centre on this window (O(w), rare).
    const first = next === null ? start : next[start]!;
    const constX = n > 0 && lastChangeX <= first;
    const constY = n > 0 && lastChangeY <= first;
    let inv = 1 / n;
    let cx = s2x - s1x * s1x * inv;
    let cy = s2y - s1y * s1y * inv;
    const ill = n >= 2 && ((!constX && !(s2x <= ILL_CONDITIONED * cx)) || (!constY && !(s2y <= ILL_CONDITIONED * cy)));
    if (ill || start >= rebuildAt) {
      // Periodic: around the running estimates of the window's means (one pass); ill-conditioned: two passes.
      const known = !ill && n > 0;
      centredSums(x, y, valid, start, end + 1, st, known ? kx + s1x * inv : NaN, known ? ky + s1y * inv : NaN);
      kx = st[0]!;
      ky = st[1]!;
      n = st[2]!;
      s1x = st[3]!;
      s1y = st[4]!;
      s2x = st[5]!;
      s2y = st[6]!;
      sxy = st[7]!;
      rebuildAt = start + w;
      inv = 1 / n;
      cx = s2x - s1x * s1x * inv;
      cy = s2y - s1y * s1y * inv;
    }

    let v = NaN;
    if (n >= 2) {
      const sxx = constX ? 0 : Math.max(0, cx);
      const syy = constY ? 0 : Math.max(0, cy);
      const cxy = constX || constY ? 0 : sxy - s1x * s1y * inv;
      if (kind === CORRELATION) {
        if (!constX && !constY && sxx > 0 && syy > 0) v = cxy / Math.sqrt(sxx * syy);
      } else if (!constY && syy * inv >= MIN_BENCHMARK_VARIANCE) {
        const b = cxy / syy;
        if (kind === BETA) v = b;
        else v = annualizeAlpha((constX ? x[first]! : kx + s1x * inv) - b * (ky + s1y * inv), ppy, ann);
      }
    }
    out[start] = v;
  }
  return true;
}

/**
 * Row inputs of a rolling metric, without copies where possible: each column's values as given
 * (under `drop` a missing row is only flagged in `valid`; under `fill_zero` a column with missing
 * values is copied with zeros), `valid` null when every row counts.
 */
function rollingInputs(cols: readonly Column[], nanPolicy: NanPolicy = 'drop'): { arrays: Float64Array[]; valid: Uint8Array | null } {
  checkNanPolicy(nanPolicy);
  checkColumnLengths(cols);
  let anyMissing = false;
  for (const c of cols) if (c.missing > 0) anyMissing = true;
  if (!anyMissing) return { arrays: cols.map((c) => c.values), valid: null };
  if (nanPolicy === 'fill_zero') return { arrays: cols.map((c) => (c.missing === 0 ? c.values : compactRows(c.values, c.missing, 'fill_zero'))), valid: null };
  const N = cols[0]!.values.length;
  const valid = new Uint8Array(N).fill(1);
  for (const c of cols) {
    if (c.missing === 0) continue;
    const v = c.values;
    for (let i = 0; i < N; i++) {
      const e = v[i];
      if (e !== e || e == null) valid[i] = 0;
    }
  }
  return { arrays: cols.map((c) => c.values), valid };
}

/** `a - rate` for a constant or row-aligned rate (no copy for 0). */
function minusRate(a: Float64Array, rate: RateInput, rateRows: Float64Array | null): Float64Array {
  if (rateRows) return minus(a, rateRows);
  if (rate === undefined || rate === 0) return a;
  return minusConstant(a, rate as number);
}

const isZeroRate = (r: RateInput): boolean => r === undefined || r === 0;

/**
 * The Float64Array of a series argument to read optimistically (as it is, no missing-value pass
 * first), or null for a plain array (copied into one by {@link columnOf} instead).
 */
function typedValues(v: RateInput): Float64Array | null {
  if (v instanceof PreparedSeries) return v.values;
  return v instanceof Float64Array ? v : null;
}

/**
 * Runs the single-series kernel on x = r - rf: first optimistically on the values as given (no
 * risk-free rate: no copy, no separate missing-value pass), else on the inputs the NaN policy
 * makes (mask under `drop`, zeros under `fill_zero`).
 */
function runSingle(
  returns: SeriesInput,
  riskFree: RateInput,
  nanPolicy: NanPolicy | undefined,
  w: number,
  outVol: Float64Array | null,
  outSharpe: Float64Array | null,
  ddof: number,
  ppy: number,
): void {
  checkNanPolicy(nanPolicy ?? 'drop');
  const x = typedValues(returns);
  if (x && isZeroRate(riskFree) && rollSingleComplete(x, w, outVol, outSharpe, ddof, ppy)) return;
  const cols = [columnOf(returns, 'returns')];
  if (!isConstantRate(riskFree)) cols.push(columnOf(riskFree, 'risk_free'));
  const { arrays, valid } = rollingInputs(cols, nanPolicy);
  const x2 = minusRate(arrays[0]!, riskFree, arrays[1] ?? null);
  // Every row counts here; a NaN can still come from the rate (a NaN constant): then every row
  // is flagged valid and the NaN propagates, as a value of the data does.
  if (valid === null && rollSingleComplete(x2, w, outVol, outSharpe, ddof, ppy)) return;
  rollSingle(x2, valid ?? allRows(x2.length), w, outVol, outSharpe, ddof, ppy);
}

/** Rows of a single-series rolling metric under the NaN policy (the rolling max drawdown). */
function singleInputs(returns: SeriesInput, nanPolicy: NanPolicy | undefined) {
  const { arrays, valid } = rollingInputs([columnOf(returns, 'returns')], nanPolicy);
  return { x: arrays[0]!, valid };
}

/** Length of a series argument, checked against the rate's (a RangeError as `checkSameLength`). */
function lengthOf(returns: SeriesInput, others: ReadonlyArray<[string, RateInput]>): number {
  const n = returns.length;
  for (const [name, r] of others) {
    if (!isConstantRate(r) && r.length !== n) throw new RangeError(`returns has ${n} values but ${name} has ${r.length}`);
  }
  return n;
}

/** Rolling annualized volatility `std(r, ddof)*sqrt(ppy)` per window (empyrical `roll_annual_volatility`). */
export function rollingVolatility(returns: SeriesInput, window: number, options: PeriodOptions & DdofOptions & NanOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const out = rollingOutput(returns.length, w);
  runSingle(returns, undefined, options.nanPolicy, w, out, null, ddof, ppy);
  return toArray(out);
}

export interface RollingSharpeOptions extends PeriodOptions, DdofOptions, NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: RateInput;
}

/** Rolling (arithmetic) Sharpe ratio per window, see `sharpeRatio`. */
export function rollingSharpeRatio(returns: SeriesInput, window: number, options: RollingSharpeOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const out = rollingOutput(returns.length, w);
  runSingle(returns, options.riskFree, options.nanPolicy, w, null, out, ddof, ppy);
  return toArray(out);
}

/**
 * {@link rollingVolatility} and {@link rollingSharpeRatio} (no risk-free rate) of the same returns
 * from one pass over the shared window moments: the same values as the two calls, as
 * Float64Arrays (no conversion to plain arrays).
 */
export function rollingVolatilityAndSharpe(
  returns: SeriesInput,
  window: number,
  options: PeriodOptions & DdofOptions & NanOptions = {},
): { volatility: Float64Array; sharpe: Float64Array } {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const volatility = rollingOutput(returns.length, w);
  const sharpe = rollingOutput(returns.length, w);
  runSingle(returns, undefined, options.nanPolicy, w, volatility, sharpe, ddof, ppy);
  return { volatility, sharpe };
}

export interface RollingBenchmarkOptions extends NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: RateInput;
}

/**
 * Runs the pair kernel on x = r - rf, y = b - rf: first optimistically on the values as given
 * (a benchmark series and no risk-free rate), else on the inputs the NaN policy makes.
 */
function runPair(
  returns: SeriesInput,
  benchmark: RateInput,
  riskFree: RateInput,
  nanPolicy: NanPolicy | undefined,
  w: number,
  kind: typeof BETA | typeof ALPHA | typeof CORRELATION,
  ppy: number,
  ann: AlphaAnnualization,
): number[] {
  checkNanPolicy(nanPolicy ?? 'drop');
  const out = rollingOutput(
    lengthOf(returns, [
      ['benchmark', benchmark],
      ['risk_free', riskFree],
    ]),
    w,
  );
  const x = typedValues(returns);
  const y = typedValues(benchmark);
  if (x && y && isZeroRate(riskFree) && rollPair(x, y, null, w, kind, ppy, ann, out)) return toArray(out);
  const cols = [columnOf(returns, 'returns')];
  const bSeries = !isConstantRate(benchmark);
  if (bSeries) cols.push(columnOf(benchmark, 'benchmark'));
  const rfSeries = !isConstantRate(riskFree);
  if (rfSeries) cols.push(columnOf(riskFree, 'risk_free'));
  const { arrays, valid } = rollingInputs(cols, nanPolicy);
  const rfRows = rfSeries ? arrays[arrays.length - 1]! : null;
  const N = arrays[0]!.length;
  const b = bSeries ? arrays[1]! : new Float64Array(N).fill((benchmark as number | undefined) ?? 0);
  const x2 = minusRate(arrays[0]!, riskFree, rfRows);
  const y2 = minusRate(b, riskFree, rfRows);
  // As in runSingle: a NaN from a constant rate propagates (every row valid).
  if (!(valid === null && rollPair(x2, y2, null, w, kind, ppy, ann, out))) rollPair(x2, y2, valid ?? allRows(N), w, kind, ppy, ann, out);
  return toArray(out);
}

/** Rolling beta (OLS slope of `r - rf` on `b - rf`) per window (empyrical `roll_beta`). */
export function rollingBeta(returns: SeriesInput, benchmark: RateInput, window: number, options: RollingBenchmarkOptions = {}): number[] {
  const w = windowOf(window);
  return runPair(returns, benchmark, options.riskFree, options.nanPolicy, w, BETA, 1, 'compound');
}

export interface RollingAlphaOptions extends RollingBenchmarkOptions, PeriodOptions {
  /** `compound` (default), `intercept` or `arithmetic`, see `alpha`. */
  annualization?: AlphaAnnualization;
}

/** Rolling alpha per window, see `alpha`. */
export function rollingAlpha(returns: SeriesInput, benchmark: RateInput, window: number, options: RollingAlphaOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ann = checkToken('annualization', options.annualization ?? 'compound', ['compound', 'intercept', 'arithmetic']);
  return runPair(returns, benchmark, options.riskFree, options.nanPolicy, w, ALPHA, ppy, ann);
}

/** Rolling Pearson correlation per window; NaN where either side is constant or n < 2. */
export function rollingCorrelation(returns: SeriesInput, benchmark: RateInput, window: number, options: NanOptions = {}): number[] {
  const w = windowOf(window);
  return runPair(returns, benchmark, undefined, options.nanPolicy, w, CORRELATION, 1, 'compound');
}

/** Rolling max drawdown per window, wealth restarting at 1.0 in each window. O(N·w). */
export function rollingMaxDrawdown(returns: SeriesInput, window: number, options: SignOptions & NanOptions = {}): number[] {
  const w = windowOf(window);
  const sign = signOf(options.sign);
  const { x: r, valid } = singleInputs(returns, options.nanPolicy);
  const N = r.length;
  const out: number[] = [];
  const buf = new Float64Array(w);
  for (let start = 0; start + w <= N; start++) {
    let k = 0;
    for (let i = start; i < start + w; i++) if (valid === null || valid[i]) buf[k++] = r[i]!;
    out.push(applySign(maxDrawdownOfRows(buf.subarray(0, k)), sign));
  }
  return out;
}
