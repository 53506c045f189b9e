/**
 * What the panel view models share: their input (symbols, reports, deals), ranges, slicing and
 * decimation of series, rebased and drawdown lines, rolling pair metrics, the correlation heatmap
 * and deal markers. Dates are day numbers inside (seriesDays, binary searches on Int32Array);
 * ISO strings only at the edges (asOf, deal dates, the heatmap's report window).
 */
import { addDays, dayNumber, fromDayNumber, pricesToReturns, seriesDays } from '../../calendar';
import type { Deal } from '../../deals';
import { lttbIndices, type Point } from '../../decimate';
import { describeOrigin } from '../../format';
import type { SymbolReport } from '../../report';
import { isSevenDay, periodsPerYear } from '../../universe';
import { samplingLabel, summariseSampling } from '../../sampling';
import { correlation, drawdownSeriesFromPrices, rollingBeta, rollingCorrelation, rollingVolatility } from '../../risk';
import type { AssetClass, DailySeries, IsoDate } from '../../types';
import type { DataLabel, DealMarker, Heatmap, LineSeries, RangeKey, XRange, XY } from '../../../shared/protocol';

export interface ViewSymbol {
  symbol: string;
  name: string;
  role: LineSeries['role'];
  assetClass: AssetClass;
  series: DailySeries;
}

/** The deal fields the panels read (a catalog deal fits). */
export type ViewDeal = Pick<Deal, 'id' | 'name' | 'provider'> & Partial<Pick<Deal, 'counterparty' | 'announced' | 'valueUSD' | 'status' | 'sources'>>;

export interface ViewInput {
  symbols: ViewSymbol[];
  btc?: DailySeries;
  ndx?: DailySeries;
  reports: ReadonlyMap<string, SymbolReport>;
  deals: readonly ViewDeal[];
  backlogUSD: (symbol: string) => number | null;
  pivotStatus: (symbol: string) => string | null;
  now: number;
}

export const MAX_POINTS = 600;

const RANGE_DAYS: Record<RangeKey, number> = { '1M': 31, '3M': 92, '6M': 183, '1Y': 365, '3Y': 1096, ALL: Infinity };

/** First day (day number) of a range ending on day asOf, never before `earliest`. */
export function rangeStartDay(range: RangeKey, asOf: number, earliest: number): number {
  const days = RANGE_DAYS[range];
  if (!Number.isFinite(days)) return earliest;
  const start = asOf - days;
  return start < earliest ? earliest : start;
}

/** First date of a range ending at asOf (ISO edge of {@link rangeStartDay}). */
export function rangeStart(range: RangeKey, asOf: IsoDate, earliest: IsoDate): IsoDate {
  return fromDayNumber(rangeStartDay(range, dayNumber(asOf), dayNumber(earliest)));
}

