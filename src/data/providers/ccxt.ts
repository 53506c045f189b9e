/**
 * Crypto prices from exchanges through ccxt, one exchange per provider (`ccxt:binance`,
 * `ccxt:coinbase`, `ccxt:kraken`, `ccxt:bitstamp`, `ccxt:coinbaseexchange`).
 *
 * Bundle: exchange classes come in one at a time through the `ccxt-src` alias (single files of
 * `ccxt/js/src`), never from the `ccxt` root, which would bundle every exchange (about 6 MB).
 * They are loaded with a dynamic `import()` on first use: esbuild keeps them in the bundle but
 * evaluates them only then, so activation does not pay for ccxt.
 *
 * "coinbase": ccxt's `coinbase` class is Coinbase Advanced Trade. Its public candles
 * (`/api/v3/brokerage/market/...`) also work without keys, but its `loadMarkets` goes through
 * several endpoints and the class is the larger one. `coinbaseexchange` is the Coinbase Exchange
 * public REST API (api.exchange.coinbase.com, formerly Pro/GDAX): keyless, unauthenticated
 * `/products/{id}/candles` (300 candles a request) and `/products/{id}/ticker`, and the one with
 * recorded responses for both. So `coinbase` here is served by the `coinbaseexchange` class.
 *
 * HTTP: `exchange.fetchImplementation` is ccxt's hook for a user fetch; ccxt calls it as
 * `(url, { method, headers, body, timeout, signal, agent? })` and reads the standard Response.
 * We strip the node-style `timeout`/`agent`, combine ccxt's signal with the caller's (carried
 * through an AsyncLocalStorage, since one exchange instance serves concurrent calls) and send it
 * through the HTTP layer, which rate-limits, retries and times out. ccxt's own time-out is set
 * above the layer's whole retry budget. ccxt's own throttle (`enableRateLimit`) stays on by default:
 * it knows each exchange's request costs; the layer's per-host bucket is the shared backstop.
 *
 * Markets: fetchOHLCV and fetchTicker only need `market(symbol)` (id, base, quote, spot) and call
 * `loadMarkets` only while `exchange.markets` is undefined. We `setMarkets` a minimal spot market
 * per symbol (ids follow each exchange's convention; Kraken's legacy ids come from a table), so no
 * market list is downloaded. A Kraken pair outside the table falls back to one `loadMarkets`.
 *
 * History: daily candles (`1d`, UTC days) paged forward from `from` until `to`, without the current,
 * still-open UTC day. Hourly: `1h` candles paged the same way, without the open hour (BTC at the US
 * equity close, src/core/sampling.ts). Kraken answers only its latest 720 candles whatever `since` says: the series
 * note says so, and names the first date when it starts later than asked.
 * Binance answers HTTP 451 to US addresses: that becomes an 'http' error naming the restriction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from 'ccxt-src/base/Exchange.js' with { 'resolution-mode': 'import' };
import { fromDayNumber } from '../../core/calendar';
import { HOUR_MS, type HourlySeries } from '../../core/sampling';
import type { DailySeries, Quote } from '../../core/types';
import { describeUrl, kindOfFailure } from '../http';
import { ProviderError, type FetchLike, type HistoryRequest, type MarketDataProvider, type ProviderErrorKind } from '../provider';
import { DAY_MS, checkRange, silent, throwIfCancelled, wrapFailure } from './common';
import type { LogFn } from '../../shared/log';

export const CCXT_EXCHANGES = ['binance', 'coinbase', 'coinbaseexchange', 'kraken', 'bitstamp'] as const;
export type CcxtExchangeName = (typeof CCXT_EXCHANGES)[number];

export function isCcxtExchange(name: string): name is CcxtExchangeName {
  return (CCXT_EXCHANGES as readonly string[]).includes(name);
}

type ExchangeCtor = new (config?: Record<string, unknown>) => Exchange;
type OHLCV = [number, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined];

interface ExchangeInfo {
  label: string;
  /** Most daily candles one request returns. */
  pageLimit: number;
  load: () => Promise<{ default: ExchangeCtor }>;
  /** Market id for BASE/QUOTE, or undefined when only the exchange's market list can tell. */
  marketId: (base: string, quote: string) => { id: string; baseId: string; quoteId: string } | undefined;
  note?: string;
}

