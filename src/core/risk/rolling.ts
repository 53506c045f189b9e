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
 * Rolling max drawdown compounds each window afresh (wealth restarting at 1.0): O(N·w).
 */
import { annualizeAlpha } from './benchmark';
import { maxDrawdownOfRows } from './drawdown';
import type { NamedRate, NamedSeries } from './prepare';
import { applySign, checkNanPolicy, checkSameLength, checkToken, ddofOf, isMissing, ppyOf, signOf, windowOf } from './prepare';
import { sharpeFromMoments } from './ratios';
import type { AlphaAnnualization, DdofOptions, NanOptions, NanPolicy, PeriodOptions, Rate, Series, SignOptions } from './types';
import { MIN_BENCHMARK_VARIANCE } from './types';

/**
 * A window is re-centred when its raw shifted sum of squares exceeds this multiple of the centred
 * one (the cancellation would cost more than ~3 of the 16 digits).
 */
const ILL_CONDITIONED = 1000;

/** Moments of the valid rows of one window. */
export interface WindowMoments {
  /** Valid rows in the window. */
  n: number;
  meanX: number;
  meanY: number;
  /** Σ(x - meanX)². */
  sxx: number;
  /** Σ(y - meanY)². */
  syy: number;
  /** Σ(x - meanX)(y - meanY). */
  sxy: number;
  /** All valid x are equal (then sxx is exactly 0 and meanX is that value). */
  constX: boolean;
  /** All valid y are equal. */
  constY: boolean;
}

/**
 * Sums over rows [start, end) of the valid values, re-centred on their own means:
 * writes `[kx, ky, n, Σdx, Σdy, Σdx², Σdy², Σdx·dy]` into `st`.
 */
