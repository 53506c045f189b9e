/**
 * CSV cells (RFC 4180 quoting) that a spreadsheet opens as data: a text cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula (CSV injection), so it is
 * prefixed with `'`. Numbers are written as numbers (a negative number stays a number). Pure.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A `# …` comment line's text: one line. */
export function csvComment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