/** Kraken's ids for the pairs we use (its AssetPairs keys; the answers are keyed by these). */
const KRAKEN_IDS: Record<string, [id: string, baseId: string, quoteId: string]> = {
  'BTC/USD': ['XXBTZUSD', 'XXBT', 'ZUSD'],
  'BTC/EUR': ['XXBTZEUR', 'XXBT', 'ZEUR'],
  'BTC/GBP': ['XXBTZGBP', 'XXBT', 'ZGBP'],
  'BTC/USDT': ['XBTUSDT', 'XBT', 'USDT'],
  'BTC/USDC': ['XBTUSDC', 'XBT', 'USDC'],
  'ETH/USD': ['XETHZUSD', 'XETH', 'ZUSD'],
  'ETH/EUR': ['XETHZEUR', 'XETH', 'ZEUR'],
  'ETH/BTC': ['XETHXXBT', 'XETH', 'XXBT'],
  'ETH/USDT': ['ETHUSDT', 'ETH', 'USDT'],
  'SOL/USD': ['SOLUSD', 'SOL', 'USD'],
  'XRP/USD': ['XXRPZUSD', 'XXRP', 'ZUSD'],
  'USDT/USD': ['USDTZUSD', 'USDT', 'ZUSD'],
};

const COINBASE_EXCHANGE: ExchangeInfo = {
  label: 'Coinbase Exchange',
  pageLimit: 300,
  load: () => import('ccxt-src/coinbaseexchange.js'),
  marketId: (b, q) => ({ id: `${b}-${q}`, baseId: b, quoteId: q }),
};

const EXCHANGES: Record<CcxtExchangeName, ExchangeInfo> = {
  binance: {
    label: 'Binance',
    pageLimit: 1000,
    load: () => import('ccxt-src/binance.js'),
    marketId: (b, q) => ({ id: `${b}${q}`, baseId: b, quoteId: q }),
  },
  coinbase: COINBASE_EXCHANGE,
  coinbaseexchange: COINBASE_EXCHANGE,
  kraken: {
    label: 'Kraken',
    pageLimit: 720,
    load: () => import('ccxt-src/kraken.js'),
    marketId: (b, q) => {
      const known = KRAKEN_IDS[`${b}/${q}`];
      return known ? { id: known[0], baseId: known[1], quoteId: known[2] } : undefined;
    },
    note: 'Kraken serves only its latest 720 daily candles',
  },
  bitstamp: {
    label: 'Bitstamp',
    pageLimit: 1000,
    load: () => import('ccxt-src/bitstamp.js'),
    marketId: (b, q) => ({ id: `${b}${q}`.toLowerCase(), baseId: b.toLowerCase(), quoteId: q.toLowerCase() }),
  },
};

/** A minimal spot market: what fetchOHLCV/fetchTicker read. */
export function minimalMarket(exchange: CcxtExchangeName, symbol: string): Record<string, unknown> | undefined {
  const m = /^([A-Z0-9]+)\/([A-Z0-9]+)$/.exec(symbol);
  if (!m) return undefined;
  const [, base, quote] = m as unknown as [string, string, string];
  const ids = EXCHANGES[exchange].marketId(base, quote);
  if (!ids) return undefined;
  return {
    id: ids.id,
    lowercaseId: ids.id.toLowerCase(),
    symbol,
    base,
    quote,
    baseId: ids.baseId,
    quoteId: ids.quoteId,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    precision: {},
    limits: {},
    info: {},
  };
}

export interface CcxtProviderOptions {
  exchange: CcxtExchangeName;
  /** The HTTP layer (see `createHttpClient`). */
  fetch: FetchLike;
  now?: () => number;
  logger?: LogFn;
  /** ccxt's own throttle, on top of the HTTP layer's per-host limit. Default true. */
  enableRateLimit?: boolean;
  /** ccxt's time-out for one call of the fetch hook, retries included. Default 5 minutes. */
  ccxtTimeoutMs?: number;
  /** Upper bound on candle requests per history call. Default 50. */
  maxPages?: number;
  /** Upper bound on candle requests per hourly call. Default 100. */
  maxHourlyPages?: number;
}

/** What one provider call learns from the HTTP layer, read back when ccxt throws. */
interface CallState {
  signal?: AbortSignal;
  status?: number;
  url?: string;
  bodyStart?: string;
  failure?: unknown;
}

