/**
 * Reading a text file a user or a repository supplies: only a regular file (a symlink is followed,
 * and must end at one: `/dev/zero`, a FIFO or a directory is refused without reading), at most
 * `maxBytes`, read through one descriptor so the checks and the read see the same file.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { guardJsonText } from '../core/jsonGuard';

/** Large enough for any hand-kept JSON file (a 100,000-deal catalog is about 30 MB). */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

export class FileLimitError extends Error {
  constructor(
    message: string,
    readonly code: 'ENOTFILE' | 'ETOOBIG',
  ) {
    super(message);
    this.name = 'FileLimitError';
  }
}

export function readTextFileLimited(file: string, maxBytes = MAX_TEXT_FILE_BYTES): string {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileLimitError(`${file} is not a regular file`, 'ENOTFILE');
    if (st.size > maxBytes)
      throw new FileLimitError(`${file} is too large (${st.size.toLocaleString('en-US')} bytes, more than ${maxBytes.toLocaleString('en-US')})`, 'ETOOBIG');
    // Read at most maxBytes + 1: a file that grew after fstat is still capped.
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new FileLimitError(`${file} is too large (more than ${maxBytes.toLocaleString('en-US')} bytes)`, 'ETOOBIG');
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A JSON file read as {@link readTextFileLimited}, checked by guardJsonText, then parsed; throws with the first problem. */
export function readJsonFileLimited(file: string, maxBytes = MAX_TEXT_FILE_BYTES): unknown {
  const text = readTextFileLimited(file, maxBytes);
  const unsafe = guardJsonText(text);
  if (unsafe.length) throw new Error(unsafe[0]!.message);
  return JSON.parse(text);
}
