/**
 * The market store as the extension and the CLI both build it: the HTTP layer, the providers
 * over it (their libraries loaded on the first live request), the disk cache, the embedded
 * snapshot (loaded on first use) and the MarketStore that chains them.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DiskCache } from './cache';
import { createHttpClient } from './http';
import { lazyProviderRegistry } from './lazyProviders';
import type { FetchLike, MarketDataProvider } from './provider';
import { loadSnapshotFile, type Snapshot } from './snapshot';
import { MarketStore, type SourceMode, type StoreOptions } from './store';
import type { LogFn } from '../shared/log';

export interface CreateStoreOptions {
  mode: SourceMode;
  /** Endpoint overrides, host -> base URL (as parseEndpointOverrides returns them). */
  endpoints?: Readonly<Record<string, string>>;
  /** The fetch under the HTTP layer (the CLI's proxy-aware one); default globalThis.fetch, looked up per call. */
  fetch?: FetchLike;
  /** Per-attempt HTTP time-out in ms; undefined for the HTTP layer's default. */
  timeoutMs?: number;
  /** The disk cache: its folder, or a cache; without it, no disk cache. */
  cache?: string | DiskCache;
  /** The embedded snapshot: its file (read once, on first use), or a loader. */
  snapshot: string | (() => Snapshot);
  /** The store's and the disk cache's log. */
  log?: LogFn;
  /** The HTTP layer's and the providers' log (retries, rate limits). Default: `log`. */
  httpLog?: LogFn;
  historyDays?: StoreOptions['historyDays'];
  hourlyDays?: StoreOptions['hourlyDays'];
  maxAgeMs?: StoreOptions['maxAgeMs'];
  sourceOverrides?: StoreOptions['sourceOverrides'];
  extraSymbols?: StoreOptions['extraSymbols'];
}

export interface CreatedStore {
  store: MarketStore;
  /** The store's providers by id (`yahoo`, `ccxt:binance`, …), e.g. for Yahoo's symbol search. */
  provider: (id: string) => MarketDataProvider | undefined;
}

export function createStore(o: CreateStoreOptions): CreatedStore {
  const httpLog = o.httpLog ?? o.log;
  const fetch = createHttpClient({ fetch: o.fetch, endpoints: o.endpoints, timeoutMs: o.timeoutMs, logger: httpLog });
  const provider = lazyProviderRegistry({ fetch, logger: httpLog });
  // Data fetched through endpoint overrides (a mirror, a test server) lives in a folder of its own,
  // so it never passes for the real hosts' data, nor one mirror's for another's.
  const folder = endpointCacheFolder(o.endpoints);
  const cache = typeof o.cache === 'string' ? new DiskCache(folder ? path.join(o.cache, folder) : o.cache, o.log) : o.cache;
  const store = new MarketStore({
    mode: o.mode,
    provider,
    snapshot: typeof o.snapshot === 'string' ? snapshotLoader(o.snapshot) : o.snapshot,
    cache,
    log: o.log,
    historyDays: o.historyDays,
    hourlyDays: o.hourlyDays,
    maxAgeMs: o.maxAgeMs,
    sourceOverrides: o.sourceOverrides,
    extraSymbols: o.extraSymbols,
  });
  return { store, provider };
}

function snapshotLoader(file: string): () => Snapshot {
  let snapshot: Snapshot | undefined;
  return () => (snapshot ??= loadSnapshotFile(file));
}

/** The cache folder of a set of endpoint overrides: none for the real hosts, else `via-` and a hash of the overrides. */
export function endpointCacheFolder(endpoints: Readonly<Record<string, string>> | undefined): string | undefined {
  const entries = Object.entries(endpoints ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return undefined;
  return `via-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 12)}`;
}
