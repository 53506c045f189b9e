/**
 * Series as the engine reads them (issue 15): one missing-value pass per series, a no-copy fast
 * path when nothing is missing, and series prepared once (`prepareSeries`, `prepareBenchmark`)
 * into typed arrays that carry their missing count and cache what every metric would otherwise
 * recompute (the kept rows, mean and centred sum of squares, cross moments with a benchmark).
 *
 * The NaN policy is the one of prepare.ts (docs/RISK_CONVENTIONS.md, "NaN handling"): `drop`
 * keeps only rows where every used series is present, `fill_zero` makes a missing value 0.
 * Results are the same whichever path is taken; only the copies differ.
 */
import { checkNanPolicy } from './prepare';
import { moments, type Moments } from './stats';
import type { NanPolicy, Rate, Series } from './types';

/** A series as a plain array (NaN, null or undefined = missing) or a Float64Array (NaN = missing). */
export type Values = Series | Float64Array;

/**
 * A series prepared once: its values as a Float64Array (the caller's own Float64Array, not
 * copied; a plain array is copied once, null/undefined becoming NaN) and its missing count.
 * Pass it wherever a series or a benchmark is taken; do not write to `values` afterwards (cached
 * figures would go stale).
 */
export class PreparedSeries {
  // Caches, made on first use. Kept rows of the series on its own, by policy (the values
  // themselves when nothing is missing); their moments; cross sums with other complete prepared
  // series (rows identical under both policies); other figures of the rows, by name and policy.
  private rowsCache: Partial<Record<NanPolicy, Float64Array>> | null = null;
  private momentsCache: Partial<Record<NanPolicy, Moments>> | null = null;
  private crossCache: WeakMap<PreparedSeries, number> | null = null;
  private figures: Map<string, number> | null = null;

  constructor(
    readonly values: Float64Array,
    /** Number of missing values. */
    readonly missing: number,
    readonly name: string,
  ) {}

  get length(): number {
    return this.values.length;
  }

  /** The kept rows of this series alone under `policy` (no copy when nothing is missing). */
  rows(policy: NanPolicy): Float64Array {
    if (this.missing === 0) return this.values;
    this.rowsCache ??= {};
    return (this.rowsCache[policy] ??= compactRows(this.values, this.missing, policy));
  }

  /** Mean and centred sum of squares of {@link rows} (cached). */
  moments(policy: NanPolicy): Moments {
    const key = this.missing === 0 ? 'drop' : policy;
    this.momentsCache ??= {};
    return (this.momentsCache[key] ??= moments(this.rows(policy)));
  }

  /** A figure of {@link rows} under `policy` (e.g. the max drawdown), computed once by `compute`. */
  figure(name: string, policy: NanPolicy, compute: (rows: Float64Array) => number): number {
    const key = this.missing === 0 ? name : `${name}/${policy}`;
    this.figures ??= new Map();
    let v = this.figures.get(key);
    if (v === undefined) {
      v = compute(this.rows(policy));
      this.figures.set(key, v);
    }
    return v;
  }

  /** `Σ(x - x̄)(y - ȳ)` with another complete series of the same length (both without missing values). */
  crossDeviations(other: PreparedSeries, compute: () => number): number {
    this.crossCache ??= new WeakMap();
    let v = this.crossCache.get(other);
    if (v === undefined) {
      v = compute();
      this.crossCache.set(other, v);
    }
    return v;
  }
}

/** A benchmark prepared once for many symbols: the same thing as a prepared series. */
export type PreparedBenchmark = PreparedSeries;

/** Number of missing values (NaN, null, undefined): the one missing-value pass. */
export function countMissing(v: ArrayLike<number | null | undefined>): number {
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x || x == null) k++; // NaN is the only value not equal to itself
  }
  return k;
}

/**
 * Prepares a series once: one missing-value pass; a Float64Array is kept as it is (no copy), a
 * plain array copied into one. A prepared series is returned unchanged.
 */
export function prepareSeries(values: Values | PreparedSeries, name = 'returns'): PreparedSeries {
  if (values instanceof PreparedSeries) return values;
  if (values instanceof Float64Array) return new PreparedSeries(values, countMissing(values), name);
  const t = toTyped(values);
  return new PreparedSeries(t.values, t.missing, name);
}

