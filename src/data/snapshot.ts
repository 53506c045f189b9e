/**
 * The embedded snapshot of real daily prices (`media/snapshot/prices.snap`), so that Hashpivot
 * is useful offline and on first start. It is built from the shared price fixtures by
 * `scripts/build-snapshot.mjs`, which documents the byte format; their README is copied next
 * to it as `ORIGIN.md`, and every series names its source repository, commit and path.
 *
 * Decoding checks the header, the payload's length and CRC-32, and the manifest up front, then
 * decodes each series on first use (and checks it: row count, dates, bounds). Anything wrong
 * throws a {@link SnapshotFormatError} with a message that says what, never garbage data.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { HOUR_MS, type HourlySeries } from '../core/sampling';
import type { AssetClass, DailySeries, IsoDate } from '../core/types';
import { messageOf } from '../shared/errors';

/** Where the snapshot lives inside the extension (for `context.asAbsolutePath`). */
export const SNAPSHOT_PATH = 'media/snapshot/prices.snap';

export const SNAPSHOT_FORMAT = 'hashpivot-price-snapshot';
export const SNAPSHOT_VERSION = 1;

export type SnapshotColumn = 'open' | 'high' | 'low' | 'close' | 'volume';

/** One source file a series was read from (full commit; `from`/`to` when a file was spliced from several). */
export interface SnapshotSource {
  repo: string;
  commit: string;
  path: string;
  from?: IsoDate;
  to?: IsoDate;
}

/** What the manifest says about one series. */
export interface SeriesInfo {
  /** Snapshot key: `IREN`, `BTC` (Yahoo BTC-USD), `BTC-USDT` (Binance), `^NDX`, `QQQ`, `ETH`, `ADA-USDT`, … */
  symbol: string;
  name: string;
  assetClass: Exclude<AssetClass, 'basket'>;
  group: 'miner' | 'ai' | 'benchmark' | 'crypto' | 'extra';
  /** Quote currency: `USD`, or `USDT` for Binance pairs. */
  currency: string;
  /** The symbol as the original provider knows it: `BTC-USD`, `TON11419-USD`, `BTC/USDT`, `^NDX`. */
  providerSymbol: string;
  /** Other keys that find this series (the fixture file's name: `BTC-USD`, `NDX`, `ETH-USD`). */
  aliases: string[];
  first: IsoDate;
  last: IsoDate;
  rows: number;
  /** The columns the series has; close-only sources have just `close`. */
  columns: SnapshotColumn[];
  /**
   * `float32`: the source held float32 values (Yahoo); the snapshot keeps the shortest decimal
   * with the same float32. `decimal`: exactly the source's decimal (Binance).
   */
  priceValues: 'float32' | 'decimal';
  /** The source printed its float32 prices with this many decimals (`^NDX`: 6). */
  sourceDecimals?: number;
  /** `shares`, `USD notional` (Yahoo crypto), `base asset (BTC)` (Binance), `as reported by Yahoo` (index). */
  volumeUnit?: string;
  /** Price adjustment, e.g. `split-adjusted OHLC, not dividend-adjusted (raw close)`. */
  adjustment: string;
  sources: SnapshotSource[];
  /** The fixture file the series was built from, as it was at build time. */
  fixture: { file: string; sha256: string; rows: number; first: IsoDate; last: IsoDate };
  /** Rows dropped because they are not this instrument (predecessor, shell, SPAC). */
  trim?: { before: IsoDate; rowsDropped: number; reason: string };
  /** The fixture README's note on the file. */
  sourceNote: string;
  /** The snapshot's own notes: trims, splices, caveats. */
  notes: string[];
  /** Byte offset and length of the series' block (internal). */
  block: [number, number];
}

