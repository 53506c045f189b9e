/** Plain-text tables for the terminal, and the formats of their cells. */
import { formatUSD } from '../catalog';
import { formatPercentPlain } from '../shared/format';

/** `12.3%`, `-46.2%`: percentages in CLI tables (src/shared/format.ts). */
export const pct = formatPercentPlain;

export function num(v: number, digits = 2): string {
  return Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
}

/** Columns padded to their widest cell; columns listed in `leftAligned` align left, others right. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], leftAligned: readonly number[] = [0]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (leftAligned.includes(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** An unknown or empty cell. */
export const dash = '–';
export const usd = (v: number | null | undefined) => (typeof v === 'number' ? formatUSD(v) : dash);
export const mw = (v: number | null | undefined) => (typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 1) : dash);
/** At most `n` characters, an ellipsis ending a cut. */
export const cut = (s: string | null | undefined, n: number) => (!s ? dash : s.length > n ? `${s.slice(0, n - 1)}…` : s);
