/**
 * What the panel view models share: their input (symbols, reports, deals), ranges, slicing and
 * decimation of series, rebased and drawdown lines, rolling pair metrics, the correlation heatmap
 * and deal markers.
 */
import { addDays, dayNumber, indexAtOrBefore, pricesToReturns, valuesAsOf } from '../../calendar';
import type { Deal } from '../../deals';
import { lttb, type Point } from '../../decimate';
import { describeOrigin } from '../../format';
import { alignedWindowReturns, type SymbolReport } from '../../report';
import { samplingLabel, summariseSampling } from '../../sampling';
import { correlation, drawdownSeriesFromPrices, rollingBeta, rollingCorrelation } from '../../risk';
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

/** First date of a range ending at asOf. */
export function rangeStart(range: RangeKey, asOf: IsoDate, earliest: IsoDate): IsoDate {
  const days = RANGE_DAYS[range];
  if (!Number.isFinite(days)) return earliest;
  const start = addDays(asOf, -days);
  return start < earliest ? earliest : start;
}

/** Index of the first date >= d. */
function firstAtOrAfter(dates: readonly IsoDate[], d: IsoDate): number {
  const i = indexAtOrBefore(dates, d);
  return i >= 0 && dates[i] === d ? i : i + 1;
}

export function slice(
  series: { dates: readonly IsoDate[]; close: readonly number[] },
  from: IsoDate,
  to: IsoDate,
): { dates: IsoDate[]; close: number[]; start: number } {
  const a = firstAtOrAfter(series.dates, from);
  const b = indexAtOrBefore(series.dates, to);
  return { dates: series.dates.slice(a, b + 1), close: series.close.slice(a, b + 1), start: a };
}

export function toPoints(dates: readonly IsoDate[], values: readonly number[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < dates.length; i++) if (Number.isFinite(values[i]!)) out.push([dayNumber(dates[i]!), values[i]!]);
  return out;
}

export class Counter {
  pointsIn = 0;
  pointsSent = 0;
  line(id: string, label: string, role: LineSeries['role'], pts: Point[], max = MAX_POINTS): LineSeries {
    this.pointsIn += pts.length;
    const kept = lttb(pts, max) as XY[];
    this.pointsSent += kept.length;
    return { id, label, role, points: kept.map(([x, y]) => [x, round(y)]) };
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
  return Number(v.toPrecision(8));
}

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

export function dataLabel(series: readonly DailySeries[], now: number): DataLabel {
  const kinds = new Set(series.map((s) => s.origin.kind));
  const texts = [...new Set(series.map((s) => describeOrigin(s.origin, now).replace(/ \(.*\)$/, '')))];
  const kind = kinds.size === 1 ? [...kinds][0]! : 'mixed';
  if (kind === 'snapshot') {
    const dates = series.map((s) => s.origin.asOf.slice(0, 10)).sort();
    return { kind, text: dates[0] === dates.at(-1) ? `snapshot of ${dates[0]}` : `snapshot, series ending ${dates[0]} to ${dates.at(-1)}` };
  }
  return { kind, text: texts.length > 3 ? `${texts.slice(0, 3).join('; ')}; …` : texts.join('; ') };
}

export function rebased(s: ViewSymbol, from: IsoDate, to: IsoDate): Point[] {
  const w = slice(s.series, from, to);
  const base = w.close.find((x) => Number.isFinite(x) && x > 0);
  if (!base) return [];
  return toPoints(
    w.dates,
    w.close.map((x) => (x / base) * 100),
  );
}

export function drawdownPoints(s: ViewSymbol, from: IsoDate, to: IsoDate): Point[] {
  const w = slice(s.series, from, to);
  const keep = w.close.map((x) => Number.isFinite(x));
  const dd = drawdownSeriesFromPrices(w.close.filter((_, i) => keep[i]));
  return toPoints(
    w.dates.filter((_, i) => keep[i]),
    dd,
  );
}

/** Rolling correlation (or beta) of a symbol to a benchmark, prices aligned on the equity side's calendar. */
export function rollingPair(
  s: ViewSymbol,
  bench: DailySeries,
  benchClass: AssetClass,
  window: number,
  from: IsoDate,
  to: IsoDate,
  what: 'corr' | 'beta',
): Point[] {
  // Enough history before `from` to fill the first window.
  const lead = addDays(from, -Math.ceil(window * 1.6) - 10);
  const subjectSeven = s.assetClass === 'crypto' || s.assetClass === 'basket';
  const benchSeven = benchClass === 'crypto' || benchClass === 'basket';
  const calendar = subjectSeven && !benchSeven ? bench : s.series;
  const w = slice(calendar, lead, to);
  if (w.dates.length < window + 2) return [];
  const a = calendar === s.series ? w.close : valuesAsOf(w.dates, s.series.dates, s.series.close);
  const b = calendar === bench ? w.close : valuesAsOf(w.dates, bench.dates, bench.close);
  const ra = pricesToReturns(a);
  const rb = pricesToReturns(b);
  const vals = what === 'corr' ? rollingCorrelation(ra, rb, window) : rollingBeta(ra, rb, window);
  // value k covers returns k..k+window-1, i.e. ends at price index k+window.
  const dates = vals.map((_, k) => w.dates[k + window]!);
  const pts = toPoints(dates, vals);
  const f = dayNumber(from);
  return pts.filter((p) => p[0] >= f);
}

export function heatmapOf(symbols: readonly ViewSymbol[], asOf: IsoDate, days: number): Heatmap {
  const matrix = symbols.map(() => symbols.map((): number | null => null));
  for (let i = 0; i < symbols.length; i++) {
    matrix[i]![i] = 1;
    for (let j = i + 1; j < symbols.length; j++) {
      const a = symbols[i]!;
      const b = symbols[j]!;
      const { r, b: rb } = alignedWindowReturns({ assetClass: a.assetClass, series: a.series }, { assetClass: b.assetClass, series: b.series }, asOf, days);
      const c = r.length > 10 ? correlation(r, rb) : NaN;
      const v = Number.isFinite(c) ? round(c) : null;
      matrix[i]![j] = v;
      matrix[j]![i] = v;
    }
  }
  return { symbols: symbols.map((s) => s.symbol), matrix };
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
    let at: Point | undefined;
    if (monthOnly) at = pts.find((p) => p[0] >= Math.max(dayNumber(first), dayNumber(from)) && p[0] <= dayNumber(last));
    else
      for (const p of pts) {
        if (p[0] <= dayNumber(first)) at = [dayNumber(first), p[1]];
        else break;
      }
    if (at === undefined) continue;
    out.push({ symbol: d.provider, x: at[0], y: round(at[1]), date: d.announced, label: d.name, value: formatUsdShort(d.valueUSD) });
  }
  return out;
}
