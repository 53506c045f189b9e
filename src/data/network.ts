/**
 * Bitcoin network data (difficulty by day, fees per block) for hashprice: live from
 * blockchain.com's keyless charts API through the one HTTP layer (src/data/http: rate limits,
 * retries, time-outs, endpoint overrides), checked for impossible values
 * (src/core/network impossibleNetwork), cached on disk like price series, and the embedded
 * snapshot's daily difficulty (media/snapshot/network.json) when live and cache fail or in
 * snapshot mode.
 *
 * Endpoints (https://www.blockchain.com/explorer/api/charts_api):
 *   GET https://api.blockchain.info/charts/difficulty?timespan=3years&format=json
 *   GET https://api.blockchain.info/charts/transaction-fees?timespan=3years&format=json
 * The documented answer is `{ status, name, unit, period, values: [{ x: unix seconds, y }] }`;
 * the blockchain.com chart export (the recordings in fixtures/network/recorded/blockchain.com) is
 * `{ metric1: "difficulty", difficulty: [{ x: unix ms, y }], … }`. Both are read. transaction-fees
 * is BTC per day; fees per block are that ÷ 144 (the expected blocks a day: the day's real block
 * count is not in the answer). Fees are best-effort: when their request fails, the difficulty is
 * kept and fees are unknown.
 */
import { readFileSync } from 'node:fs';
import { fromDayNumber } from '../core/calendar';
import { BLOCKS_PER_DAY, impossibleNetwork, type NetworkSeries } from '../core/network';
import type { DataOrigin, IsoDate } from '../core/types';
import type { DiskCache } from './cache';
import { ProviderError, type FetchLike } from './provider';
import { DAY_MS, wrapFailure } from './providers/common';
import { messageOf } from '../shared/errors';
import type { LogFn } from '../shared/log';
import type { SourceMode } from './store';

export const BLOCKCHAIN_PROVIDER = 'blockchain.com';
export const BLOCKCHAIN_CHARTS = 'https://api.blockchain.info/charts';
/** How much history a live request asks for. */
export const NETWORK_TIMESPAN = '3years';
export const NETWORK_CACHE_KEY = `${BLOCKCHAIN_PROVIDER}/network`;

export function chartUrl(metric: 'difficulty' | 'transaction-fees', timespan = NETWORK_TIMESPAN): string {
  return `${BLOCKCHAIN_CHARTS}/${metric}?timespan=${encodeURIComponent(timespan)}&format=json`;
}

