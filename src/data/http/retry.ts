/**
 * The retry policy: which answers and errors are worth another attempt (429, 408 and 5xx
 * answers, network errors, time-outs, truncated bodies; idempotent methods only), and how long
 * to wait before it: exponential backoff with full jitter, or the server's `Retry-After`
 * (seconds or HTTP date) up to a cap.
 */
import { errorCode, HttpTimeoutError, kindOfFailure, TruncatedBodyError } from './errors';
import { seconds } from './shared';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Only these methods are ever retried: GET, HEAD, OPTIONS. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** Whether an answer with this status is worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** Errors a new attempt may cure: time-outs, broken connections, cut-off bodies. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof HttpTimeoutError || error instanceof TruncatedBodyError) return true;
  return kindOfFailure(error) === 'network';
}

/** `Retry-After` as a delay in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * What follows a failed attempt: another one after `delayMs` (`reason` says why, for the log), or
 * none, with an optional `note` for the log (e.g. `429, giving up after 4 attempts`).
 */
export type RetryStep = { retry: true; delayMs: number; reason: string } | { retry: false; note?: string };

export interface RetryPolicyOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Attempt n waits a uniform random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` waited for; a longer one ends the retries. */
  maxRetryAfterMs: number;
  now: () => number;
  random: () => number;
}

export class RetryPolicy {
  constructor(private readonly o: RetryPolicyOptions) {}

  get maxAttempts(): number {
    return this.o.maxAttempts;
  }

  /** After attempt `n` was answered with a status {@link isRetryableStatus} accepts. */
  afterStatus(response: Response, n: number, idempotent: boolean): RetryStep {
    const reason = String(response.status);
    if (!idempotent) return { retry: false };
    if (n >= this.o.maxAttempts) return { retry: false, note: givingUp(reason, n) };
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.o.now());
    if (retryAfter === undefined) return { retry: true, delayMs: this.backoff(n), reason };
    if (retryAfter > this.o.maxRetryAfterMs) {
      return { retry: false, note: `${reason} with Retry-After ${seconds(retryAfter)}, longer than the ${seconds(this.o.maxRetryAfterMs)} cap: not retrying` };
    }
    return { retry: true, delayMs: retryAfter, reason: `${reason} (Retry-After ${seconds(retryAfter)})` };
  }

  /** After attempt `n` threw an error {@link isRetryableError} accepts; `reason` describes it. */
  afterError(error: unknown, reason: string, n: number, idempotent: boolean): RetryStep {
    // A name that does not resolve will not resolve a second later.
    const dnsMiss = errorCode(error) === 'ENOTFOUND' || errorCode((error as Error).cause) === 'ENOTFOUND';
    if (!idempotent || n >= this.o.maxAttempts || dnsMiss) return { retry: false, note: givingUp(reason, n) };
    return { retry: true, delayMs: this.backoff(n), reason };
  }

  private backoff(failedAttempt: number): number {
    const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (failedAttempt - 1));
    return Math.floor(this.o.random() * ceiling);
  }
}

function givingUp(reason: string, n: number): string {
  return `${reason}, giving up after ${n} attempt${n === 1 ? '' : 's'}`;
}
