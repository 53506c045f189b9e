/**
 * The one HTTP layer under both data libraries (yahoo-finance2 and ccxt), handed to them as a
 * plain fetch, so everything here applies to every request either makes: endpoint overrides
 * (endpoints.ts), per-host rate limits (rateLimit.ts), retries with backoff (retry.ts), a fast
 * failure for unreachable hosts (breaker.ts), per-attempt time-outs (client.ts). Classifying
 * failures into ProviderError kinds is the providers' job; errors.ts maps what a fetch produced
 * to a kind for them.
 */
export { createHttpClient, type HttpClientOptions } from './client';
export { parseEndpointOverrides, rewriteUrl, rewriteWsUrl } from './endpoints';
export { describeFailure, HostUnreachableError, HttpStatusError, HttpTimeoutError, kindOfFailure, TruncatedBodyError } from './errors';
export { DEFAULT_HOST_RATE_LIMIT, DEFAULT_RATE_LIMITS, type RateLimit } from './rateLimit';
export { isRetryableError, isRetryableStatus, parseRetryAfter } from './retry';
export { defaultSleep, describeUrl, type Sleep } from './shared';
