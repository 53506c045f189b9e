/**
 * Domain types shared by the data layer, the analytics and the views.
 * Pure: no VS Code, no Node-only APIs.
 */

/** ISO calendar date, `YYYY-MM-DD` (UTC day for crypto, exchange session for equities). */
export type IsoDate = string;

/** What kind of instrument a symbol is; decides its calendar and annualization. */
export type AssetClass = 'crypto' | 'equity' | 'index' | 'etf' | 'basket';

/** Where a series or quote came from. */
export type SourceKind = 'live' | 'cache' | 'snapshot';

export interface DataOrigin {
  kind: SourceKind;
  /** Provider id, e.g. `yahoo`, `ccxt:binance`, `snapshot`. */
  provider: string;
  /** Symbol as the provider knows it (e.g. `BTC/USDT`, `^NDX`). */
  providerSymbol?: string;
  /**
   * live: when it was fetched (ISO timestamp); cache: when the cached copy was fetched;
   * snapshot: the snapshot's as-of date.
   */
  asOf: string;
  /** Free text on the origin (repository, adjustment), shown in tooltips. */
  note?: string;
}

/** Daily bars in ascending date order; `close` is always present, the rest may be absent (close-only sources). */
export interface DailySeries {
  symbol: string;
  dates: IsoDate[];
  /**
   * The same dates as day numbers (days since 1970-01-01), when the producer has them (the
   * snapshot decoder, the store). Hot paths read {@link import('./calendar').seriesDays}, which
   * falls back to converting `dates` once per series.
   */
  days?: Int32Array;
  close: number[];
  open?: number[];
  high?: number[];
  low?: number[];
  volume?: number[];
  origin: DataOrigin;
}

export interface Quote {
  symbol: string;
  price: number;
  /** Change over the session or last 24 h, as a fraction, when the source gives it. */
  changeFraction?: number;
  currency?: string;
  marketCap?: number;
  name?: string;
  /** ISO timestamp of the price. */
  time: string;
  origin: DataOrigin;
  /** How a live quote arrived: a REST request (`poll`) or an exchange's websocket ticker (`stream`). */
  feed?: QuoteFeed;
}

export type QuoteFeed = 'poll' | 'stream';
