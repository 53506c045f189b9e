import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, crc32, gunzipSync, gzipSync } from 'node:zlib';
import { crc32js, decodeSnapshot, loadSnapshotFile, SnapshotFormatError, SNAPSHOT_PATH, type Snapshot } from '../../src/data/snapshot';
import { dayNumber, seriesDays } from '../../src/core/calendar';
import { fixture } from '../support/fixtures';
import { readHourlyCsv } from '../support/hourly';

const SNAPSHOT_FILE = path.resolve(process.cwd(), SNAPSHOT_PATH);
const ORIGIN_FILE = path.resolve(process.cwd(), 'media/snapshot/ORIGIN.md');
/** The price fixtures the snapshot was built from (fixtures/prices). */
const PRICES_DIR = process.env.HASHPIVOT_PRICES ? path.resolve(process.cwd(), process.env.HASHPIVOT_PRICES) : fixture('prices');

const UNIVERSE = [
  // miners
  'CORZ',
  'CLSK',
  'BITF',
  'IREN',
  'WULF',
  'MARA',
  'RIOT',
  'HUT',
  'CIFR',
  'HIVE',
  'BTDR',
  'APLD',
  // AI infrastructure
  'NVDA',
  'AMZN',
  'GOOGL',
  'MSFT',
  'CRWV',
  // benchmarks
  'BTC',
  'BTC-USDT',
  '^NDX',
  'QQQ',
  // CoinDesk-20 proxy constituents (Yahoo USD)
  'ETH',
  'XRP',
  'BNB',
  'SOL',
  'DOGE',
  'ADA',
  'LINK',
  'AVAX',
  'LTC',
  'DOT',
  'BCH',
  'XLM',
  'TRX',
  'NEAR',
  'APT',
  'SUI',
  'TON',
  'LEO',
  // Binance pairs that go past the Yahoo files' 2024-12-06 end
  'DOGE-USDT',
  'ADA-USDT',
  'LINK-USDT',
  'AVAX-USDT',
  'LTC-USDT',
];
const CLOSE_ONLY = ['HIVE', 'BTDR', 'XLM'];

interface CsvRow {
  date: string;
  cells: Record<string, string>;
}

function readCsv(file: string): CsvRow[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { date: c[0]!, cells: Object.fromEntries(header.map((h, i) => [h, c[i]!])) };
  });
}

type Manifest = Record<string, unknown> & { series: Array<Record<string, unknown>>; hourly?: Array<Record<string, unknown>> };
const HEADER = 24;

/** The manifest of a (version 2) snapshot file and every block, unpacked, by symbol (independent of src/data/snapshot.ts). */
function unpackFile(file: Buffer): { manifest: Manifest; blocks: Map<string, Buffer> } {
  const inflate = (b: Buffer) => (file[7] === 2 ? brotliDecompressSync(b) : file[7] === 1 ? gunzipSync(b) : b);
  const packedManifest = file.readUInt32LE(16);
  const manifest = JSON.parse(inflate(file.subarray(HEADER, HEADER + packedManifest)).toString('utf8')) as Manifest;
  const data = file.subarray(HEADER + packedManifest);
  const blocks = new Map<string, Buffer>();
  for (const s of [...manifest.series, ...(manifest.hourly ?? [])]) {
    const [off, len] = s.block as number[];
    blocks.set(String(s.symbol), inflate(data.subarray(off!, off! + len!)));
  }
  return { manifest, blocks };
}

/**
 * A well-formed file (gzip codec, fast; or codec 0, unpacked) from a manifest and unpacked blocks: lengths, offsets and
 * CRC-32s right, then `edit` may break the manifest (its block entries are final when it runs).
 */
function repack(manifest: Manifest, blocks: Map<string, Buffer>, edit: (m: Manifest) => void = () => undefined, codec: 0 | 1 = 1): Buffer {
  const pack = (b: Buffer) => (codec === 1 ? gzipSync(b, { level: 1 }) : b);
  const packed: Buffer[] = [];
  let offset = 0;
  for (const s of [...manifest.series, ...(manifest.hourly ?? [])]) {
    const raw = blocks.get(String(s.symbol))!;
    const p = pack(raw);
    s.block = [offset, p.length, raw.length, crc32(raw)];
    offset += p.length;
    packed.push(p);
  }
  edit(manifest);
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const m = pack(json);
  const header = Buffer.alloc(HEADER);
  header.write('HPSNAP', 0, 'ascii');
  header.writeUInt8(2, 6);
  header.writeUInt8(codec, 7);
  header.writeUInt32LE(json.length, 8);
  header.writeUInt32LE(crc32(json), 12);
  header.writeUInt32LE(m.length, 16);
  header.writeUInt32LE(offset, 20);
  return Buffer.concat([header, m, ...packed]);
}