function centredSums(x: Float64Array, y: Float64Array | null, valid: Uint8Array, start: number, end: number, st: Float64Array): void {
  let n = 0;
  let ax = 0;
  let ay = 0;
  for (let i = start; i < end; i++) {
    if (!valid[i]) continue;
    n++;
    ax += x[i]!;
    if (y) ay += y[i]!;
  }
  const kx = n > 0 ? ax / n : 0;
  const ky = n > 0 && y ? ay / n : 0;
  let s1x = 0;
  let s1y = 0;
  let s2x = 0;
  let s2y = 0;
  let sxy = 0;
  for (let i = start; i < end; i++) {
    if (!valid[i]) continue;
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
 * Calls `f` with the moments of each full trailing window of `w` rows over `x` (and `y`), using
 * only the rows where `valid` is 1; returns the N-w+1 results.
 *
 * Constant windows: `lastChangeX` is the latest valid row whose x differs from the previous valid
 * row's x; the window's valid x are all equal iff that row is not after the window's first valid
 * row (O(1) per step).
 */
export function rollMoments(x: Float64Array, y: Float64Array | null, valid: Uint8Array, w: number, f: (m: WindowMoments) => number): number[] {
  const N = x.length;
  const out: number[] = [];
  if (w > N) return out;
  const next = nextValidIndex(valid);
  const st = new Float64Array(8);
  const m: WindowMoments = { n: 0, meanX: NaN, meanY: NaN, sxx: NaN, syy: NaN, sxy: NaN, constX: false, constY: false };
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
    if (valid[end]) {
      if (prevValid >= 0) {
        if (x[end] !== x[prevValid]) lastChangeX = end;
        if (y && y[end] !== y[prevValid]) lastChangeY = end;
      }
      prevValid = end;
      const dx = x[end]! - kx;
      n++;
      s1x += dx;
      s2x += dx * dx;
      if (y) {
        const dy = y[end]! - ky;
        s1y += dy;
        s2y += dy * dy;
        sxy += dx * dy;
      }
    }
    // Leaving row.
    if (start > 0 && valid[start - 1]) {
      const i = start - 1;
      const dx = x[i]! - kx;
      n--;
      s1x -= dx;
      s2x -= dx * dx;
      if (y) {
        const dy = y[i]! - ky;
        s1y -= dy;
        s2y -= dy * dy;
        sxy -= dx * dy;
      }
    }
    if (start < 0) continue;

    // Periodic rebuild (every w windows), or when the shifted sums are ill-conditioned.
    const first = next[start]!;
    const constX = n > 0 && lastChangeX <= first;
    const constY = y !== null && n > 0 && lastChangeY <= first;
    let rebuild = start >= rebuildAt;
    if (!rebuild && n >= 2) {
      const cx = s2x - (s1x * s1x) / n;
      const cy = s2y - (s1y * s1y) / n;
      // The shift is far from this window's mean compared with its spread: the subtraction
      // would cancel most digits. Re-centre on this window (O(w), rare).
      rebuild = (!constX && !(s2x <= ILL_CONDITIONED * cx)) || (y !== null && !constY && !(s2y <= ILL_CONDITIONED * cy));
    }
    if (rebuild) {
      centredSums(x, y, valid, start, end + 1, st);
      kx = st[0]!;
      ky = st[1]!;
      n = st[2]!;
      s1x = st[3]!;
      s1y = st[4]!;
      s2x = st[5]!;
      s2y = st[6]!;
      sxy = st[7]!;
      rebuildAt = start + w;
    }

    m.n = n;
    if (n === 0) {
      m.meanX = m.meanY = m.sxx = m.syy = m.sxy = NaN;
      m.constX = m.constY = false;
    } else {
      m.constX = constX;
      m.constY = constY;
      m.meanX = constX ? x[first]! : kx + s1x / n;
      m.sxx = constX ? 0 : Math.max(0, s2x - (s1x * s1x) / n);
      if (y) {
        m.meanY = constY ? y[first]! : ky + s1y / n;
        m.syy = constY ? 0 : Math.max(0, s2y - (s1y * s1y) / n);
        m.sxy = constX || constY ? 0 : sxy - (s1x * s1y) / n;
      }
    }
    out.push(f(m));
  }
  return out;
}

/** Per-row inputs of a rolling metric: values of every row and which rows are valid under the NaN policy. */
interface RollingRows {
  N: number;
  cols: Float64Array[];
  rates: Float64Array[];
  valid: Uint8Array;
}

function rollingRows(series: readonly NamedSeries[], rates: readonly NamedRate[], nanPolicy: NanPolicy = 'drop'): RollingRows {
  checkNanPolicy(nanPolicy);
  const rateSeries: NamedSeries[] = [];
  for (const r of rates) if (r.rate !== undefined && typeof r.rate !== 'number') rateSeries.push({ name: r.name, values: r.rate });
  checkSameLength([...series, ...rateSeries]);
  const N = series[0]!.values.length;
  const valid = new Uint8Array(N).fill(1);
  const fix = (values: Series): Float64Array => {
    const a = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const v = values[i];
      if (isMissing(v)) {
        if (nanPolicy === 'fill_zero') a[i] = 0;
        else {
          a[i] = NaN;
          valid[i] = 0;
        }
      } else a[i] = v!;
    }
    return a;
  };
  const cols = series.map((s) => fix(s.values));
  const rateCols = rates.map((r) => {
    if (r.rate === undefined) return new Float64Array(N);
    if (typeof r.rate === 'number') return new Float64Array(N).fill(r.rate);
    return fix(r.rate);
  });
  return { N, cols, rates: rateCols, valid };
}

function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/** Rolling annualized volatility `std(r, ddof)*sqrt(ppy)` per window (empyrical `roll_annual_volatility`). */
export function rollingVolatility(returns: Series, window: number, options: PeriodOptions & DdofOptions & NanOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const rows = rollingRows([{ name: 'returns', values: returns }], [], options.nanPolicy);
  const sq = Math.sqrt(ppy);
  return rollMoments(rows.cols[0]!, null, rows.valid, w, (m) => (m.n < 2 ? NaN : Math.sqrt(m.sxx / (m.n - ddof)) * sq));
}

export interface RollingSharpeOptions extends PeriodOptions, DdofOptions, NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: Rate;
}

