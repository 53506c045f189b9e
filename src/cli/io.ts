/** Output, errors and file reading shared by CLI commands. */
import { readTextFileLimited } from '../data/files';
import { guardJsonText } from '../core/jsonGuard';
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

/**
 * A file's text (a regular file, size-limited: src/data/files.ts), or `cannot read WHAT FILE: WHY`
 * with exit status `code`.
 */
export function readText(file: string, what: string, code = 2): string {
  try {
    return readTextFileLimited(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.name === 'FileLimitError' ? messageOf(e).replace(`${file} `, '') : (err.code ?? messageOf(e));
    throw new CliError(`cannot read ${what ? `${what} ` : ''}${file}: ${why}`, code);
  }
}

/** JSON text that passed the file limits (src/core/jsonGuard.ts), parsed; or a CliError naming the first problem. */
export function parseJsonText(text: string, file: string, code = 2): unknown {
  const unsafe = guardJsonText(text);
  if (unsafe.length) throw new CliError(`${file}: ${unsafe[0]!.message}`, code);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${messageOf(e)}`, code);
  }
}