/** The file re-packed (gzip) with its manifest edited, and optionally its unpacked blocks. */
function withManifest(file: Buffer, edit: (m: Manifest) => void, editBlocks: (b: Map<string, Buffer>) => void = () => undefined): Buffer {
  const { manifest, blocks } = unpackFile(file);
  editBlocks(blocks);
  return repack(manifest, blocks, edit);
}

/** Reads everything a snapshot holds: every series with every column, every hourly series. */
function readAll(s: Snapshot): void {
  for (const sym of s.symbols()) {
    const x = s.get(sym)!;
    void [x.dates, x.close, x.open, x.high, x.low, x.volume];
  }
  for (const h of s.manifest.hourly ?? []) s.hourly(h.symbol);
}

describe('embedded price snapshot', () => {
  let bytes: Buffer;
  let snap: Snapshot;

  before(() => {
    bytes = readFileSync(SNAPSHOT_FILE);
    snap = decodeSnapshot(bytes);
  });

  it('is at most 1.5 MB on disk', () => {
    const size = statSync(SNAPSHOT_FILE).size;
    assert.ok(size <= 1.5 * 1024 * 1024, `${SNAPSHOT_FILE} is ${size} bytes`);
  });

  it('has every symbol of the default universe and the crypto basket', () => {
    const have = new Set(snap.symbols());
    const missing = UNIVERSE.filter((s) => !have.has(s));
    assert.deepEqual(missing, []);
    for (const s of UNIVERSE) assert.ok(snap.get(s), s);
  });

  it('says where every series comes from', () => {
    const m = snap.manifest;
    assert.equal(m.format, 'hashpivot-price-snapshot');
    assert.match(m.generatedAt, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(
      m.asOf,
      m.series.map((s) => s.last).reduce((a, b) => (b > a ? b : a)),
      'asOf is the latest date of any series',
    );
    assert.equal(snap.asOf, m.asOf);
    assert.match(m.terms, /Yahoo/);
    for (const s of m.series) {
      assert.ok(s.sources.length >= 1, `${s.symbol} has sources`);
      for (const src of s.sources) {
        assert.match(src.repo, /^[\w.-]+\/[\w.-]+$/, `${s.symbol} repo`);
        assert.match(src.commit, /^[0-9a-f]{40}$/, `${s.symbol} commit`);
        assert.ok(src.path.endsWith('.csv'), `${s.symbol} path`);
      }
      assert.ok(s.adjustment.length > 0, `${s.symbol} adjustment`);
      assert.ok(['crypto', 'equity', 'etf', 'index'].includes(s.assetClass), `${s.symbol} assetClass`);
      assert.ok(s.sourceNote.length > 0, `${s.symbol} keeps the README note`);
    }
    const info = (s: string) => snap.info(s)!;
    assert.equal(info('BTC').sources.length, 2, 'BTC-USD is spliced from two Yahoo snapshots');
    assert.equal(info('BTC').providerSymbol, 'BTC-USD');
    assert.equal(info('TON').providerSymbol, 'TON11419-USD');
    assert.equal(info('IREN').sources[0]!.repo, 'SungKyu-Kim39/BackTester39');
    assert.match(info('IREN').adjustment, /not dividend-adjusted/);
    assert.equal(info('BTC-USDT').currency, 'USDT');
    assert.ok(
      info('ADA').notes.some((n) => n.includes('ADA-USDT')),
      'ADA points at its later Binance series',
    );
  });

  it('keeps the origin notes with the copy (ORIGIN.md)', () => {
    const text = readFileSync(ORIGIN_FILE, 'utf8');
    assert.match(text.split('\n')[0]!, /This is a copy/);
    assert.match(text, /fixtures\/prices\/README\.md/);
    assert.match(text, /# Daily price fixtures/);
    assert.match(text, /SungKyu-Kim39\/BackTester39/);
  });

  it('labels each series as snapshot data with its date and source', () => {
    const s = snap.get('IREN')!;
    assert.equal(s.origin.kind, 'snapshot');
    assert.equal(s.origin.provider, 'snapshot');
    assert.equal(s.origin.asOf, s.dates.at(-1));
    assert.match(s.origin.note!, /BackTester39@34050dce3d22 data\/IREN\.csv/);
    assert.match(s.origin.note!, /split-adjusted/);
    assert.match(snap.get('WULF')!.origin.note!, /from 2021-12-14/);
  });

  it('has strictly ascending dates and equal-length columns in every series', () => {
    for (const sym of snap.symbols()) {
      const s = snap.get(sym)!;
      const info = snap.info(sym)!;
      assert.equal(s.dates.length, info.rows, sym);
      assert.equal(s.dates[0], info.first, sym);
      assert.equal(s.dates.at(-1), info.last, sym);
      for (let i = 1; i < s.dates.length; i++) assert.ok(s.dates[i]! > s.dates[i - 1]!, `${sym} ${s.dates[i]}`);
      for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) {
        if (s[c]) assert.equal(s[c]!.length, s.dates.length, `${sym} ${c}`);
      }
      assert.ok(
        s.close.every((v) => Number.isFinite(v) && v > 0),
        `${sym} closes`,
      );
    }
  });

  it('has no open/high/low/volume for close-only series (absent, not zero)', () => {
    for (const sym of CLOSE_ONLY) {
      const s = snap.get(sym)!;
      assert.deepEqual(snap.info(sym)!.columns, ['close'], sym);
      assert.equal(s.open, undefined, sym);
      assert.equal(s.high, undefined, sym);
      assert.equal(s.low, undefined, sym);
      assert.equal(s.volume, undefined, sym);
      assert.ok(s.close.length > 0);
    }
    assert.ok(snap.get('IREN')!.volume, 'OHLCV series keep their volume');
  });

  it('drops predecessor rows that are not the company', () => {
    assert.equal(snap.get('WULF')!.dates[0], '2021-12-14', 'WULF before 2021-12-14 is IKONICS');
    assert.equal(snap.get('CIFR')!.dates[0], '2021-08-30', 'CIFR before 2021-08-30 is the SPAC GWAC');
    assert.equal(snap.get('BTDR')!.dates[0], '2023-04-14', 'BTDR before 2023-04-14 is the SPAC shell');
    assert.ok(snap.get('HIVE')!.dates[0]! >= '2021-01-01', 'HIVE keeps 2021 onward');
    for (const sym of ['WULF', 'CIFR', 'BTDR', 'HIVE']) {
      const info = snap.info(sym)!;
      assert.ok(info.trim && info.trim.rowsDropped > 0, `${sym} records its trim`);
      assert.ok(
        info.notes.some((n) => n.startsWith('Trimmed')),
        `${sym} notes the trim`,
      );
    }
    assert.equal(snap.get('MARA')!.dates[0], '2012-05-04', 'MARA keeps its pre-pivot history (same company)');
    assert.equal(snap.info('MARA')!.trim, undefined);
  });

  it('finds series case-insensitively and by the fixture name', () => {
    assert.equal(snap.get('btc-usd')!.symbol, 'BTC');
    assert.equal(snap.get('NDX')!.symbol, '^NDX');
    assert.equal(snap.get(' iren ')!.symbol, 'IREN');
    assert.equal(snap.get('NOPE'), undefined);
    assert.equal(snap.info('NOPE'), undefined);
  });

  it('hands out one shared series per key, not copies, that no caller can change', () => {
    const a = snap.get('QQQ')!;
    const b = snap.get('qqq')!;
    assert.equal(a, b, 'the same object on every call');
    for (const c of ['dates', 'close', 'open', 'high', 'low', 'volume'] as const) {
      assert.equal(a[c], b[c], `${c}: the same array`);
      assert.ok(Object.isFrozen(a[c]), `${c} is frozen`);
    }
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.origin));
    const first = a.close[0];
    assert.throws(() => {
      a.close[0] = -1;
    }, TypeError);
    assert.throws(() => {
      a.dates.length = 0;
    }, TypeError);
    assert.throws(() => a.volume!.push(1), TypeError);
    assert.throws(() => {
      a.symbol = 'X';
    }, TypeError);
    assert.equal(snap.get('QQQ')!.close[0], first);
    assert.ok(snap.get('QQQ')!.dates.length > 0);
  });

  it('carries day numbers: days[i] = dayNumber(dates[i]) in every series', () => {
    for (const sym of snap.symbols()) {
      const s = snap.get(sym)!;
      assert.ok(s.days instanceof Int32Array, sym);
      assert.equal(s.days.length, s.dates.length, sym);
      assert.deepEqual(Array.from(s.days), s.dates.map(dayNumber), sym);
      assert.equal(seriesDays(s), s.days, `${sym}: seriesDays uses them as they are`);
    }
  });

  it('decodes closes without the other columns; a close-only read equals a full one', () => {
    // Two fresh decodes: one reads only dates and closes, the other every column first.
    const closeOnly = decodeSnapshot(bytes);
    const full = decodeSnapshot(bytes);
    for (const sym of ['IREN', 'BTC', 'QQQ', 'HIVE', 'BTC-USDT']) {
      const f = full.get(sym)!;
      void [f.open, f.high, f.low, f.volume];
      const c = closeOnly.get(sym)!;
      assert.deepEqual(c.close, f.close, sym);
      assert.deepEqual(c.dates, f.dates, sym);
      assert.deepEqual(c, f, `${sym}: the same series once the rest is read`);
    }
    // Proof that a close-only read never decodes the rest: a block cut right after its closes
    // (length and CRC-32 made right) still gives its closes; its open fails only when read.
    const cut = withManifest(
      bytes,
      () => undefined,
      (blocks) => {
        const iren = blocks.get('IREN')!;
        blocks.set('IREN', iren.subarray(0, closesEnd(iren, snap.info('IREN')!.rows, snap.manifest.chunkRows)));
      },
    );
    const s = decodeSnapshot(cut).get('IREN')!;
    assert.deepEqual(s.close, snap.get('IREN')!.close);
    assert.deepEqual(s.days, snap.get('IREN')!.days);
    assert.throws(
      () => s.open,
      (e: unknown) => e instanceof SnapshotFormatError && /snapshot series IREN: truncated/.test(e.message),
    );
  });

  it('loads from a file path, a plain Uint8Array or a view into a larger buffer', () => {
    const s = loadSnapshotFile(SNAPSHOT_FILE);
    assert.deepEqual(s.symbols(), snap.symbols());
    assert.deepEqual(decodeSnapshot(new Uint8Array(bytes)).get('CRWV'), snap.get('CRWV'));
    const big = new Uint8Array(bytes.length + 7);
    big.set(bytes, 5);
    assert.deepEqual(decodeSnapshot(big.subarray(5, 5 + bytes.length)).get('CRWV'), snap.get('CRWV'));
  });

  describe('values against the fixture CSVs', function () {
    before(function () {
      if (!existsSync(path.join(PRICES_DIR, 'README.md'))) {
        console.log(`      (skipped: no price fixtures at ${PRICES_DIR}; set HASHPIVOT_PRICES)`);
        this.skip();
      }
    });

    /**
     * Every kept row equals the CSV row: the decoded value is the CSV's double, or, where the
     * source held a float32, has the same float32 (Math.fround). In `source` mode every value
     * is the CSV's double exactly.
     */
    function compare(sym: string, exactSnap: Snapshot): { exact: number; float32: number } {
      const info = snap.info(sym)!;
      const rows = readCsv(path.join(PRICES_DIR, info.fixture.file));
      const kept = info.trim ? rows.filter((r) => r.date >= info.trim!.before) : rows;
      assert.equal(rows.length - kept.length, info.trim?.rowsDropped ?? 0, `${sym} dropped rows`);
      const s = snap.get(sym)!;
      const x = exactSnap.get(sym)!;
      assert.deepEqual(
        s.dates,
        kept.map((r) => r.date),
        `${sym} dates`,
      );
      const n = { exact: 0, float32: 0 };
      for (const col of ['open', 'high', 'low', 'close', 'volume'] as const) {
        const csvEmpty = kept.every((r) => r.cells[col] === '');
        if (csvEmpty) {
          assert.equal(s[col], undefined, `${sym} ${col} is empty in the CSV`);
          continue;
        }
        const got = s[col]!;
        const src = x[col]!;
        kept.forEach((r, i) => {
          const want = Number(r.cells[col]);
          const where = `${sym} ${r.date} ${col}: decoded ${got[i]}, CSV ${r.cells[col]}`;
          if (got[i] === want) n.exact++;
          else {
            assert.ok(col !== 'volume' && info.priceValues === 'float32' && Math.fround(got[i]!) === Math.fround(want), where);
            n.float32++;
          }
          assert.equal(src[i], want, `source mode: ${where}`);
        });
      }
      return n;
    }

    let exactSnap: Snapshot;
    before(() => {
      exactSnap = decodeSnapshot(bytes, { values: 'source' });
    });

    for (const sym of ['IREN', 'BTC', 'QQQ', 'HIVE', 'WULF']) {
      it(`${sym}: every kept row equals the CSV row`, () => {
        const n = compare(sym, exactSnap);
        assert.ok(n.exact + n.float32 > 0);
      });
    }

    it('every other series too, and the snapshot is built from these very files', () => {
      const total = { exact: 0, float32: 0 };
      for (const sym of snap.symbols()) {
        const info = snap.info(sym)!;
        const text = readFileSync(path.join(PRICES_DIR, info.fixture.file));
        assert.equal(
          createHash('sha256').update(text).digest('hex'),
          info.fixture.sha256,
          `${info.fixture.file} changed since the snapshot was built: run node scripts/build-snapshot.mjs`,
        );
        const n = compare(sym, exactSnap);
        total.exact += n.exact;
        total.float32 += n.float32;
      }
      assert.ok(total.float32 > 0 && total.exact > 0);
    });

    it('stores float32 prices as their shortest decimal (17.16, not 17.15999984741211)', () => {
      const mara = snap.get('MARA')!;
      const i = mara.dates.indexOf('2024-05-10');
      assert.equal(mara.close[i], 17.16, 'README: MARA 2024-05-10 close 17.16');
      assert.equal(exactSnap.get('MARA')!.close[i], 17.15999984741211);
    });
  });

  describe('hourly BTC closes (for BTC at the US close)', () => {
    it('are the close column of fixtures/network/btc-usdt-1h.csv, every row, exactly, at its bar open time', () => {
      const h = snap.hourly('BTC')!;
      const csv = readHourlyCsv();
      assert.equal(h.times.length, 17_986);
      assert.deepEqual(h.times, csv.times);
      assert.deepEqual(h.close, csv.close);
      assert.equal(new Date(h.times[0]!).toISOString(), '2024-06-01T00:00:00.000Z');
      assert.equal(new Date(h.times.at(-1)!).toISOString(), '2026-06-20T09:00:00.000Z');
      // By key too; another symbol has none; copies are handed out.
      assert.deepEqual(snap.hourly('btc-usdt-1h')!.close, h.close);
      assert.equal(snap.hourly('IREN'), undefined);
      assert.equal(snap.hourly('BTC-USDT-1h'), h, 'shared, not copied');
      assert.ok(Object.isFrozen(h.times) && Object.isFrozen(h.close));
      assert.throws(() => {
        h.close[0] = -1;
      }, TypeError);
      assert.equal(snap.hourly('BTC')!.close[0], 67655.66);
    });

    it('name their source and terms, and the snapshot was built from this very file', () => {
      const info = snap.manifest.hourly![0]!;
      const h = snap.hourly('BTC')!;
      assert.deepEqual(h.origin, {
        kind: 'snapshot',
        provider: 'snapshot',
        providerSymbol: 'BTC/USDT',
        asOf: '2026-06-20T09:00:00Z',
        note: 'DataScientest-Studio/dec25_bde_int_crypto@0fa2bb9c069b BTCUSDT_1h.csv + ThatspatuLa/BtcH1Autorl@4a82af768025 user_data/data/binance/BTC_USDT-1h.feather; hourly closes, bar open times (UTC)',
      });
      assert.deepEqual(
        info.sources.map((x) => [x.repo, x.from, x.to]),
        [
          ['DataScientest-Studio/dec25_bde_int_crypto', '2024-06-01T00:00:00Z', '2026-02-02T10:00:00Z'],
          ['ThatspatuLa/BtcH1Autorl', '2026-02-02T11:00:00Z', '2026-06-20T09:00:00Z'],
        ],
      );
      assert.match(info.terms, /Binance's terms apply/);
      assert.equal(
        createHash('sha256')
          .update(readFileSync(fixture('network', 'btc-usdt-1h.csv')))
          .digest('hex'),
        info.fixture.sha256,
        'rebuild the snapshot',
      );
      const origin = readFileSync(ORIGIN_FILE, 'utf8');
      assert.match(origin, /\*\*This is a copy too\.\*\* It is the README of the Hashpivot network fixtures/);
      assert.match(origin, /# Bitcoin network data and hourly BTC prices/);
      assert.ok(origin.includes(readFileSync(fixture('network', 'README.md'), 'utf8')), 'the network README, unchanged');
    });

    it('a bad hourly entry or block is rejected when read', () => {
      const bad = (edit: (h: Record<string, unknown>) => void, re: RegExp) =>
        assert.throws(
          () =>
            decodeSnapshot(
              withManifest(bytes, (m) => {
                edit((m.hourly as Array<Record<string, unknown>>)[0]!);
              }),
            ).hourly('BTC'),
          (e: unknown) => e instanceof SnapshotFormatError && re.test(e.message),
        );
      bad((h) => (h.block = [0, 1e9]), /hourly 0 \(BTC-USDT-1h\): block outside the data/);
      bad((h) => (h.first = '2024-06-01'), /bad first\/last/);
      bad((h) => (h.rows = Number(h.rows) - 1), /rows, the manifest says/);
      bad((h) => (h.last = '2026-06-20T10:00:00Z'), /the manifest says 2024-06-01T00:00:00Z\.\.2026-06-20T10:00:00Z/);
    });
  });

  describe('bad input', () => {
    const rejects = (b: Uint8Array, re: RegExp) =>
      assert.throws(
        () => readAll(decodeSnapshot(b)),
        (e: unknown) => e instanceof SnapshotFormatError && re.test(e.message),
      );

    it('rejects empty, short and foreign bytes with a clear error', () => {
      rejects(new Uint8Array(0), /too short/);
      rejects(bytes.subarray(0, 10), /too short/);
      rejects(Buffer.from('date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n'), /not a Hashpivot snapshot/);
      const gz = Buffer.from(bytes);
      gz.write('XX', 0, 'ascii');
      rejects(gz, /bad magic/);
    });

    it('rejects a truncated file when it is opened', () => {
      for (const len of [24, 25, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
        assert.throws(
          () => decodeSnapshot(bytes.subarray(0, len)),
          (e: unknown) => e instanceof SnapshotFormatError && /header says \d+ \(truncated\)/.test(e.message),
          String(len),
        );
      }
      assert.throws(() => decodeSnapshot(Buffer.concat([bytes, Buffer.from([0])])), /header says \d+ \(corrupt\)/);
    });

    it('rejects a corrupted byte anywhere in the packed manifest or blocks', () => {
      for (const at of [24, 25, 1000, Math.floor(bytes.length / 3), bytes.length - 20, bytes.length - 1]) {
        const b = Buffer.from(bytes);
        b[at] = b[at]! ^ 0x5a;
        rejects(b, /truncated|corrupt|CRC/);
      }
    });

    it('refuses a block or a manifest that fails its CRC-32, with a clear error, when it is read', () => {
      // Block CRCs are checked lazily: opening works, reading the series fails.
      const bad = withManifest(bytes, (m) => {
        const b = m.series.find((x) => x.symbol === 'IREN')!.block as number[];
        b[3] = (b[3]! ^ 1) >>> 0;
      });
      const s = decodeSnapshot(bad);
      assert.ok(s.get('QQQ'), 'other series are fine');
      assert.throws(() => s.get('IREN'), { name: 'SnapshotFormatError', message: 'snapshot series IREN fails its CRC-32 check (corrupt)' });
      // Changed bytes under the block's original CRC-32: refused too.
      const lying = withManifest(
        bytes,
        (m) => {
          (m.series.find((x) => x.symbol === 'QQQ')!.block as number[])[3] = snap.info('QQQ')!.block[3];
        },
        (blocks) => {
          const q = Buffer.from(blocks.get('QQQ')!);
          q[q.length - 1] = q[q.length - 1]! ^ 1;
          blocks.set('QQQ', q);
        },
      );
      assert.throws(() => decodeSnapshot(lying).get('QQQ'), /snapshot series QQQ fails its CRC-32 check/);
      const k = Buffer.from(bytes);
      k.writeUInt32LE((k.readUInt32LE(12) ^ 1) >>> 0, 12);
      assert.throws(() => decodeSnapshot(k), { name: 'SnapshotFormatError', message: 'snapshot manifest fails its CRC-32 check (corrupt)' });
    });

    it('computes CRC-32 the same way without zlib.crc32 (the fallback for older Node)', () => {
      for (const b of [Buffer.alloc(0), Buffer.from('123456789'), bytes.subarray(0, 70_001)]) assert.equal(crc32js(b), crc32(b));
      assert.equal(crc32js(Buffer.from('123456789')), 0xcbf43926);
    });

    it('rejects an unknown version or codec and a wrong manifest length in the header', () => {
      const v = Buffer.from(bytes);
      v[6] = 99;
      rejects(v, /version 99/);
      const old = Buffer.from(bytes);
      old[6] = 1;
      rejects(old, /version 1 is not supported \(this build reads 2\)/);
      const c = Buffer.from(bytes);
      c[7] = 7;
      rejects(c, /codec 7/);
      const l = Buffer.from(bytes);
      l.writeUInt32LE(l.readUInt32LE(8) - 1, 8);
      rejects(l, /truncated or corrupt/);
    });

    it('reads a gzip-packed or an unpacked snapshot too (the codec the header names)', () => {
      const gz = decodeSnapshot(withManifest(bytes, () => undefined));
      assert.deepEqual(gz.get('IREN'), snap.get('IREN'));
      const { manifest, blocks } = unpackFile(bytes);
      const none = decodeSnapshot(repack(manifest, blocks, undefined, 0));
      assert.deepEqual(none.get('IREN'), snap.get('IREN'));
      assert.deepEqual(none.hourly('BTC'), snap.hourly('BTC'));
    });

    it('rejects a well-packed file whose manifest or blocks do not fit', () => {
      rejects(
        withManifest(bytes, (m) => {
          m.series[0]!.block = [0, 1e9, 10, 0];
        }),
        /block outside the data/,
      );
      rejects(
        withManifest(bytes, (m) => {
          m.series[0]!.block = [0, 10];
        }),
        /block outside the data/,
      );
      rejects(
        withManifest(bytes, (m) => {
          m.version = 3;
        }),
        /version 3 is not supported/,
      );
      rejects(
        withManifest(bytes, (m) => {
          m.series[0]!.rows = Number(m.series[0]!.rows) + 1;
        }),
        /rows, the manifest says/,
      );
      for (const [change, re] of [
        [-3, /snapshot series CORZ is truncated or corrupt \(Cannot create a Buffer larger than \d+ bytes\)/],
        [3, /snapshot series CORZ is \d+ bytes, the snapshot says \d+ \(truncated or corrupt\)/],
      ] as const) {
        rejects(
          withManifest(bytes, (m) => {
            const b = m.series[0]!.block as number[];
            b[2] = b[2]! + change;
          }),
          re,
        );
      }
      // A block cut short (its length and CRC-32 made to match): the decoder itself finds it.
      rejects(
        withManifest(
          bytes,
          () => undefined,
          (blocks) => blocks.set('CORZ', blocks.get('CORZ')!.subarray(0, blocks.get('CORZ')!.length - 3)),
        ),
        /snapshot series CORZ: truncated/,
      );
      rejects(
        withManifest(
          bytes,
          () => undefined,
          (blocks) => blocks.set('HIVE', Buffer.concat([blocks.get('HIVE')!, Buffer.from([0])])),
        ),
        /snapshot series HIVE: 1 unexpected bytes at the end/,
      );
    });
  });
});

/** Where the closes of a block end (rows, dates, then per chunk an exponent byte and a varint per row). */
function closesEnd(block: Buffer, rows: number, chunk: number): number {
  let pos = 0;
  const skipVarint = () => {
    while (block[pos++]! >= 128);
  };
  skipVarint();
  for (let i = 0; i < rows; i++) skipVarint();
  for (let i = 0; i < rows; i++) {
    if (i % chunk === 0) pos++;
    skipVarint();
  }
  return pos;
}
