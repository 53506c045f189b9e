/**
 * The fetch wrapper: createHttpClient returns a standard fetch that rewrites endpoint overrides,
 * fails fast for hosts the breaker holds down, takes a rate-limit token, runs each attempt under
 * a time-out covering headers and body (combined with the caller's cancellation signal; a
 * cancelled request is never retried and rejects with the signal's reason), and retries by the
 * retry policy.
 *
 * The underlying fetch defaults to `globalThis.fetch`, looked up at call time: in the VS Code
 * extension host it is VS Code's patched fetch, which resolves the proxy (`http.proxy`,
 * `http.proxySupport`, PAC) and adds system certificates. So we never pass a `dispatcher` (with
 * `http.proxySupport: "on"` it disables the proxy lookup) and never capture `fetch` at load.
 */
import type { FetchLike } from '../provider';
import { HostBreaker } from './breaker';
import { normaliseEndpoints, rewriteUrl } from './endpoints';
import { describeFailure, HttpTimeoutError, RedirectError, ResponseTooLargeError, TruncatedBodyError } from './errors';
import { DEFAULT_HOST_RATE_LIMIT, DEFAULT_RATE_LIMITS, RateLimiter, type RateLimit } from './rateLimit';
import { isIdempotent, isRetryableError, isRetryableStatus, RetryPolicy, type RetryStep } from './retry';
import { defaultSleep, describeUrl, seconds, type Sleep } from './shared';
import type { LogFn } from '../../shared/log';

