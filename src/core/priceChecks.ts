/**
 * Prices that parse but cannot be real, and histories that disagree: checked before a provider's
 * answer is cached or shown (src/data/store.ts). Pure.
 */

/** Above any price the universe can have (BTC, indices, equities): a unit or parsing error. */
export const MAX_PRICE = 1e8;
/** A day-to-day move beyond this factor (×50 or ÷50) is a data error, not a market. */
export const MAX_DAILY_FACTOR = 50;
/** Relative difference on a shared date beyond which two histories of one source disagree. */
export const OVERLAP_TOLERANCE = 0.005;

/** Why a series' closes cannot be real, or undefined. Missing values (NaN) are allowed. */
export function impossiblePrices(s: { dates: readonly string[]; close: readonly number[] }): string | undefined {
  let prev: number | undefined;
  for (let i = 0; i < s.close.length; i++) {
    const c = s.close[i]!;
    if (Number.isNaN(c)) continue;
    if (!Number.isFinite(c) || c <= 0) return `impossible close ${c} on ${s.dates[i]}`;
    if (c > MAX_PRICE) return `implausible close ${c} on ${s.dates[i]} (above ${MAX_PRICE})`;
    if (prev !== undefined && (c / prev > MAX_DAILY_FACTOR || prev / c > MAX_DAILY_FACTOR))
      return `implausible move from ${prev} to ${c} on ${s.dates[i]} (more than ×${MAX_DAILY_FACTOR} in a day)`;
    prev = c;
  }
  return undefined;
}

/**
 * Whether a fresh history rescaled the cached one (a split or an adjustment changed the past):
 * merging them would make a fake jump where they meet. A single revised bar is normal (the last
 * cached bar was often taken before the close), so the two must disagree beyond `tolerance` on at
 * least half of their shared dates — leaving out the cached history's last two bars — and on at
 * least two of them. Returns why, or undefined.
 */
export function historiesDisagree(
  older: { dates: readonly string[]; close: readonly number[] },
  newer: { dates: readonly string[]; close: readonly number[] },
  tolerance = OVERLAP_TOLERANCE,
): string | undefined {
  const at = new Map<string, number>();
  older.dates.slice(0, -2).forEach((d, i) => at.set(d, older.close[i]!));
  let shared = 0;
  const off: string[] = [];
  for (let i = 0; i < newer.dates.length; i++) {
    const a = at.get(newer.dates[i]!);
    const b = newer.close[i]!;
    if (a === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    shared++;
    if (Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b))) off.push(`${newer.dates[i]} (${a} against ${b})`);
  }
  if (off.length < 2 || off.length * 2 < shared) return undefined;
  return `cached and fresh closes disagree on ${off.length} of ${shared} shared dates, e.g. ${off[0]}: the source rescaled its history`;
}

/** A quote dated more than this after the clock is wrong (allowing for a little clock skew). */
export const MAX_QUOTE_LEAD_MS = 5 * 60_000;

/**
 * Why a live quote cannot be used, or undefined: its price must be finite, positive and at most
 * {@link MAX_PRICE}, within ×{@link MAX_DAILY_FACTOR} of the last close when one is known; its time
 * must parse and not lie more than {@link MAX_QUOTE_LEAD_MS} ahead of `nowMs`, and, when `maxAgeMs`
 * is given (a streamed tick), not be older than that. The same rules serve polled (REST) quotes
 * and streamed ticks (src/data/store.ts `acceptQuote`).
 */
export function quoteProblem(quote: { price: number; time: string }, lastClose: number | undefined, nowMs: number, maxAgeMs?: number): string | undefined {
  const p = quote.price;
  if (!(typeof p === 'number' && Number.isFinite(p) && p > 0 && p <= MAX_PRICE)) return `a quote of ${p} cannot be a price`;
  if (lastClose !== undefined && Number.isFinite(lastClose) && lastClose > 0 && (p / lastClose > MAX_DAILY_FACTOR || lastClose / p > MAX_DAILY_FACTOR))
    return `a quote of ${p} is ×${MAX_DAILY_FACTOR} away from the last close ${lastClose}`;
  const t = Date.parse(quote.time);
  if (!Number.isFinite(t)) return `a quote time of ${JSON.stringify(quote.time)} is not a time`;
  if (t - nowMs > MAX_QUOTE_LEAD_MS) return `a quote dated ${quote.time} is in the future`;
  if (maxAgeMs !== undefined && nowMs - t > maxAgeMs) return `a quote dated ${quote.time} is more than ${Math.round(maxAgeMs / 60_000)} min old`;
  return undefined;
}
