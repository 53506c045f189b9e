#!/usr/bin/env node
// Builds the embedded snapshot of real daily prices (media/snapshot/) from the price fixtures
// (fixtures/prices, copied from the shared folder; see its README for where every file comes from),
// plus the hourly BTC/USDT closes of fixtures/network/btc-usdt-1h.csv (Binance spot klines, for BTC
// at the US equity close; see fixtures/network/README.md), and the daily difficulty of
// fixtures/network/btc-difficulty-daily.csv (MIT, lukmol/gamlss-btc-VaR) as media/snapshot/network.json
// (read by src/data/network.ts readNetworkSnapshot, for hashprice offline; no fees: the fee file is GPL-3.0).
//
// network.json: { format: 1, asOf, origin: { repository, commit, path, licence, notice }, first,
//   gaps: days from each row to the next, difficulty: the CSV's values as numbers }. A separate
//   small JSON file, not a block of prices.snap, so that the price format stays as it is.
//
//   node scripts/build-snapshot.mjs [--prices DIR] [--network DIR] [--out DIR] [--codec brotli|gzip|none]
//   node scripts/build-snapshot.mjs --check        build in memory; exit 1 if media/snapshot differs
//   node scripts/build-snapshot.mjs --containers   print the container measurement below; write nothing
//
// Plain Node (node:* only). Deterministic: the same input gives byte-identical output (no
// wall-clock time; generatedAt is the snapshot's as-of date). It validates everything it
// writes by decoding the result again and comparing every value with the CSVs.
//
// File format (`prices.snap`, version 2), read by src/data/snapshot.ts:
//   header (24 bytes): "HPSNAP" | u8 version (2) | u8 codec (0 none, 1 gzip, 2 brotli)
//                      | u32le manifest length | u32le CRC-32 of the manifest
//                      | u32le packed manifest length | u32le packed blocks length
//   then the manifest JSON (UTF-8), packed with the codec, then every series' block, each packed
//   on its own with the codec (so a reader inflates only the series it is asked for). A block is at
//   manifest.series[i].block = [offset, packed length, length, CRC-32 of the block] from the start
//   of the packed blocks; the file ends with the last block.
// A series block, column after column (integers are LEB128 varints, signed ones zigzag;
// a number is an integer mantissa m with value = m * 10^exponent, one exponent per chunk of
// CHUNK rows, stored as a byte exponent + 64):
//   rows n; first date (days since 1970-01-01); n-1 gaps in days (>= 1);
//   close: per chunk its exponent byte, then per row c - prevClose (prevClose rescaled to the
//     chunk's exponent; 0 before the first row);
//   if OHLC (same exponents): per row o - prevClose; per row high - max(o, c) (>= 0);
//     per row min(o, c) - low (>= 0);
//   volume, if present: per chunk its own exponent byte, then per row v - prevV.
// Dates and closes come first, so a reader that needs only closes stops there.
// Hourly series (manifest.hourly[i], same block layout, close only): the first "date" and the gaps
// count HOURS since 1970-01-01T00:00Z (bar open times), not days.
// Float32 sources (Yahoo) are stored as the shortest decimal that rounds to the same float32
// (17.15999984741211 -> 17.16); decimal sources (Binance, volumes) exactly.
//
// Containers (issue 15; `--containers` measures them again). Version 1 packed the whole payload
// (manifest and all 52 blocks, 1.67 MB) as one brotli stream: every start inflated all of it and
// checked a CRC-32 of all of it, for the 4 daily series and 1 hourly series (235 KB of blocks) that
// `hashpivot report BTC QQQ IREN` reads. Measured on the 2026-08-21 snapshot (Node 20.20, a shared
// 2-core machine; inflate = the manifest and the report's 5 blocks, with their CRC-32s; median of 31):
//
//   | container                      | file bytes | in the .vsix | inflate, report |
//   |--------------------------------|-----------:|-------------:|----------------:|
//   | brotli q11, whole payload (v1) |  1,202,156 |    1,202,511 |    10 to 12 ms  |
//   | gzip -9, whole payload         |  1,367,114 |    1,367,492 |         4.3 ms  |
//   | none, whole payload            |  1,672,580 |    1,362,462 |         0.3 ms  |
//   | brotli q11, per series (v2)    |  1,234,339 |    1,234,715 |         1.6 ms  |
//   | gzip -9, per series            |  1,363,593 |    1,363,939 |         0.6 ms  |
//   | none, per series               |  1,672,582 |    1,362,454 |         0.1 ms  |
//
// ("in the .vsix": the file deflated as vsce's zip stores it.) Brotli per series costs 32 KB
// (+2.7%) over one brotli stream and inflates the report's series 6-7x faster; gzip or no packing
// would save about another millisecond but cost 130 KB more in the .vsix (and 440 KB more on disk
// unpacked). So: brotli, per series, a CRC-32 per block checked when the block is read.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- options
function parseArgs(argv) {
  const opts = {
    prices: path.resolve(root, 'fixtures/prices'),
    network: path.resolve(root, 'fixtures/network'),
    out: path.resolve(root, 'media/snapshot'),
    codec: 'brotli',
    check: false,
    containers: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--prices') opts.prices = path.resolve(next());
    else if (a === '--network') opts.network = path.resolve(next());
    else if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--codec') opts.codec = next();
    else if (a === '--check') opts.check = true;
    else if (a === '--containers') opts.containers = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/build-snapshot.mjs [--prices DIR] [--network DIR] [--out DIR] [--codec brotli|gzip|none] [--check] [--containers]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(opts.codec in CODEC)) throw new Error(`--codec must be brotli, gzip or none, not ${opts.codec}`);
  return opts;
}

// ---------------------------------------------------------------- the universe
const FORMAT = 'hashpivot-price-snapshot';
const VERSION = 2;
const CODEC = { none: 0, gzip: 1, brotli: 2 };
const HEADER_BYTES = 24;
const CHUNK = 32;
const SNAPSHOT_FILE = 'prices.snap';

/**
 * Every shipped series. file: the fixture CSV; symbol: the snapshot key; trim: rows dated
 * before `from` are dropped because they are not this instrument (reason recorded).
 */