/** What the manifest says about one hourly series (BTC at the US close): close only, bar open times in hours. */
export interface HourlyInfo {
  /** Snapshot key, e.g. `BTC-USDT-1h`. */
  symbol: string;
  /** The universe symbol it prices (`BTC`). */
  of: string;
  name: string;
  assetClass: 'crypto';
  currency: string;
  providerSymbol: string;
  interval: '1h';
  barTime: 'open';
  /** First and last bar open, `YYYY-MM-DDTHH:00:00Z`. */
  first: string;
  last: string;
  rows: number;
  columns: ['close'];
  priceValues: 'decimal';
  adjustment: string;
  sources: SnapshotSource[];
  fixture: { file: string; sha256: string; rows: number; first: string; last: string };
  sourceNote: string;
  terms: string;
  notes: string[];
  block: [number, number];
}

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** The latest date of any series. */
  asOf: IsoDate;
  /** Equal to asOf (the build is deterministic and records no wall-clock time). */
  generatedAt: IsoDate;
  generatedAtNote?: string;
  generator: string;
  /** Where the data comes from, in one sentence; details in ORIGIN.md. */
  origin: string;
  /** Terms and licences of the underlying data. */
  terms: string;
  /** How values are stored (float32 vs decimal). */
  values: string;
  chunkRows: number;
  series: SeriesInfo[];
  /** Hourly closes (BTC at the US close); absent in snapshots built before they were added. */
  hourly?: HourlyInfo[];
}

export interface DecodeOptions {
  /**
   * `shortest` (default): float32 sources come back as the shortest decimal with the same
   * float32 (17.16, not 17.15999984741211). `source`: exactly the doubles of the source CSVs,
   * float32 noise included.
   */
  values?: 'shortest' | 'source';
}

export interface Snapshot {
  manifest: SnapshotManifest;
  /** The latest date of any series. */
  asOf: IsoDate;
  /** Every snapshot key, in manifest order. */
  symbols(): string[];
  /** The series of a key or alias (case-insensitive), decoded on first use; a fresh copy on each call. */
  get(symbol: string): DailySeries | undefined;
  info(symbol: string): SeriesInfo | undefined;
  /** Hourly bars of a symbol (`BTC`) or hourly key (`BTC-USDT-1h`), decoded on first use; a fresh copy on each call. */
  hourly(symbol: string): HourlySeries | undefined;
}

/** The snapshot file is not one, is truncated, or is corrupt. */
export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

