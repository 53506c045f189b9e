/**
 * Small pieces both providers share: date ranges, the exchange-day of a timestamp, and wrapping
 * failures into {@link ProviderError}.
 */
import { dayNumber, fromDayNumber } from '../../core/calendar';
import type { IsoDate } from '../../core/types';
import { describeFailure, kindOfFailure } from '../http';
import { ProviderError, type ProviderErrorKind } from '../provider';
import { messageOf } from '../../shared/errors';
import type { LogFn } from '../../shared/log';

export const DAY_MS = 86_400_000;

/** Today's UTC date. */
export function utcToday(nowMs: number): IsoDate {
  return fromDayNumber(Math.floor(nowMs / DAY_MS));
}

/** Validates a history request's range; `to` defaults to today (UTC). Throws ProviderError('unsupported') on a bad range. */
export function checkRange(
  provider: string,
  from: IsoDate,
  to: IsoDate | undefined,
  nowMs: number,
): { from: IsoDate; to: IsoDate; fromDay: number; toDay: number } {
  const end = to ?? utcToday(nowMs);
  let fromDay: number;
  let toDay: number;
  try {
    fromDay = dayNumber(from);
    toDay = dayNumber(end);
  } catch (error) {
    throw new ProviderError(provider, 'unsupported', `bad date range: ${messageOf(error)}`, error);
  }
  if (fromDay > toDay) throw new ProviderError(provider, 'unsupported', `bad date range: ${from} is after ${end}`);
  return { from, to: end, fromDay, toDay };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The calendar date of `ms` in an IANA time zone (`America/New_York`), falling back to a fixed
 * UTC offset in seconds (Yahoo's `gmtoffset`), then to UTC.
 */
export function dateInZone(ms: number, timeZone: string | undefined, gmtOffsetSeconds?: number): IsoDate {
  if (timeZone) {
    let f = formatters.get(timeZone);
    if (f === undefined) {
      try {
        f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      } catch {
        f = null; // unknown zone: use the offset
      }
      formatters.set(timeZone, f);
    }
    if (f) {
      const parts = f.formatToParts(new Date(ms));
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      return `${get('year')}-${get('month')}-${get('day')}`;
    }
  }
  return new Date(ms + (gmtOffsetSeconds ?? 0) * 1000).toISOString().slice(0, 10);
}

/** Aborts with the signal's reason when it is set. */
export function throwIfCancelled(provider: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProviderError(provider, 'cancelled', 'cancelled', signal.reason);
}

/**
 * Wraps any failure in a ProviderError: an existing ProviderError passes through; the caller's
 * cancellation is `cancelled`; then the library-specific `classify`, then the HTTP layer's
 * {@link kindOfFailure}; `fallback` last.
 */
export function wrapFailure(
  provider: string,
  what: string,
  error: unknown,
  options: { signal?: AbortSignal; classify?: (error: unknown) => ProviderErrorKind | undefined; fallback?: ProviderErrorKind; message?: string } = {},
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (options.signal?.aborted) return new ProviderError(provider, 'cancelled', `${what}: cancelled`, error);
  const kind = options.classify?.(error) ?? kindOfFailure(error) ?? options.fallback ?? 'http';
  return new ProviderError(provider, kind, `${what}: ${options.message ?? describeFailure(error)}`, error);
}

/** A logger that drops everything. */
export const silent: LogFn = () => undefined;