const UNIVERSE = [
  // miners
  { symbol: 'CORZ', file: 'CORZ.csv', name: 'Core Scientific', assetClass: 'equity', group: 'miner' },
  {
    symbol: 'CLSK',
    file: 'CLSK.csv',
    name: 'CleanSpark',
    assetClass: 'equity',
    group: 'miner',
    notes: [
      'Kept in full: the pre-2020 rows are the same listed company (CleanSpark as an energy-software firm, bitcoin mining from Dec 2020); early rows are illiquid.',
    ],
  },
  { symbol: 'BITF', file: 'BITF.csv', name: 'Bitfarms', assetClass: 'equity', group: 'miner' },
  { symbol: 'IREN', file: 'IREN.csv', name: 'IREN (Iris Energy)', assetClass: 'equity', group: 'miner' },
  {
    symbol: 'WULF',
    file: 'WULF.csv',
    name: 'TeraWulf',
    assetClass: 'equity',
    group: 'miner',
    trim: { from: '2021-12-14', reason: 'rows before 2021-12-14 are IKONICS Corp (IKNX), the shell TeraWulf merged into, not TeraWulf' },
  },
  {
    symbol: 'MARA',
    file: 'MARA.csv',
    name: 'MARA Holdings',
    assetClass: 'equity',
    group: 'miner',
    notes: [
      'Kept in full: the pre-2020 rows are the same listed company (Marathon Patent Group, ticker MARA since 2012); 2012-2013 rows are illiquid with many zero-volume days.',
    ],
  },
  {
    symbol: 'RIOT',
    file: 'RIOT.csv',
    name: 'Riot Platforms',
    assetClass: 'equity',
    group: 'miner',
    notes: ['Kept in full: the pre-2017 rows are the same listed company under its earlier names (Bioptix/Venaxis; renamed Riot Blockchain in Oct 2017).'],
  },
  { symbol: 'HUT', file: 'HUT.csv', name: 'Hut 8', assetClass: 'equity', group: 'miner' },
  {
    symbol: 'CIFR',
    file: 'CIFR.csv',
    name: 'Cipher Mining',
    assetClass: 'equity',
    group: 'miner',
    trim: { from: '2021-08-30', reason: 'rows before 2021-08-30 are the SPAC Good Works Acquisition Corp (GWAC), not Cipher Mining' },
  },
  {
    symbol: 'HIVE',
    file: 'HIVE.csv',
    name: 'HIVE Digital Technologies',
    assetClass: 'equity',
    group: 'miner',
    trim: {
      from: '2021-01-01',
      reason:
        'rows before 2021 are predecessor / pre-Nasdaq history as Yahoo serves it: up to 2017-09-18 a shell trading at a flat 0.10-0.65 USD ' +
        '(97-100% of closes repeat the previous day), and in 2018-2020 thin quotes with 12-32% repeated closes, which would show as ' +
        'zero returns in volatility and correlation; from 2021 almost no close repeats (the Nasdaq listing came in 2021)',
    },
  },
  {
    symbol: 'BTDR',
    file: 'BTDR.csv',
    name: 'Bitdeer Technologies',
    assetClass: 'equity',
    group: 'miner',
    trim: {
      from: '2023-04-14',
      reason: 'rows before 2023-04-14 are the SPAC shell Bitdeer merged into (Blue Safari Group Acquisition Corp, trading near 10 USD), not Bitdeer',
    },
  },
  { symbol: 'APLD', file: 'APLD.csv', name: 'Applied Digital', assetClass: 'equity', group: 'miner' },
  // AI infrastructure
  { symbol: 'NVDA', file: 'NVDA.csv', name: 'NVIDIA', assetClass: 'equity', group: 'ai' },
  { symbol: 'AMZN', file: 'AMZN.csv', name: 'Amazon', assetClass: 'equity', group: 'ai' },
  { symbol: 'GOOGL', file: 'GOOGL.csv', name: 'Alphabet (class A)', assetClass: 'equity', group: 'ai' },
  { symbol: 'MSFT', file: 'MSFT.csv', name: 'Microsoft', assetClass: 'equity', group: 'ai' },
  { symbol: 'CRWV', file: 'CRWV.csv', name: 'CoreWeave', assetClass: 'equity', group: 'ai' },
  // benchmarks
  { symbol: 'BTC', file: 'BTC-USD.csv', name: 'Bitcoin (Yahoo BTC-USD)', assetClass: 'crypto', group: 'benchmark', providerSymbol: 'BTC-USD' },
  { symbol: 'BTC-USDT', file: 'BTC-USDT.csv', name: 'Bitcoin (Binance BTC/USDT)', assetClass: 'crypto', group: 'benchmark', providerSymbol: 'BTC/USDT' },
  {
    symbol: '^NDX',
    file: 'NDX.csv',
    name: 'NASDAQ-100 index',
    assetClass: 'index',
    group: 'benchmark',
    providerSymbol: '^NDX',
    sourceDecimals: 6,
    notes: ['Ends 2022-03-01: use QQQ for later dates.', 'The source adj_close column equals close on every row (checked at build) and is not stored.'],
  },
  { symbol: 'QQQ', file: 'QQQ.csv', name: 'Invesco QQQ Trust (NASDAQ-100 ETF)', assetClass: 'etf', group: 'benchmark' },
  // crypto for the CoinDesk-20 proxy basket (Yahoo USD pairs), then Binance USDT pairs
  ...[
    ['ETH', 'Ethereum'],
    ['XRP', 'XRP'],
    ['BNB', 'BNB'],
    ['SOL', 'Solana'],
    ['DOGE', 'Dogecoin'],
    ['ADA', 'Cardano'],
    ['LINK', 'Chainlink'],
    ['AVAX', 'Avalanche'],
    ['LTC', 'Litecoin'],
    ['DOT', 'Polkadot'],
    ['BCH', 'Bitcoin Cash'],
    ['XLM', 'Stellar'],
    ['TRX', 'TRON'],
    ['NEAR', 'NEAR Protocol'],
    ['APT', 'Aptos'],
    ['SUI', 'Sui'],
    ['TON', 'Toncoin'],
    ['LEO', 'UNUS SED LEO'],
  ].map(([sym, name]) => ({ symbol: sym, file: `${sym}-USD.csv`, name: `${name} (Yahoo ${sym}-USD)`, assetClass: 'crypto', group: 'crypto' })),
  ...[
    ['ETH', 'Ethereum'],
    ['XRP', 'XRP'],
    ['BNB', 'BNB'],
    ['SOL', 'Solana'],
    ['DOGE', 'Dogecoin'],
    ['ADA', 'Cardano'],
    ['AVAX', 'Avalanche'],
    ['LINK', 'Chainlink'],
    ['LTC', 'Litecoin'],
  ].map(([sym, name]) => ({
    symbol: `${sym}-USDT`,
    file: `${sym}-USDT.csv`,
    name: `${name} (Binance ${sym}/USDT)`,
    assetClass: 'crypto',
    group: 'crypto',
    providerSymbol: `${sym}/USDT`,
  })),
  // extras
  { symbol: 'SPY', file: 'SPY.csv', name: 'SPDR S&P 500 ETF', assetClass: 'etf', group: 'extra' },
  { symbol: 'MSTR', file: 'MSTR.csv', name: 'Strategy (MicroStrategy)', assetClass: 'equity', group: 'extra' },
  { symbol: 'COIN', file: 'COIN.csv', name: 'Coinbase Global', assetClass: 'equity', group: 'extra' },
];

/** Price adjustment by source repository (README, "Adjustment conventions by source"). */
const ADJUSTMENT_BY_REPO = {
  'SungKyu-Kim39/BackTester39': 'split-adjusted OHLC, not dividend-adjusted (raw close)',
  'bdesia/MSTGAM-4trading': 'split- and dividend-adjusted OHLC (yfinance auto_adjust); no dividends paid, so equal to split-adjusted',
  'dsturdy/Factor_Attribution': 'adjusted close only (no dividends paid, so split-adjusted)',
  'FeritYikar/bitcoin-daily': 'none (index level)',
};
const CRYPTO_ADJUSTMENT = 'none (crypto)';

