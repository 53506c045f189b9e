/**
 * Reads the daily price fixtures (fixtures/prices/SYMBOL.csv) straight from disk,
 * so tests can check what the code computes from the embedded snapshot against the source files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from './fixtures';

export const PRICES_DIR = process.env.HASHPIVOT_PRICES ? path.resolve(process.cwd(), process.env.HASHPIVOT_PRICES) : fixture('prices');

export interface CsvSeries {
  dates: string[];
  close: number[];
  open: number[];
  high: number[];
  low: number[];
  volume: number[];
}

/** `IREN` reads IREN.csv, `BTC-USD` reads BTC-USD.csv. Empty cells (close-only files) read NaN. */
export function readPriceCsv(name: string): CsvSeries {
  const lines = readFileSync(path.join(PRICES_DIR, `${name}.csv`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const col = (h: string) => header.indexOf(h);
  const out: CsvSeries = { dates: [], close: [], open: [], high: [], low: [], volume: [] };
  const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    out.dates.push(c[col('date')]!);
    out.close.push(num(c[col('close')]));
    out.open.push(num(c[col('open')]));
    out.high.push(num(c[col('high')]));
    out.low.push(num(c[col('low')]));
    out.volume.push(num(c[col('volume')]));
  }
  return out;
}

/** Index of the last row dated on or before `date`, -1 if none (linear: test code, no shortcuts). */
export function rowOnOrBefore(s: { dates: readonly string[] }, date: string): number {
  let found = -1;
  for (let i = 0; i < s.dates.length; i++) if (s.dates[i]! <= date) found = i;
  return found;
}

/** `date` shifted by `days` calendar days (UTC). */
export function shiftDate(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
