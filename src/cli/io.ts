/** Output, errors and file reading shared by CLI commands. */
import { readFileSync } from 'node:fs';
import { messageOf } from '../shared/errors';

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

/** A file's text, or `cannot read WHAT FILE: CODE` with exit status `code`. */
export function readText(file: string, what: string, code = 2): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`, code);
  }
}
