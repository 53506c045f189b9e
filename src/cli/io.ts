/** Small I/O and argument helpers shared by CLI commands. */
import { dayNumber } from '../core/calendar';

/** An error whose message is shown to the user as-is, with exit status `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** JSON for display: NaN and infinities spelled out rather than turned into null. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (Array.isArray(v)) {
    const items = v.slice(0, 8).map(showValue);
    return `[${items.join(', ')}${v.length > 8 ? `, … (${v.length} values)` : ''}]`;
  }
  if (v === undefined) return 'undefined';
  return JSON.stringify(v);
}

/** A `--flag` date: undefined when absent, the date when valid, else a usage error. */
export function checkDate(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  try {
    dayNumber(v);
  } catch {
    throw new CliError(`${name} must be a date YYYY-MM-DD, got "${v}"`);
  }
  return v;
}
