/**
 * A small JSON state file shared by several processes (VS Code windows, CLI runs): written
 * atomically (a temporary file renamed over it), and changed only under a lock, so that a
 * read-decide-write sequence (alert memory: "has this trigger been notified?") happens once
 * across processes. The lock is a directory beside the file (mkdir is atomic); a lock older than
 * `staleMs` is taken over, so a crashed holder cannot block the others for long.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface LockOptions {
  /** Give up waiting after this long. Default 10 s. */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned. Default 30 s. */
  staleMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(file: string, timeoutMs: number) {
    super(`could not lock ${file} within ${timeoutMs} ms (another Hashpivot window or run holds it)`);
    this.name = 'LockTimeoutError';
  }
}

/** Runs `fn` while holding the lock of `file`. */
export async function withFileLock<T>(file: string, fn: () => Promise<T> | T, o: LockOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const staleMs = o.staleMs ?? 30_000;
  const lock = `${path.resolve(file)}.lock`;
  await mkdir(path.dirname(lock), { recursive: true });
  const start = Date.now();
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > staleMs) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - start > timeoutMs) throw new LockTimeoutError(file, timeoutMs);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Writes `text` to `file` atomically: readers see the old file or the new one, never half of one. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
