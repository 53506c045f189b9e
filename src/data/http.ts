/**
 * The one HTTP layer under both data libraries (yahoo-finance2 and ccxt). It is handed to them as
 * a plain {@link FetchLike}, so everything below applies to every request either library makes:
 *
 * - per-host rate limiting (a token bucket per rule; `yahoo.com` covers every `*.yahoo.com` host);
 * - retries with exponential backoff and full jitter on 429, 408 and 5xx answers, network errors,
 *   time-outs and truncated bodies, honouring `Retry-After` (seconds or HTTP date), up to a number
 *   of attempts; only idempotent methods (GET, HEAD, OPTIONS) are retried;
 * - a per-attempt time-out that covers the body as well as the headers (bodies are read into memory
 *   here: the answers are small JSON documents), combined with the caller's cancellation signal;
 *   a cancelled request is never retried and rejects with the signal's reason;
 * - endpoint overrides (host -> base URL), which is how tests and `HASHPIVOT_ENDPOINTS` point the
 *   libraries at a loopback server without touching the libraries' own URL tables.
 *
 * The underlying fetch defaults to `globalThis.fetch`, looked up at call time. In the VS Code
 * extension host that global is VS Code's patched fetch, which resolves the proxy from
 * `http.proxy` / `http.proxySupport` / the system (PAC) and adds system certificates while
 * `http.fetchAdditionalSupport` is on (the default). We therefore never pass a `dispatcher`
 * (with `http.proxySupport: "on"` a caller-set dispatcher disables the proxy lookup) and never
 * capture `fetch` at module load.
 *
 * Classifying failures into ProviderError kinds is the providers' job; {@link kindOfFailure}
 * maps a thrown fetch error or a final Response to a kind for them.
 */
import type { FetchLike, ProviderErrorKind } from './provider';

export type HttpLogLevel = 'error' | 'warn' | 'info' | 'debug';
/** Receives every retry with its reason, e.g. `GET query2.finance.yahoo.com/v7/finance/quote: 429, retrying in 2.0 s (attempt 2/4)`. */
export type HttpLogger = (level: HttpLogLevel, message: string) => void;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go back to back before the rate applies (bucket capacity). Default 1. */
  burst?: number;
}

/**
 * Rate limits by host rule. A rule matches its host and every subdomain (`yahoo.com` matches
 * `query2.finance.yahoo.com`), and all hosts a rule matches share one bucket. Public limits:
 * Yahoo publishes none (it answers 429 when pushed; about 2 req/s is safe); Kraken's public REST
 * API allows about 1 req/s; Binance 6000 weight/min (a kline call weighs 2); Coinbase Exchange
 * 10 req/s public; Bitstamp 400 req/s, 10,000 per 10 minutes. We stay well below the exchanges'.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  'yahoo.com': { perSecond: 2, burst: 2 },
  'kraken.com': { perSecond: 1, burst: 1 },
  'binance.com': { perSecond: 5, burst: 5 },
  'coinbase.com': { perSecond: 5, burst: 5 },
  'bitstamp.net': { perSecond: 5, burst: 5 },
};
/** For hosts no rule matches. */
export const DEFAULT_HOST_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 5 };

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
  logger?: HttpLogger;
}

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

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
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

