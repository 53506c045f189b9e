/**
 * BTC at the US equity close. A BTC daily bar covers the UTC day and closes at 24:00 UTC, three to
 * four hours after the US equity close (16:00 New York: 20:00 UTC under daylight saving time, 21:00
 * UTC under standard time). Paired with an equity's session return, that bar carries BTC's evening
 * move into the equity's day, which moves the pair figures (ρ, β) a lot. From hourly bars, BTC can
 * be priced at the US close itself.
 *
 * Convention: **BTC at the US close of session date D is the close of the one-hour bar that ends at
 * 16:00 New York time on D**, i.e. the bar that opens at 15:00 New York (19:00 UTC under EDT, 20:00
 * UTC under EST). When that bar is missing, the latest bar that ends before 16:00, at most
 * {@link MAX_STALE_HOURS} hours earlier (the last observation at or before the cut, never a later
 * one: docs/RISK_CONVENTIONS.md, "Mixed calendars"); else the session has no BTC price (NaN: its two
 * returns are left out, as for any missing price).
 *
 * US daylight saving time, as US law sets it since 2007 (Energy Policy Act of 2005): from 02:00
 * local on the second Sunday of March to 02:00 local on the first Sunday of November; from 1987 to
 * 2006, the first Sunday of April to the last Sunday of October. Earlier years throw (no hourly BTC
 * bars exist before 2010). On both changeover Sundays 16:00 is past the change; there is no US
 * session on a Sunday anyway. Early-close days (13:00 New York, e.g. the day after Thanksgiving)
 * are still sampled at 16:00: a three-hour difference on about three days a year.
 *
 * Where it applies: a seven-day series that carries hourly bars (BTC), priced on an equity's (or an
 * index's or ETF's) session calendar. The hourly price replaces the daily bar for a whole window
 * only when the hourly bars cover that window (see {@link pricesOnSessions}); otherwise the window
 * uses the UTC-day close (the daily bar dated on the session) and says why. Two seven-day series
 * (BTC and ETH, BTC and the CD20 proxy) share UTC days and keep the daily bars.
 */
import { dayNumber, fromDayNumber, valuesAsOf, type AsOfOptions } from './calendar';
import type { DataOrigin, IsoDate } from './types';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How much older than the 16:00 New York cut the bar standing for it may end, in hours. */
export const MAX_STALE_HOURS = 3;

/** The share of a window's sessions that may lack an hourly price before the window uses the UTC-day close. */
export const MAX_MISSING_SHARE = 0.1;

/** How BTC was priced for a pair figure on an equity calendar. */
export type BtcSampling = 'us-close' | 'utc-close';
/** Over several figures: all one way, or `mixed`. */
export type BtcSamplingSummary = BtcSampling | 'mixed';

/** Hourly bars (closed ones only), for the US-close price of a seven-day series. */
export interface HourlySeries {
  symbol: string;
  /** Bar open times, ms since 1970 (UTC), whole hours, strictly ascending. */
  times: number[];
  /** Bar closes: positive, finite. */
  close: number[];
  origin: DataOrigin;
}

const two = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number): IsoDate => `${y}-${two(m)}-${two(d)}`;
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/** Day of the month of the n-th Sunday (n = 1, 2, …) of a month (1–12), or of the last one (n = -1). */
export function sundayOfMonth(year: number, month: number, n: number): number {
  if (n > 0) return 1 + ((7 - weekday(year, month, 1)) % 7) + 7 * (n - 1);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return last - weekday(year, month, last);
}

/** The dates on which US daylight saving time starts and ends in `year` (both Sundays). */
export function usDaylightSaving(year: number): { start: IsoDate; end: IsoDate } {
  if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
  if (year >= 2007) return { start: isoOf(year, 3, sundayOfMonth(year, 3, 2)), end: isoOf(year, 11, sundayOfMonth(year, 11, 1)) };
  if (year >= 1987) return { start: isoOf(year, 4, sundayOfMonth(year, 4, 1)), end: isoOf(year, 10, sundayOfMonth(year, 10, -1)) };
  throw new RangeError(`US daylight saving rules before 1987 are not implemented (${year})`);
}

/** True when New York is on daylight time (EDT, UTC-4) at 16:00 local on `date`. */
export function isUsDaylightTime(date: IsoDate): boolean {
  dayNumber(date); // validates
  const { start, end } = usDaylightSaving(Number(date.slice(0, 4)));
  return date >= start && date < end;
}

/** 16:00 New York on `date`, in ms since 1970 (20:00 UTC under EDT, 21:00 UTC under EST). */
export function usCloseUtcMs(date: IsoDate): number {
  return dayNumber(date) * DAY_MS + (isUsDaylightTime(date) ? 20 : 21) * HOUR_MS;
}

/** `2024-06-01T19:00Z`: a bar time as the coverage notes show it. */
export function formatHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13) + ':00Z';
}

export interface UsCloseSample {
  /** BTC at the US close of each session; NaN where no bar ends within {@link MAX_STALE_HOURS} before it. */
  values: number[];
  /** The sessions without a price. */
  missing: IsoDate[];
}

/**
 * BTC at the US close of each session (ascending dates) from hourly bars (see the module comment
 * for the convention). O(sessions + bars).
 */
