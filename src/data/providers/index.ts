/**
 * Provider ids to providers: `yahoo`, `ccxt:<exchange>` for the exchanges in
 * {@link CCXT_EXCHANGES}. Constructing a provider is cheap; each loads its library on first use.
 */
import type { FetchLike, MarketDataProvider } from '../provider';
import { CcxtProvider, CCXT_EXCHANGES, isCcxtExchange } from './ccxt';
import { YahooProvider } from './yahoo';
import type { LogFn } from '../../shared/log';

export { CcxtProvider, CCXT_EXCHANGES, YahooProvider };
export { createTickerWatcher, hasTickerStream, type TickerUpdate, type TickerWatcher, type TickerWatcherOptions } from './ccxtStream';

export interface ProviderDeps {
  /** The HTTP layer shared by every provider (`createHttpClient`), so rate limits are per host across them. */
  fetch: FetchLike;
  logger?: LogFn;
  now?: () => number;
}

/** Every id {@link createProvider} knows. */
export const PROVIDER_IDS: readonly string[] = ['yahoo', ...CCXT_EXCHANGES.map((e) => `ccxt:${e}`)];

/** A new provider for `id`, or undefined when the id is unknown. */
export function createProvider(id: string, deps: ProviderDeps): MarketDataProvider | undefined {
  if (id === 'yahoo') return new YahooProvider(deps);
  const m = /^ccxt:([a-z]+)$/.exec(id);
  if (m && isCcxtExchange(m[1]!)) return new CcxtProvider({ exchange: m[1], ...deps });
  return undefined;
}

/** `createProvider`, memoised per id: one instance (one cookie jar, one ccxt exchange) per id. */
export function providerRegistry(deps: ProviderDeps): (id: string) => MarketDataProvider | undefined {
  const made = new Map<string, MarketDataProvider | undefined>();
  return (id) => {
    if (!made.has(id)) made.set(id, createProvider(id, deps));
    return made.get(id);
  };
}