/** Whether an answer with this status is worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

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
  const log: HttpLogger = options.logger ?? (() => undefined);
  const endpoints = normaliseEndpoints(options.endpoints ?? {});
  const limiter = new RateLimiter(
    options.rateLimits === false ? {} : (options.rateLimits ?? DEFAULT_RATE_LIMITS),
    options.rateLimits === false ? null : options.defaultRateLimit === undefined ? DEFAULT_HOST_RATE_LIMIT : options.defaultRateLimit,
    now,
    sleep,
    log,
  );
  const realFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const unreachableMs = nonNegative(options.unreachableMs, 30_000, 'unreachableMs');
  const downHosts = new Map<string, HostUnreachableError>();

  async function attempt(url: string, input: string | URL | Request, init: RequestInit | undefined, caller: AbortSignal | undefined): Promise<Response> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new HttpTimeoutError(url, timeoutMs)), timeoutMs);
    const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
    try {
      const request = input instanceof Request ? new Request(url, input) : url;
      const response = await realFetch(request, { ...init, signal });
      let body: ArrayBuffer | null;
      try {
        body = NULL_BODY_STATUS.has(response.status) ? null : await response.arrayBuffer();
      } catch (error) {
        if (signal.aborted) throw error;
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
    const retryable = IDEMPOTENT.has(method);

    const target = hostOf(url);
    const down = downHosts.get(target);
    if (down && down.until > now()) throw down;
    if (down) downHosts.delete(target);
    for (let n = 1; ; n++) {
      if (caller?.aborted) throw caller.reason;
      await limiter.acquire(host, caller);
      let delay: number;
      let reason: string;
      try {
        const response = await attempt(url, input, init, caller);
        if (!isRetryableStatus(response.status)) return response;
        reason = String(response.status);
        if (!retryable || n >= maxAttempts) {
          if (retryable) log('warn', `${label}: ${reason}, giving up after ${n} attempt${n === 1 ? '' : 's'}`);
          return response;
        }
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now());
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
          log('warn', `${label}: ${reason} with Retry-After ${seconds(retryAfter)}, longer than the ${seconds(maxRetryAfterMs)} cap: not retrying`);
          return response;
        }
        delay = retryAfter ?? backoff(n);
        if (retryAfter !== undefined) reason += ` (Retry-After ${seconds(retryAfter)})`;
      } catch (error) {
        if (caller?.aborted) throw caller.reason;
        if (!isRetryableError(error)) throw error;
        reason = describeFailure(error);
        // A name that does not resolve will not resolve a second later.
        const dnsMiss = errorCode(error) === 'ENOTFOUND' || errorCode((error as Error).cause) === 'ENOTFOUND';
        if (!retryable || n >= maxAttempts || dnsMiss) {
          log('warn', `${label}: ${reason}, giving up after ${n} attempt${n === 1 ? '' : 's'}`);
          if (unreachableMs > 0 && kindOfFailure(error) === 'network') {
            downHosts.set(target, new HostUnreachableError(target, now() + unreachableMs, reason));
          }
          throw error;
        }
        delay = backoff(n);
      }
      log('warn', `${label}: ${reason}, retrying in ${seconds(delay)} (attempt ${n + 1}/${maxAttempts})`);
      await sleep(delay, caller);
    }
  };

  function backoff(failedAttempt: number): number {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (failedAttempt - 1));
    return Math.floor(random() * ceiling);
  }
}

/** Errors a new attempt may cure: time-outs, broken connections, cut-off bodies. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof HttpTimeoutError || error instanceof TruncatedBodyError) return true;
  return kindOfFailure(error) === 'network';
}

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
  if (error instanceof TruncatedBodyError) return 'malformed';
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

// ---------------------------------------------------------------------------------------------
// Endpoint overrides

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;
const EXAMPLE = 'query2.finance.yahoo.com=http://127.0.0.1:8080';

/**
 * Parses endpoint overrides: the `HASHPIVOT_ENDPOINTS` format `host=url,host=url` (commas or
 * whitespace between entries), or a list of `--endpoint HOST=URL` values. Returns host -> base URL,
 * the host lower-cased and the URL normalised without a trailing slash. Throws an Error naming the
 * bad entry: no `=`, a host with a scheme or path, a URL that is not absolute http(s) or that has
 * a query or fragment, or one host given twice with different URLs.
 */
