/** ISO calendar dates (`YYYY-MM-DD`) as day numbers, for calendar-time annualization. */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or NaN when it is not a real calendar date. */
export function isoDayOrNaN(date: string): number {
  const m = ISO_DAY.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return t / 86_400_000;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws a RangeError on a malformed date. */
export function parseIsoDay(date: string): number {
  const v = typeof date === 'string' ? isoDayOrNaN(date) : NaN;
  if (Number.isNaN(v)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`);
  return v;
}
