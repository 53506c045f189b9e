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
