/**
 * Input checks and the NaN policy (docs/RISK_CONVENTIONS.md, "NaN handling"): row-aligned series of
 * equal length, `drop` keeps only rows where every used series is present, `fill_zero` turns a
 * missing value into 0 and keeps the row.
 */
import type { NanPolicy, Rate, Series, Sign } from './types';
import { DEFAULT_PERIODS_PER_YEAR, DEFAULT_TAIL_PROBABILITY } from './types';

/** A named series for error messages. */
export interface NamedSeries {
  name: string;
  values: Series;
}

/**
 * True for a missing observation: NaN (the engine's marker), or a stray `null`/`undefined` from
 * JSON-shaped callers (which arithmetic would otherwise turn into 0 or NaN silently).
 */
export function isMissing(v: number | null | undefined): boolean {
  return v === null || v === undefined || Number.isNaN(v);
}

/** Throws a RangeError unless every series has the length of the first. */
export function checkSameLength(series: readonly NamedSeries[]): void {
  if (series.length === 0) return;
  const first = series[0]!;
  for (let i = 1; i < series.length; i++) {
    const s = series[i]!;
    if (s.values.length !== first.values.length) {
      throw new RangeError(`${first.name} has ${first.values.length} values but ${s.name} has ${s.values.length}`);
    }
  }
}

/**
 * Applies the NaN policy to row-aligned series (checked for equal length) and returns one column
 * per series with the kept rows: `drop` removes every row where any series is NaN, `fill_zero`
 * replaces NaN by 0.
 */
export function alignRows(series: readonly NamedSeries[], nanPolicy: NanPolicy = 'drop'): number[][] {
  checkNanPolicy(nanPolicy);
  checkSameLength(series);
  const cols: number[][] = series.map(() => []);
  if (series.length === 0) return cols;
  const n = series[0]!.values.length;
  for (let i = 0; i < n; i++) {
    if (nanPolicy === 'drop') {
      let ok = true;
      for (const s of series) {
        if (isMissing(s.values[i])) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (let k = 0; k < series.length; k++) cols[k]!.push(series[k]!.values[i]!);
    } else {
      for (let k = 0; k < series.length; k++) {
        const v = series[k]!.values[i];
        cols[k]!.push(isMissing(v) ? 0 : v!);
      }
    }
  }
  return cols;
}

/** A per-period rate with its name (for error messages); `undefined` means 0. */
export interface NamedRate {
  name: string;
  rate: Rate | undefined;
}

/** Result of {@link prepare}: the kept rows of each series and of each rate. */
export interface Prepared {
  /** One column per `series` argument. */
  cols: number[][];
  /** One column per `rates` argument: the aligned series, or the constant repeated. */
  rates: number[][];
  /** Number of kept rows. */
  n: number;
}

/**
 * Aligns series and per-period rates and applies the NaN policy to every series the metric uses
 * (rate series included; a constant rate has no missing rows).
 */
export function prepare(series: readonly NamedSeries[], rates: readonly NamedRate[], nanPolicy: NanPolicy = 'drop'): Prepared {
  const all: NamedSeries[] = [...series];
  for (const r of rates) {
    if (r.rate !== undefined && typeof r.rate !== 'number') all.push({ name: r.name, values: r.rate });
  }
  const aligned = alignRows(all, nanPolicy);
  const n = aligned.length > 0 ? aligned[0]!.length : 0;
  const cols = aligned.slice(0, series.length);
  let next = series.length;
  const rateCols = rates.map((r) => {
    if (r.rate === undefined) return new Array<number>(n).fill(0);
    if (typeof r.rate === 'number') return new Array<number>(n).fill(r.rate);
    return aligned[next++]!;
  });
  return { cols, rates: rateCols, n };
}

/** Elementwise `a - b`. */
export function subtract(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

export function checkNanPolicy(p: NanPolicy): void {
  if (p !== 'drop' && p !== 'fill_zero') throw new RangeError(`nanPolicy must be 'drop' or 'fill_zero', got ${String(p)}`);
}

/** Periods per year, validated (> 0, finite); default 252. */
export function ppyOf(ppy: number | undefined): number {
  const v = ppy ?? DEFAULT_PERIODS_PER_YEAR;
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new RangeError(`periodsPerYear must be a number > 0, got ${String(v)}`);
  return v;
}

/** ddof, validated (0 or 1); default 1. */
export function ddofOf(ddof: number | undefined): 0 | 1 {
  const v = ddof ?? 1;
  if (v !== 0 && v !== 1) throw new RangeError(`ddof must be 0 or 1, got ${String(v)}`);
  return v;
}

/** Tail probability α, validated (0 < α < 1); default 0.05. */
export function alphaOf(p: number | undefined): number {
  const v = p ?? DEFAULT_TAIL_PROBABILITY;
  if (!(typeof v === 'number' && v > 0 && v < 1)) throw new RangeError(`tailProbability must be in (0, 1), got ${String(v)}`);
  return v;
}

/** Rolling window, validated (integer >= 1). */
export function windowOf(w: number): number {
  if (!(Number.isInteger(w) && w >= 1)) throw new RangeError(`window must be an integer >= 1, got ${String(w)}`);
  return w;
}

/** Validates a sign convention; default `negative_fraction`. */
export function signOf(sign: Sign | undefined): Sign {
  const s = sign ?? 'negative_fraction';
  if (s !== 'negative_fraction' && s !== 'positive_magnitude') {
    throw new RangeError(`sign must be 'negative_fraction' or 'positive_magnitude', got ${String(s)}`);
  }
  return s;
}

/** Applies a sign convention to a return-like value (a loss negative by default; `positive_magnitude` negates, 0 stays +0). */
export function applySign(v: number, sign: Sign | undefined): number {
  return signOf(sign) === 'negative_fraction' ? v : v === 0 ? 0 : -v;
}

/** Throws unless `value` is one of `allowed`. */
export function checkToken<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
  return value;
}