/** Points of a blockchain.com chart answer as UTC days (the last point of a day wins), or throws ProviderError('malformed'). */
export function parseChart(metric: string, body: unknown): { dates: IsoDate[]; values: number[] } {
  const bad = (why: string) => new ProviderError(BLOCKCHAIN_PROVIDER, 'malformed', `${metric}: ${why}`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('the answer is not a JSON object');
  const o = body as Record<string, unknown>;
  if (typeof o.status === 'string' && o.status !== 'ok') throw bad(`status "${o.status}"`);
  const points = Array.isArray(o.values) ? o.values : Array.isArray(o[metric]) ? (o[metric] as unknown[]) : undefined;
  if (!points) throw bad(`no "values" or "${metric}" array`);
  if (points.length === 0) throw bad('no points');
  const byDay = new Map<number, number>();
  for (const p of points) {
    if (!p || typeof p !== 'object') throw bad('a point is not an object');
    const { x, y } = p as { x?: unknown; y?: unknown };
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw bad(`a point has no valid x (${String(x)})`);
    if (typeof y !== 'number') throw bad(`a point has no numeric y (${String(y)})`);
    // The API gives unix seconds, the chart export milliseconds: no date before 2009 is ms-sized.
    const ms = x > 1e11 ? x : x * 1000;
    byDay.set(Math.floor(ms / DAY_MS), y);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  return { dates: days.map(fromDayNumber), values: days.map((d) => byDay.get(d)!) };
}

async function getJson(fetch: FetchLike, url: string, what: string, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw wrapFailure(BLOCKCHAIN_PROVIDER, what, e, { signal });
  }
  if (response.status === 429) throw new ProviderError(BLOCKCHAIN_PROVIDER, 'rate-limited', `${what}: HTTP 429`);
  if (response.status === 404) throw new ProviderError(BLOCKCHAIN_PROVIDER, 'not-found', `${what}: HTTP 404`);
  if (!response.ok) throw new ProviderError(BLOCKCHAIN_PROVIDER, 'http', `${what}: HTTP ${response.status}`);
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    throw wrapFailure(BLOCKCHAIN_PROVIDER, what, e, { signal, fallback: 'malformed' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError(BLOCKCHAIN_PROVIDER, 'malformed', `${what}: not JSON`);
  }
}

export interface FetchNetworkOptions {
  timespan?: string;
  signal?: AbortSignal;
  now?: () => number;
  log?: LogFn;
}

/** Difficulty by day and, best-effort, fees per block, live from blockchain.com; checked. Throws ProviderError. */
export async function fetchBlockchainNetwork(fetch: FetchLike, o: FetchNetworkOptions = {}): Promise<NetworkSeries> {
  const now = o.now ?? Date.now;
  const timespan = o.timespan ?? NETWORK_TIMESPAN;
  const [difficultyBody, fees] = await Promise.all([
    getJson(fetch, chartUrl('difficulty', timespan), 'difficulty', o.signal),
    getJson(fetch, chartUrl('transaction-fees', timespan), 'transaction-fees', o.signal).then(
      (b) => parseChart('transaction-fees', b),
      (e: unknown) => {
        if (e instanceof ProviderError && e.kind === 'cancelled') throw e;
        o.log?.('warn', `network: fees unknown: ${messageOf(e)}`);
        return undefined;
      },
    ),
  ]);
  const difficulty = parseChart('difficulty', difficultyBody);
  // Today's point is a day still going: left out, like an open price bar.
  const today = fromDayNumber(Math.floor(now() / DAY_MS));
  const keep = difficulty.dates.map((d) => d < today);
  const dates = difficulty.dates.filter((_, i) => keep[i]);
  const feeOn = new Map(fees ? fees.dates.map((d, i) => [d, fees.values[i]! / BLOCKS_PER_DAY]) : []);
  const series: NetworkSeries = {
    dates,
    difficulty: difficulty.values.filter((_, i) => keep[i]),
    ...(fees ? { feesPerBlockBtc: dates.map((d) => feeOn.get(d) ?? NaN) } : {}),
    origin: {
      kind: 'live',
      provider: BLOCKCHAIN_PROVIDER,
      asOf: new Date(now()).toISOString(),
      note: fees ? 'difficulty and transaction fees (fees per block = fees a day ÷ 144)' : 'difficulty only (the fees request failed)',
    },
  };
  if (!series.dates.length) throw new ProviderError(BLOCKCHAIN_PROVIDER, 'malformed', 'difficulty: no closed day');
  const problem = impossibleNetwork(series);
  if (problem) throw new ProviderError(BLOCKCHAIN_PROVIDER, 'malformed', `difficulty: ${problem}`);
  return series;
}

// ---------------------------------------------------------------------------------------------
// The embedded snapshot's network file

export interface NetworkSnapshotFile {
  format: 1;
  asOf: IsoDate;
  origin: { repository: string; commit: string; path: string; licence: string; notice: string };
  /** First date; `gaps[i]` is the number of days from row i to row i+1. */
  first: IsoDate;
  gaps: number[];
  difficulty: number[];
}

/** Reads media/snapshot/network.json (see scripts/build-snapshot.mjs); throws on a bad file. */
export function readNetworkSnapshot(file: string): NetworkSeries {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<NetworkSnapshotFile>;
  if (
    json.format !== 1 ||
    typeof json.first !== 'string' ||
    !Array.isArray(json.gaps) ||
    !Array.isArray(json.difficulty) ||
    !json.origin ||
    typeof json.asOf !== 'string'
  )
    throw new Error(`${file}: not a network snapshot (format 1)`);
  if (json.gaps.length !== json.difficulty.length - 1) throw new Error(`${file}: ${json.gaps.length} gaps for ${json.difficulty.length} rows`);
  let day = Math.floor(Date.parse(`${json.first}T00:00:00Z`) / DAY_MS);
  const dates = [fromDayNumber(day)];
  for (const g of json.gaps) dates.push(fromDayNumber((day += g)));
  const series: NetworkSeries = {
    dates,
    difficulty: json.difficulty,
    origin: {
      kind: 'snapshot',
      provider: 'snapshot',
      asOf: json.asOf,
      note: `daily difficulty from ${json.origin.repository} ${json.origin.path} (${json.origin.licence}); no fees`,
    },
  };
  const problem = impossibleNetwork(series);
  if (problem) throw new Error(`${file}: ${problem}`);
  return series;
}

// ---------------------------------------------------------------------------------------------
// The store: memory → fresh cache → live → last cached → snapshot

export interface NetworkStoreOptions {
  mode: SourceMode;
  /** The HTTP layer. */
  fetch: FetchLike;
  cache?: DiskCache;
  /** The embedded snapshot's series (read on first use), or undefined when there is none. */
  snapshot?: () => NetworkSeries | undefined;
  /** A cached copy younger than this is used without a request. Default 6 hours. */
  maxAgeMs?: number;
  now?: () => number;
  log?: LogFn;
}

export interface NetworkResult {
  series: NetworkSeries;
  /** What failed on the way, in order (a live failure before the cache or the snapshot answered). */
  problems: string[];
}

export class NetworkStore {
  private memory: NetworkResult | undefined;
  private readonly now: () => number;
  private readonly log: LogFn;

  constructor(private readonly o: NetworkStoreOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
  }

  /**
   * The network series by the mode: never throws for data problems unless nothing at all answers
   * (then ProviderError). `force` (Refresh Data) skips what memory and a fresh cache hold and asks
   * the live source; what it falls back to on failure is the same.
   */
  async series(signal?: AbortSignal, force = false): Promise<NetworkResult> {
    if (this.memory && !force) return this.memory;
    const problems: string[] = [];
    if (this.o.mode === 'snapshot') return (this.memory = this.fromSnapshot(problems));
    const cached = await this.o.cache?.readNetwork(NETWORK_CACHE_KEY);
    const maxAge = this.o.maxAgeMs ?? 6 * 3_600_000;
    if (!force && cached && this.now() - Date.parse(cached.fetchedAt) < maxAge)
      return (this.memory = { series: asCached(cached.value, cached.fetchedAt), problems });
    try {
      const live = await fetchBlockchainNetwork(this.o.fetch, { signal, now: this.now, log: this.log });
      await this.o.cache
        ?.writeNetwork(NETWORK_CACHE_KEY, live.origin.asOf, live)
        .catch((e: unknown) => this.log('warn', `network: cannot cache: ${messageOf(e)}`));
      return (this.memory = { series: live, problems });
    } catch (e) {
      if (e instanceof ProviderError && e.kind === 'cancelled') throw e;
      problems.push(messageOf(e));
      if (this.o.mode === 'live') throw e;
      this.log('warn', `network: ${messageOf(e)}; falling back to ${cached ? 'the cache' : 'the snapshot'}`);
    }
    if (cached) return (this.memory = { series: asCached(cached.value, cached.fetchedAt), problems });
    return (this.memory = this.fromSnapshot(problems));
  }

  private fromSnapshot(problems: string[]): NetworkResult {
    let s: NetworkSeries | undefined;
    try {
      s = this.o.snapshot?.();
    } catch (e) {
      problems.push(`snapshot: ${messageOf(e)}`);
    }
    if (!s) throw new ProviderError('network', 'not-found', `no network data (${problems.join('; ') || 'no snapshot'})`);
    return { series: s, problems };
  }
}

function asCached(s: NetworkSeries, fetchedAt: string): NetworkSeries {
  const origin: DataOrigin = { ...s.origin, kind: 'cache', asOf: fetchedAt };
  return { ...s, origin };
}
