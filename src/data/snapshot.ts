/**
 * The embedded snapshot of real daily prices (`media/snapshot/prices.snap`), so that Hashpivot
 * is useful offline and on first start. It is built from the shared price fixtures by
 * `scripts/build-snapshot.mjs`, which documents the byte format; their README is copied next
 * to it as `ORIGIN.md`, and every series names its source repository, commit and path.
 *
 * Opening checks the header, the file's length and the manifest (its CRC-32 too). Each series'
 * block is packed on its own and is inflated, checked (length, CRC-32) and decoded on first use:
 * dates and closes first, the other columns (open, high, low, volume) only when one of them is
 * read, so a close-only consumer never decodes them. Anything wrong throws a
 * {@link SnapshotFormatError} with a message that says what, never garbage data.
 *
 * What `get()` and `hourly()` hand out is shared, not copied: the same series object on every
 * call, its arrays frozen (writing to them throws), and `days` (an Int32Array, which cannot be
 * frozen) read-only by contract. `dates` are made from `days` on first read.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { HOUR_MS, type HourlySeries } from '../core/sampling';
import type { AssetClass, DailySeries, IsoDate } from '../core/types';
import { messageOf } from '../shared/errors';

/** Where the snapshot lives inside the extension (for `context.asAbsolutePath`). */
export const SNAPSHOT_PATH = 'media/snapshot/prices.snap';

export const SNAPSHOT_FORMAT = 'hashpivot-price-snapshot';
export const SNAPSHOT_VERSION = 2;

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
  /** The series' block (internal): offset from the first block and length as stored (packed), length and CRC-32 unpacked. */
  block: SnapshotBlock;
}