/**
 * A plain array as a Float64Array with its missing count, in one pass over the copy. The engine's
 * loops then only ever read Float64Arrays (a plain array's loads are polymorphic and, for the
 * holey arrays `new Array(n)` makes, boxed: several times slower than the copy).
 */
export function toTyped(values: Series): { values: Float64Array; missing: number } {
  // A copy by a plain loop (a Float64Array store makes undefined and holes NaN, null 0; faster
  // than the typed-array constructor on the holey arrays `new Array(n)` makes), then one pass
  // over it: count the NaNs, and where a 0 came from a null make it NaN too.
  const n = values.length;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = values[i]!;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x !== x) missing++;
    else if (x === 0 && (values[i] as number | null) === null) {
      a[i] = NaN;
      missing++;
    }
  }
  return { values: a, missing };
}

/** Prepares a benchmark series once, to be passed to the benchmark and rolling metrics of many symbols. */
export function prepareBenchmark(values: Values | PreparedSeries, name = 'benchmark'): PreparedBenchmark {
  return prepareSeries(values, name);
}

/** A series argument: values (a Float64Array) plus its missing count. */
export interface Column {
  name: string;
  values: Float64Array;
  missing: number;
  prepared: PreparedSeries | null;
}

/**
 * Reads a series argument: a prepared series as it is, a Float64Array without a copy (one
 * missing-value pass), a plain array copied once into a Float64Array (the same pass).
 */
export function columnOf(v: Values | PreparedSeries, name: string): Column {
  if (v instanceof PreparedSeries) return { name, values: v.values, missing: v.missing, prepared: v };
  if (v instanceof Float64Array) return { name, values: v, missing: countMissing(v), prepared: null };
  const t = toTyped(v);
  return { name, values: t.values, missing: t.missing, prepared: null };
}

/** A rate argument: a column, or a constant (undefined = 0). */
export type RateInput = Rate | Float64Array | PreparedSeries | undefined;

export function isConstantRate(r: RateInput): r is number | undefined {
  return r === undefined || typeof r === 'number';
}

function isMissingValue(x: number | null | undefined): boolean {
  return x !== x || x == null;
}

/** The kept rows of one series with `missing` > 0 under `policy`, as a new Float64Array. */
export function compactRows(v: Float64Array, missing: number, policy: NanPolicy): Float64Array {
  const N = v.length;
  if (policy === 'fill_zero') {
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const x = v[i];
      out[i] = isMissingValue(x) ? 0 : x!;
    }
    return out;
  }
  const out = new Float64Array(N - missing);
  let k = 0;
  for (let i = 0; i < N; i++) {
    const x = v[i];
    if (!isMissingValue(x)) out[k++] = x!;
  }
  return out;
}

/** Throws a RangeError unless every column has the length of the first (the message of `checkSameLength`). */
export function checkColumnLengths(cols: readonly Column[]): void {
  const first = cols[0];
  if (!first) return;
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i]!;
    if (c.values.length !== first.values.length) {
      throw new RangeError(`${first.name} has ${first.values.length} values but ${c.name} has ${c.values.length}`);
    }
  }
}

/** The kept rows of one series under `policy` (no copy when nothing is missing). */
export function rowsOfColumn(c: Column, policy: NanPolicy = 'drop'): Float64Array {
  checkNanPolicy(policy);
  if (c.missing === 0) return c.values;
  if (c.prepared) return c.prepared.rows(policy);
  return compactRows(c.values, c.missing, policy);
}

/** The kept rows of one series argument. */
export function singleRows(v: Values | PreparedSeries, policy: NanPolicy = 'drop', name = 'returns'): Float64Array {
  return rowsOfColumn(columnOf(v, name), policy);
}

/**
 * Row-aligned columns under the NaN policy, checked for equal length: each returned array holds
 * the kept rows of its column (the column itself when no column has a missing value).
 */