/** Index of the first day >= d in ascending days (days.length when none). */
export function lowerBound(days: ArrayLike<number>, d: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index after the last day <= d in ascending days (0 when none). */
export function upperBound(days: ArrayLike<number>, d: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows [start, end) of a series whose days fall in [from, to], with its day numbers. */
export interface Span {
  days: Int32Array;
  start: number;
  end: number;
}

export function spanOf(series: Pick<DailySeries, 'dates' | 'days'>, from: number, to: number): Span {
  const days = seriesDays(series);
  const start = lowerBound(days, from);
  return { days, start, end: Math.max(start, upperBound(days, to)) };
}

/**
 * A line before decimation, in columns: x (day numbers) and finite y, `length` rows. Columns
 * instead of [x, y] pairs: one allocation per line, not one per point.
 */
export interface Cols {
  x: Float64Array;
  y: Float64Array;
  length: number;
}

const NO_COLS: Cols = { x: new Float64Array(0), y: new Float64Array(0), length: 0 };

/** Rows [start, end) as columns, y = f(i), keeping only finite y. */
function colsOf(days: ArrayLike<number>, start: number, end: number, y: (i: number) => number): Cols {
  const n = Math.max(0, end - start);
  if (!n) return NO_COLS;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  for (let i = start; i < end; i++) {
    const v = y(i);
    if (Number.isFinite(v)) {
      xs[k] = days[i]!;
      ys[k] = v;
      k++;
    }
  }
  return { x: xs, y: ys, length: k };
}

/** Columns as [x, y] points (for the few callers that want pairs). */
export function pointsOfCols(c: Cols): Point[] {
  const out = new Array<Point>(c.length);
  for (let i = 0; i < c.length; i++) out[i] = [c.x[i]!, c.y[i]!];
  return out;
}

export class Counter {
  pointsIn = 0;
  pointsSent = 0;
  line(id: string, label: string, role: LineSeries['role'], pts: Cols, max = MAX_POINTS): LineSeries {
    this.pointsIn += pts.length;
    const kept = lttbIndices(pts, max);
    this.pointsSent += kept.length;
    const points = new Array<XY>(kept.length);
    for (let i = 0; i < kept.length; i++) points[i] = [pts.x[kept[i]!]!, round(pts.y[kept[i]!]!)];
    return { id, label, role, points };
  }
}

/** What a time chart plots: line series, or anything with an x (candles, markers, bars). */
export type Plotted = ReadonlyArray<LineSeries> | ReadonlyArray<{ x: number }> | ReadonlyArray<XY>;

/**
 * The x-axis of a time chart: from the first to the last day it plots, over all its parts
 * (undefined when it plots nothing). The webview sets the axis to it, so the axis ends where the
 * data ends instead of at a rounded tick or another series' last date.
 */
export function xRangeOf(...parts: Plotted[]): XRange | undefined {
  let min = Infinity;
  let max = -Infinity;
  const see = (x: number) => {
    if (!Number.isFinite(x)) return;
    if (x < min) min = x;
    if (x > max) max = x;
  };
  for (const part of parts)
    for (const item of part) {
      if (Array.isArray(item)) see(item[0]);
      else if ('points' in item) for (const p of item.points) see(p[0]);
      else see(item.x);
    }
  return min <= max ? { min, max } : undefined;
}

/** {@link xRangeOf} for each chart of a panel; charts that plot nothing are left out. */
export function xRangesOf<K extends string>(charts: Record<K, Plotted[]>): Partial<Record<K, XRange>> {
  const out: Partial<Record<K, XRange>> = {};
  for (const k of Object.keys(charts) as K[]) {
    const r = xRangeOf(...charts[k]);
    if (r) out[k] = r;
  }
  return out;
}

/** 8 significant digits: plenty for display, smaller JSON. */
export function round(v: number): number {
  // Number(v.toPrecision(8)), without formatting a string for nearly every value: scale so that 8
  // digits sit before the point, round half away from zero, scale back (an exact power of ten, so
  // one correctly rounded operation). Near a tie, where the scaled product's own rounding could
  // tip the result, and outside the exact powers of ten, the string way decides.
  const m = v < 0 ? -v : v;
  if (!(m >= 1e-15 && m < 1e22)) return Number(v.toPrecision(8));
  let e = Math.floor(Math.log10(m));
  if (POW10[e + 15 + 1]! <= m) e++;
  else if (POW10[e + 15]! > m) e--;
  const k = 7 - e;
  if (k > 22 || k < -22) return Number(v.toPrecision(8));
  const scaled = k >= 0 ? m * POW10[k + 15]! : m / POW10[-k + 15]!;
  const frac = scaled - Math.floor(scaled);
  if (Math.abs(frac - 0.5) < 1e-6) return Number(v.toPrecision(8));
  const r = Math.floor(scaled + 0.5);
  const out = k >= 0 ? r / POW10[k + 15]! : r * POW10[-k + 15]!;
  return v < 0 ? -out : out;
}

/** 10^-15 … 10^22 (exact from 10^0 up; the negative powers only bound magnitudes). */
const POW10 = Array.from({ length: 38 }, (_, i) => Number(`1e${i - 15}`));

/**
 * How BTC was priced for the ρ/β to BTC a panel shows: the risk table's figures come from the
 * reports (US close where hourly bars cover the window, src/core/sampling.ts); the rolling charts
 * and the heatmap pair daily bars (the UTC-day close).
 */
export function pairSamplingNote(reports: Iterable<SymbolReport>): string {
  const table = summariseSampling([...reports].map((r) => r.btcSampling));
  const head = table ? `ρ/β to BTC in the table: ${samplingLabel(table)}` : undefined;
  return [head, 'rolling charts and heatmap: BTC at the UTC-day close (daily bar)'].filter(Boolean).join('; ');
}

export function dataLabel(series: ReadonlyArray<Pick<DailySeries, 'origin'>>, now: number): DataLabel {
  const kinds = new Set(series.map((s) => s.origin.kind));
  const texts = [...new Set(series.map((s) => describeOrigin(s.origin, now).replace(/ \(.*\)$/, '')))];
  const kind = kinds.size === 1 ? [...kinds][0]! : 'mixed';
  if (kind === 'snapshot') {
    const dates = series.map((s) => s.origin.asOf.slice(0, 10)).sort();
    return { kind, text: dates[0] === dates.at(-1) ? `snapshot of ${dates[0]}` : `snapshot, series ending ${dates[0]} to ${dates.at(-1)}` };
  }
  return { kind, text: texts.length > 3 ? `${texts.slice(0, 3).join('; ')}; …` : texts.join('; ') };
}

export function rebased(s: ViewSymbol, from: number, to: number): Cols {
  const { days, start, end } = spanOf(s.series, from, to);
  const close = s.series.close;
  let base: number | undefined;
  for (let i = start; i < end; i++) {
    const x = close[i]!;
    if (Number.isFinite(x) && x > 0) {
      base = x;
      break;
    }
  }
  if (!base) return NO_COLS;
  const b = base;
  return colsOf(days, start, end, (i) => (close[i]! / b) * 100);
}

/** Drawdown from the running peak of the finite prices in [from, to]. */
export function drawdownPoints(s: ViewSymbol, from: number, to: number): Cols {
  const { days, start, end } = spanOf(s.series, from, to);
  const close = s.series.close;
  const at: number[] = [];
  const prices: number[] = [];
  for (let i = start; i < end; i++)
    if (Number.isFinite(close[i]!)) {
      at.push(days[i]!);
      prices.push(close[i]!);
    }
  const dd = drawdownSeriesFromPrices(prices);
  return colsOf(at, 0, at.length, (i) => dd[i]!);
}

/** Rows [start, end) of a column as a line: the finite values at their days. */
export function finiteCols(days: Int32Array, start: number, end: number, values: readonly number[]): Cols {
  const xs = new Float64Array(Math.max(0, end - start));
  const ys = new Float64Array(xs.length);
  let n = 0;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      xs[n] = days[i]!;
      ys[n] = v;
      n++;
    }
  }
  return { x: xs, y: ys, length: n };
}