/** Where a block is and what it unpacks to: [offset, packed length, length, CRC-32]. */
export type SnapshotBlock = [offset: number, packedLength: number, length: number, crc32: number];

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
  block: SnapshotBlock;
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
  /**
   * The series of a key or alias (case-insensitive), decoded on first use (open, high, low and
   * volume on first read of one of them). Shared: the same frozen object and arrays on every call
   * (`days` read-only); a caller that needs to change one copies it.
   */
  get(symbol: string): DailySeries | undefined;
  info(symbol: string): SeriesInfo | undefined;
  /** Hourly bars of a symbol (`BTC`) or hourly key (`BTC-USDT-1h`), decoded on first use; shared and frozen like {@link get}'s. */
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
const HEADER_BYTES = 24;
const CODEC_NONE = 0;
const CODEC_GZIP = 1;
const CODEC_BROTLI = 2;
/** Refuse to inflate anything larger (the real manifest is about 60 KB, the largest block about 75 KB). */
const MAX_UNPACKED = 16 * 1024 * 1024;
const COLUMNS: readonly SnapshotColumn[] = ['open', 'high', 'low', 'close', 'volume'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/;

const fail = (message: string): never => {
  throw new SnapshotFormatError(message);
};

let crcTable: Uint32Array | undefined;
/** CRC-32 (IEEE) in JavaScript, for a Node without zlib.crc32 (before 20.15 / 22.2). */
export function crc32js(bytes: Uint8Array): number {
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

const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
/** CRC-32 (IEEE): zlib's native one where Node has it, else {@link crc32js}. */
const crc32: (bytes: Uint8Array) => number = typeof zlibCrc32 === 'function' ? (b) => zlibCrc32(b) >>> 0 : crc32js;

/** Exact powers of ten (every 10^k up to 10^22 is a double): value = m * 10^e, or m / 10^-e, is the correctly rounded decimal. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

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

/**
 * Decodes `count` LEB128 varints of `buf` from `pos` into `out` (zigzag-signed when `signed`) and
 * returns the position after them; one call per column or chunk, no call per value. Reading past
 * the end, a varint longer than 8 bytes or a number beyond 2^53 fails with `what`.
 */
function varints(buf: Uint8Array, pos: number, count: number, out: Float64Array, at: number, signed: boolean, what: string): number {
  const len = buf.length;
  for (let k = 0; k < count; k++) {
    if (pos >= len) fail(`${what}: truncated`);
    let b = buf[pos++]!;
    let z = b & 127;
    if (b >= 128) {
      let mul = 128;
      do {
        if (pos >= len) fail(`${what}: truncated`);
        if (mul > 2 ** 49) fail(`${what}: varint too long`);
        b = buf[pos++]!;
        z += (b & 127) * mul;
        mul *= 128;
      } while (b >= 128);
      if (z > Number.MAX_SAFE_INTEGER) fail(`${what}: number out of range`);
    }
    out[at + k] = signed ? (z % 2 === 0 ? z / 2 : -(z + 1) / 2) : z;
  }
  return pos;
}

/** One exponent byte (value + 64), checked. */
function exponentAt(buf: Uint8Array, pos: number, what: string, kind: string): number {
  if (pos >= buf.length) fail(`${what}: truncated`);
  const exp = buf[pos]! - 64;
  if (exp < -22 || exp > 22) fail(`${what}: bad ${kind}exponent ${exp}`);
  return exp;
}

/** The block layout both kinds of series share; `ticks` are days (daily) or hours (hourly) since 1970. */
interface BlockSpec {
  symbol: string;
  rows: number;
  columns: readonly SnapshotColumn[];
  priceValues: 'float32' | 'decimal';
  sourceDecimals?: number;
}

/** The first part of a block (ticks and closes), and what decoding the rest needs. */
interface BlockHead {
  ticks: Int32Array;
  close: number[];
  /** Close mantissas and the chunk exponents: the predictors of the opens. */
  cm: Float64Array;
  exps: Int8Array;
  /** Where the other columns start. */
  pos: number;
}

interface OtherColumns {
  open?: number[];
  high?: number[];
  low?: number[];
  volume?: number[];
}

/** Price values as the decode mode wants them (`source`: the float32 doubles of the CSVs). */
function restorer(info: BlockSpec, mode: 'shortest' | 'source'): ((v: number) => number) | undefined {
  if (mode !== 'source' || info.priceValues !== 'float32') return undefined;
  const d = info.sourceDecimals;
  return d !== undefined ? (v) => Number(Math.fround(v).toFixed(d)) : (v) => Math.fround(v);
}

/** Mantissas `m` at the exponents of their chunks as prices, checked (positive, finite). */
function prices(m: Float64Array, exps: Int8Array, chunk: number, restore: ((v: number) => number) | undefined, bad: (v: number, i: number) => never): number[] {
  const n = m.length;
  const out = new Array<number>(n);
  for (let c = 0, i = 0; i < n; c++) {
    const e = exps[c]!;
    const scale = POW10[e < 0 ? -e : e]!;
    const end = Math.min(n, i + chunk);
    for (; i < end; i++) {
      let v = e < 0 ? m[i]! / scale : m[i]! * scale;
      if (restore) v = restore(v);
      if (!(v > 0 && v < Infinity)) bad(v, i);
      out[i] = v;
    }
  }
  return out;
}

/** Ticks and closes; nothing else is read (a block with no other column must end there). */
function decodeHead(block: Uint8Array, info: BlockSpec, chunk: number, mode: 'shortest' | 'source', label: (tick: number) => string): BlockHead {
  const what = `snapshot series ${info.symbol}`;
  const one = new Float64Array(1);
  let pos = varints(block, 0, 1, one, 0, false, what);
  const n = one[0]!;
  if (n !== info.rows) fail(`${what}: ${n} rows, the manifest says ${info.rows}`);
  // cm holds the date gaps first, then the close mantissas.
  const cm = new Float64Array(n);
  pos = varints(block, pos, n, cm, 0, false, what);
  const ticks = new Int32Array(n);
  let t = cm[0]!;
  ticks[0] = t;
  for (let i = 1; i < n; i++) {
    const gap = cm[i]!;
    if (gap < 1) fail(`${what}: dates not strictly ascending at row ${i}`);
    t += gap;
    ticks[i] = t;
  }
  if (t > 0x7fffffff) fail(`${what}: date out of range`);
  // Closes: per chunk an exponent byte, then deltas from the previous close (rescaled to the chunk's exponent).
  const chunks = Math.ceil(n / chunk);
  const exps = new Int8Array(chunks);
  let pc = 0;
  let pExp = 0;
  for (let c = 0; c < chunks; c++) {
    const exp = exponentAt(block, pos++, what, '');
    exps[c] = exp;
    const start = c * chunk;
    const end = Math.min(n, start + chunk);
    pos = varints(block, pos, end - start, cm, start, true, what);
    pc = rescale(pc, pExp, exp);
    for (let i = start; i < end; i++) cm[i] = pc += cm[i]!;
    pExp = exp;
  }
  const close = prices(cm, exps, chunk, restorer(info, mode), (v, i) => fail(`${what}: bad price ${v} on ${label(ticks[i]!)}`));
  if (info.columns.length === 1 && pos !== block.length) fail(`${what}: ${block.length - pos} unexpected bytes at the end`);
  return { ticks, close, cm, exps, pos };
}

/** Open, high, low and volume, from where the closes end. */
function decodeOthers(
  block: Uint8Array,
  head: BlockHead,
  info: BlockSpec,
  chunk: number,
  mode: 'shortest' | 'source',
  label: (tick: number) => string,
): OtherColumns {
  const what = `snapshot series ${info.symbol}`;
  const { cm, exps, ticks } = head;
  const n = cm.length;
  let pos = head.pos;
  const out: OtherColumns = {};
  if (info.columns.includes('open')) {
    const bad = (v: number, i: number) => fail(`${what}: bad price ${v} on ${label(ticks[i]!)}`);
    // The open's predictor is the previous close, rescaled to the row's chunk exponent (0 before the first row).
    const om = new Float64Array(n);
    const hm = new Float64Array(n);
    const lm = new Float64Array(n);
    pos = varints(block, pos, n, om, 0, true, what);
    pos = varints(block, pos, n, hm, 0, false, what);
    pos = varints(block, pos, n, lm, 0, false, what);
    for (let i = 0; i < n; i++) {
      const c = (i / chunk) | 0;
      const pred = i === 0 ? 0 : i % chunk === 0 ? rescale(cm[i - 1]!, exps[c - 1]!, exps[c]!) : cm[i - 1]!;
      const o = (om[i] = pred + om[i]!);
      const cl = cm[i]!;
      hm[i] = (o > cl ? o : cl) + hm[i]!;
      lm[i] = (o < cl ? o : cl) - lm[i]!;
    }
    const restore = restorer(info, mode);
    out.open = prices(om, exps, chunk, restore, bad);
    out.high = prices(hm, exps, chunk, restore, bad);
    out.low = prices(lm, exps, chunk, restore, bad);
  }
  if (info.columns.includes('volume')) {
    const vm = new Float64Array(n);
    const volume = new Array<number>(n);
    const chunks = Math.ceil(n / chunk);
    let pv = 0;
    let pe = 0;
    for (let c = 0; c < chunks; c++) {
      const exp = exponentAt(block, pos++, what, 'volume ');
      const start = c * chunk;
      const end = Math.min(n, start + chunk);
      pos = varints(block, pos, end - start, vm, start, true, what);
      pv = rescale(pv, pe, exp);
      const scale = POW10[exp < 0 ? -exp : exp]!;
      for (let i = start; i < end; i++) {
        pv += vm[i]!;
        const v = exp < 0 ? pv / scale : pv * scale;
        if (!(v >= 0 && v < Infinity)) fail(`${what}: bad volume ${v} on ${label(ticks[i]!)}`);
        volume[i] = v;
      }
      pe = exp;
    }
    out.volume = volume;
  }
  if (pos !== block.length) fail(`${what}: ${block.length - pos} unexpected bytes at the end`);
  return out;
}

/** `YYYY-MM-DD` of ascending day numbers, stepping the calendar from one to the next (no division per row). */
function isoDates(days: Int32Array): IsoDate[] {
  const out = new Array<IsoDate>(days.length);
  if (days.length === 0) return out;
  let [y, m, d] = isoOfDay(days[0]!).split('-').map(Number) as [number, number, number];
  const monthDays = (yy: number, mm: number) =>
    mm === 2 ? ((yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0 ? 29 : 28) : mm === 4 || mm === 6 || mm === 9 || mm === 11 ? 30 : 31;
  let prefix = `${y}-${TWO[m]}-`;
  let dim = monthDays(y, m);
  let prev = days[0]!;
  out[0] = prefix + TWO[d];
  for (let i = 1; i < days.length; i++) {
    const day = days[i]!;
    const gap = day - prev;
    prev = day;
    d += gap;
    if (d > dim) {
      while (d > dim) {
        d -= dim;
        if (++m > 12) {
          m = 1;
          y++;
        }
        dim = monthDays(y, m);
      }
      prefix = `${y}-${TWO[m]}-`;
    }
    out[i] = prefix + TWO[d];
  }
  return out;
}

function checkBlock(what: string, b: unknown, dataLength: number): void {
  const ok =
    Array.isArray(b) &&
    b.length === 4 &&
    b.every((x) => Number.isInteger(x) && x >= 0) &&
    b[1] >= 1 &&
    b[2] >= 1 &&
    b[2] <= MAX_UNPACKED &&
    b[3] <= 0xffffffff &&
    b[0] + b[1] <= dataLength;
  if (!ok) fail(`${what}: block outside the data`);
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
    checkBlock(what, s.block, dataLength);
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
      checkBlock(what, h.block, dataLength);
    }
  }
  return man as SnapshotManifest;
}

/** Unpacks one part of the file (the manifest, a block) and checks its length and CRC-32. */
function unpack(codec: number, packed: Uint8Array, length: number, crc: number, what: string): Uint8Array {
  let raw: Uint8Array;
  try {
    const opts = { maxOutputLength: length + 1 };
    if (codec === CODEC_BROTLI) raw = zlib.brotliDecompressSync(packed, opts);
    else if (codec === CODEC_GZIP) raw = zlib.gunzipSync(packed, opts);
    else raw = packed;
  } catch (e) {
    return fail(`${what} is truncated or corrupt (${messageOf(e)})`);
  }
  if (raw.length !== length) fail(`${what} is ${raw.length} bytes, the snapshot says ${length} (truncated or corrupt)`);
  if (crc32(raw) !== crc) fail(`${what} fails its CRC-32 check (corrupt)`);
  return raw;
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
  if (codec !== CODEC_NONE && codec !== CODEC_GZIP && codec !== CODEC_BROTLI) fail(`snapshot codec ${codec} is not supported`);
  const manifestLength = view.getUint32(8, true);
  const manifestCrc = view.getUint32(12, true);
  const packedManifest = view.getUint32(16, true);
  const blocksLength = view.getUint32(20, true);
  if (manifestLength < 2 || manifestLength > MAX_UNPACKED) fail(`snapshot header: implausible manifest length ${manifestLength}`);
  const expected = HEADER_BYTES + packedManifest + blocksLength;
  if (bytes.length !== expected) {
    fail(`snapshot is ${bytes.length} bytes, its header says ${expected} (${bytes.length < expected ? 'truncated' : 'corrupt'})`);
  }
  const manifestBytes = unpack(codec, bytes.subarray(HEADER_BYTES, HEADER_BYTES + packedManifest), manifestLength, manifestCrc, 'snapshot manifest');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (e) {
    fail(`snapshot manifest is not JSON (${messageOf(e)})`);
  }
  const data = bytes.subarray(HEADER_BYTES + packedManifest);
  const manifest = checkManifest(parsed, data.length);
  const blockOf = (info: SeriesInfo | HourlyInfo): Uint8Array => {
    const [off, packed, length, crc] = info.block;
    return unpack(codec, data.subarray(off, off + packed), length, crc, `snapshot series ${info.symbol}`);
  };

  const byKey = new Map<string, SeriesInfo>();
  for (const s of manifest.series) {
    for (const k of [s.symbol, ...s.aliases]) {
      const key = k.toUpperCase();
      if (byKey.has(key)) fail(`snapshot manifest: ${k} appears twice`);
      byKey.set(key, s);
    }
  }
  const decoded = new Map<string, DailySeries>();
  const find = (symbol: string) => byKey.get(symbol.trim().toUpperCase());
  const hourlyByKey = new Map<string, HourlyInfo>();
  for (const h of manifest.hourly ?? []) for (const k of [h.symbol, h.of]) if (!hourlyByKey.has(k.toUpperCase())) hourlyByKey.set(k.toUpperCase(), h);
  const hourlyDecoded = new Map<string, HourlySeries>();
  const sourceText = (sources: SnapshotSource[]) => sources.map((s) => `${s.repo}@${s.commit.slice(0, 12)} ${s.path}`).join(' + ');

  const decodeDaily = (info: SeriesInfo): DailySeries => {
    const block = blockOf(info);
    const head = decodeHead(block, info, manifest.chunkRows, mode, isoOfDay);
    const days = head.ticks;
    const first = isoOfDay(days[0]!);
    const last = isoOfDay(days[days.length - 1]!);
    if (first !== info.first || last !== info.last)
      fail(`snapshot series ${info.symbol}: dates ${first}..${last}, the manifest says ${info.first}..${info.last}`);
    let dates: IsoDate[] | undefined;
    let others: OtherColumns | undefined;
    const other = (c: keyof OtherColumns) => () => {
      if (!others) {
        others = decodeOthers(block, head, info, manifest.chunkRows, mode, isoOfDay);
        for (const col of Object.values(others)) Object.freeze(col);
      }
      return others[c];
    };
    const lazy: PropertyDescriptorMap = {
      dates: { enumerable: true, get: () => (dates ??= Object.freeze(isoDates(days)) as IsoDate[]) },
    };
    for (const c of ['open', 'high', 'low', 'volume'] as const) if (info.columns.includes(c)) lazy[c] = { enumerable: true, get: other(c) };
    const series = Object.defineProperties(
      {
        symbol: info.symbol,
        days,
        close: Object.freeze(head.close) as number[],
        origin: Object.freeze({
          kind: 'snapshot',
          provider: 'snapshot',
          providerSymbol: info.providerSymbol,
          asOf: info.last,
          note: `${sourceText(info.sources)}; ${info.adjustment}${info.trim ? `; from ${info.trim.before} (earlier rows are not this company)` : ''}`,
        }),
      },
      lazy,
    ) as DailySeries;
    return Object.freeze(series);
  };

  const decodeHourly = (info: HourlyInfo): HourlySeries => {
    const label = (h: number) => new Date(h * HOUR_MS).toISOString();
    const head = decodeHead(blockOf(info), info, manifest.chunkRows, 'shortest', label);
    const ticks = head.ticks;
    const times = new Array<number>(ticks.length);
    for (let i = 0; i < ticks.length; i++) times[i] = ticks[i]! * HOUR_MS;
    const at = (t: number) => label(t / HOUR_MS).replace('.000Z', 'Z');
    if (at(times[0]!) !== info.first || at(times.at(-1)!) !== info.last) {
      fail(`snapshot hourly ${info.symbol}: ${at(times[0]!)}..${at(times.at(-1)!)}, the manifest says ${info.first}..${info.last}`);
    }
    return Object.freeze({
      symbol: info.of,
      times: Object.freeze(times) as number[],
      close: Object.freeze(head.close) as number[],
      origin: Object.freeze({
        kind: 'snapshot' as const,
        provider: 'snapshot',
        providerSymbol: info.providerSymbol,
        asOf: info.last,
        note: `${sourceText(info.sources)}; hourly closes, bar open times (UTC)`,
      }),
    });
  };

  return {
    manifest,
    asOf: manifest.asOf,
    symbols: () => manifest.series.map((s) => s.symbol),
    info: find,
    get(symbol: string): DailySeries | undefined {
      const info = find(symbol);
      if (!info) return undefined;
      let s = decoded.get(info.symbol);
      if (!s) decoded.set(info.symbol, (s = decodeDaily(info)));
      return s;
    },
    hourly(symbol: string): HourlySeries | undefined {
      const info = hourlyByKey.get(symbol.trim().toUpperCase());
      if (!info) return undefined;
      let h = hourlyDecoded.get(info.symbol);
      if (!h) hourlyDecoded.set(info.symbol, (h = decodeHourly(info)));
      return h;
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
