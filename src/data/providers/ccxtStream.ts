/**
 * An exchange's websocket ticker through ccxt's pro classes (`ccxt-src/pro/<exchange>.js`, the
 * same alias as the REST classes in ./ccxt.ts; they ship in the ccxt package and run on its `ws`
 * dependency, bundled with them into dist/providers.js). One watcher is one ccxt exchange
 * instance: `next()` is `watchTicker(symbol)` (ccxt connects on the first call and again on the
 * call after a failure) and answers the newest ticker ccxt holds, `close()` closes its
 * connections. A ticker is a state, not an event: updates that arrive together collapse into the
 * newest.
 *
 * Exchanges: binance (the `<symbol>@miniTicker` stream), coinbase and coinbaseexchange (both the
 * Coinbase Exchange feed, as for REST), kraken (websocket v2 `ticker`). Bitstamp's ccxt class has
 * no ticker stream (`watchTicker: false`): creating a watcher for it is a ProviderError of kind
 * `unsupported`, and so is a pair whose market id only the exchange's market list could tell.
 *
 * What this does not leave to ccxt:
 * - Markets: set minimally, as for REST (`minimalMarket`), so the stream never downloads a market
 *   list; the watcher makes no REST request at all (its fetch hook refuses).
 * - Reconnecting: ccxt's own reconnect backoff is turned off (`options.ws.backoff` 0); the caller
 *   (src/data/btcStream.ts) backs off between calls of `next()` that failed.
 * - Errors: a message ccxt cannot parse is a ProviderError `malformed` (one bad update, the
 *   connection goes on); ccxt's own errors (the connection failed or closed) pass through.
 * - Endpoints: every URL under `urls.api.ws` goes through the endpoint overrides
 *   (`rewriteWsUrl`), so `HASHPIVOT_ENDPOINTS` / `hashpivot.endpoints` point the stream at a
 *   mirror or a test server like the REST requests.
 */
import type { Exchange } from 'ccxt-src/base/Exchange.js' with { 'resolution-mode': 'import' };
import { rewriteWsUrl } from '../http';
import { ProviderError } from '../provider';
import { isCcxtExchange, minimalMarket, type CcxtExchangeName } from './ccxt';

type ExchangeCtor = new (config?: Record<string, unknown>) => Exchange;

interface ProInfo {
  label: string;
  load: () => Promise<{ default: ExchangeCtor }>;
  /** Where in `urls.api.ws` the ticker's URL is (for logs), when it is an object. */
  wsKey?: string;
}

const COINBASE_EXCHANGE: ProInfo = { label: 'Coinbase Exchange', load: () => import('ccxt-src/pro/coinbaseexchange.js') };

/** The pro class of each exchange that has a ticker stream. */
const PRO: Partial<Record<CcxtExchangeName, ProInfo>> = {
  binance: { label: 'Binance', load: () => import('ccxt-src/pro/binance.js'), wsKey: 'spot' },
  coinbase: COINBASE_EXCHANGE,
  coinbaseexchange: COINBASE_EXCHANGE,
  kraken: { label: 'Kraken', load: () => import('ccxt-src/pro/kraken.js'), wsKey: 'publicV2' },
};

/** Whether `exchange` (a ccxt provider name, `coinbase`, `binance`, …) has a ticker stream here. */
export function hasTickerStream(exchange: string): boolean {
  return isCcxtExchange(exchange) && PRO[exchange] !== undefined;
}

/** One ticker update, as ccxt parsed it. */
export interface TickerUpdate {
  /** The last price (`last`, else `close`); undefined when the message had none. */
  price: number | undefined;
  /** The exchange's time of the update (ms), when the message carries one. */
  timestamp: number | undefined;
  /** The change over the exchange's window (usually 24 h), in percent, when given. */
  percentage: number | undefined;
}

export interface TickerWatcher {
  /** The provider id (`ccxt:coinbase`) and the symbol watched (`BTC/USD`). */
  readonly provider: string;
  readonly symbol: string;
  /** The exchange's name for people. */
  readonly label: string;
  /** The ticker's websocket URL, after the endpoint overrides (for logs; ccxt may add a path). */
  readonly url: string;
  /** The next ticker update; rejects when the connection fails or closes (the next call reconnects). */
  next(): Promise<TickerUpdate>;
  /** Closes the connection; a pending `next()` rejects. Idempotent. */
  close(): Promise<void>;
}

export interface TickerWatcherOptions {
  /** A ccxt provider name: `binance`, `coinbase`, `coinbaseexchange`, `kraken` (`bitstamp`: unsupported). */
  exchange: string;
  /** A spot symbol, `BTC/USD`. */
  symbol: string;
  /** Host -> base URL (as parseEndpointOverrides returns them). */
  endpoints?: Readonly<Record<string, string>>;
  /** How long a connection may take to open. Default ccxt's 10 s. */
  connectionTimeoutMs?: number;
  /** ccxt's ping interval; two missed pongs end the connection. Default ccxt's 30 s. */
  keepAliveMs?: number;
}