// ---------------------------------------------------------------- README parsing
/** Origins, row counts and per-file notes from the prices README; fails loudly on surprises. */
function parseReadme(text) {
  const fullCommits = new Map();
  for (const m of text.matchAll(/^\* `([^`]+)` `([0-9a-f]{40})`/gm)) fullCommits.set(m[1], m[2]);
  const files = new Map();
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+\.csv)` \| (\d{4}-\d{2}-\d{2}) \| (\d{4}-\d{2}-\d{2}) \| (\d+) \| ([^|]+) \| (.+) \|$/.exec(line);
    if (!m) continue;
    const sources = [];
    for (const s of m[6].matchAll(/`([^`]+)` @ `([0-9a-f]{12})` `([^`]+)`(?: \((\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\))?/g)) {
      const full = fullCommits.get(s[1]);
      if (!full || !full.startsWith(s[2])) throw new Error(`README: no full commit for ${s[1]} @ ${s[2]}`);
      const src = { repo: s[1], commit: full, path: s[3] };
      if (s[4]) Object.assign(src, { from: s[4], to: s[5] });
      sources.push(src);
    }
    if (!sources.length) throw new Error(`README: cannot read the origin of ${m[1]}`);
    files.set(m[1], { first: m[2], last: m[3], rows: Number(m[4]), columns: m[5].trim(), sources });
  }
  const notes = new Map();
  for (const m of text.matchAll(/^\* \*\*([A-Z0-9^-]+)\*\*: (.+)$/gm)) notes.set(m[1], m[2].trim());
  return { files, notes };
}

// ---------------------------------------------------------------- numbers
/** Shortest decimal (as a double) that rounds to the same float32 as x. */
function shortestFloat32(x) {
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return s;
  }
  throw new Error(`no float32 decimal for ${x}`);
}

/** Largest e such that v = m * 10^e exactly with integer m (e <= 0 for fractions, trailing zeros for integers). */
function decimalExponent(v) {
  if (v === 0) return Infinity;
  if (Number.isInteger(v)) {
    let e = 0;
    while (e < 15 && v % POW10[e + 1] === 0) e++;
    return e;
  }
  for (let k = 1; k <= 20; k++) {
    const m = Math.round(v * POW10[k]);
    if (m / POW10[k] === v) return -k;
  }
  throw new Error(`${v} has no short decimal form`);
}

const MAX_MANTISSA = 2 ** 50;
/** Exact powers of ten (every 10^k up to 10^22 is a double); the loader uses the same table. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
function mantissa(v, e) {
  const m = e < 0 ? Math.round(v * POW10[-e]) : v / POW10[e];
  if (!Number.isInteger(m) || Math.abs(m) > MAX_MANTISSA) throw new Error(`value ${v} does not fit exponent ${e}`);
  if (valueOf(m, e) !== v) throw new Error(`value ${v} does not survive exponent ${e}`);
  return m;
}
/** Must match src/data/snapshot.ts. */
function valueOf(m, e) {
  return e < 0 ? m / POW10[-e] : m * POW10[e];
}
/** Integer mantissa m at exponent `from`, expressed at exponent `to` (a predictor; must match the decoder). */
function rescale(m, from, to) {
  if (from === to) return m;
  return from > to ? m * POW10[from - to] : Math.round(m / POW10[to - from]);
}

class Writer {
  constructor() {
    this.buf = Buffer.alloc(1 << 16);
    this.len = 0;
  }
  byte(b) {
    if (this.len === this.buf.length) {
      const nb = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(nb);
      this.buf = nb;
    }
    this.buf[this.len++] = b;
  }
  uvar(n) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`varint out of range: ${n}`);
    while (n >= 128) {
      this.byte((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.byte(n);
  }
  svar(n) {
    this.uvar(n >= 0 ? 2 * n : -2 * n - 1);
  }
  bytes() {
    return this.buf.subarray(0, this.len);
  }
}

const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Chunk exponent: the smallest decimal exponent any value of the chunk needs. */
function chunkExponent(cols, s, e) {
  let exp = Infinity;
  for (const c of cols) for (let i = s; i < e; i++) exp = Math.min(exp, decimalExponent(c[i]));
  if (exp === Infinity) exp = 0;
  if (exp < -22 || exp > 22) throw new Error(`exponent ${exp} out of range`);
  return exp;
}

/** A series block; `series.ticks` (hour numbers of an hourly series) stand in for `series.dates` when given. */
function encodeSeries(series) {
  const w = new Writer();
  const days = series.ticks ?? series.dates.map(dayNumber);
  const n = days.length;
  w.uvar(n);
  w.uvar(days[0]);
  for (let i = 1; i < n; i++) w.uvar(days[i] - days[i - 1]);
  const ohlc = !!series.open;
  const priceCols = ohlc ? [series.open, series.high, series.low, series.close] : [series.close];
  // close: per chunk an exponent byte, then deltas from the previous close.
  const exps = [];
  const cm = new Array(n);
  const pred = new Array(n);
  let prevClose = 0;
  let prevExp = 0;
  for (let s = 0; s < n; s += CHUNK) {
    const e = Math.min(n, s + CHUNK);
    const exp = chunkExponent(priceCols, s, e);
    exps.push(exp);
    w.byte(exp + 64);
    let pc = rescale(prevClose, prevExp, exp);
    for (let i = s; i < e; i++) {
      cm[i] = mantissa(series.close[i], exp);
      pred[i] = pc;
      w.svar(cm[i] - pc);
      pc = cm[i];
    }
    prevClose = pc;
    prevExp = exp;
  }
  if (ohlc) {
    const expAt = (i) => exps[Math.floor(i / CHUNK)];
    const om = series.open.map((v, i) => mantissa(v, expAt(i)));
    const hm = series.high.map((v, i) => mantissa(v, expAt(i)));
    const lm = series.low.map((v, i) => mantissa(v, expAt(i)));
    for (let i = 0; i < n; i++) {
      if (hm[i] < Math.max(om[i], cm[i]) || lm[i] > Math.min(om[i], cm[i])) {
        throw new Error(`${series.symbol} ${series.dates[i]}: low <= open, close <= high does not hold`);
      }
    }
    for (let i = 0; i < n; i++) w.svar(om[i] - pred[i]);
    for (let i = 0; i < n; i++) w.uvar(hm[i] - Math.max(om[i], cm[i]));
    for (let i = 0; i < n; i++) w.uvar(Math.min(om[i], cm[i]) - lm[i]);
  }
  if (series.volume) {
    let pv = 0;
    let pExp = 0;
    for (let s = 0; s < n; s += CHUNK) {
      const e = Math.min(n, s + CHUNK);
      const exp = chunkExponent([series.volume], s, e);
      w.byte(exp + 64);
      let p = rescale(pv, pExp, exp);
      for (let i = s; i < e; i++) {
        const v = mantissa(series.volume[i], exp);
        w.svar(v - p);
        p = v;
      }
      pv = p;
      pExp = exp;
    }
  }
  return Buffer.from(w.bytes());
}

// ---------------------------------------------------------------- decoding (verification; mirrors src/data/snapshot.ts)
function decodeSeries(buf, columns) {
  let pos = 0;
  const uvar = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('block truncated');
      const b = buf[pos++];
      n += (b & 127) * mul;
      if (b < 128) return n;
      mul *= 128;
    }
  };
  const svar = () => {
    const z = uvar();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  };
  const n = uvar();
  const days = [uvar()];
  for (let i = 1; i < n; i++) days.push(days[i - 1] + uvar());
  const exps = [];
  const cm = new Array(n);
  const pred = new Array(n);
  let pc = 0;
  let pExp = 0;
  for (let s = 0; s < n; s += CHUNK) {
    const exp = buf[pos++] - 64;
    exps.push(exp);
    pc = rescale(pc, pExp, exp);
    for (let i = s; i < Math.min(n, s + CHUNK); i++) {
      pred[i] = pc;
      cm[i] = pc + svar();
      pc = cm[i];
    }
    pExp = exp;
  }
  const expAt = (i) => exps[Math.floor(i / CHUNK)];
  const out = { days, close: cm.map((m, i) => valueOf(m, expAt(i))) };
  if (columns.includes('open')) {
    const om = pred.map((p) => p + svar());
    const hm = om.map((o, i) => Math.max(o, cm[i]) + uvar());
    const lm = om.map((o, i) => Math.min(o, cm[i]) - uvar());
    out.open = om.map((m, i) => valueOf(m, expAt(i)));
    out.high = hm.map((m, i) => valueOf(m, expAt(i)));
    out.low = lm.map((m, i) => valueOf(m, expAt(i)));
  }
  if (columns.includes('volume')) {
    out.volume = [];
    let pv = 0;
    let pE = 0;
    for (let s = 0; s < n; s += CHUNK) {
      const exp = buf[pos++] - 64;
      pv = rescale(pv, pE, exp);
      for (let i = s; i < Math.min(n, s + CHUNK); i++) {
        pv += svar();
        out.volume.push(valueOf(pv, exp));
      }
      pE = exp;
    }
  }
  if (pos !== buf.length) throw new Error(`block has ${buf.length - pos} trailing bytes`);
  return out;
}