export function parseEndpointOverrides(text: string | readonly string[]): Record<string, string> {
  const entries = (typeof text === 'string' ? [text] : text).flatMap((t) => t.split(/[,\s]+/)).filter((e) => e !== '');
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`Invalid endpoint override "${entry}": expected HOST=URL, e.g. ${EXAMPLE}`);
    const host = entry.slice(0, eq).trim().toLowerCase();
    const base = normaliseBase(entry.slice(eq + 1).trim(), entry);
    if (!HOST_RE.test(host)) {
      throw new Error(`Invalid endpoint override "${entry}": "${host}" is not a host name (give the host alone, without scheme or path, e.g. ${EXAMPLE})`);
    }
    if (host in out && out[host] !== base) {
      throw new Error(`Invalid endpoint override "${entry}": ${host} is already mapped to ${out[host]}`);
    }
    out[host] = base;
  }
  return out;
}

function normaliseBase(value: string, entry: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid endpoint override "${entry}": "${value}" is not an absolute URL (e.g. ${EXAMPLE})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid endpoint override "${entry}": the URL must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new Error(`Invalid endpoint override "${entry}": the base URL must not have a query or fragment`);
  }
  if (url.username || url.password) {
    throw new Error(`Invalid endpoint override "${entry}": the base URL must not carry credentials`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function normaliseEndpoints(endpoints: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [host, base] of Object.entries(endpoints)) {
    map.set(host.toLowerCase(), normaliseBase(base, `${host}=${base}`));
  }
  return map;
}

/**
 * Rewrites a URL whose host (with its port, or the bare hostname) has an override: scheme, host
 * and port are replaced by the base URL's, the base URL's path is prepended, path and query are
 * kept. Other URLs come back unchanged.
 */
export function rewriteUrl(url: string, endpoints: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string {
  const map = endpoints instanceof Map ? endpoints : new Map(Object.entries(endpoints));
  if (map.size === 0) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const base = map.get(parsed.host.toLowerCase()) ?? map.get(parsed.hostname.toLowerCase());
  if (base === undefined) return url;
  const target = new URL(base);
  const prefix = target.pathname.replace(/\/+$/, '');
  return `${target.origin}${prefix}${parsed.pathname}${parsed.search}`;
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

interface Bucket {
  tokens: number;
  last: number;
  perSecond: number;
  burst: number;
}

class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rules: [string, RateLimit][];

  constructor(
    rules: Readonly<Record<string, RateLimit>>,
    private readonly fallback: RateLimit | null,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    private readonly log: HttpLogger,
  ) {
    this.rules = Object.entries(rules).map(([k, v]) => [k.toLowerCase(), checkRate(v, k)]);
    if (fallback) checkRate(fallback, 'defaultRateLimit');
  }

  /** Takes a token for `host`, waiting for one if the bucket is empty (reservations queue up in call order). */
  async acquire(host: string, signal: AbortSignal | undefined): Promise<void> {
    const rule = this.rules.find(([key]) => host === key || host.endsWith(`.${key}`));
    const limit = rule ? rule[1] : this.fallback;
    if (!limit) return;
    const key = rule ? rule[0] : host;
    const t = this.now();
    const burst = limit.burst ?? 1;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, last: t, perSecond: limit.perSecond, burst };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((t - bucket.last) / 1000) * bucket.perSecond);
    bucket.last = t;
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return;
    const wait = Math.ceil((-bucket.tokens / bucket.perSecond) * 1000);
    this.log('debug', `rate limit ${key} (${limit.perSecond}/s): waiting ${seconds(wait)}`);
    await this.sleep(wait, signal);
  }
}

function checkRate(rate: RateLimit, name: string): RateLimit {
  if (!(rate.perSecond > 0) || (rate.burst !== undefined && !(rate.burst >= 1))) {
    throw new Error(`Invalid rate limit for ${name}: perSecond must be > 0 and burst >= 1`);
  }
  return rate;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function rebuild(response: Response, body: ArrayBuffer | null, url: string): Response {
  const headers = new Headers(response.headers);
  // The body is already decoded and complete: these would describe the wire form, not this one.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(copy, 'url', { value: response.url || url });
  return copy;
}

/** Waits `ms`, rejecting with `signal.reason` as soon as the signal aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Host and path without the query (which may carry a crumb or a key). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function errorCode(error: unknown): string | undefined {
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
