/** Time axes (pure, no DOM): tick positions on calendar boundaries and their labels; x is days since 1970-01-01 (UTC). */
import type { XRange } from '../../src/shared/protocol';

const DAY = 86_400_000;

export function dayToIso(d: number): string {
  return new Date(Math.round(d) * DAY).toISOString().slice(0, 10);
}

const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

/**
 * Ticks for a time axis from `min` to `max`: whole days (every 1 or 2 days, or every first or second Monday) for spans
 * up to ten weeks, else the first days of months every 1, 2, 3, 6, 12… months, whichever step
 * gives at most `maxTicks`.
 */
export function timeTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const span = max - min;
  const out: number[] = [];
  if (span <= 70) {
    const step = [1, 2, 7, 14].find((s) => span / s < maxTicks) ?? 14;
    // Day 0 was a Thursday: Mondays are the days with (x + 3) % 7 === 0.
    let x = Math.ceil(min);
    if (step >= 7) x += ((-(x + 3) % 7) + 7) % 7;
    for (; x <= max; x += step) out.push(x);
    return out;
  }
  const first = new Date(Math.ceil(min) * DAY);
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth() + (first.getUTCDate() === 1 ? 0 : 1);
  const months = (max - min) / 30.44;
  const step = MONTH_STEPS.find((s) => months / s <= maxTicks) ?? MONTH_STEPS.at(-1)!;
  // Align to the step (quarters start in Jan/Apr/Jul/Oct, years in January).
  const monthIndex = y * 12 + m;
  let k = Math.ceil(monthIndex / step) * step;
  for (;;) {
    y = Math.floor(k / 12);
    m = k % 12;
    const x = Date.UTC(y, m, 1) / DAY;
    if (x > max) break;
    if (x >= min) out.push(x);
    k += step;
  }
  return out;
}

/** A tick's label: `YYYY-MM` on month ticks, `MM-DD` on day ticks. */
export function tickLabel(x: number, span: number): string {
  const iso = dayToIso(x);
  return span > 70 ? iso.slice(0, 7) : iso.slice(5);
}

/** The axis range for bars centred on their days: the data range widened by half the narrowest gap, so the first and last bars show whole. */
export function barRange(r: XRange | undefined, xs: readonly number[]): XRange | undefined {
  if (!r) return undefined;
  let gap = Infinity;
  for (let i = 1; i < xs.length; i++) {
    const g = xs[i]! - xs[i - 1]!;
    if (g > 0 && g < gap) gap = g;
  }
  const pad = Number.isFinite(gap) ? gap / 2 : 0.5;
  return { min: r.min - pad, max: r.max + pad };
}

/** Ticks for a logarithmic axis: 1, 2 and 5 × 10ⁿ inside [min, max] (only 1 × 10ⁿ when that would be more than `maxTicks`). */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const out = (steps: number[]) => {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
      for (const s of steps) {
        const v = Number((s * 10 ** e).toPrecision(12));
        if (v >= min && v <= max) ticks.push(v);
      }
    return ticks;
  };
  const fine = out([1, 2, 5]);
  return fine.length <= maxTicks ? fine : out([1]);
}

/** Whether a chart of positive values spanning more than `ratio` times (a price rebased over many years) reads better on a log scale. */
export function wantsLogScale(values: Iterable<number>, ratio = 30): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi / lo > ratio;
}
