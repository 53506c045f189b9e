/**
 * Calendar alignment for assets with different trading calendars (docs/RISK_CONVENTIONS.md,
 * "Mixed calendars"): BTC trades 7 days a week, Nasdaq names 5. Pair metrics align PRICES on
 * the equity session dates, taking for each session the last observation dated at or before
 * it — never a later one, never back-filled — and only then compute returns, so the BTC
 * Friday→Monday return includes the weekend.
 */
import type { DailySeries, IsoDate } from './types';

/** Days from 1970-01-01 to the first of a month (proleptic Gregorian; Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Two or four ASCII digits at `at` as a number, or -1. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of an ISO date; throws on a malformed date. Arithmetic only (no Date, no regex). */
export function dayNumber(date: IsoDate): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45)
    throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 2);
  const d = digits(date, 8, 2);
  if (y < 0 || m < 0 || d < 0) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  if (m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!)) throw new RangeError(`not a calendar date: ${date}`);
  return daysFromCivil(y, m, d);
}

const seriesDayCache = new WeakMap<readonly IsoDate[], Int32Array>();

/**
 * A series' dates as day numbers: its own `days` when the producer gave them, else converted
 * once from `dates` and kept for that array (the array is never mutated after it is built).
 */
export function seriesDays(s: Pick<DailySeries, 'dates' | 'days'>): Int32Array {
  if (s.days && s.days.length === s.dates.length) return s.days;
  let days = seriesDayCache.get(s.dates);
  if (!days) {
    days = new Int32Array(s.dates.length);
    for (let i = 0; i < days.length; i++) days[i] = dayNumber(s.dates[i]!);
    seriesDayCache.set(s.dates, days);
  }
  return days;
}

/** ISO date of a day number (inverse of {@link dayNumber}). */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `date` shifted by `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** True when dates are strictly ascending. */
export function isStrictlyAscending(dates: readonly IsoDate[]): boolean {
  for (let i = 1; i < dates.length; i++) if (!(dates[i - 1]! < dates[i]!)) return false;
  return true;
}

/**
 * Index of the last date `<= target` in ascending `dates`, or -1 if none (binary search).
 * ISO dates compare correctly as strings.
 */
export function indexAtOrBefore(dates: readonly IsoDate[], target: IsoDate): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export interface AsOfOptions {
  /**
   * Observations must be dated at least this many days before the target date. 0 (the default)
   * takes a daily bar dated on the session day itself; 1 takes the previous day's bar, for a
   * strict cut at an equity close that comes before the crypto day ends (00:00 UTC).
   */
  lagDays?: number;
  /**
   * The oldest observation that may stand for a target date, in calendar days. Older ones give
   * NaN instead of a stale price. Default: unlimited.
   */
  maxStalenessDays?: number;
}

/**
 * The value of `source` as of each target date: the last observation dated at or before it
 * (minus `lagDays`), NaN where there is none. Both date arrays must be ascending.
 * Runs in O(n + m).
 */
export function valuesAsOf(
  targetDates: readonly IsoDate[],
  sourceDates: readonly IsoDate[],
  sourceValues: readonly number[],
  options: AsOfOptions = {},
): number[] {
  if (sourceDates.length !== sourceValues.length) {
    throw new RangeError(`source has ${sourceDates.length} dates but ${sourceValues.length} values`);
  }
  const lag = options.lagDays ?? 0;
  const maxStale = options.maxStalenessDays ?? Infinity;
  const out = new Array<number>(targetDates.length);
  let j = -1;
  for (let i = 0; i < targetDates.length; i++) {
    const cut = lag === 0 ? targetDates[i]! : addDays(targetDates[i]!, -lag);
    while (j + 1 < sourceDates.length && sourceDates[j + 1]! <= cut) j++;
    // Skip back over missing values: the last *observation*, not the last row.
    let k = j;
    while (k >= 0 && !Number.isFinite(sourceValues[k]!)) k--;
    if (k < 0) out[i] = NaN;
    else if (maxStale !== Infinity && dayNumber(cut) - dayNumber(sourceDates[k]!) > maxStale) out[i] = NaN;
    else out[i] = sourceValues[k]!;
  }
  return out;
}

export interface AlignedPrices {
  dates: IsoDate[];
  /** Prices of the series whose calendar was used (the equity). */
  base: number[];
  /** Prices of the other series as of each of those dates. */
  other: number[];
}

/**
 * Aligns two price series on `base`'s calendar (the equity's sessions): `other` (e.g. BTC) is
 * taken as of each session. Rows where either is missing are kept as NaN, so the caller's NaN
 * policy decides; sessions before `other` has any observation are dropped.
 */
export function alignOnCalendar(
  base: { dates: readonly IsoDate[]; values: readonly number[] },
  other: { dates: readonly IsoDate[]; values: readonly number[] },
  options: AsOfOptions = {},
): AlignedPrices {
  if (base.dates.length !== base.values.length) {
    throw new RangeError(`base has ${base.dates.length} dates but ${base.values.length} values`);
  }
  const otherVals = valuesAsOf(base.dates, other.dates, other.values, options);
  let start = 0;
  while (start < otherVals.length && !Number.isFinite(otherVals[start]!)) start++;
  return {
    dates: base.dates.slice(start),
    base: base.values.slice(start),
    other: otherVals.slice(start),
  };
}

/** Simple returns of a price array with NaN where either price is missing (n-1 values). */
export function pricesToReturns(prices: readonly number[]): number[] {
  const out = new Array<number>(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) out[i - 1] = prices[i]! / prices[i - 1]! - 1;
  return out;
}
