/**
 * The HTTP layer's errors (time-out, cut-off body, error status, unreachable host), and how any
 * failure of a fetch through it maps to a ProviderError kind and to a short reason for the log.
 */
import type { ProviderErrorKind } from '../provider';
import { describeUrl, seconds } from './shared';

/** A host that failed to connect a moment ago; requests to it fail fast until `until`. */
export class HostUnreachableError extends Error {
  readonly code = 'EHOSTUNREACH';
  constructor(
    readonly host: string,
    readonly until: number,
    readonly lastReason: string,
  ) {
    super(`${host} unreachable (${lastReason}); not retrying for a while`);
    this.name = 'HostUnreachableError';
  }
}

/** The attempt ran out of time (headers or body). */
export class HttpTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`no complete answer from ${describeUrl(url)} within ${seconds(timeoutMs)}`);
    this.name = 'TimeoutError';
  }
}

/** The answer's headers arrived but its body broke off (connection closed, length mismatch). */
export class TruncatedBodyError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    cause: unknown,
  ) {
    super(`the body of ${describeUrl(url)} (HTTP ${status}) was cut off: ${causeMessage(cause)}`, { cause });
    this.name = 'TruncatedBodyError';
  }
}

/**
 * A final non-2xx answer turned into an error, for callers that prefer throwing to inspecting
 * (the Yahoo provider does, so that yahoo-finance2 never sees an error page). Carries the start
 * of the body, which often names the cause.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly bodyStart: string,
  ) {
    super(`HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${describeUrl(url)}${bodyStart ? `: ${bodyStart}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

/** The body grew past the layer's cap (a huge answer or a decompression bomb); reading stopped there. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`the answer of ${describeUrl(url)} is larger than ${(maxBytes / 1024 / 1024).toFixed(0)} MiB; not read further`);
    this.name = 'ResponseTooLargeError';
  }
}

/** A redirect to another origin, or too many redirects: not followed. */
export class RedirectError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${describeUrl(url)}: ${reason}`);
    this.name = 'RedirectError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Maps what a fetch through this layer produced to a ProviderError kind: a thrown error, or the
 * final Response (or its status). Undefined when it cannot tell (an error that did not come
 * from HTTP at all, or a 2xx answer), so providers can apply their library-specific rules.
 */
export function kindOfFailure(failure: unknown): ProviderErrorKind | undefined {
  if (typeof failure === 'number') return kindOfStatus(failure);
  if (failure instanceof Response) return kindOfStatus(failure.status);
  if (failure instanceof HttpStatusError) return kindOfStatus(failure.status);
  if (!(failure instanceof Error) && !isErrorLike(failure)) return undefined;
  const error = failure as Error & { code?: unknown; cause?: unknown };
  if (error instanceof HostUnreachableError) return 'network';
  if (error instanceof HttpTimeoutError || error.name === 'TimeoutError') return 'timeout';
  if (error.name === 'AbortError') return 'cancelled';
  if (error instanceof TruncatedBodyError || error instanceof ResponseTooLargeError) return 'malformed';
  if (error instanceof RedirectError) return 'http';
  if (error instanceof SyntaxError) return 'malformed';
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return 'network';
  // undici: TypeError('fetch failed') with the socket error as its cause.
  if (error instanceof TypeError && /fetch failed|network|terminated|socket/i.test(error.message)) return 'network';
  const cause = error.cause;
  if (cause && cause !== failure) {
    const inner = kindOfFailure(cause);
    if (inner === 'network' || inner === 'timeout') return inner;
  }
  return undefined;
}

function kindOfStatus(status: number): ProviderErrorKind | undefined {
  if (status >= 200 && status < 400) return undefined;
  if (status === 429) return 'rate-limited';
  if (status === 404) return 'not-found';
  return 'http';
}

/** A short human reason for the log: `time-out after 15.0 s`, `connection failed (ECONNRESET)`, … */
export function describeFailure(failure: unknown): string {
  if (failure instanceof Response) return `HTTP ${failure.status}`;
  if (failure instanceof HttpTimeoutError) return `time-out after ${seconds(failure.timeoutMs)}`;
  if (failure instanceof TruncatedBodyError) return `truncated body (${causeMessage(failure.cause)})`;
  if (failure instanceof Error) {
    const code = errorCode(failure) ?? errorCode(failure.cause);
    const detail = failure.cause instanceof Error ? failure.cause.message : failure.message;
    if (kindOfFailure(failure) === 'network') return `connection failed (${code ? `${code}: ` : ''}${detail})`;
    return failure.message;
  }
  return String(failure);
}

/** The `code` of a Node or undici error (`ECONNRESET`, `ENOTFOUND`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

function isErrorLike(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' && typeof (x as { message?: unknown }).message === 'string';
}