export class CcxtProvider implements MarketDataProvider {
  readonly id: string;
  readonly exchangeName: CcxtExchangeName;
  private readonly info: ExchangeInfo;
  private readonly http: FetchLike;
  private readonly now: () => number;
  private readonly log: LogFn;
  private readonly options: CcxtProviderOptions;
  private instance?: Promise<Exchange>;
  private readonly markets = new Map<string, Record<string, unknown>>();
  private fullMarkets = false;
  private readonly calls = new AsyncLocalStorage<CallState>();

  constructor(options: CcxtProviderOptions) {
    if (!isCcxtExchange(options.exchange)) {
      throw new Error(`unknown exchange "${String(options.exchange)}"; known: ${CCXT_EXCHANGES.join(', ')}`);
    }
    this.options = options;
    this.exchangeName = options.exchange;
    this.id = `ccxt:${options.exchange}`;
    this.info = EXCHANGES[options.exchange];
    this.http = options.fetch;
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? silent;
  }

  /** The configured ccxt exchange (loaded on first use). Exposed for tests and diagnostics. */
  exchange(): Promise<Exchange> {
    this.instance ??= this.create().catch((error) => {
      this.instance = undefined;
      throw error;
    });
    return this.instance;
  }

  /**
   * Runs `fn` as one provider call: the market of `symbol` is set up first (see the module
   * comment), HTTP status and failures are tracked, the signal applies, and every failure becomes
   * a ProviderError. history and quote use it; tests call ccxt methods through it directly.
   */
  async run<T>(what: string, symbol: string, signal: AbortSignal | undefined, fn: (exchange: Exchange) => Promise<T>): Promise<T> {
    throwIfCancelled(this.id, signal);
    const state: CallState = signal ? { signal } : {};
    try {
      const exchange = await this.exchange();
      return await this.calls.run(state, async () => {
        await this.ensureMarket(exchange, symbol);
        return fn(exchange);
      });
    } catch (error) {
      const wrapped = wrapFailure(this.id, what, error, {
        signal,
        classify: (e) => this.classify(e, state),
        fallback: 'http',
        message: this.message(error, state),
      });
      this.log('debug', wrapped.message);
      throw wrapped;
    }
  }

  async history(symbol: string, request: HistoryRequest): Promise<DailySeries> {
    const nowMs = this.now();
    const range = checkRange(this.id, request.from, request.to, nowMs);
    const todayStart = Math.floor(nowMs / DAY_MS) * DAY_MS; // the open candle starts here
    const since = range.fromDay * DAY_MS;
    const end = Math.min((range.toDay + 1) * DAY_MS, todayStart); // exclusive
    const { bars, complete } = await this.candles(symbol, '1d', since, end, this.options.maxPages ?? 50, request.signal);
    // A candle without its four prices is dropped; a missing volume reads 0.
    const times = [...bars.keys()].sort((a, b) => a - b).filter((t) => [1, 2, 3, 4].every((i) => isPrice(bars.get(t)![i])));
    const dates = times.map((t) => fromDayNumber(t / DAY_MS));
    const pick = (i: number) => times.map((t) => num(bars.get(t)![i]));
    const notes = [`${this.info.label} daily candles through ccxt; dates are UTC days, the current day left out`];
    if (this.info.note) notes.push(this.info.note);
    if (this.exchangeName === 'kraken' && dates.length > 0 && dates[0]! > range.from) {
      notes.push(`the series starts ${dates[0]}, not ${range.from}`);
    }
    if (!complete) notes.push('incomplete: request limit reached');
    return {
      symbol,
      dates,
      close: pick(4),
      open: pick(1),
      high: pick(2),
      low: pick(3),
      volume: pick(5),
      origin: { kind: 'live', provider: this.id, providerSymbol: symbol, asOf: new Date(nowMs).toISOString(), note: notes.join('; ') },
    };
  }

