/** The CLI's market store: createStore with the CLI's logging, disk cache, snapshot file and HTTP time-out. */
import { createStore } from '../data/createStore';
import type { MarketStore, SourceMode } from '../data/store';
import { CliError, type Io } from './io';
import { defaultCacheDir, snapshotFile } from './paths';
import type { LogFn } from '../shared/log';
import { proxyFetch, proxyFromEnv } from './proxy';

/**
 * Per-attempt HTTP time-out from HASHPIVOT_HTTP_TIMEOUT_MS (milliseconds); undefined for the HTTP
 * layer's default. Lets tests (and users on slow links) change it without a flag.
 */
export function httpTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.HASHPIVOT_HTTP_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new CliError(`HASHPIVOT_HTTP_TIMEOUT_MS must be a positive number of milliseconds, got "${raw}"`);
  return ms;
}

export interface CliStoreOptions {
  mode: SourceMode;
  cacheDir?: string;
  endpoints: Record<string, string>;
  io: Io;
  /** Verbose logging to stderr (HASHPIVOT_LOG=debug). */
  verbose?: boolean;
}

export function createCliStore(o: CliStoreOptions): MarketStore {
  const verbose = o.verbose ?? process.env.HASHPIVOT_LOG === 'debug';
  const logger: LogFn = (level, message) => {
    if (level === 'error' || level === 'warn' || verbose) o.io.err(`[${level}] ${message}`);
  };
  // Retries are detail: shown with HASHPIVOT_LOG=debug; the store says what fell back to what.
  const httpLogger: LogFn = (level, message) => {
    if (verbose || level === 'error') o.io.err(`[${level}] ${message}`);
  };
  const proxy = proxyFromEnv();
  if (proxy && verbose) o.io.err(`[debug] fetching through the proxy in ${proxy}`);
  return createStore({
    mode: o.mode,
    fetch: proxyFetch(),
    endpoints: o.endpoints,
    timeoutMs: httpTimeoutFromEnv(),
    cache: o.cacheDir ?? defaultCacheDir(),
    snapshot: snapshotFile(),
    log: logger,
    httpLog: httpLogger,
    historyDays: 3 * 365 + 30,
  }).store;
}