export async function createTickerWatcher(o: TickerWatcherOptions): Promise<TickerWatcher> {
  const provider = `ccxt:${o.exchange}`;
  const info = isCcxtExchange(o.exchange) ? PRO[o.exchange] : undefined;
  if (!info || !isCcxtExchange(o.exchange)) throw new ProviderError(provider, 'unsupported', `no websocket ticker for ${o.exchange} in ccxt`);
  const market = minimalMarket(o.exchange, o.symbol);
  if (!market) throw new ProviderError(provider, 'unsupported', `${o.symbol}: no known market id on ${info.label} for a websocket ticker`);
  const { default: ExchangeClass } = await info.load();
  const exchange = new ExchangeClass({});
  if (!exchange.has['watchTicker']) throw new ProviderError(provider, 'unsupported', `ccxt's ${info.label} class has no watchTicker`);
  // The stream needs no REST request (the market is set below); refuse any, rather than reach a host unchecked.
  exchange.fetchImplementation = () => Promise.reject(new Error(`${provider}: the ticker stream makes no REST request`));
  exchange.setMarkets([market]);
  const ws = (exchange.options['ws'] ?? {}) as Record<string, unknown>;
  exchange.options['ws'] = { ...ws, backoff: { base: 0, factor: 1, max: 0 } };
  exchange.streaming = {
    ...exchange.streaming,
    ...(o.connectionTimeoutMs !== undefined ? { connectionTimeout: o.connectionTimeoutMs } : {}),
    ...(o.keepAliveMs !== undefined ? { keepAlive: o.keepAliveMs } : {}),
  };
  const urls: string[] = [];
  const api = exchange.urls['api'] as Record<string, unknown>;
  api['ws'] = rewriteAll(api['ws'], o.endpoints ?? {}, urls);
  const wsUrls = api['ws'];
  const url = typeof wsUrls === 'string' ? wsUrls : String((wsUrls as Record<string, unknown> | undefined)?.[info.wsKey ?? ''] ?? urls[0] ?? '');
  // ccxt connects to a plain ws:// URL (a loopback test server, a local mirror) only with an http agent it was given.
  if (urls.some((u) => u.startsWith('ws://'))) await exchange.loadHttpProxyAgent();
  let closing: Promise<void> | undefined;
  return {
    provider,
    symbol: o.symbol,
    label: info.label,
    url,
    async next() {
      if (closing) throw new ProviderError(provider, 'cancelled', 'the ticker stream was closed');
      let resolved;
      try {
        resolved = await exchange.watchTicker(o.symbol);
      } catch (e) {
        throw streamError(provider, e);
      }
      // Messages that arrive together are delivered in one go (ccxt's Client flushes the backlog
      // synchronously), resolving only the first; each still updates `exchange.tickers`, so the
      // newest ticker is read from there.
      const t = (exchange.tickers as Record<string, typeof resolved> | undefined)?.[o.symbol] ?? resolved;
      const price = t.last ?? t.close;
      return {
        price: typeof price === 'number' ? price : undefined,
        timestamp: typeof t.timestamp === 'number' ? t.timestamp : undefined,
        percentage: typeof t.percentage === 'number' ? t.percentage : undefined,
      };
    },
    close() {
      closing ??= exchange.close().catch(() => undefined);
      return closing;
    },
  };
}

/** Every websocket URL of a `urls.api.ws` entry (a string, or an object of them), through the overrides. */
function rewriteAll(value: unknown, endpoints: Readonly<Record<string, string>>, seen: string[]): unknown {
  if (typeof value === 'string') {
    const url = rewriteWsUrl(value, endpoints);
    seen.push(url);
    return url;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteAll(v, endpoints, seen)]));
  }
  return value;
}

/**
 * What a failed `watchTicker` means. ccxt rejects it with one of its own errors when the
 * connection fails, closes or times out, or the exchange sends an error (`NetworkError`,
 * `RequestTimeout`, `ExchangeError`, …): the connection is over. A message its parser chokes on
 * (a `NaN` price makes ccxt's Precise throw a RangeError) rejects it with a plain TypeError,
 * RangeError or SyntaxError while the connection goes on: that is one bad update (`malformed`).
 * `NotSupported` is `unsupported`.
 */
function streamError(provider: string, e: unknown): unknown {
  if (e instanceof ProviderError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError)
    return new ProviderError(provider, 'malformed', `a ticker message ccxt could not parse (${message}); not used`, e);
  if (e instanceof Error && e.name === 'NotSupported') return new ProviderError(provider, 'unsupported', message, e);
  return e;
}
