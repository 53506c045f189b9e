/**
 * US equity regular trading hours: 09:30 to 16:00 New York time, Monday to Friday (daylight
 * saving as src/core/sampling.ts has it). Exchange holidays and early closes are not modelled: on
 * those days quotes are still polled, and the quote's own time says it is the last close. Pure.
 */
import { fromDayNumber } from './calendar';
import { HOUR_MS, isUsDaylightTime } from './sampling';
import type { IsoDate } from './types';

const DAY_MS = 86_400_000;

/** The New York calendar date and minutes since local midnight at `ms`. */
export function newYorkTime(ms: number): { date: IsoDate; minutes: number; weekday: number } {
  // The offset of the UTC date first, then of the local date if the two differ (around midnight UTC).
  let date = fromDayNumber(Math.floor(ms / DAY_MS));
  let offset = isUsDaylightTime(date) ? 4 : 5;
  const local = ms - offset * HOUR_MS;
  const localDate = fromDayNumber(Math.floor(local / DAY_MS));
  if (localDate !== date) {
    date = localDate;
    offset = isUsDaylightTime(date) ? 4 : 5;
  }
  const t = ms - offset * HOUR_MS;
  const day = Math.floor(t / DAY_MS);
  return { date: fromDayNumber(day), minutes: Math.floor((t - day * DAY_MS) / 60_000), weekday: (day + 4) % 7 };
}

/** Whether US equities are in their regular session at `ms` (weekdays 09:30–16:00 New York). */
export function isUsMarketOpen(ms: number): boolean {
  const { minutes, weekday } = newYorkTime(ms);
  return weekday >= 1 && weekday <= 5 && minutes >= 9 * 60 + 30 && minutes < 16 * 60;
}

/** The symbols to quote now: BTC and held crypto at any hour, held equities during the US session. */
export function intradaySymbols(nowMs: number, held: readonly string[], isCrypto: (symbol: string) => boolean): string[] {
  const open = isUsMarketOpen(nowMs);
  return [...new Set(['BTC', ...held])].filter((s) => isCrypto(s) || open);
}