  /**
   * Hourly candles (`fetchOHLCV(symbol, '1h', since, limit)`, paged forward like the daily ones)
   * from `from` 00:00 UTC to the end of `to`, without the hour still open. Only candles on a whole
   * hour with a positive, finite close are kept.
   */
  async hourly(symbol: string, request: HistoryRequest): Promise<HourlySeries> {
    const nowMs = this.now();
    const range = checkRange(this.id, request.from, request.to, nowMs);
    const since = range.fromDay * DAY_MS;
    const end = Math.min((range.toDay + 1) * DAY_MS, Math.floor(nowMs / HOUR_MS) * HOUR_MS); // exclusive: the open hour starts there
    const { bars, complete } = await this.candles(symbol, '1h', since, end, this.options.maxHourlyPages ?? 100, request.signal);
    const all = [...bars.keys()].sort((a, b) => a - b);
    const times = all.filter((t) => t % HOUR_MS === 0 && isPositivePrice(bars.get(t)![4]));
    if (times.length < all.length)
      this.log('debug', `${this.id} hourly ${symbol}: ${all.length - times.length} candle(s) off the hour or without a valid close left out`);
    const notes = [`${this.info.label} hourly candles through ccxt (bar open times, UTC), the open hour left out`];
    if (this.exchangeName === 'kraken') notes.push('Kraken serves only its latest 720 candles (30 days of hours)');
    if (times.length > 0 && times[0]! > since + DAY_MS) notes.push(`the bars start ${new Date(times[0]!).toISOString()}, not ${range.from}`);
    if (!complete) notes.push('incomplete: request limit reached');
    return {
      symbol,
      times,
      close: times.map((t) => bars.get(t)![4] as number),
      origin: { kind: 'live', provider: this.id, providerSymbol: symbol, asOf: new Date(nowMs).toISOString(), note: notes.join('; ') },
    };
  }

  /**
   * Candles of one timeframe paged forward from `since` to `end` (exclusive, ms), keyed by their
   * start (daily candles floored to 00:00 UTC). An empty page (before a listing, or a gap) moves on
   * by a page; otherwise the next request starts one step after the last candle.
   */
  private async candles(
    symbol: string,
    timeframe: '1d' | '1h',
    since: number,
    end: number,
    maxPages: number,
    signal: AbortSignal | undefined,
  ): Promise<{ bars: Map<number, OHLCV>; complete: boolean }> {
    const step = timeframe === '1d' ? DAY_MS : HOUR_MS;
    const bars = new Map<number, OHLCV>();
    let pages = 0;
    let complete = true;
    await this.run(`${timeframe === '1d' ? 'history' : 'hourly'} ${symbol}`, symbol, signal, async (exchange) => {
      let cursor = since;
      while (cursor < end) {
        if (pages >= maxPages) {
          complete = false;
          this.log('warn', `${this.id} ${timeframe} ${symbol}: stopped after ${pages} requests at ${new Date(cursor).toISOString()}`);
          break;
        }
        throwIfCancelled(this.id, signal);
        const limit = Math.min(this.info.pageLimit, Math.ceil((end - cursor) / step));
        const page = (await exchange.fetchOHLCV(symbol, timeframe, cursor, limit)) as OHLCV[];
        pages++;
        let last = -Infinity;
        for (const bar of page) {
          const t = bar[0];
          if (typeof t !== 'number') continue;
          last = Math.max(last, t);
          const key = timeframe === '1d' ? Math.floor(t / DAY_MS) * DAY_MS : t; // daily candles open at 00:00 UTC
          if (key >= since && key < end) bars.set(key, bar);
        }
        const next = page.length === 0 ? cursor + limit * step : last + step;
        if (next <= cursor) break;
        cursor = next;
      }
    });
    return { bars, complete };
  }

  async quote(symbol: string, signal?: AbortSignal): Promise<Quote> {
    const ticker = await this.run(`quote ${symbol}`, symbol, signal, (exchange) => exchange.fetchTicker(symbol));
    const price = ticker.last ?? ticker.close;
    if (!isPrice(price)) throw new ProviderError(this.id, 'malformed', `quote ${symbol}: the ticker has no last price`);
    const fetchedAt = new Date(this.now()).toISOString();
    const quote = symbol.split('/')[1];
    return {
      symbol,
      price,
      ...(typeof ticker.percentage === 'number' && Number.isFinite(ticker.percentage) ? { changeFraction: ticker.percentage / 100 } : {}),
      ...(quote ? { currency: quote } : {}),
      time: typeof ticker.timestamp === 'number' ? new Date(ticker.timestamp).toISOString() : fetchedAt,
      origin: { kind: 'live', provider: this.id, providerSymbol: symbol, asOf: fetchedAt, note: `${this.info.label} ticker through ccxt` },
    };
  }

