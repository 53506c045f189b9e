/**
 * Disk cache for market data under the extension's global storage (or the CLI's --cache-dir).
 * Writes are atomic (write a temporary file in the same folder, then rename over the old one),
 * so a crash never leaves half a file. A corrupt or truncated file is discarded with a warning,
 * never a crash.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { impossibleNetwork, type NetworkSeries } from '../core/network';
import type { HourlySeries } from '../core/sampling';
import type { DailySeries, Quote } from '../core/types';
import { messageOf } from '../shared/errors';
import type { LogFn } from '../shared/log';

const FORMAT = 1;

type Kind = 'history' | 'hourly' | 'quote' | 'network';

interface Envelope<T> {
  format: number;
  kind: Kind;
  key: string;
  /** ISO timestamp of the fetch that produced `value`. */
  fetchedAt: string;
  value: T;
}

export interface CacheEntry<T> {
  fetchedAt: string;
  value: T;
}

/** File-name-safe form of a key such as `yahoo/^NDX` or `ccxt:binance/BTC/USDT`. */
export function cacheFileName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`) + '.json';
}

function isSeries(v: unknown): v is DailySeries {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<DailySeries>;
  if (typeof s.symbol !== 'string' || !Array.isArray(s.dates) || !Array.isArray(s.close)) return false;
  if (s.dates.length !== s.close.length) return false;
  for (const col of [s.open, s.high, s.low, s.volume]) if (col !== undefined && (!Array.isArray(col) || col.length !== s.dates.length)) return false;
  if (!s.dates.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d))) return false;
  for (let i = 1; i < s.dates.length; i++) if (!(s.dates[i - 1]! < s.dates[i]!)) return false;
  // Every numeric column: numbers, or null where a NaN was written.
  return [s.close, s.open, s.high, s.low, s.volume].every((col) => col === undefined || col.every((x) => typeof x === 'number' || x === null));
}

const SERIES_COLUMNS = ['close', 'open', 'high', 'low', 'volume'] as const;

/** Hourly bars: whole-hour times strictly ascending, positive finite closes, equal lengths. */
function isHourly(v: unknown): v is HourlySeries {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<HourlySeries>;
  if (typeof s.symbol !== 'string' || !Array.isArray(s.times) || !Array.isArray(s.close) || s.times.length !== s.close.length) return false;
  if (!s.origin || typeof s.origin !== 'object') return false;
  for (let i = 0; i < s.times.length; i++) {
    const t = s.times[i];
    const c = s.close[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t % 3_600_000 !== 0 || (i > 0 && !(t > s.times[i - 1]!))) return false;
    if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) return false;
  }
  return true;
}

function isQuote(v: unknown): v is Quote {
  if (!v || typeof v !== 'object') return false;
  const q = v as Partial<Quote>;
  return typeof q.symbol === 'string' && typeof q.price === 'number' && Number.isFinite(q.price) && typeof q.time === 'string';
}

/** A network series (src/core/network): the shape, an origin, and no impossible value (NaN fees were written as null). */
function isNetwork(v: unknown): v is NetworkSeries {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<NetworkSeries>;
  if (!Array.isArray(s.dates) || !Array.isArray(s.difficulty) || !s.origin || typeof s.origin !== 'object') return false;
  if (s.feesPerBlockBtc !== undefined && !Array.isArray(s.feesPerBlockBtc)) return false;
  if (!s.difficulty.every((x) => typeof x === 'number') || !(s.feesPerBlockBtc ?? []).every((x) => typeof x === 'number' || x === null)) return false;
  const fees = s.feesPerBlockBtc?.map((x) => (x === null ? NaN : x));
  return impossibleNetwork({ dates: s.dates, difficulty: s.difficulty, ...(fees ? { feesPerBlockBtc: fees } : {}) }) === undefined;
}

export class DiskCache {
  constructor(
    readonly dir: string,
    private readonly log: LogFn = () => undefined,
  ) {}

  private file(kind: Kind, key: string): string {
    return path.join(this.dir, kind, cacheFileName(key));
  }

  async readHistory(key: string): Promise<CacheEntry<DailySeries> | undefined> {
    const e = await this.read<DailySeries>('history', key, isSeries);
    // JSON has no NaN: a missing value was written as null and reads back as NaN, in every column.
    if (e) for (const c of SERIES_COLUMNS) if (e.value[c]) e.value[c] = e.value[c].map((x) => (x === null ? NaN : x));
    return e;
  }

  /** Hourly bars (BTC at the US close), kept apart from the daily history of the same source. */
  readHourly(key: string): Promise<CacheEntry<HourlySeries> | undefined> {
    return this.read<HourlySeries>('hourly', key, isHourly);
  }

  writeHourly(key: string, fetchedAt: string, value: HourlySeries): Promise<void> {
    return this.write('hourly', key, fetchedAt, value);
  }

  /** Network data (difficulty, fees per block) for hashprice, src/data/network.ts. */
  async readNetwork(key: string): Promise<CacheEntry<NetworkSeries> | undefined> {
    const e = await this.read<NetworkSeries>('network', key, isNetwork);
    if (e?.value.feesPerBlockBtc) e.value.feesPerBlockBtc = e.value.feesPerBlockBtc.map((x) => (x === null ? NaN : x));
    return e;
  }

  writeNetwork(key: string, fetchedAt: string, value: NetworkSeries): Promise<void> {
    return this.write('network', key, fetchedAt, value);
  }

  async readQuote(key: string): Promise<CacheEntry<Quote> | undefined> {
    return this.read<Quote>('quote', key, isQuote);
  }

  writeHistory(key: string, fetchedAt: string, value: DailySeries): Promise<void> {
    return this.write('history', key, fetchedAt, value);
  }

  writeQuote(key: string, fetchedAt: string, value: Quote): Promise<void> {
    return this.write('quote', key, fetchedAt, value);
  }

  private async read<T>(kind: Kind, key: string, valid: (v: unknown) => boolean): Promise<CacheEntry<T> | undefined> {
    const file = this.file(kind, key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log('warn', `cache: cannot read ${file}: ${messageOf(e)}`);
      return undefined;
    }
    let problem: string | undefined;
    try {
      const env = JSON.parse(text) as Partial<Envelope<T>> | null;
      if (!env || typeof env !== 'object' || Array.isArray(env)) problem = 'it is not a cache entry (not a JSON object)';
      else if (env.format !== FORMAT) problem = `format ${String(env.format)}, expected ${FORMAT}`;
      else if (env.kind !== kind || env.key !== key) problem = 'it belongs to another key';
      else if (typeof env.fetchedAt !== 'string' || Number.isNaN(Date.parse(env.fetchedAt))) problem = 'no valid fetch time';
      else if (!valid(env.value)) problem = 'its content has the wrong shape';
      else return { fetchedAt: env.fetchedAt, value: env.value as T };
    } catch (e) {
      problem = `not valid JSON (${messageOf(e)})`;
    }
    this.log('warn', `cache: discarding ${file}: ${problem}`);
    await rm(file, { force: true }).catch(() => undefined);
    return undefined;
  }

  private async write<T>(kind: Kind, key: string, fetchedAt: string, value: T): Promise<void> {
    const file = this.file(kind, key);
    await mkdir(path.dirname(file), { recursive: true });
    const env: Envelope<T> = { format: FORMAT, kind, key, fetchedAt, value };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // NaN is not JSON: missing closes are stored as null and read back as NaN.
      await writeFile(tmp, JSON.stringify(env), 'utf8');
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}
