/**
 * Per-host rate limiting: a token bucket per host rule. A rule matches its host and every
 * subdomain (`yahoo.com` covers `query2.finance.yahoo.com`), and all hosts a rule matches share
 * one bucket; hosts no rule matches get a bucket each at the default rate.
 */
import { seconds, type Sleep } from './shared';
import type { LogFn } from '../../shared/log';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go back to back before the rate applies (bucket capacity). Default 1. */
  burst?: number;
}

/**
 * Rate limits by host rule. Public limits: Yahoo publishes none (it answers 429 when pushed;
 * about 2 req/s is safe); Kraken's public REST API allows about 1 req/s; Binance 6000 weight/min
 * (a kline call weighs 2); Coinbase Exchange 10 req/s public; Bitstamp 400 req/s, 10,000 per
 * 10 minutes. We stay well below the exchanges'. blockchain.info (network charts for hashprice)
 * publishes no limit for its charts API and answers 429 when pushed: 1 req/s.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  'yahoo.com': { perSecond: 2, burst: 2 },
  'kraken.com': { perSecond: 1, burst: 1 },
  'binance.com': { perSecond: 5, burst: 5 },
  'coinbase.com': { perSecond: 5, burst: 5 },
  'bitstamp.net': { perSecond: 5, burst: 5 },
  'blockchain.info': { perSecond: 1, burst: 2 },
};
/** For hosts no rule matches. */
export const DEFAULT_HOST_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 5 };

interface Bucket {
  tokens: number;
  last: number;
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rules: [string, RateLimit][];

  /** Throws when a rule (or the fallback) has a rate <= 0 or a burst < 1. */
  constructor(
    rules: Readonly<Record<string, RateLimit>>,
    private readonly fallback: RateLimit | null,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    private readonly log: LogFn,
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
