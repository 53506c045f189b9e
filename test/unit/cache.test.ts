/**
 * The disk cache (src/data/cache.ts) in a real temporary folder: atomic writes (a temporary file,
 * then a rename over the old one), read-back equal to what was written (NaN closes included), and
 * every kind of damaged file discarded with a warning through the logger and deleted, never thrown.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cacheFileName, DiskCache } from '../../src/data/cache';
import type { DailySeries, Quote } from '../../src/core/types';

interface Logged {
  level: string;
  message: string;
}

function rig(): { dir: string; cache: DiskCache; logs: Logged[] } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'hp-cache-')), 'cache');
  const logs: Logged[] = [];
  const cache = new DiskCache(dir, (level, message) => logs.push({ level, message }));
  return { dir, cache, logs };
}

const FETCHED = '2025-12-02T21:05:00.000Z';

function series(): DailySeries {
  return {
    symbol: 'IREN',
    dates: ['2025-11-28', '2025-12-01', '2025-12-02'],
    close: [48.49, NaN, 41.12],
    open: [47.1, 48.0, 44.0],
    high: [49.5, 49.0, 44.5],
    low: [46.9, 47.0, 40.8],
    volume: [1000, 0, 3000],
    origin: { kind: 'live', provider: 'yahoo', providerSymbol: 'IREN', asOf: FETCHED, note: 'test' },
  };
}

const QUOTE: Quote = {
  symbol: 'BTC/USDT',
  price: 91350.2,
  changeFraction: 0.058,
  currency: 'USDT',
  time: '2025-12-02T23:59:00.000Z',
  origin: { kind: 'live', provider: 'ccxt:binance', providerSymbol: 'BTC/USDT', asOf: FETCHED },
};

function historyFile(dir: string, key: string): string {
  return path.join(dir, 'history', cacheFileName(key));
}

describe('disk cache: writing and reading back', function () {
  it('reads back what it wrote, a missing close (NaN) as NaN', async function () {
    const { cache, logs } = rig();
    await cache.writeHistory('yahoo/IREN', FETCHED, series());
    const back = await cache.readHistory('yahoo/IREN');
    assert.ok(back);
    assert.equal(back.fetchedAt, FETCHED);
    assert.deepEqual(back.value, series()); // deepEqual treats NaN as equal to NaN
    assert.ok(Number.isNaN(back.value.close[1]));
    assert.deepEqual(logs, []);
  });

  it('reads back a missing open, high, low or volume (NaN) as NaN too, not null', async function () {
    const { cache } = rig();
    const s = { ...series(), open: [NaN, 48, 44], high: [49.5, NaN, 44.5], low: [46.9, 47, NaN], volume: [NaN, 0, 3000] };
    await cache.writeHistory('yahoo/IREN', FETCHED, s);
    const back = await cache.readHistory('yahoo/IREN');
    assert.deepEqual(back?.value, s);
    assert.ok(
      Number.isNaN(back.value.open![0]) && Number.isNaN(back.value.high![1]) && Number.isNaN(back.value.low![2]) && Number.isNaN(back.value.volume![0]),
    );
  });

  it('writes atomically: a temporary file renamed over the old one, none left behind', async function () {
    const { dir, cache } = rig();
    const file = historyFile(dir, 'yahoo/IREN');
    await cache.writeHistory('yahoo/IREN', FETCHED, series());
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
    const first = statSync(file).ino;
    const newer = { ...series(), close: [1, 2, 3] };
    await cache.writeHistory('yahoo/IREN', '2025-12-03T00:00:00.000Z', newer);
    // A rename puts a new file (a new inode) in place; an in-place rewrite would keep the inode.
    assert.notEqual(statSync(file).ino, first);
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
    const back = await cache.readHistory('yahoo/IREN');
    assert.equal(back?.fetchedAt, '2025-12-03T00:00:00.000Z');
    assert.deepEqual(back?.value.close, [1, 2, 3]);
  });

  it('concurrent writes of one key leave one whole file (one of the two), no temporary files', async function () {
    const { dir, cache, logs } = rig();
    const a = { ...series(), close: [1, 1, 1] };
    const b = { ...series(), close: [2, 2, 2] };
    await Promise.all([
      cache.writeHistory('yahoo/IREN', FETCHED, a),
      cache.writeHistory('yahoo/IREN', FETCHED, b),
      cache.writeHistory('yahoo/IREN', FETCHED, a),
    ]);
    assert.deepEqual(readdirSync(path.join(dir, 'history')), [cacheFileName('yahoo/IREN')]);
    const back = await cache.readHistory('yahoo/IREN');
    assert.ok(back && (back.value.close[0] === 1 || back.value.close[0] === 2));
    assert.deepEqual(logs, []);
  });

  it('a write that cannot be renamed into place rejects and removes its temporary file', async function () {
    const { dir, cache } = rig();
    const file = historyFile(dir, 'yahoo/IREN');
    mkdirSync(path.join(file, 'occupied'), { recursive: true }); // a non-empty folder where the file goes
    await assert.rejects(cache.writeHistory('yahoo/IREN', FETCHED, series()));
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
  });

  it('keeps keys apart: file names are safe and distinct for yahoo/^NDX, ccxt:binance/BTC/USDT, …', async function () {
    const keys = ['yahoo/^NDX', 'yahoo/NDX', 'ccxt:binance/BTC/USDT', 'ccxt:binance/BTC%2FUSDT', 'yahoo/BTC-USD', 'yahoo/EURUSD=X'];
    const names = keys.map(cacheFileName);
    assert.equal(new Set(names).size, keys.length);
    for (const n of names) assert.match(n, /^[A-Za-z0-9._%-]+\.json$/);
    const { cache } = rig();
    for (const [i, k] of keys.entries()) await cache.writeHistory(k, FETCHED, { ...series(), close: [i, i, i] });
    for (const [i, k] of keys.entries()) assert.deepEqual((await cache.readHistory(k))?.value.close, [i, i, i]);
  });

  it('a missing file is no entry and no warning', async function () {
    const { cache, logs } = rig();
    assert.equal(await cache.readHistory('yahoo/NOPE'), undefined);
    assert.equal(await cache.readQuote('yahoo/NOPE'), undefined);
    assert.deepEqual(logs, []);
  });

  it('quotes round-trip too', async function () {
    const { cache } = rig();
    await cache.writeQuote('ccxt:binance/BTC/USDT', FETCHED, QUOTE);
    assert.deepEqual(await cache.readQuote('ccxt:binance/BTC/USDT'), { fetchedAt: FETCHED, value: QUOTE });
  });
});

describe('disk cache: damaged files are discarded with a warning, never thrown', function () {
  const KEY = 'yahoo/IREN';
  const good = () =>
    JSON.parse(JSON.stringify({ format: 1, kind: 'history', key: KEY, fetchedAt: FETCHED, value: series() })) as Record<string, unknown> & {
      value: Record<string, unknown>;
    };

  const damaged: Array<{ name: string; text: () => string; problem: RegExp }> = [
    { name: 'garbage bytes', text: () => '\u0000\u0001\u00ffnot json at all', problem: /not valid JSON/ },
    { name: 'an empty file', text: () => '', problem: /not valid JSON/ },
    { name: 'truncated JSON', text: () => JSON.stringify(good()).slice(0, 120), problem: /not valid JSON/ },
    { name: 'JSON that is not an object', text: () => '[1, 2, 3]', problem: /not a cache entry/ },
    { name: 'JSON null', text: () => 'null', problem: /not a cache entry/ },
    { name: 'a wrong format number', text: () => JSON.stringify({ ...good(), format: 2 }), problem: /format 2, expected 1/ },
    { name: 'no format at all', text: () => JSON.stringify({ ...good(), format: undefined }), problem: /format undefined, expected 1/ },
    { name: 'a wrong key', text: () => JSON.stringify({ ...good(), key: 'yahoo/MARA' }), problem: /another key/ },
    { name: 'a wrong kind', text: () => JSON.stringify({ ...good(), kind: 'quote' }), problem: /another key/ },
    { name: 'no fetch time', text: () => JSON.stringify({ ...good(), fetchedAt: 'yesterday' }), problem: /no valid fetch time/ },
    { name: 'a value of the wrong shape (no dates)', text: () => JSON.stringify({ ...good(), value: { symbol: 'IREN', close: [1] } }), problem: /wrong shape/ },
    { name: 'closes that are strings', text: () => JSON.stringify({ ...good(), value: { ...good().value, close: ['1', '2', '3'] } }), problem: /wrong shape/ },
    {
      name: 'dates out of order',
      text: () => JSON.stringify({ ...good(), value: { ...good().value, dates: ['2025-12-02', '2025-12-01', '2025-12-03'] } }),
      problem: /wrong shape/,
    },
    {
      name: 'a malformed date',
      text: () => JSON.stringify({ ...good(), value: { ...good().value, dates: ['2025-11-28', '2025-12-1', '2025-12-02'] } }),
      problem: /wrong shape/,
    },
    { name: 'columns of unequal length', text: () => JSON.stringify({ ...good(), value: { ...good().value, close: [1, 2] } }), problem: /wrong shape/ },
    { name: 'an OHLC column of the wrong length', text: () => JSON.stringify({ ...good(), value: { ...good().value, high: [1] } }), problem: /wrong shape/ },
    {
      name: 'an OHLC column holding strings',
      text: () => JSON.stringify({ ...good(), value: { ...good().value, low: ['a', 'b', 'c'] } }),
      problem: /wrong shape/,
    },
  ];

  for (const d of damaged) {
    it(`${d.name}: no entry, a warning naming the file and the problem, the file deleted`, async function () {
      const { dir, cache, logs } = rig();
      const file = historyFile(dir, KEY);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, d.text());
      const got = await cache.readHistory(KEY);
      assert.equal(got, undefined);
      assert.equal(logs.length, 1, JSON.stringify(logs));
      assert.equal(logs[0]!.level, 'warn');
      assert.ok(logs[0]!.message.includes(file), logs[0]!.message);
      assert.match(logs[0]!.message, /^cache: discarding /);
      assert.match(logs[0]!.message, d.problem);
      assert.ok(!existsSync(file), 'the damaged file is still there');
      // And the key is usable again.
      await cache.writeHistory(KEY, FETCHED, series());
      assert.ok(await cache.readHistory(KEY));
    });
  }

  it('a damaged quote file is discarded the same way', async function () {
    const { dir, cache, logs } = rig();
    const file = path.join(dir, 'quote', cacheFileName('ccxt:binance/BTC/USDT'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ format: 1, kind: 'quote', key: 'ccxt:binance/BTC/USDT', fetchedAt: FETCHED, value: { ...QUOTE, price: 'a lot' } }));
    assert.equal(await cache.readQuote('ccxt:binance/BTC/USDT'), undefined);
    assert.match(logs[0]!.message, /wrong shape/);
    assert.ok(!existsSync(file));
  });

  it('a file it cannot read (a folder in its place) is a warning, not a crash, and is left alone', async function () {
    const { dir, cache, logs } = rig();
    const file = historyFile(dir, KEY);
    mkdirSync(file, { recursive: true });
    assert.equal(await cache.readHistory(KEY), undefined);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!.message, /cannot read/);
    assert.ok(existsSync(file));
  });

  it('the written file is plain JSON with null for NaN (what a reader outside Hashpivot sees)', async function () {
    const { dir, cache } = rig();
    await cache.writeHistory(KEY, FETCHED, series());
    const raw = JSON.parse(readFileSync(historyFile(dir, KEY), 'utf8')) as { format: number; kind: string; key: string; value: { close: unknown[] } };
    assert.equal(raw.format, 1);
    assert.equal(raw.kind, 'history');
    assert.equal(raw.key, KEY);
    assert.deepEqual(raw.value.close, [48.49, null, 41.12]);
  });
});