export function alignColumns(cols: readonly Column[], policy: NanPolicy = 'drop'): Float64Array[] {
  checkNanPolicy(policy);
  checkColumnLengths(cols);
  let anyMissing = false;
  for (const c of cols) if (c.missing > 0) anyMissing = true;
  if (!anyMissing) return cols.map((c) => c.values);
  const N = cols[0]!.values.length;
  if (policy === 'fill_zero') return cols.map((c) => (c.missing === 0 ? c.values : compactRows(c.values, c.missing, 'fill_zero')));
  const keep = new Uint8Array(N).fill(1);
  let kept = N;
  for (const c of cols) {
    if (c.missing === 0) continue;
    const v = c.values;
    for (let i = 0; i < N; i++) {
      if (keep[i] && isMissingValue(v[i])) {
        keep[i] = 0;
        kept--;
      }
    }
  }
  return cols.map((c) => {
    const out = new Float64Array(kept);
    const v = c.values;
    let k = 0;
    for (let i = 0; i < N; i++) if (keep[i]) out[k++] = v[i]!;
    return out;
  });
}

/**
 * `x - rate` over the kept rows of a series and a rate (constant or series): the series' own rows
 * (no copy) when the rate is 0 or absent and nothing is missing.
 */
export function excessRows(
  series: Values | PreparedSeries,
  rate: RateInput,
  policy: NanPolicy = 'drop',
  seriesName = 'returns',
  rateName = 'risk_free',
): Float64Array {
  checkNanPolicy(policy);
  const c = columnOf(series, seriesName);
  if (isConstantRate(rate)) {
    const rows = rowsOfColumn(c, policy);
    if (rate === undefined || rate === 0) return rows;
    return minusConstant(rows, rate);
  }
  const [x, r] = alignColumns([c, columnOf(rate, rateName)], policy);
  return minus(x!, r!);
}

export function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

export function minusConstant(a: Float64Array, c: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - c;
  return out;
}

/** Excess rows of a pair: `x = r - rf`, `y = b - rf` on the rows kept under the policy. */
export interface PairRows {
  x: Float64Array;
  y: Float64Array;
  /** Both sides are prepared, complete and without a risk-free rate: cross moments may be cached. */
  cacheable: { x: PreparedSeries; y: PreparedSeries } | null;
}

export function pairRows(
  returns: Values | PreparedSeries,
  benchmark: RateInput,
  riskFree: RateInput,
  policy: NanPolicy = 'drop',
  benchmarkName = 'benchmark',
): PairRows {
  checkNanPolicy(policy);
  const cr = columnOf(returns, 'returns');
  const cols: Column[] = [cr];
  const bConst = isConstantRate(benchmark);
  const rfConst = isConstantRate(riskFree);
  const cb = bConst ? null : columnOf(benchmark, benchmarkName);
  if (cb) cols.push(cb);
  if (!rfConst) cols.push(columnOf(riskFree, 'risk_free'));
  const aligned = alignColumns(cols, policy);
  const n = aligned[0]!.length;
  let x = aligned[0]!;
  let y: Float64Array = cb ? aligned[1]! : new Float64Array(n).fill(benchmark === undefined ? 0 : (benchmark as number));
  const rfZero = riskFree === undefined || riskFree === 0;
  if (!rfConst) {
    const rf = aligned[aligned.length - 1]!;
    x = minus(x, rf);
    y = minus(y, rf);
  } else if (!rfZero) {
    x = minusConstant(x, riskFree);
    y = minusConstant(y, riskFree);
  }
  const cacheable = rfZero && cr.prepared && cb?.prepared && cr.missing === 0 && cb.missing === 0 ? { x: cr.prepared, y: cb.prepared } : null;
  return { x, y, cacheable };
}

/** A series argument of a metric: plain values or a prepared series. */
export type SeriesInput = Values | PreparedSeries;

/** `compute` of one series' kept rows, cached under `name` on a prepared series. */
export function figureOf(series: SeriesInput, name: string, policy: NanPolicy = 'drop', compute: (rows: Float64Array) => number): number {
  checkNanPolicy(policy);
  if (series instanceof PreparedSeries) return series.figure(name, policy, compute);
  return compute(singleRows(series, policy));
}

/** Mean and centred sum of squares of one series' kept rows (cached on a prepared series). */
export function momentsOf(series: SeriesInput, policy: NanPolicy = 'drop', name = 'returns'): Moments {
  checkNanPolicy(policy);
  if (series instanceof PreparedSeries) return series.moments(policy);
  return moments(singleRows(series, policy, name));
}