// ---------------------------------------------------------------- CSV
function readCsv(file) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l, i) => {
    const cells = l.split(',');
    if (cells.length !== header.length) throw new Error(`${file}:${i + 2}: ${cells.length} cells, expected ${header.length}`);
    return cells;
  });
  return { header, rows, sha256: createHash('sha256').update(text).digest('hex') };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32js(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** zlib.crc32 (Node >= 20.15 / 22.2), else the table-driven one; the same CRC-32 (IEEE). */
const crc32 = typeof zlib.crc32 === 'function' ? (buf) => zlib.crc32(buf) : crc32js;

// ---------------------------------------------------------------- containers
const BROTLI_PARAMS = (size) => ({
  [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
  [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
});
function pack(codec, raw) {
  if (codec === 'brotli') return zlib.brotliCompressSync(raw, { params: BROTLI_PARAMS(raw.length) });
  if (codec === 'gzip') return zlib.gzipSync(raw, { level: 9, memLevel: 9 });
  return Buffer.from(raw);
}
function unpack(codec, packed) {
  if (codec === CODEC.brotli) return zlib.brotliDecompressSync(packed);
  if (codec === CODEC.gzip) return zlib.gunzipSync(packed);
  if (codec === CODEC.none) return Buffer.from(packed);
  throw new Error(`codec ${codec}`);
}

/** The manifest of a version-2 file and a reader of its blocks (each checked against its length and CRC-32). */
function unpackFile(file) {
  if (file.toString('ascii', 0, 6) !== 'HPSNAP' || file[6] !== VERSION) throw new Error('not a version 2 snapshot');
  const codec = file[7];
  const manifestLength = file.readUInt32LE(8);
  const packedManifest = file.readUInt32LE(16);
  const blocksLength = file.readUInt32LE(20);
  if (HEADER_BYTES + packedManifest + blocksLength !== file.length) throw new Error('file length differs from the header');
  const raw = unpack(codec, file.subarray(HEADER_BYTES, HEADER_BYTES + packedManifest));
  if (raw.length !== manifestLength || crc32(raw) !== file.readUInt32LE(12)) throw new Error('manifest length or CRC-32 differs');
  const manifest = JSON.parse(raw.toString('utf8'));
  const start = HEADER_BYTES + packedManifest;
  const block = (info) => {
    const [off, len, rawLen, crc] = info.block;
    const b = unpack(codec, file.subarray(start + off, start + off + len));
    if (b.length !== rawLen || crc32(b) !== crc) throw new Error(`${info.symbol}: block length or CRC-32 differs`);
    return b;
  };
  return { manifest, block, codec };
}

/**
 * `--containers`: size and inflate time of the snapshot's bytes in each container: one stream of
 * the whole payload (version 1's layout) or one per series (version 2's), against no packing. The
 * time is what `hashpivot report BTC QQQ IREN` inflates: the manifest and its 5 blocks.
 */
function measureContainers(manifestBytes, blocks, readSymbols) {
  const zipped = (b) => zlib.deflateRawSync(b).length; // vsce's zip (yazl) deflates at the default level
  const median = (f, n = 31) => {
    f();
    const xs = [];
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      f();
      xs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return xs.sort((a, b) => a - b)[n >> 1];
  };
  const head = Buffer.alloc(4);
  head.writeUInt32LE(manifestBytes.length);
  const whole = Buffer.concat([head, manifestBytes, ...blocks.map((b) => b.raw)]);
  const read = blocks.filter((b) => readSymbols.includes(b.info.symbol));
  const rows = [];
  for (const codec of ['brotli', 'gzip', 'none']) {
    const c = pack(codec, whole);
    const size = 18 + c.length;
    rows.push([
      `${codec}, whole payload${codec === 'brotli' ? ' (v1)' : ''}`,
      size,
      zipped(Buffer.concat([Buffer.alloc(18), c])),
      median(() => crc32(unpack(CODEC[codec], c))),
    ]);
  }
  for (const codec of ['brotli', 'gzip', 'none']) {
    const m = pack(codec, manifestBytes);
    const packed = blocks.map((b) => ({ b, p: pack(codec, b.raw) }));
    const size = HEADER_BYTES + m.length + packed.reduce((n, x) => n + x.p.length, 0);
    const readPacked = packed.filter((x) => read.includes(x.b));
    const inflate = () => {
      crc32(unpack(CODEC[codec], m));
      for (const x of readPacked) crc32(unpack(CODEC[codec], x.p));
    };
    rows.push([
      `${codec}, per series${codec === 'brotli' ? ' (v2)' : ''}`,
      size,
      zipped(Buffer.concat([Buffer.alloc(HEADER_BYTES), m, ...packed.map((x) => x.p)])),
      median(inflate),
    ]);
  }
  const n = (x) => x.toLocaleString('en-US');
  console.log(
    `payload ${n(whole.length)} bytes; the report reads ${read.map((b) => b.info.symbol).join(', ')} (${n(read.reduce((s, b) => s + b.raw.length, 0))} bytes of blocks)`,
  );
  console.log('| container | file bytes | in the .vsix | inflate (+ CRC), report |');
  console.log('|---|---:|---:|---:|');
  for (const [name, size, zip, ms] of rows) console.log(`| ${name} | ${n(size)} | ${n(zip)} | ${ms.toFixed(2)} ms |`);
}

// ---------------------------------------------------------------- hourly BTC (fixtures/network)
/**
 * Hourly series shipped for BTC at the US equity close. Close only: the US-close price is a bar's
 * close (src/core/sampling.ts); open/high/low/volume are not shipped.
 */
const HOURLY = [
  {
    symbol: 'BTC-USDT-1h',
    of: 'BTC',
    file: 'btc-usdt-1h.csv',
    name: 'Bitcoin hourly closes (Binance BTC/USDT 1h klines)',
    providerSymbol: 'BTC/USDT',
    currency: 'USDT',
  },
];
const HOUR_MS = 3_600_000;
const HOURLY_HEADER = 'time,open,high,low,close,volume,source';

/** The README section of one network file: `## FILE — ...` up to the next `## `. */
function readmeSection(text, file) {
  const start = text.indexOf(`## ${file} `);
  if (start < 0) throw new Error(`network README has no section for ${file}`);
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

function prepareHourly(opts) {
  const readmePath = path.join(opts.network, 'README.md');
  if (!existsSync(readmePath)) throw new Error(`no network README at ${readmePath} (use --network DIR)`);
  const readmeText = readFileSync(readmePath, 'utf8');
  return {
    readmeText,
    readmePath,
    items: HOURLY.map((spec) => {
      const section = readmeSection(readmeText, spec.file);
      const m = /\(([\d,]+) hourly bars, (\S+) … (\S+),/.exec(section);
      if (!m) throw new Error(`network README: cannot read the row count and range of ${spec.file}`);
      const readmeRows = Number(m[1].replace(/,/g, ''));
      // Every source repository the README names for the file, with its full commit and path.
      const repos = new Map();
      for (const r of section.matchAll(/`([\w.-]+\/[\w.-]+)` @ `([0-9a-f]{40})`,\s*`([^`]+)`/g)) repos.set(r[1], { repo: r[1], commit: r[2], path: r[3] });
      if (!repos.size) throw new Error(`network README: no source repository for ${spec.file}`);
      const csv = readCsv(path.join(opts.network, spec.file));
      if (csv.header.join(',') !== HOURLY_HEADER) throw new Error(`${spec.file}: header ${csv.header.join(',')}`);
      if (csv.rows.length !== readmeRows) throw new Error(`${spec.file}: ${csv.rows.length} rows, the README says ${readmeRows}`);
      const ticks = [];
      const close = [];
      const bySource = new Map();
      let gaps = 0;
      for (const [i, r] of csv.rows.entries()) {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/.test(r[0])) throw new Error(`${spec.file}:${i + 2}: bad time ${r[0]}`);
        const t = Date.parse(r[0]);
        if (!Number.isFinite(t) || new Date(t).toISOString().replace('.000Z', 'Z') !== r[0]) throw new Error(`${spec.file}:${i + 2}: bad time ${r[0]}`);
        const h = t / HOUR_MS;
        if (i > 0 && h <= ticks[i - 1]) throw new Error(`${spec.file}:${i + 2}: times not strictly ascending at ${r[0]}`);
        if (i > 0 && h - ticks[i - 1] > 1) gaps++;
        const c = Number(r[4]);
        if (!Number.isFinite(c) || c <= 0) throw new Error(`${spec.file}:${i + 2}: bad close ${r[4]}`);
        ticks.push(h);
        close.push(c);
        const src = repos.get(r[6]);
        if (!src) throw new Error(`${spec.file}:${i + 2}: source ${r[6]} is not named in the README`);
        const range = bySource.get(r[6]) ?? { ...src, from: r[0], to: r[0], rows: 0 };
        range.to = r[0];
        range.rows++;
        bySource.set(r[6], range);
      }
      if (csv.rows[0][0].slice(0, 16) !== m[2].replace(/Z$/, '') || csv.rows.at(-1)[0].slice(0, 16) !== m[3].replace(/Z$/, '')) {
        throw new Error(`${spec.file}: ${csv.rows[0][0]} … ${csv.rows.at(-1)[0]}, the README says ${m[2]} … ${m[3]}`);
      }
      const rel = path.relative(root, path.join(opts.network, spec.file)).split(path.sep).join('/');
      const info = {
        symbol: spec.symbol,
        of: spec.of,
        name: spec.name,
        assetClass: 'crypto',
        currency: spec.currency,
        providerSymbol: spec.providerSymbol,
        interval: '1h',
        barTime: 'open',
        first: csv.rows[0][0],
        last: csv.rows.at(-1)[0],
        rows: ticks.length,
        columns: ['close'],
        priceValues: 'decimal',
        adjustment: CRYPTO_ADJUSTMENT,
        sources: [...bySource.values()].map(({ rows: _rows, ...x }) => x),
        fixture: { file: rel, sha256: csv.sha256, rows: csv.rows.length, first: csv.rows[0][0], last: csv.rows.at(-1)[0] },
        sourceNote: section.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim(),
        terms:
          "No licence stated by either source repository; the data is Binance market data and Binance's terms apply, " +
          'as for the daily Binance series of this snapshot (fixtures/network/README.md, fixtures/prices/README.md).',
        notes: [
          'Close only: open, high, low and volume are in the fixture but not shipped (the US-close price is a bar close).',
          `Times are bar open times in UTC; ${gaps === 0 ? 'no hour is missing' : `${gaps} gap(s) in the hours`}.`,
          `Spliced by the fixture collector (not by this snapshot) from ${bySource.size} same-exchange snapshots: ${[...bySource.values()].map((x) => `${x.repo} ${x.from}..${x.to} (${x.rows} bars)`).join(', ')}.`,
        ],
        block: [0, 0],
      };
      return { spec, info, csv, series: { symbol: spec.symbol, ticks, close } };
    }),
  };
}

const DIFFICULTY_FILE = 'btc-difficulty-daily.csv';
/** The MIT notice of lukmol/gamlss-btc-VaR (its LICENSE file), shipped with the difficulty it licenses. */
const LUKMOL_NOTICE = [
  'MIT License',
  '',
  'Copyright (c) 2026 Lucas Mol',
  '',
  'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:',
  '',
  'The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.',
  '',
  'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.',
].join('\n');

/** media/snapshot/network.json from the MIT daily difficulty file, checked against the README's row count and range. */
function prepareNetwork(opts, readmeText) {
  const section = readmeSection(readmeText, DIFFICULTY_FILE);
  const m = /\(([\d,]+) rows, (\d{4}-\d{2}-\d{2}) … (\d{4}-\d{2}-\d{2}),/.exec(section);
  if (!m) throw new Error(`network README: cannot read the row count and range of ${DIFFICULTY_FILE}`);
  const src = /`([\w.-]+\/[\w.-]+)` @ `([0-9a-f]{40})`,\s*`([^`]+)`\. Licence: (\S+)\./.exec(section);
  if (!src || src[4] !== 'MIT') throw new Error(`network README: ${DIFFICULTY_FILE} is not named as MIT with its repository`);
  const csv = readCsv(path.join(opts.network, DIFFICULTY_FILE));
  if (csv.header.join(',') !== 'date,difficulty') throw new Error(`${DIFFICULTY_FILE}: header ${csv.header.join(',')}`);
  if (csv.rows.length !== Number(m[1].replace(/,/g, ''))) throw new Error(`${DIFFICULTY_FILE}: ${csv.rows.length} rows, the README says ${m[1]}`);
  if (csv.rows[0][0] !== m[2] || csv.rows.at(-1)[0] !== m[3]) throw new Error(`${DIFFICULTY_FILE}: range differs from the README`);
  const days = csv.rows.map((r, i) => {
    const t = Date.parse(`${r[0]}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r[0]) || !Number.isFinite(t)) throw new Error(`${DIFFICULTY_FILE}:${i + 2}: bad date ${r[0]}`);
    return t / 86_400_000;
  });
  const difficulty = csv.rows.map((r, i) => {
    const v = Number(r[1]);
    if (!Number.isFinite(v) || v < 1 || String(v) !== r[1]) throw new Error(`${DIFFICULTY_FILE}:${i + 2}: difficulty ${r[1]} is not stored exactly`);
    return v;
  });
  const gaps = days.slice(1).map((d, i) => d - days[i]);
  if (gaps.some((g) => g < 1)) throw new Error(`${DIFFICULTY_FILE}: dates not strictly ascending`);
  const json = {
    format: 1,
    asOf: csv.rows.at(-1)[0],
    origin: {
      repository: src[1],
      commit: src[2],
      path: src[3],
      licence: 'MIT',
      notice: LUKMOL_NOTICE,
      fixture: `fixtures/network/${DIFFICULTY_FILE}`,
      sha256: csv.sha256,
      note: "Values verbatim (whole numbers); on a retarget day the day's average; 2025-11-13…15 missing as in the source. No fees: the daily fee file is GPL-3.0 and test-only.",
    },
    first: csv.rows[0][0],
    gaps,
    difficulty,
  };
  return { json, rows: csv.rows.length, first: json.first, last: json.asOf, src };
}

// ---------------------------------------------------------------- build
function build(opts) {
  const readmePath = path.join(opts.prices, 'README.md');
  if (!existsSync(readmePath)) throw new Error(`no prices README at ${readmePath} (use --prices DIR)`);
  const readmeText = readFileSync(readmePath, 'utf8');
  const readme = parseReadme(readmeText);
  const COLS = ['open', 'high', 'low', 'close', 'volume'];

  const prepared = [];
  const counts = { exact: 0, float32: 0, sourceExact: 0 };
  for (const spec of UNIVERSE) {
    const file = path.join(opts.prices, spec.file);
    const origin = readme.files.get(spec.file);
    if (!origin) throw new Error(`${spec.file} is not listed in the prices README`);
    const csv = readCsv(file);
    const want = ['date', ...COLS, ...(spec.file === 'NDX.csv' ? ['adj_close'] : [])];
    if (csv.header.join(',') !== want.join(',')) throw new Error(`${spec.file}: header ${csv.header.join(',')}`);
    // README cross-check: the file is the one the README describes.
    if (csv.rows.length !== origin.rows || csv.rows[0][0] !== origin.first || csv.rows.at(-1)[0] !== origin.last) {
      throw new Error(`${spec.file}: rows/first/last differ from the README (${csv.rows.length} ${csv.rows[0][0]} ${csv.rows.at(-1)[0]})`);
    }
    // Dates: valid, strictly ascending.
    for (let i = 0; i < csv.rows.length; i++) {
      const d = csv.rows[i][0];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) throw new Error(`${spec.file}: bad date ${d}`);
      if (i > 0 && d <= csv.rows[i - 1][0]) throw new Error(`${spec.file}: dates not strictly ascending at ${d}`);
    }
    if (spec.file === 'NDX.csv') {
      for (const r of csv.rows) if (r[6] !== r[4]) throw new Error(`NDX ${r[0]}: adj_close ${r[6]} != close ${r[4]}`);
    }
    const kept = spec.trim ? csv.rows.filter((r) => r[0] >= spec.trim.from) : csv.rows;
    const dropped = csv.rows.length - kept.length;
    if (spec.trim && dropped === 0) throw new Error(`${spec.symbol}: trim before ${spec.trim.from} drops nothing`);

    // Which columns the file really has: a column is kept only if every kept row has a value.
    const columns = [];
    for (const [ci, name] of COLS.entries()) {
      const cells = kept.map((r) => r[ci + 1]);
      const empty = cells.filter((c) => c === '').length;
      if (empty === cells.length) continue;
      if (empty > 0) throw new Error(`${spec.symbol}: ${name} is empty on ${empty} of ${cells.length} rows (partial columns are not supported)`);
      columns.push(name);
    }
    if (!columns.includes('close')) throw new Error(`${spec.symbol}: no close`);
    const hasOhlc = ['open', 'high', 'low'].every((c) => columns.includes(c));
    if (!hasOhlc && ['open', 'high', 'low'].some((c) => columns.includes(c))) throw new Error(`${spec.symbol}: partial OHLC`);

    // Value kind of the price columns: float32 (Yahoo) or decimal (Binance).
    const priceCells = [];
    for (const name of ['open', 'high', 'low', 'close']) if (columns.includes(name)) priceCells.push(...kept.map((r) => Number(r[COLS.indexOf(name) + 1])));
    for (const v of priceCells) if (!Number.isFinite(v) || v <= 0) throw new Error(`${spec.symbol}: bad price ${v}`);
    let priceValues;
    if (spec.sourceDecimals !== undefined) {
      // Printed with a fixed number of decimals from a float32 (NDX: "%.6f").
      const ok = priceCells.every((v) => Number(Math.fround(v).toFixed(spec.sourceDecimals)) === v);
      if (!ok) throw new Error(`${spec.symbol}: prices are not float32 printed with ${spec.sourceDecimals} decimals`);
      priceValues = 'float32';
    } else if (priceCells.every((v) => Math.fround(v) === v)) priceValues = 'float32';
    else priceValues = 'decimal';
    const conv = (cell) => {
      const d = Number(cell);
      return priceValues === 'float32' ? shortestFloat32(d) : d;
    };

    const series = { symbol: spec.symbol, dates: kept.map((r) => r[0]), close: kept.map((r) => conv(r[4])) };
    if (hasOhlc) {
      series.open = kept.map((r) => conv(r[1]));
      series.high = kept.map((r) => conv(r[2]));
      series.low = kept.map((r) => conv(r[3]));
    }
    if (columns.includes('volume')) {
      series.volume = kept.map((r) => Number(r[5]));
      for (const v of series.volume) if (!Number.isFinite(v) || v < 0) throw new Error(`${spec.symbol}: bad volume ${v}`);
    }

    const repo = origin.sources[0].repo;
    const adjustment = spec.assetClass === 'crypto' ? CRYPTO_ADJUSTMENT : ADJUSTMENT_BY_REPO[repo];
    if (!adjustment) throw new Error(`${spec.symbol}: no adjustment known for ${repo}`);
    const binance = spec.symbol.endsWith('-USDT');
    const volumeUnit = !series.volume
      ? undefined
      : spec.assetClass === 'crypto'
        ? binance
          ? `base asset (${spec.symbol.replace('-USDT', '')})`
          : 'USD notional'
        : spec.assetClass === 'index'
          ? 'as reported by Yahoo'
          : 'shares';

    const notes = [];
    const readmeKey = spec.file.replace(/\.csv$/, '');
    const readmeNote = readme.notes.get(readmeKey);
    if (!readmeNote) throw new Error(`README has no per-file note for ${readmeKey}`);
    if (spec.trim)
      notes.push(`Trimmed: ${dropped} rows before ${spec.trim.from} dropped (${csv.rows[0][0]}..${csv.rows[dropped - 1][0]}): ${spec.trim.reason}.`);
    notes.push(...(spec.notes ?? []));
    if (origin.sources.length > 1) {
      notes.push(
        `Spliced by the fixture collector (not by this snapshot) from ${origin.sources.length} same-vendor snapshots: ${origin.sources.map((s) => `${s.repo} ${s.from}..${s.to}`).join(', ')}.`,
      );
    }
    if (!hasOhlc) notes.push('Close only: the source has no open, high, low or volume (they are absent, not zero).');
    if (spec.sourceDecimals !== undefined) {
      notes.push(`Prices are float32 values printed with ${spec.sourceDecimals} decimals in the source; stored as the shortest decimal with the same float32.`);
    }

    prepared.push({
      spec,
      series,
      columns,
      csv,
      kept,
      info: {
        symbol: spec.symbol,
        name: spec.name,
        assetClass: spec.assetClass,
        group: spec.group,
        currency: binance ? 'USDT' : 'USD',
        // As the provider knows it: Yahoo's crypto ids come from the source file name (TON11419-USD).
        providerSymbol: spec.providerSymbol ?? (spec.assetClass === 'crypto' ? path.basename(origin.sources[0].path, '.csv') : spec.symbol),
        aliases: [readmeKey].filter((a) => a !== spec.symbol),
        first: series.dates[0],
        last: series.dates.at(-1),
        rows: series.dates.length,
        columns,
        priceValues,
        ...(spec.sourceDecimals !== undefined ? { sourceDecimals: spec.sourceDecimals } : {}),
        ...(volumeUnit ? { volumeUnit } : {}),
        adjustment,
        sources: origin.sources,
        fixture: { file: spec.file, sha256: csv.sha256, rows: csv.rows.length, first: csv.rows[0][0], last: csv.rows.at(-1)[0] },
        ...(spec.trim ? { trim: { before: spec.trim.from, rowsDropped: dropped, reason: spec.trim.reason } } : {}),
        sourceNote: readmeNote,
        notes,
        block: [0, 0],
      },
    });
  }

  // Yahoo crypto that ends before its Binance pair: say where the later data is (no splice here).
  for (const p of prepared) {
    const usdt = prepared.find((q) => q.info.symbol === `${p.info.symbol}-USDT`);
    if (!usdt) continue;
    if (usdt.info.last > p.info.last) {
      p.info.notes.push(
        `Ends ${p.info.last}; ${usdt.info.symbol} (Binance, USDT quote, ${usdt.info.first}..${usdt.info.last}) goes later. They are not spliced here: a consumer that splices should check the overlap first.`,
      );
      usdt.info.notes.push(`Kept as its own series: ${p.info.symbol} (Yahoo, USD) ends ${p.info.last}, this one goes to ${usdt.info.last}. Not spliced.`);
    } else {
      usdt.info.notes.push(`Kept as its own series (Binance, USDT quote); ${p.info.symbol} (Yahoo, USD) covers ${p.info.first}..${p.info.last}.`);
    }
  }

  // Symbols and aliases must be unique.
  const keys = new Set();
  for (const p of prepared) {
    for (const k of [p.info.symbol, ...p.info.aliases]) {
      if (keys.has(k.toUpperCase())) throw new Error(`duplicate symbol or alias ${k}`);
      keys.add(k.toUpperCase());
    }
  }

  // Encode the blocks, each packed on its own (offsets are filled in below).
  const blocks = prepared.map((p) => ({ info: p.info, raw: encodeSeries(p.series) }));
  const hourly = prepareHourly(opts);
  hourly.network = prepareNetwork(opts, hourly.readmeText);
  for (const h of hourly.items) blocks.push({ info: h.info, raw: encodeSeries(h.series) });
  let offset = 0;
  for (const b of blocks) {
    b.packed = pack(opts.codec, b.raw);
    b.info.block = [offset, b.packed.length, b.raw.length, crc32(b.raw)];
    offset += b.packed.length;
  }
  const asOf = prepared.map((p) => p.info.last).reduce((a, b) => (b > a ? b : a));
  const manifest = {
    format: FORMAT,
    version: VERSION,
    asOf,
    generatedAt: asOf,
    generatedAtNote: 'set to asOf so that the build is deterministic (no wall-clock time)',
    generator: 'scripts/build-snapshot.mjs',
    origin: 'Hashpivot shared price fixtures (fixtures/prices); their README is copied as ORIGIN.md next to this file.',
    terms:
      'Underlying data from Yahoo Finance and Binance market data; their terms of use apply. Only SungKyu-Kim39/BackTester39 states a licence (Apache-2.0); ' +
      'the other source repositories state none. The fixture README asks to use the files as internal test fixtures and not to redistribute them as a dataset. ' +
      'The hourly BTC/USDT closes (manifest.hourly) come from two repositories that state no licence; they are Binance market data, under the same terms.',
    values:
      'priceValues "float32": the source held float32 values; each price is the shortest decimal with the same float32 (Math.fround of it equals Math.fround of the source). ' +
      '"decimal": exactly the source decimal. Volumes are exact. No gaps were filled and no rows invented.',
    chunkRows: CHUNK,
    series: prepared.map((p) => p.info),
    hourly: hourly.items.map((h) => h.info),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const packedManifest = pack(opts.codec, manifestBytes);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('HPSNAP', 0, 'ascii');
  header.writeUInt8(VERSION, 6);
  header.writeUInt8(CODEC[opts.codec], 7);
  header.writeUInt32LE(manifestBytes.length, 8);
  header.writeUInt32LE(crc32(manifestBytes), 12);
  header.writeUInt32LE(packedManifest.length, 16);
  header.writeUInt32LE(offset, 20);
  const file = Buffer.concat([header, packedManifest, ...blocks.map((b) => b.packed)]);
  const payload = { bytes: manifestBytes.length + blocks.reduce((n, b) => n + b.raw.length, 0) };

  // ------------------------------------------------------------ verify by decoding again
  const { manifest: m2, block: unpackBlock } = unpackFile(file);
  if (JSON.stringify(m2) !== JSON.stringify(manifest)) throw new Error('round trip of the manifest failed');
  const perSeries = [];
  for (const [i, info] of m2.series.entries()) {
    const p = prepared[i];
    const dec = decodeSeries(unpackBlock(info), info.columns);
    if (dec.days.length !== p.kept.length) throw new Error(`${info.symbol}: decoded ${dec.days.length} rows, expected ${p.kept.length}`);
    const c = { exact: 0, float32: 0 };
    for (let r = 0; r < p.kept.length; r++) {
      const row = p.kept[r];
      const date = new Date(dec.days[r] * 86_400_000).toISOString().slice(0, 10);
      if (date !== row[0]) throw new Error(`${info.symbol}: row ${r} date ${date} != ${row[0]}`);
      for (const col of info.columns) {
        const src = Number(row[COLS.indexOf(col) + 1]);
        const got = dec[col][r];
        if (got === src) c.exact++;
        else if (col !== 'volume' && info.priceValues === 'float32' && Math.fround(got) === Math.fround(src)) c.float32++;
        else throw new Error(`${info.symbol} ${row[0]} ${col}: decoded ${got}, source ${row[COLS.indexOf(col) + 1]}`);
        // The loader's "source" mode restores the CSV double bit for bit.
        const restored =
          col === 'volume' || info.priceValues !== 'float32'
            ? got
            : info.sourceDecimals !== undefined
              ? Number(Math.fround(got).toFixed(info.sourceDecimals))
              : Math.fround(got);
        if (restored !== src) throw new Error(`${info.symbol} ${row[0]} ${col}: source mode gives ${restored}, source ${src}`);
        counts.sourceExact++;
      }
      // Nothing invented: no value for a column the file leaves empty.
      for (const col of COLS)
        if (!info.columns.includes(col) && row[COLS.indexOf(col) + 1] !== '') throw new Error(`${info.symbol}: dropped a non-empty ${col}`);
    }
    counts.exact += c.exact;
    counts.float32 += c.float32;
    perSeries.push({ info, c });
  }
  for (const [i, info] of (m2.hourly ?? []).entries()) {
    const h = hourly.items[i];
    const dec = decodeSeries(unpackBlock(info), info.columns);
    if (dec.days.length !== h.csv.rows.length) throw new Error(`${info.symbol}: decoded ${dec.days.length} rows, expected ${h.csv.rows.length}`);
    for (let r = 0; r < h.csv.rows.length; r++) {
      const row = h.csv.rows[r];
      const time = new Date(dec.days[r] * HOUR_MS).toISOString().replace('.000Z', 'Z');
      if (time !== row[0]) throw new Error(`${info.symbol}: row ${r} time ${time} != ${row[0]}`);
      if (dec.close[r] !== Number(row[4])) throw new Error(`${info.symbol} ${row[0]} close: decoded ${dec.close[r]}, source ${row[4]}`);
      counts.exact++;
      counts.sourceExact++;
    }
    perSeries.push({ info: { ...info, assetClass: 'crypto' }, c: { exact: h.csv.rows.length, float32: 0 }, hourly: true });
  }
  return { manifest, manifestBytes, blocks, file, payload, perSeries, counts, readmeText, readmePath, hourly };
}

function originMd(readmeText, readmePath, manifest, hourly) {
  const rel = path.relative(root, readmePath).split(path.sep).join('/');
  const sha = createHash('sha256').update(readmeText).digest('hex');
  const trims = manifest.series
    .filter((s) => s.trim)
    .map((s) => `> * \`${s.symbol}\`: ${s.trim.rowsDropped} rows before ${s.trim.before} dropped: ${s.trim.reason}.`);
  return [
    '> **This is a copy.** It is the README of the Hashpivot shared price fixtures',
    `> (\`${rel}\`, sha256 \`${sha}\`), copied unchanged below this box by`,
    '> `scripts/build-snapshot.mjs` to keep the origin notes with the embedded snapshot (`prices.snap`).',
    '> Every series in the snapshot names its source repository, commit and path in `manifest.json`.',
    '>',
    `> The snapshot (as of ${manifest.asOf}) holds ${manifest.series.length} series. It stores float32 prices as the shortest`,
    '> decimal with the same float32 and keeps every other value exactly; it fills no gaps. It drops rows that are not the company:',
    ...trims,
    '> It does not store `adj_close` of `NDX.csv` (equal to `close`), and ships `NDX` as `^NDX`, `BTC-USD` as `BTC` and the',
    '> other Yahoo `-USD` crypto files under their bare symbols (`ETH`, `ADA`, …); the Binance files keep `-USDT`.',
    '> It does not include `GSPC.csv` or `IXIC.csv`.',
    '',
    '---',
    '',
    readmeText,
    ...hourlyOrigin(hourly, manifest),
  ].join('\n');
}

/** The network README, copied below a box that says what of it the snapshot ships (the hourly BTC closes). */
function hourlyOrigin(hourly, manifest) {
  if (!hourly.items.length) return [];
  const rel = path.relative(root, hourly.readmePath).split(path.sep).join('/');
  const sha = createHash('sha256').update(hourly.readmeText).digest('hex');
  const lines = manifest.hourly.map(
    (h) => `> * \`${h.symbol}\` (for ${h.of}): ${h.rows} hourly closes ${h.first} … ${h.last} from \`${h.fixture.file}\`, close column only. ${h.terms}`,
  );
  return [
    '',
    '---',
    '',
    '> **This is a copy too.** It is the README of the Hashpivot network fixtures',
    `> (\`${rel}\`, sha256 \`${sha}\`), copied unchanged below this box by \`scripts/build-snapshot.mjs\`.`,
    '> Of the files it describes, the snapshot ships only the hourly BTC closes, for BTC priced at the US equity close,',
    '> and the daily difficulty, for hashprice offline:',
    ...lines,
    ...(hourly.network
      ? [
          `> * \`network.json\`: ${hourly.network.rows} daily difficulties ${hourly.network.first} … ${hourly.network.last} from \`fixtures/network/${DIFFICULTY_FILE}\` ` +
            `(\`${hourly.network.src[1]}\` @ \`${hourly.network.src[2]}\`, \`${hourly.network.src[3]}\`), licence MIT: its notice is in network.json \`origin.notice\`.`,
          '>   No fees, no hashrate: the fee and hashrate estimates of `btc-miner-economics-daily.csv` are GPL-3.0 and stay test fixtures.',
        ]
      : []),
    '',
    '---',
    '',
    hourly.readmeText,
  ];
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { manifest, manifestBytes, blocks, file, payload, perSeries, counts, readmeText, readmePath, hourly } = build(opts);
  if (opts.containers) {
    measureContainers(manifestBytes, blocks, ['BTC', 'QQQ', 'IREN', '^NDX', 'BTC-USDT-1h']);
    return;
  }
  const outputs = new Map([
    [SNAPSHOT_FILE, file],
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
    ['ORIGIN.md', Buffer.from(originMd(readmeText, readmePath, manifest, hourly))],
    ['network.json', Buffer.from(`${JSON.stringify(hourly.network.json)}\n`)],
  ]);
  if (opts.check) {
    const differ = [...outputs].filter(([name, bytes]) => {
      const p = path.join(opts.out, name);
      return !existsSync(p) || !readFileSync(p).equals(bytes);
    });
    for (const [name] of differ) console.error(`${path.relative(root, path.join(opts.out, name))} differs from a build of the fixtures`);
    if (differ.length) {
      console.error('run: npm run build:snapshot');
      process.exit(1);
    }
    console.log(`${path.relative(root, opts.out)} is what the fixtures build (${[...outputs.keys()].join(', ')})`);
    return;
  }
  mkdirSync(opts.out, { recursive: true });
  // Remove outputs of other codecs/names from earlier runs; only files this script writes.
  for (const old of ['prices.snap', 'manifest.json', 'ORIGIN.md', 'network.json']) {
    const p = path.join(opts.out, old);
    if (existsSync(p)) rmSync(p);
  }
  for (const [name, bytes] of outputs) writeFileSync(path.join(opts.out, name), bytes);

  const pad = (s, n) => String(s).padEnd(n);
  console.log(
    `${pad('symbol', 10)} ${pad('class', 7)} ${pad('rows', 6)} ${pad('first', 10)}  ${pad('last', 10)}  ${pad('cols', 6)} ${pad('block', 8)} exact/float32  trimmed`,
  );
  for (const { info, c } of perSeries) {
    const cols = info.columns.length === 5 ? 'OHLCV' : info.columns.join(',');
    console.log(
      `${pad(info.symbol, 10)} ${pad(info.assetClass, 7)} ${pad(info.rows, 6)} ${info.first}  ${info.last}  ${pad(cols, 6)} ${pad(info.block[1], 8)} ${c.exact}/${c.float32}  ${info.trim ? `${info.trim.rowsDropped} before ${info.trim.before}` : ''}`,
    );
  }
  const total = counts.exact + counts.float32;
  console.log(`\nvalues checked: ${total} (every value of every shipped row)`);
  console.log(`  decoded === CSV double:                        ${counts.exact}`);
  console.log(`  float32 source, Math.fround(decoded) === Math.fround(CSV): ${counts.float32}`);
  console.log(`  'source' mode restores the CSV double exactly:  ${counts.sourceExact}/${total}`);
  const files = readdirSync(opts.out).sort();
  let bytes = 0;
  for (const f of files) {
    const size = statSync(path.join(opts.out, f)).size;
    bytes += size;
    console.log(`${pad(path.relative(root, path.join(opts.out, f)), 40)} ${String(size).padStart(9)} bytes`);
  }
  console.log(
    `snapshot: ${manifest.series.length} series, ${perSeries.reduce((s, p) => s + p.info.rows, 0)} rows, as of ${manifest.asOf}; ` +
      `unpacked ${payload.bytes} bytes, ${opts.codec} per series ${file.length} bytes (${(file.length / 1024 / 1024).toFixed(3)} MB); media/snapshot total ${bytes} bytes`,
  );
  if (file.length > 1.5 * 1024 * 1024) throw new Error('the snapshot is over the 1.5 MB budget');
}

try {
  main();
} catch (e) {
  console.error(`build-snapshot: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
