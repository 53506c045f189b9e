/**
 * The store refuses prices that cannot be real before caching or showing them, rebuilds a history
 * that its source rescaled instead of merging it into a fake jump, and never takes a cache entry
 * dated in the future as fresh.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DailySeries } from '../../src/core/types';
import { historiesDisagree, impossiblePrices } from '../../src/core/priceChecks';
import { DiskCache } from '../../src/data/cache';
import type { HistoryRequest, MarketDataProvider } from '../../src/data/provider';
import { loadSnapshotFile, type Snapshot } from '../../src/data/snapshot';
import { MarketStore } from '../../src/data/store';
import { endpointCacheFolder } from '../../src/data/createStore';
import { readPriceCsv } from '../support/prices';

const NOW = Date.parse('2025-12-03T12:00:00.000Z');
let snap: Snapshot | undefined;
const snapshot = () => (snap ??= loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap')));
const IREN = readPriceCsv('IREN');

function bars(from: string, to: string, scale = 1, fetchedAt = new Date(NOW).toISOString()): DailySeries {
  const idx = IREN.dates.flatMap((d, i) => (d >= from && d <= to ? [i] : []));
  return {
    symbol: 'IREN',
    dates: idx.map((i) => IREN.dates[i]!),
    close: idx.map((i) => IREN.close[i]! * scale),
    origin: { kind: 'live', provider: 'yahoo', providerSymbol: 'IREN', asOf: fetchedAt },
  };
}

function rig(answer: (req: HistoryRequest) => DailySeries) {
  const calls: HistoryRequest[] = [];
  const logs: string[] = [];
  const yahoo: MarketDataProvider = {
    id: 'yahoo',
    history: async (_s, req) => {
      calls.push(req);
      return answer(req);
    },
  } as MarketDataProvider;
  const cache = new DiskCache(path.join(mkdtempSync(path.join(tmpdir(), 'hp-valid-')), 'cache'), () => undefined);
  const store = new MarketStore({
    provider: (id) => (id === 'yahoo' ? yahoo : undefined),
    snapshot,
    cache,
    log: (level, m) => logs.push(`${level} ${m}`),
    now: () => new Date(NOW),
  });
  return { store, cache, calls, logs };
}

describe('market store: impossible prices, rescaled history, future-dated cache', () => {
  it('impossiblePrices names zero, negative, infinite, absurd and ×50-in-a-day closes; NaN is a missing day', () => {
    const d = ['2025-01-01', '2025-01-02', '2025-01-03'];
    assert.match(impossiblePrices({ dates: d, close: [10, 0, 11] })!, /impossible close 0 on 2025-01-02/);
    assert.match(impossiblePrices({ dates: d, close: [10, -3, 11] })!, /impossible close -3/);
    assert.match(impossiblePrices({ dates: d, close: [10, Infinity, 11] })!, /impossible close Infinity/);
    assert.match(impossiblePrices({ dates: d, close: [10, 1e300, 11] })!, /implausible close/);
    assert.match(impossiblePrices({ dates: d, close: [10, 900, 11] })!, /more than ×50 in a day/);
    assert.equal(impossiblePrices({ dates: d, close: [10, NaN, 11] }), undefined);
  });

  it('a provider answering impossible prices is a failed source: nothing cached, the snapshot answers', async () => {
    const r = rig((req) => {
      const s = bars(req.from, req.to!);
      s.close[5] = 0;
      return s;
    });
    const s = await r.store.history('IREN');
    assert.equal(s.origin.kind, 'snapshot');
    assert.ok(
      r.logs.some((l) => /impossible close 0/.test(l)),
      r.logs.join('\n'),
    );
    assert.equal(await r.cache.readHistory('yahoo/IREN'), undefined, 'not cached');
  });

  it('a history the source rescaled (a 1:10 adjustment) is fetched whole again, not merged into a jump', async () => {
    const stale = new Date(NOW - 2 * 86_400_000).toISOString();
    const r = rig((req) => bars(req.from, req.to!, 10));
    await r.cache.writeHistory('yahoo/IREN', stale, bars('2024-01-01', '2025-11-20', 1, stale));
    const s = await r.store.history('IREN');
    assert.equal(r.calls.length, 2, 'the incremental fetch, then the whole history');
    assert.ok(r.calls[1]!.from < '2021-01-01', r.calls[1]!.from);
    assert.ok(r.logs.some((l) => /rescaled its history/.test(l)));
    const i = s.dates.indexOf('2024-06-03');
    const j = IREN.dates.indexOf('2024-06-03');
    assert.ok(Math.abs(s.close[i]! - IREN.close[j]! * 10) < 1e-9, 'the old part is on the new scale too');
    assert.equal(historiesDisagree(bars('2025-01-01', '2025-02-01'), bars('2025-01-20', '2025-02-10')), undefined, 'the same prices agree');
  });

  it('a cache entry dated in the future is not fresh: the source is asked', async () => {
    const future = new Date(NOW + 365 * 86_400_000).toISOString();
    const r = rig((req) => bars(req.from, req.to!));
    await r.cache.writeHistory('yahoo/IREN', future, bars('2024-01-01', '2025-12-02', 1, future));
    const s = await r.store.history('IREN');
    assert.equal(r.calls.length, 1);
    assert.equal(s.origin.kind, 'live');
  });
});

describe('the cache is kept per set of endpoint overrides (endpointCacheFolder)', () => {
  it('none for the real hosts; one folder per set of overrides, whatever their order', () => {
    assert.equal(endpointCacheFolder({}), undefined);
    assert.equal(endpointCacheFolder(undefined), undefined);
    const a = endpointCacheFolder({ 'query1.finance.yahoo.com': 'http://127.0.0.1:1', 'api.kraken.com': 'http://127.0.0.1:1' });
    const b = endpointCacheFolder({ 'api.kraken.com': 'http://127.0.0.1:1', 'query1.finance.yahoo.com': 'http://127.0.0.1:1' });
    const c = endpointCacheFolder({ 'query1.finance.yahoo.com': 'http://127.0.0.1:2', 'api.kraken.com': 'http://127.0.0.1:1' });
    assert.match(a!, /^via-[0-9a-f]{12}$/);
    assert.equal(a, b);
    assert.notEqual(a, c, 'another mirror, another folder');
  });
});