/** Rolling (arithmetic) Sharpe ratio per window, see `sharpeRatio`. */
export function rollingSharpeRatio(returns: Series, window: number, options: RollingSharpeOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ddof = ddofOf(options.ddof);
  const rows = rollingRows([{ name: 'returns', values: returns }], [{ name: 'risk_free', rate: options.riskFree }], options.nanPolicy);
  const x = minus(rows.cols[0]!, rows.rates[0]!);
  return rollMoments(x, null, rows.valid, w, (m) => (m.n < 2 ? NaN : sharpeFromMoments(m.meanX, Math.sqrt(m.sxx / (m.n - ddof)), ppy)));
}

export interface RollingBenchmarkOptions extends NanOptions {
  /** Per-period risk-free return: a constant or a row-aligned series; default 0. */
  riskFree?: Rate;
}

function pairRows(returns: Series, benchmark: Rate, riskFree: Rate | undefined, nanPolicy: NanPolicy | undefined) {
  const rows = rollingRows(
    [{ name: 'returns', values: returns }],
    [
      { name: 'benchmark', rate: benchmark },
      { name: 'risk_free', rate: riskFree },
    ],
    nanPolicy,
  );
  return { x: minus(rows.cols[0]!, rows.rates[1]!), y: minus(rows.rates[0]!, rows.rates[1]!), valid: rows.valid };
}

function betaOf(m: WindowMoments): number {
  if (m.n < 2 || m.constY || !(m.syy / m.n >= MIN_BENCHMARK_VARIANCE)) return NaN;
  return m.sxy / m.syy;
}

/** Rolling beta (OLS slope of `r - rf` on `b - rf`) per window (empyrical `roll_beta`). */
export function rollingBeta(returns: Series, benchmark: Rate, window: number, options: RollingBenchmarkOptions = {}): number[] {
  const w = windowOf(window);
  const { x, y, valid } = pairRows(returns, benchmark, options.riskFree, options.nanPolicy);
  return rollMoments(x, y, valid, w, betaOf);
}

export interface RollingAlphaOptions extends RollingBenchmarkOptions, PeriodOptions {
  /** `compound` (default), `intercept` or `arithmetic`, see `alpha`. */
  annualization?: AlphaAnnualization;
}

/** Rolling alpha per window, see `alpha`. */
export function rollingAlpha(returns: Series, benchmark: Rate, window: number, options: RollingAlphaOptions = {}): number[] {
  const w = windowOf(window);
  const ppy = ppyOf(options.periodsPerYear);
  const ann = checkToken('annualization', options.annualization ?? 'compound', ['compound', 'intercept', 'arithmetic']);
  const { x, y, valid } = pairRows(returns, benchmark, options.riskFree, options.nanPolicy);
  return rollMoments(x, y, valid, w, (m) => {
    const b = betaOf(m);
    return Number.isNaN(b) ? NaN : annualizeAlpha(m.meanX - b * m.meanY, ppy, ann);
  });
}

/** Rolling Pearson correlation per window; NaN where either side is constant or n < 2. */
export function rollingCorrelation(returns: Series, benchmark: Rate, window: number, options: NanOptions = {}): number[] {
  const w = windowOf(window);
  const { x, y, valid } = pairRows(returns, benchmark, undefined, options.nanPolicy);
  return rollMoments(x, y, valid, w, (m) => {
    if (m.n < 2 || m.constX || m.constY || !(m.sxx > 0 && m.syy > 0)) return NaN;
    return m.sxy / Math.sqrt(m.sxx * m.syy);
  });
}

/** Rolling max drawdown per window, wealth restarting at 1.0 in each window. O(N·w). */
export function rollingMaxDrawdown(returns: Series, window: number, options: SignOptions & NanOptions = {}): number[] {
  const w = windowOf(window);
  const sign = signOf(options.sign);
  const rows = rollingRows([{ name: 'returns', values: returns }], [], options.nanPolicy);
  const r = rows.cols[0]!;
  const out: number[] = [];
  const buf = new Float64Array(w);
  for (let start = 0; start + w <= rows.N; start++) {
    let k = 0;
    for (let i = start; i < start + w; i++) if (rows.valid[i]) buf[k++] = r[i]!;
    out.push(applySign(maxDrawdownOfRows(buf.subarray(0, k)), sign));
  }
  return out;
}