/**
 * Rolling annualized volatility of a symbol's daily returns over `window` returns, at the days in
 * [from, to] where a full window ends (365 periods a year for a seven-day asset, else 252). The
 * window before `from` is read from the history before it (twice the window in calendar days).
 */
export function rollingVolatilityCols(s: ViewSymbol, window: number, from: number, to: number): Cols {
  const lead = spanOf(s.series, from - 2 * window, to);
  const days = lead.days;
  const rv = rollingVolatility(pricesToReturns(s.series.close.slice(lead.start, lead.end)), window, { periodsPerYear: periodsPerYear(s.assetClass) });
  // value k covers returns k..k+window-1, i.e. ends at price index k+window; only days >= from.
  const xs = new Float64Array(rv.length);
  const ys = new Float64Array(rv.length);
  let n = 0;
  for (let k = 0; k < rv.length; k++) {
    const v = rv[k]!;
    const x = days[lead.start + k + window]!;
    if (Number.isFinite(v) && x >= from) {
      xs[n] = x;
      ys[n] = v;
      n++;
    }
  }
  return { x: xs, y: ys, length: n };
}

/**
 * The value of a source series as of each target day: the last finite observation dated at or
 * before it, NaN where there is none (src/core/calendar.ts valuesAsOf with no lag and no
 * staleness limit, on day numbers; the first target found by binary search).
 */
export function valuesAsOfDays(targets: ArrayLike<number>, tStart: number, tEnd: number, sourceDays: Int32Array, sourceValues: readonly number[]): number[] {
  const out = new Array<number>(Math.max(0, tEnd - tStart));
  let j = tEnd > tStart ? upperBound(sourceDays, targets[tStart]!) - 1 : -1;
  for (let i = tStart; i < tEnd; i++) {
    const cut = targets[i]!;
    while (j + 1 < sourceDays.length && sourceDays[j + 1]! <= cut) j++;
    let k = j;
    while (k >= 0 && !Number.isFinite(sourceValues[k]!)) k--;
    out[i - tStart] = k < 0 ? NaN : sourceValues[k]!;
  }
  return out;
}