export function sampleAtUsClose(sessions: readonly IsoDate[], hourly: Pick<HourlySeries, 'times' | 'close'>, maxStaleHours = MAX_STALE_HOURS): UsCloseSample {
  const values = new Array<number>(sessions.length);
  const missing: IsoDate[] = [];
  const { times, close } = hourly;
  let j = -1;
  for (let i = 0; i < sessions.length; i++) {
    const cut = usCloseUtcMs(sessions[i]!);
    // The last bar that has ended by the cut: it opens at or before cut - 1 h.
    while (j + 1 < times.length && times[j + 1]! + HOUR_MS <= cut) j++;
    let k = j;
    while (k >= 0 && !(close[k]! > 0 && Number.isFinite(close[k]!))) k--;
    if (k >= 0 && cut - (times[k]! + HOUR_MS) <= maxStaleHours * HOUR_MS) values[i] = close[k]!;
    else {
      values[i] = NaN;
      missing.push(sessions[i]!);
    }
  }
  return { values, missing };
}

/** What a window's BTC prices were, and the hourly bars behind them. */
export interface SamplingCoverage {
  /** First and last session of the window. */
  window: { from: IsoDate; to: IsoDate } | null;
  /** The hourly bars available: first and last bar open, and where they came from. */
  hourly: { from: string; to: string; source: string } | null;
  /** Sessions of the window without an hourly bar near their close (their returns are left out). */
  missingCloses: number;
  /** Why the UTC-day close was used, when it was. */
  reason?: string;
}

export interface SessionPrices {
  /** The seven-day series' price as of each session. */
  values: number[];
  sampling: BtcSampling;
  coverage: SamplingCoverage;
}

/** `snapshot BTC/USDT`, `live ccxt:binance BTC/USDT`: where hourly bars came from. */
export function hourlySource(origin: DataOrigin): string {
  return [origin.kind, origin.kind === 'snapshot' ? undefined : origin.provider, origin.providerSymbol].filter(Boolean).join(' ');
}

/**
 * A seven-day series (BTC) priced on an equity's sessions: at the US close from `hourly` when the
 * preference is `us-close` and the hourly bars cover the window (they run from before the first
 * session's close to the last session's close, and at most {@link MAX_MISSING_SHARE} of the
 * sessions lack a bar near their close); otherwise the daily close as of each session (the UTC-day
 * close, `asOf` options as {@link valuesAsOf}), with the reason.
 */
export function pricesOnSessions(
  sessions: readonly IsoDate[],
  daily: { dates: readonly IsoDate[]; close: readonly number[] },
  hourly: HourlySeries | undefined,
  preference: BtcSampling,
  asOf: AsOfOptions = {},
  noHourlyReason = 'no hourly bars',
): SessionPrices {
  const window = sessions.length ? { from: sessions[0]!, to: sessions.at(-1)! } : null;
  const range =
    hourly && hourly.times.length ? { from: formatHour(hourly.times[0]!), to: formatHour(hourly.times.at(-1)!), source: hourlySource(hourly.origin) } : null;
  const utc = (reason: string): SessionPrices => ({
    values: valuesAsOf(sessions, daily.dates, daily.close, asOf),
    sampling: 'utc-close',
    coverage: { window, hourly: range, missingCloses: 0, reason },
  });
  if (preference === 'utc-close') return utc('the UTC-day close was chosen (hashpivot.btcSampling utcClose, or --btc-at utc-close)');
  if (!hourly || !range) return utc(noHourlyReason);
  if (!window) return utc('no sessions in the window');
  const first = hourly.times[0]!;
  const last = hourly.times.at(-1)!;
  // Compare dates first: no daylight-saving rule is needed for a window long before the bars.
  if (window.from < fromDayNumber(Math.floor(first / DAY_MS)) || first + HOUR_MS > usCloseUtcMs(window.from)) {
    return utc(`hourly bars start ${range.from}, after the US close of ${window.from} where the window starts`);
  }
  if (last + HOUR_MS < usCloseUtcMs(window.to)) return utc(`hourly bars end ${range.to}, before the US close of ${window.to} where the window ends`);
  const s = sampleAtUsClose(sessions, hourly);
  if (s.missing.length > MAX_MISSING_SHARE * sessions.length) {
    return utc(`hourly bars are missing near ${s.missing.length} of ${sessions.length} US closes (first ${s.missing[0]})`);
  }
  return { values: s.values, sampling: 'us-close', coverage: { window, hourly: range, missingCloses: s.missing.length } };
}

/** One value for several figures' samplings: all alike, `mixed`, or null when none involves BTC. */
export function summariseSampling(samplings: ReadonlyArray<BtcSamplingSummary | null | undefined>): BtcSamplingSummary | null {
  const kinds = new Set(samplings.filter((s): s is BtcSamplingSummary => !!s));
  if (kinds.size === 0) return null;
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

/** How the UI names a sampling. */
export function samplingLabel(s: BtcSamplingSummary | null): string {
  switch (s) {
    case 'us-close':
      return 'BTC at the US close (16:00 New York, from hourly bars)';
    case 'utc-close':
      return 'BTC at the UTC-day close (daily bar, 24:00 UTC)';
    case 'mixed':
      return 'BTC at the US close where hourly bars cover the window, at the UTC-day close elsewhere';
    default:
      return 'no BTC pair figure';
  }
}

/** The label and, for the UTC-day close, why; for the US close, the bars' source and the window. */
export function describeSampling(s: BtcSamplingSummary | null, coverage: SamplingCoverage | null | undefined): string {
  if (!coverage) return samplingLabel(s);
  if (s === 'us-close') {
    const src = coverage.hourly ? `: ${coverage.hourly.source}` : '';
    const window = coverage.window ? `, sessions ${coverage.window.from} to ${coverage.window.to}` : '';
    const missing = coverage.missingCloses ? `; ${coverage.missingCloses} close(s) without an hourly bar left out` : '';
    return `BTC at the US close (16:00 New York, from hourly bars${src})${window}${missing}`;
  }
  return coverage.reason ? `${samplingLabel(s)}: ${coverage.reason}` : samplingLabel(s);
}
