/** Wiring of the data layer for the CLI: HTTP layer, providers, disk cache, snapshot, store. */
import { homedir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createStore } from '../data/createStore';
import { parseEndpointOverrides } from '../data/http';
import { SNAPSHOT_PATH } from '../data/snapshot';
import type { MarketStore, SourceMode } from '../data/store';
import { CliError, type Io } from './io';

/** Endpoint overrides from HASHPIVOT_ENDPOINTS, then --endpoint (which wins for the same host). */
export function collectEndpoints(cliEntries: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  try {
    const fromEnv = env.HASHPIVOT_ENDPOINTS ? parseEndpointOverrides(env.HASHPIVOT_ENDPOINTS) : {};
    const fromCli = cliEntries.length ? parseEndpointOverrides(cliEntries) : {};
    return { ...fromEnv, ...fromCli };
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

/** dist/cli.js -> the package root, where media/snapshot lives. */
export function snapshotFile(): string {
  const candidates = [path.resolve(__dirname, '..', SNAPSHOT_PATH), path.resolve(__dirname, '../..', SNAPSHOT_PATH), path.resolve(process.cwd(), SNAPSHOT_PATH)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

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

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'hashpivot');
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
  const logger = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => {
    if (level === 'error' || level === 'warn' || verbose) o.io.err(`[${level}] ${message}`);
  };
  // Retries are detail: shown with HASHPIVOT_LOG=debug; the store says what fell back to what.
  const httpLogger = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => {
    if (verbose || level === 'error') o.io.err(`[${level}] ${message}`);
  };
  return createStore({
    mode: o.mode,
    endpoints: o.endpoints,
    timeoutMs: httpTimeoutFromEnv(),
    cache: o.cacheDir ?? defaultCacheDir(),
    snapshot: snapshotFile(),
    log: logger,
    httpLog: httpLogger,
    historyDays: 3 * 365 + 30,
  }).store;
}
