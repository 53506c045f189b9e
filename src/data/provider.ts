/**
 * One interface in front of every market-data source (Yahoo through yahoo-finance2, exchanges
 * through ccxt). Providers throw {@link ProviderError} with a reason the UI and the log can show;
 * the market store walks a fallback chain on any failure.
 */
import type { HourlySeries } from '../core/sampling';
import type { DailySeries, IsoDate, Quote } from '../core/types';

export interface HistoryRequest {
  /** Inclusive first date wanted. */
  from: IsoDate;
  /** Inclusive last date wanted; default today (UTC). */
  to?: IsoDate;
  signal?: AbortSignal;
}

export interface Fundamentals {
  symbol: string;
  marketCap?: number;
  totalDebt?: number;
  totalCash?: number;
  sharesOutstanding?: number;
  enterpriseValue?: number;
  currency?: string;
  name?: string;
  /** ISO timestamp when fetched. */
  time: string;
}

export interface SymbolMatch {
  symbol: string;
  name?: string;
  exchange?: string;
  type?: string;
  provider: string;
}

export type ProviderErrorKind =
  | 'network' // connection refused/reset, DNS
  | 'timeout'
  | 'rate-limited' // 429 after retries
  | 'http' // other non-2xx after retries
  | 'malformed' // not JSON, truncated, schema-invalid
  | 'not-found' // unknown symbol at this source
  | 'unsupported' // this provider does not serve this symbol or operation
  | 'cancelled';

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

export interface MarketDataProvider {
  /** e.g. `yahoo`, `ccxt:binance`. */
  readonly id: string;
  /**
   * Daily bars (ascending). `symbol` is the provider's own symbol (`BTC/USDT`, `^NDX`, `IREN`).
   * Only closed bars: a bar still open (today's crypto day) is left out.
   */
  history(symbol: string, request: HistoryRequest): Promise<DailySeries>;
  /**
   * Hourly bars (ascending, closed bars only, UTC hours from `from` 00:00 to the end of `to`), where
   * the source has them: for BTC at the US equity close (src/core/sampling.ts). Closes are checked
   * (positive, finite; bars that are not on a whole hour are left out).
   */
  hourly?(symbol: string, request: HistoryRequest): Promise<HourlySeries>;
  /** Latest price. */
  quote(symbol: string, signal?: AbortSignal): Promise<Quote>;
  /** Balance-sheet and market figures, where the source has them. */
  fundamentals?(symbol: string, signal?: AbortSignal): Promise<Fundamentals>;
  /** Symbol search, where the source has it. */
  search?(query: string, signal?: AbortSignal): Promise<SymbolMatch[]>;
}

/** A fetch function with the standard signature; what the HTTP layer hands to the libraries. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