const MAGIC = 'HPSNAP';
const HEADER_BYTES = 18;
const CODEC_GZIP = 1;
const CODEC_BROTLI = 2;
/** Refuse to inflate anything larger (the real payload is about 1.6 MB). */
const MAX_PAYLOAD = 64 * 1024 * 1024;
const COLUMNS: readonly SnapshotColumn[] = ['open', 'high', 'low', 'close', 'volume'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/;

const fail = (message: string): never => {
  throw new SnapshotFormatError(message);
};

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Exact powers of ten (every 10^k up to 10^22 is a double). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** value = m * 10^e; dividing by an exact power of ten gives the correctly rounded decimal. */
function valueOf(m: number, e: number): number {
  return e < 0 ? m / POW10[-e]! : m * POW10[e]!;
}

/** A mantissa at exponent `from` expressed at exponent `to` (the predictor; mirrors the build script). */
function rescale(m: number, from: number, to: number): number {
  if (from === to) return m;
  return from > to ? m * POW10[from - to]! : Math.round(m / POW10[to - from]!);
}

const TWO = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
/** Days since 1970-01-01 to `YYYY-MM-DD` (H. Hinnant's civil_from_days; ~10x faster than Date). */
function isoOfDay(day: number): IsoDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

class Reader {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  byte(): number {
    if (this.pos >= this.bytes.length) fail(`${this.what}: truncated`);
    return this.bytes[this.pos++]!;
  }
  uvar(): number {
    let n = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      const b = this.byte();
      n += (b & 127) * mul;
      if (b < 128) break;
      mul *= 128;
      if (i >= 7) fail(`${this.what}: varint too long`);
    }
    if (n > Number.MAX_SAFE_INTEGER) fail(`${this.what}: number out of range`);
    return n;
  }
  svar(): number {
    const z = this.uvar();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

interface DecodedColumns {
  dates: IsoDate[];
  close: number[];
  open?: number[];
  high?: number[];
  low?: number[];
  volume?: number[];
}

/** The block layout both kinds of series share; `ticks` are days (daily) or hours (hourly) since 1970. */
interface BlockSpec {
  symbol: string;
  rows: number;
  columns: readonly SnapshotColumn[];
  priceValues: 'float32' | 'decimal';
  sourceDecimals?: number;
}

interface DecodedBlock extends Omit<DecodedColumns, 'dates'> {
  ticks: number[];
}

function decodeBlock(block: Uint8Array, info: SeriesInfo, chunk: number, mode: 'shortest' | 'source'): DecodedColumns {
  const { ticks, ...cols } = decodeTicks(block, info, chunk, mode, isoOfDay);
  const dates = ticks.map(isoOfDay);
  const n = dates.length;
  if (dates[0] !== info.first || dates[n - 1] !== info.last) {
    fail(`snapshot series ${info.symbol}: dates ${dates[0]}..${dates[n - 1]}, the manifest says ${info.first}..${info.last}`);
  }
  return { dates, ...cols };
}

function decodeTicks(block: Uint8Array, info: BlockSpec, chunk: number, mode: 'shortest' | 'source', label: (tick: number) => string): DecodedBlock {
  const what = `snapshot series ${info.symbol}`;
  const r = new Reader(block, what);
  const n = r.uvar();
  if (n !== info.rows) fail(`${what}: ${n} rows, the manifest says ${info.rows}`);
  const days = new Array<number>(n);
  days[0] = r.uvar();
  for (let i = 1; i < n; i++) {
    const gap = r.uvar();
    if (gap < 1) fail(`${what}: dates not strictly ascending at row ${i}`);
    days[i] = days[i - 1]! + gap;
  }
  const chunks = Math.ceil(n / chunk);
  const exps = new Array<number>(chunks);
  const cm = new Array<number>(n);
  const pred = new Array<number>(n);
  let pc = 0;
  let pExp = 0;
  for (let c = 0; c < chunks; c++) {
    const exp = r.byte() - 64;
    if (exp < -22 || exp > 22) fail(`${what}: bad exponent ${exp}`);
    exps[c] = exp;
    pc = rescale(pc, pExp, exp);
    for (let i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
      pred[i] = pc;
      pc += r.svar();
      cm[i] = pc;
    }
    pExp = exp;
  }
  const expAt = (i: number) => exps[Math.floor(i / chunk)]!;
  const restore =
    mode === 'source' && info.priceValues === 'float32'
      ? info.sourceDecimals !== undefined
        ? (v: number) => Number(Math.fround(v).toFixed(info.sourceDecimals))
        : (v: number) => Math.fround(v)
      : (v: number) => v;
  const price = (m: number, i: number) => {
    const v = restore(valueOf(m, expAt(i)));
    if (!(v > 0 && Number.isFinite(v))) fail(`${what}: bad price ${v} on ${label(days[i]!)}`);
    return v;
  };
  const out: DecodedBlock = { ticks: days, close: cm.map(price) };

  if (info.columns.includes('open')) {
    const om = pred.map((p) => p + r.svar());
    const hm = om.map((o, i) => Math.max(o, cm[i]!) + r.uvar());
    const lm = om.map((o, i) => Math.min(o, cm[i]!) - r.uvar());
    out.open = om.map(price);
    out.high = hm.map(price);
    out.low = lm.map(price);
  }
  if (info.columns.includes('volume')) {
    const volume = new Array<number>(n);
    let pv = 0;
    let pe = 0;
    for (let c = 0; c < chunks; c++) {
      const exp = r.byte() - 64;
      if (exp < -22 || exp > 22) fail(`${what}: bad volume exponent ${exp}`);
      pv = rescale(pv, pe, exp);
      for (let i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
        pv += r.svar();
        const v = valueOf(pv, exp);
        if (!(v >= 0 && Number.isFinite(v))) fail(`${what}: bad volume ${v} on ${label(days[i]!)}`);
        volume[i] = v;
      }
      pe = exp;
    }
    out.volume = volume;
  }
  if (r.remaining !== 0) fail(`${what}: ${r.remaining} unexpected bytes at the end`);
  return out;
}

function checkManifest(m: unknown, dataLength: number): SnapshotManifest {
  const man = m as Partial<SnapshotManifest> | null;
  if (!man || typeof man !== 'object') return fail('snapshot manifest is not an object');
  if (man.format !== SNAPSHOT_FORMAT) fail(`snapshot manifest: format ${String(man.format)}, expected ${SNAPSHOT_FORMAT}`);
  if (man.version !== SNAPSHOT_VERSION) fail(`snapshot manifest: version ${String(man.version)} is not supported`);
  if (typeof man.asOf !== 'string' || !ISO_DATE.test(man.asOf)) fail('snapshot manifest: bad asOf');
  if (!Number.isInteger(man.chunkRows) || man.chunkRows! < 1) fail('snapshot manifest: bad chunkRows');
  if (!Array.isArray(man.series)) return fail('snapshot manifest: no series');
  for (const [i, s] of man.series.entries()) {
    const what = `snapshot manifest, series ${i} (${String(s?.symbol)})`;
    if (!s || typeof s.symbol !== 'string' || !s.symbol) fail(`${what}: no symbol`);
    if (!Array.isArray(s.aliases) || !Array.isArray(s.sources) || !Array.isArray(s.notes)) fail(`${what}: aliases, sources or notes missing`);
    if (!Number.isInteger(s.rows) || s.rows < 1) fail(`${what}: bad rows`);
    if (!ISO_DATE.test(String(s.first)) || !ISO_DATE.test(String(s.last))) fail(`${what}: bad first/last`);
    if (!Array.isArray(s.columns) || !s.columns.includes('close') || s.columns.some((c) => !COLUMNS.includes(c))) fail(`${what}: bad columns`);
    const ohlc = ['open', 'high', 'low'].filter((c) => s.columns.includes(c as SnapshotColumn)).length;
    if (ohlc !== 0 && ohlc !== 3) fail(`${what}: open/high/low must come together`);
    if (s.priceValues !== 'float32' && s.priceValues !== 'decimal') fail(`${what}: bad priceValues`);
    const [off, len] = Array.isArray(s.block) ? s.block : [NaN, NaN];
    if (!Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 1 || off + len > dataLength) fail(`${what}: block outside the data`);
  }
  if (man.hourly !== undefined) {
    if (!Array.isArray(man.hourly)) fail('snapshot manifest: hourly is not a list');
    for (const [i, h] of man.hourly.entries()) {
      const what = `snapshot manifest, hourly ${i} (${String(h?.symbol)})`;
      if (!h || typeof h.symbol !== 'string' || !h.symbol || typeof h.of !== 'string' || !h.of) fail(`${what}: no symbol`);
      if (!Number.isInteger(h.rows) || h.rows < 1) fail(`${what}: bad rows`);
      if (!ISO_HOUR.test(String(h.first)) || !ISO_HOUR.test(String(h.last))) fail(`${what}: bad first/last`);
      if (!Array.isArray(h.columns) || h.columns.length !== 1 || h.columns[0] !== 'close' || h.priceValues !== 'decimal') fail(`${what}: bad columns`);
      if (!Array.isArray(h.sources) || !Array.isArray(h.notes)) fail(`${what}: sources or notes missing`);
      const [off, len] = Array.isArray(h.block) ? h.block : [NaN, NaN];
      if (!Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 1 || off + len > dataLength) fail(`${what}: block outside the data`);
    }
  }
  return man as SnapshotManifest;
}

function inflate(codec: number, body: Uint8Array, expected: number): Buffer {
  const opts = { maxOutputLength: expected + 1 };
  try {
    if (codec === CODEC_BROTLI) return brotliDecompressSync(body, opts);
    if (codec === CODEC_GZIP) return gunzipSync(body, opts);
  } catch (e) {
    return fail(`snapshot payload is truncated or corrupt (${messageOf(e)})`);
  }
  return fail(`snapshot codec ${codec} is not supported`);
}

/** Decodes a snapshot file's bytes. Throws {@link SnapshotFormatError} if they are not a valid snapshot. */
export function decodeSnapshot(bytes: Uint8Array, options: DecodeOptions = {}): Snapshot {
  const mode = options.values ?? 'shortest';
  if (!(bytes instanceof Uint8Array)) fail('snapshot: expected bytes (Uint8Array or Buffer)');
  if (bytes.length < HEADER_BYTES) fail(`snapshot is too short (${bytes.length} bytes)`);
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) fail('not a Hashpivot snapshot (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(6);
  if (version !== SNAPSHOT_VERSION) fail(`snapshot version ${version} is not supported (this build reads ${SNAPSHOT_VERSION})`);
  const codec = view.getUint8(7);
  const rawLength = view.getUint32(8, true);
  const crc = view.getUint32(12, true);
  if (rawLength < 4 || rawLength > MAX_PAYLOAD) fail(`snapshot header: implausible payload length ${rawLength}`);
  const raw = inflate(codec, bytes.subarray(HEADER_BYTES), rawLength);
  if (raw.length !== rawLength) fail(`snapshot payload is ${raw.length} bytes, the header says ${rawLength} (truncated or corrupt)`);
  if (crc32(raw) !== crc) fail('snapshot payload fails its CRC-32 check (corrupt)');

  const manifestLength = raw.readUInt32LE(0);
  if (4 + manifestLength > raw.length) fail('snapshot manifest runs past the payload');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.subarray(4, 4 + manifestLength).toString('utf8'));
  } catch (e) {
    fail(`snapshot manifest is not JSON (${messageOf(e)})`);
  }
  const data = raw.subarray(4 + manifestLength);
  const manifest = checkManifest(parsed, data.length);

  const byKey = new Map<string, SeriesInfo>();
  for (const s of manifest.series) {
    for (const k of [s.symbol, ...s.aliases]) {
      const key = k.toUpperCase();
      if (byKey.has(key)) fail(`snapshot manifest: ${k} appears twice`);
      byKey.set(key, s);
    }
  }
  const decoded = new Map<string, DecodedColumns>();
  const find = (symbol: string) => byKey.get(symbol.trim().toUpperCase());
  const hourlyByKey = new Map<string, HourlyInfo>();
  for (const h of manifest.hourly ?? []) for (const k of [h.symbol, h.of]) if (!hourlyByKey.has(k.toUpperCase())) hourlyByKey.set(k.toUpperCase(), h);
  const hourlyDecoded = new Map<string, { times: number[]; close: number[] }>();

  return {
    manifest,
    asOf: manifest.asOf,
    symbols: () => manifest.series.map((s) => s.symbol),
    info: find,
    get(symbol: string): DailySeries | undefined {
      const info = find(symbol);
      if (!info) return undefined;
      let cols = decoded.get(info.symbol);
      if (!cols) {
        cols = decodeBlock(data.subarray(info.block[0], info.block[0] + info.block[1]), info, manifest.chunkRows, mode);
        decoded.set(info.symbol, cols);
      }
      const src = info.sources.map((s) => `${s.repo}@${s.commit.slice(0, 12)} ${s.path}`).join(' + ');
      const series: DailySeries = {
        symbol: info.symbol,
        dates: cols.dates.slice(),
        close: cols.close.slice(),
        origin: {
          kind: 'snapshot',
          provider: 'snapshot',
          providerSymbol: info.providerSymbol,
          asOf: info.last,
          note: `${src}; ${info.adjustment}${info.trim ? `; from ${info.trim.before} (earlier rows are not this company)` : ''}`,
        },
      };
      if (cols.open) series.open = cols.open.slice();
      if (cols.high) series.high = cols.high.slice();
      if (cols.low) series.low = cols.low.slice();
      if (cols.volume) series.volume = cols.volume.slice();
      return series;
    },
    hourly(symbol: string): HourlySeries | undefined {
      const info = hourlyByKey.get(symbol.trim().toUpperCase());
      if (!info) return undefined;
      let bars = hourlyDecoded.get(info.symbol);
      if (!bars) {
        const label = (h: number) => new Date(h * HOUR_MS).toISOString();
        const cols = decodeTicks(data.subarray(info.block[0], info.block[0] + info.block[1]), info, manifest.chunkRows, 'shortest', label);
        const times = cols.ticks.map((h) => h * HOUR_MS);
        const at = (t: number) => label(t / HOUR_MS).replace('.000Z', 'Z');
        if (at(times[0]!) !== info.first || at(times.at(-1)!) !== info.last) {
          fail(`snapshot hourly ${info.symbol}: ${at(times[0]!)}..${at(times.at(-1)!)}, the manifest says ${info.first}..${info.last}`);
        }
        bars = { times, close: cols.close };
        hourlyDecoded.set(info.symbol, bars);
      }
      const src = info.sources.map((s) => `${s.repo}@${s.commit.slice(0, 12)} ${s.path}`).join(' + ');
      return {
        symbol: info.of,
        times: bars.times.slice(),
        close: bars.close.slice(),
        origin: {
          kind: 'snapshot',
          provider: 'snapshot',
          providerSymbol: info.providerSymbol,
          asOf: info.last,
          note: `${src}; hourly closes, bar open times (UTC)`,
        },
      };
    },
  };
}

/** Reads and decodes a snapshot file synchronously. */
export function loadSnapshotFile(file: string, options?: DecodeOptions): Snapshot {
  return decodeSnapshot(readFileSync(file), options);
}

/** Reads and decodes a snapshot file without blocking on the read. */
export async function readSnapshotFile(file: string, options?: DecodeOptions): Promise<Snapshot> {
  return decodeSnapshot(await readFile(file), options);
}