/** Rolling correlation (or beta) of a symbol to a benchmark, prices aligned on the equity side's calendar. */
export function rollingPair(s: ViewSymbol, bench: DailySeries, benchClass: AssetClass, window: number, from: number, to: number, what: 'corr' | 'beta'): Cols {
  // Enough history before `from` to fill the first window.
  const lead = from - Math.ceil(window * 1.6) - 10;
  const subjectSeven = s.assetClass === 'crypto' || s.assetClass === 'basket';
  const benchSeven = benchClass === 'crypto' || benchClass === 'basket';
  const calendar = subjectSeven && !benchSeven ? bench : s.series;
  const w = spanOf(calendar, lead, to);
  if (w.end - w.start < window + 2) return NO_COLS;
  const own = calendar.close.slice(w.start, w.end);
  const a = calendar === s.series ? own : valuesAsOfDays(w.days, w.start, w.end, seriesDays(s.series), s.series.close);
  const b = calendar === bench ? own : valuesAsOfDays(w.days, w.start, w.end, seriesDays(bench), bench.close);
  const ra = pricesToReturns(a);
  const rb = pricesToReturns(b);
  const vals = what === 'corr' ? rollingCorrelation(ra, rb, window) : rollingBeta(ra, rb, window);
  // value k covers returns k..k+window-1, i.e. ends at price index k+window; only days >= from.
  const first = Math.max(0, lowerBound(w.days, from) - w.start - window);
  const at = (k: number) => w.days[w.start + k + window]!;
  const xs = new Float64Array(Math.max(0, vals.length - first));
  const ys = new Float64Array(xs.length);
  let n = 0;
  for (let k = first; k < vals.length; k++) {
    const v = vals[k]!;
    const x = at(k);
    if (Number.isFinite(v) && x >= from) {
      xs[n] = x;
      ys[n] = v;
      n++;
    }
  }
  return { x: xs, y: ys, length: n };
}

/**
 * Correlations of daily returns over the `days` before asOf (a day number), each pair aligned as
 * src/core/report.ts alignedWindowReturns aligns it without hourly bars: on the equity side's
 * sessions (the first symbol's days when both trade alike), from the price on or before
 * asOf - days, the other side taken as of each session.
 */
export function heatmapOf(symbols: readonly ViewSymbol[], asOf: number, days: number): Heatmap {
  const matrix = symbols.map(() => symbols.map((): number | null => null));
  for (let i = 0; i < symbols.length; i++) {
    matrix[i]![i] = 1;
    for (let j = i + 1; j < symbols.length; j++) {
      const { r, b } = windowReturns(symbols[i]!, symbols[j]!, asOf, days);
      const c = r.length > 10 ? correlation(r, b) : NaN;
      const v = Number.isFinite(c) ? round(c) : null;
      matrix[i]![j] = v;
      matrix[j]![i] = v;
    }
  }
  return { symbols: symbols.map((s) => s.symbol), matrix };
}

function windowReturns(subject: ViewSymbol, bench: ViewSymbol, asOf: number, days: number): { r: number[]; b: number[] } {
  const subjectSeven = isSevenDay(subject.assetClass);
  const benchSeven = isSevenDay(bench.assetClass);
  const owner = subjectSeven && !benchSeven ? bench : subject;
  const other = owner === subject ? bench : subject;
  const d = seriesDays(owner.series);
  const end = upperBound(d, asOf);
  if (end === 0) return { r: [], b: [] };
  const start = Math.max(0, upperBound(d, asOf - days) - 1);
  const own = owner.series.close.slice(start, end);
  const others = valuesAsOfDays(d, start, end, seriesDays(other.series), other.series.close);
  return { r: pricesToReturns(owner === subject ? own : others), b: pricesToReturns(owner === bench ? own : others) };
}

import { formatUsdShort } from '../../../shared/format';
export { formatUsdShort };

/** Deal announcements on the rebased price line of their company. */
export function markersFor(input: ViewInput, perf: readonly LineSeries[], rawPerf: ReadonlyMap<string, Point[]>, from: IsoDate, to: IsoDate): DealMarker[] {
  const out: DealMarker[] = [];
  for (const d of input.deals) {
    if (!d.announced) continue;
    // A month-only date (`2024-09`) is placed on the first session of its month, never before it;
    // a full date on itself, at the last price at or before it.
    const monthOnly = /^\d{4}-\d{2}$/.test(d.announced);
    const first = monthOnly ? `${d.announced}-01` : d.announced;
    const last = monthOnly ? addDays(`${addDays(`${d.announced}-28`, 4).slice(0, 7)}-01`, -1) : d.announced;
    if (last < from || first > to) continue;
    if (!perf.some((p) => p.id === d.provider)) continue;
    const pts = rawPerf.get(d.provider) ?? [];
    const firstDay = dayNumber(first);
    let at: Point | undefined;
    if (monthOnly) {
      const lo = Math.max(firstDay, dayNumber(from));
      const hi = dayNumber(last);
      at = pts.find((p) => p[0] >= lo && p[0] <= hi);
    } else
      for (const p of pts) {
        if (p[0] <= firstDay) at = [firstDay, p[1]];
        else break;
      }
    if (at === undefined) continue;
    out.push({ symbol: d.provider, x: at[0], y: round(at[1]), date: d.announced, label: d.name, value: formatUsdShort(d.valueUSD) });
  }
  return out;
}