  private async create(): Promise<Exchange> {
    const { default: ExchangeClass } = await this.info.load();
    const exchange = new ExchangeClass({
      enableRateLimit: this.options.enableRateLimit ?? true,
      timeout: this.options.ccxtTimeoutMs ?? 300_000,
    });
    exchange.fetchImplementation = this.fetchHook();
    return exchange;
  }

  /** ccxt's fetch hook: through the HTTP layer, with the caller's signal, recording what happened. */
  private fetchHook(): (url: string, init?: Record<string, unknown>) => Promise<Response> {
    return async (url, init = {}) => {
      const state = this.calls.getStore();
      const { timeout: _timeout, agent: _agent, signal: ccxtSignal, ...rest } = init;
      const signals = [ccxtSignal as AbortSignal | undefined, state?.signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      try {
        const response = await this.http(url, { ...(rest as RequestInit), ...(signal ? { signal } : {}) });
        if (state) {
          state.status = response.status;
          state.url = url;
        }
        const text = await response.clone().text();
        if (!response.ok) {
          if (state) state.bodyStart = text.replace(/\s+/g, ' ').trim().slice(0, 200);
        } else if (text.trim() !== '') {
          // ccxt turns an unparsable body into an empty result; make it an error instead.
          try {
            JSON.parse(text);
          } catch {
            throw new SyntaxError(`${describeUrl(url)} answered HTTP ${response.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
          }
        }
        return response;
      } catch (error) {
        if (state) state.failure = error;
        throw error;
      }
    };
  }

  private async ensureMarket(exchange: Exchange, symbol: string): Promise<void> {
    if (exchange.markets && symbol in exchange.markets) return;
    if (this.fullMarkets) throw new ProviderError(this.id, 'not-found', `${this.info.label} has no market ${symbol}`);
    const market = minimalMarket(this.exchangeName, symbol);
    if (market) {
      this.markets.set(symbol, market);
      exchange.setMarkets([...this.markets.values()]);
      return;
    }
    if (!/^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)) {
      throw new ProviderError(this.id, 'unsupported', `"${symbol}" is not a spot symbol such as BTC/USD`);
    }
    this.log('info', `${this.id}: loading the market list for ${symbol}`);
    await exchange.loadMarkets();
    this.fullMarkets = true;
    if (!exchange.markets || !(symbol in exchange.markets)) throw new ProviderError(this.id, 'not-found', `${this.info.label} has no market ${symbol}`);
  }

  private classify(error: unknown, state: CallState): ProviderErrorKind | undefined {
    if (state.failure !== undefined && state.failure !== null) {
      const kind = kindOfFailure(state.failure);
      // An abort the caller did not ask for is ccxt's own time-out firing.
      if (kind === 'cancelled' && !state.signal?.aborted) return 'timeout';
      if (kind) return kind;
    }
    if (error instanceof SyntaxError) return 'malformed';
    if (state.status !== undefined && state.status >= 400) return kindOfFailure(state.status);
    const name = error instanceof Error ? error.name : '';
    switch (name) {
      case 'BadSymbol':
        return 'not-found';
      case 'RateLimitExceeded':
      case 'DDoSProtection':
        return 'rate-limited';
      case 'RequestTimeout':
        return 'timeout';
      case 'NetworkError':
      case 'ExchangeNotAvailable':
      case 'OnMaintenance':
        return 'network';
      case 'BadResponse':
      case 'NullResponse':
        return 'malformed';
      case 'NotSupported':
        return 'unsupported';
      default:
        return undefined;
    }
  }

  private message(error: unknown, state: CallState): string | undefined {
    if (state.status === 451) {
      return (
        `HTTP 451 Unavailable For Legal Reasons: ${this.info.label} refuses requests from restricted locations` +
        `${this.exchangeName === 'binance' ? ' (Binance.com blocks the United States)' : ''}; use another exchange such as coinbase or kraken`
      );
    }
    if (state.status !== undefined && state.status >= 400 && state.failure === undefined) {
      return `HTTP ${state.status} from ${state.url ? describeUrl(state.url) : this.info.label}${state.bodyStart ? `: ${state.bodyStart}` : ''}`;
    }
    return error instanceof Error ? undefined : String(error);
  }
}

function isPrice(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isPositivePrice(x: unknown): x is number {
  return isPrice(x) && x > 0;
}

function num(x: number | undefined): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
