/**
 * The network store as the CLI (and later the extension) builds it: the HTTP layer, the disk
 * cache (in its endpoint-override folder, as createStore does) and the embedded
 * media/snapshot/network.json, read on first use.
 */
import path from 'node:path';
import { DiskCache } from './cache';
import { endpointCacheFolder } from './createStore';
import { createHttpClient } from './http';
import { NetworkStore, readNetworkSnapshot } from './network';
import type { FetchLike } from './provider';
import type { SourceMode } from './store';
import type { NetworkSeries } from '../core/network';
import type { LogFn } from '../shared/log';

export const NETWORK_SNAPSHOT_FILE = 'network.json';

export interface CreateNetworkStoreOptions {
  mode: SourceMode;
  endpoints?: Readonly<Record<string, string>>;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** The disk cache folder; without it, no disk cache. */
  cacheDir?: string;
  /** media/snapshot/network.json. */
  snapshotFile: string;
  log?: LogFn;
  httpLog?: LogFn;
}

export function createNetworkStore(o: CreateNetworkStoreOptions): NetworkStore {
  const fetch = createHttpClient({ fetch: o.fetch, endpoints: o.endpoints, timeoutMs: o.timeoutMs, logger: o.httpLog ?? o.log });
  const folder = endpointCacheFolder(o.endpoints);
  const cache = o.cacheDir ? new DiskCache(folder ? path.join(o.cacheDir, folder) : o.cacheDir, o.log) : undefined;
  let snap: NetworkSeries | undefined;
  return new NetworkStore({ mode: o.mode, fetch, cache, snapshot: () => (snap ??= readNetworkSnapshot(o.snapshotFile)), log: o.log });
}