export interface HttpClientOptions {
  /** The real fetch. Default: `globalThis.fetch`, looked up on every call (see the module comment). */
  fetch?: FetchLike;
  /** Per-attempt time-out, headers and body together. Default 15 000 ms. */
  timeoutMs?: number;
  /**
   * After a host could not be reached at all (connection failures through every attempt, or a
   * DNS answer that it does not exist), further requests to it fail at once for this long, so an
   * offline machine falls back to cached or snapshot data without waiting on every request.
   * Default 30 000 ms; 0 turns it off.
   */
  unreachableMs?: number;
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits a uniform random time in [0, min(maxDelayMs, base * 2^(n-1))]. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of the computed backoff. Default 30 000 ms. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` we wait for. A server asking for longer gets no retry: its answer (429
   * or 503) is handed back at once so the caller can fall back to another source instead of
   * sleeping. Default: `maxDelayMs`.
   */
  maxRetryAfterMs?: number;
  /** Rate limits by host rule; replaces {@link DEFAULT_RATE_LIMITS}. `false` turns rate limiting off. */
  rateLimits?: Readonly<Record<string, RateLimit>> | false;
  /** For hosts no rule matches; `null` means unlimited. Default {@link DEFAULT_HOST_RATE_LIMIT}. */
  defaultRateLimit?: RateLimit | null;
  /** Host -> base URL, see {@link parseEndpointOverrides}. */
  endpoints?: Readonly<Record<string, string>>;
  /** Injectable for tests: waits (backoff, rate limit); must reject with `signal.reason` when aborted. */
  sleep?: Sleep;
  /** Injectable clock (ms since epoch), used for `Retry-After` dates and the rate limiter. */
  now?: () => number;
  /** Injectable random source in [0, 1), used for jitter. */
  random?: () => number;
  logger?: LogFn;
  /** Largest body read, counted while it streams (after decompression). Default 32 MiB. */
  maxBodyBytes?: number;
  /**
   * Redirects followed when the caller leaves `redirect` at its default: only to the same origin
   * (an `http:` to `https:` upgrade of the same host included), at most this many. Default 5.
   * A caller that asks for `redirect: 'manual'` gets the 3xx answer as it is.
   */
  maxRedirects?: number;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Builds the HTTP layer. The result is a standard fetch: hand it to yahoo-finance2 (`fetch`
 * option) and to ccxt (`exchange.fetchImplementation`).
 */
export function createHttpClient(options: HttpClientOptions = {}): FetchLike {
  const timeoutMs = positive(options.timeoutMs, 15_000, 'timeoutMs');
  const maxAttempts = Math.max(1, Math.floor(positive(options.maxAttempts, 4, 'maxAttempts')));
  const baseDelayMs = nonNegative(options.baseDelayMs, 500, 'baseDelayMs');
  const maxDelayMs = nonNegative(options.maxDelayMs, 30_000, 'maxDelayMs');
  const maxRetryAfterMs = nonNegative(options.maxRetryAfterMs, maxDelayMs, 'maxRetryAfterMs');
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const log: LogFn = options.logger ?? (() => undefined);
  const policy = new RetryPolicy({ maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, now, random });
  const endpoints = normaliseEndpoints(options.endpoints ?? {});
  const limiter = new RateLimiter(
    options.rateLimits === false ? {} : (options.rateLimits ?? DEFAULT_RATE_LIMITS),
    options.rateLimits === false ? null : options.defaultRateLimit === undefined ? DEFAULT_HOST_RATE_LIMIT : options.defaultRateLimit,
    now,
    sleep,
    log,
  );
  const realFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const breaker = new HostBreaker(nonNegative(options.unreachableMs, 30_000, 'unreachableMs'), now);
  const maxBodyBytes = positive(options.maxBodyBytes, 32 * 1024 * 1024, 'maxBodyBytes');
  const maxRedirects = Math.floor(nonNegative(options.maxRedirects, 5, 'maxRedirects'));

  /** fetch, following same-origin redirects by hand (the caller's own `redirect: 'manual'` is passed through). */
  async function fetchFollowing(url: string, input: string | URL | Request, init: RequestInit | undefined, signal: AbortSignal): Promise<Response> {
    const wanted = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
    if (wanted !== 'follow') return realFetch(input instanceof Request ? new Request(url, input) : url, { ...init, signal });
    let current = url;
    for (let hop = 0; ; hop++) {
      const request = input instanceof Request ? new Request(current, input) : current;
      const response = await realFetch(request, { ...init, signal, redirect: 'manual' });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (!location) return response;
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(location, current);
      if (!sameOrigin(new URL(current), next)) throw new RedirectError(url, `redirect to another origin (${next.origin}) not followed`);
      if (hop >= maxRedirects) throw new RedirectError(url, `more than ${maxRedirects} redirects`);
      current = next.href;
    }
  }

  async function attempt(url: string, input: string | URL | Request, init: RequestInit | undefined, caller: AbortSignal | undefined): Promise<Response> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new HttpTimeoutError(url, timeoutMs)), timeoutMs);
    const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
    try {
      const response = await fetchFollowing(url, input, init, signal);
      let body: ArrayBuffer | null;
      try {
        body = NULL_BODY_STATUS.has(response.status) ? null : await readCapped(response, url, maxBodyBytes);
      } catch (error) {
        if (signal.aborted || error instanceof ResponseTooLargeError) throw error;
        throw new TruncatedBodyError(url, response.status, error);
      }
      return rebuild(response, body, url);
    } catch (error) {
      // The caller's cancellation wins over our time-out; both win over whatever fetch threw.
      if (caller?.aborted) throw caller.reason;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return async function httpFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const original = input instanceof Request ? input.url : String(input);
    const url = rewriteUrl(original, endpoints);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const caller = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    const host = hostOf(original);
    const label = `${method} ${describeUrl(original)}`;
    const idempotent = isIdempotent(method);

    const target = hostOf(url);
    breaker.check(target);
    for (let n = 1; ; n++) {
      if (caller?.aborted) throw caller.reason;
      await limiter.acquire(host, caller);
      let step: RetryStep;
      try {
        const response = await attempt(url, input, init, caller);
        if (!isRetryableStatus(response.status)) return response;
        step = policy.afterStatus(response, n, idempotent);
        if (!step.retry) {
          if (step.note) log('warn', `${label}: ${step.note}`);
          return response;
        }
      } catch (error) {
        if (caller?.aborted) throw caller.reason;
        if (!isRetryableError(error)) throw error;
        step = policy.afterError(error, describeFailure(error), n, idempotent);
        if (!step.retry) {
          log('warn', `${label}: ${step.note}`);
          breaker.failed(target, error);
          throw error;
        }
      }
      log('warn', `${label}: ${step.reason}, retrying in ${seconds(step.delayMs)} (attempt ${n + 1}/${policy.maxAttempts})`);
      await sleep(step.delayMs, caller);
    }
  };
}

/** Same scheme, host and port; an upgrade from http: to https: on the same host counts as the same. */
function sameOrigin(from: URL, to: URL): boolean {
  if (from.hostname.toLowerCase() !== to.hostname.toLowerCase()) return false;
  if (from.protocol === to.protocol) return from.port === to.port;
  return from.protocol === 'http:' && to.protocol === 'https:' && (to.port === '' || to.port === '443');
}

/** The body, read chunk by chunk and stopped as soon as it passes `maxBytes` (a declared length over it is refused unread). */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<ArrayBuffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(url, maxBytes);
  }
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(url, maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** A copy of the answer around its complete, decoded body. */
function rebuild(response: Response, body: ArrayBuffer | null, url: string): Response {
  const headers = new Headers(response.headers);
  // The body is already decoded and complete: these would describe the wire form, not this one.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(copy, 'url', { value: response.url || url });
  return copy;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`createHttpClient: ${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`createHttpClient: ${name} must be a number >= 0, got ${value}`);
  return value;
}
