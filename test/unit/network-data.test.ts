import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashrateFromDifficulty } from '../../src/core/network';
import { DiskCache } from '../../src/data/cache';
import { createHttpClient } from '../../src/data/http';
import { chartUrl, fetchBlockchainNetwork, NetworkStore, parseChart, readNetworkSnapshot } from '../../src/data/network';
import { ProviderError } from '../../src/data/provider';
import { loopbackFetch, sendJson, startFaultServer } from '../support/faultServer';
import { fixture } from '../support/fixtures';
import { readDailyDifficulty } from '../support/network';
import { createReplay, type Route } from '../support/replay';

const RECORDED = fixture('network', 'recorded', 'blockchain.com');
const DIFFICULTY_1Y = 'EuropeanValley_blockchain-dashboard-rperecam__data_difficulty.json';
const FEES_1Y = 'Krisp140_TargetedNakomoto__data_transaction-fees.json';
const DIFFICULTY_ALL_7D = 'judista25_BTC_sim__data_difficulty.json';
const HASHRATE_ALL_7D = 'judista25_BTC_sim__data_hash-rate.json';

/**
 * A route answering `url` with a recorded blockchain.com chart body, byte for byte. The recordings
 * are blockchain.com chart exports saved by other projects (fixtures/network/README.md); the URL
 * they were fetched from is not recorded, so the route answers the URL the provider builds.
 */
function recorded(file: string, url: string): Route {
  return {
    label: `blockchain.com/${file}`,
    url,
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: readFileSync(path.join(RECORDED, file), 'utf8') },
  };
}
const now = () => Date.parse('2026-04-22T12:00:00Z');
const NSNAP = path.resolve(process.cwd(), 'media/snapshot/network.json');

describe('network data: blockchain.com charts', () => {
  it('replays the recorded difficulty and fee charts into a checked daily series', async () => {
    const replay = createReplay([recorded(DIFFICULTY_1Y, chartUrl('difficulty')), recorded(FEES_1Y, chartUrl('transaction-fees'))]);
    const http = createHttpClient({ fetch: replay.fetch, rateLimits: false });
    const s = await fetchBlockchainNetwork(http, { now });
    replay.assertNoMisses();
    assert.equal(s.origin.kind, 'live');
    assert.equal(s.origin.provider, 'blockchain.com');
    assert.equal(s.dates[0], '2025-04-23');
    assert.equal(s.dates.at(-1), '2026-04-21');
    assert.ok(!s.dates.includes('2025-11-14'), 'the recording has the 2025-11-13…15 gap');
    // Against the daily difficulty file (the README's cross-check: 293 shared days, largest gap 0.53).
    const daily = readDailyDifficulty();
    let shared = 0;
    for (let i = 0; i < s.dates.length; i++) {
      const j = daily.dates.indexOf(s.dates[i]!);
      if (j < 0) continue;
      shared++;
      assert.ok(Math.abs(s.difficulty[i]! - daily.difficulty[j]!) < 1, s.dates[i]);
    }
    assert.equal(shared, 293);
    // The fee recording covers 2024-02-06 … 2025-02-02: no overlap, so fees are unknown (NaN) on every day here.
    assert.equal(s.feesPerBlockBtc?.length, s.dates.length);
    assert.ok(s.feesPerBlockBtc!.every(Number.isNaN));
  });

  it('reads the fee chart as BTC a day ÷ 144 per block', () => {
    const c = parseChart('transaction-fees', JSON.parse(readFileSync(path.join(RECORDED, FEES_1Y), 'utf8')));
    assert.equal(c.dates[0], '2024-02-06');
    assert.ok(Math.abs(c.values[0]! - 53.10194348000002) < 1e-12);
    // The 2024-04-20 halving day's fee spike (Runes): over 1,000 BTC that day.
    assert.ok(c.values[c.dates.indexOf('2024-04-20')]! > 1000);
  });

  it('reads the documented API shape too ({ values: [{ x: seconds, y }] })', () => {
    const c = parseChart('difficulty', {
      status: 'ok',
      name: 'Difficulty',
      unit: '',
      period: 'day',
      values: [
        { x: 1745366400, y: 1.2e14 },
        { x: 1745452800, y: 1.2e14 },
      ],
    });
    assert.deepEqual(c.dates, ['2025-04-23', '2025-04-24']);
    assert.throws(() => parseChart('difficulty', { status: 'error', values: [] }), /status "error"/);
    assert.throws(() => parseChart('difficulty', { values: [{ x: 'a', y: 1 }] }), /no valid x/);
    assert.throws(() => parseChart('difficulty', []), /not a JSON object/);
  });

  it('rejects the recorded all-time 7-day-average chart: its first points are below difficulty 1', async () => {
    const replay = createReplay([recorded(DIFFICULTY_ALL_7D, chartUrl('difficulty')), recorded(FEES_1Y, chartUrl('transaction-fees'))]);
    await assert.rejects(
      fetchBlockchainNetwork(createHttpClient({ fetch: replay.fetch, rateLimits: false }), { now }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'malformed' && /impossible difficulty 0\.28/.test(e.message),
    );
  });

  it("blockchain.com's own hash-rate chart agrees with D·2³²/600 from its difficulty chart", () => {
    const d = parseChart('difficulty', JSON.parse(readFileSync(path.join(RECORDED, DIFFICULTY_ALL_7D), 'utf8')));
    const h = parseChart('hash-rate', JSON.parse(readFileSync(path.join(RECORDED, HASHRATE_ALL_7D), 'utf8')));
    const hOn = new Map(h.dates.map((x, i) => [x, h.values[i]!]));
    const diffs: number[] = [];
    d.dates.forEach((date, i) => {
      const hr = hOn.get(date);
      // hash-rate is in TH/s; 2019 on, where the series are dense.
      if (hr !== undefined && date >= '2019-01-01') diffs.push(Math.abs(hashrateFromDifficulty(d.values[i]!) / 1e12 / hr - 1));
    });
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    assert.ok(diffs.length > 400);
    assert.ok(mean < 0.1, String(mean));
  });
});

describe('network data: faults through the HTTP layer and the store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'hp-net-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const difficultyBody = readFileSync(path.join(RECORDED, DIFFICULTY_1Y), 'utf8');
  const feesBody = JSON.stringify({ status: 'ok', values: [{ x: 1776643200, y: 2.88 }] }); // 2026-04-20: 0.02 BTC a block

  async function client(handler: Parameters<typeof startFaultServer>[0]) {
    const server = await startFaultServer(handler);
    const fetch = createHttpClient({
      fetch: loopbackFetch,
      endpoints: { 'api.blockchain.info': server.url },
      baseDelayMs: 1,
      maxDelayMs: 5,
      timeoutMs: 300,
      unreachableMs: 0,
      rateLimits: false,
    });
    return { server, fetch };
  }

  it('retries a 429 with Retry-After and a 500, through the endpoint override', async () => {
    const { server, fetch } = await client((req, res, n) => {
      if (n <= 2) return sendJson(res, n === 1 ? 429 : 500, { error: 'busy' }, n === 1 ? { 'retry-after': '0' } : {});
      sendJson(res, 200, req.url!.startsWith('/charts/difficulty') ? difficultyBody : feesBody);
    });
    try {
      const s = await fetchBlockchainNetwork(fetch, { now });
      assert.equal(s.dates.at(-1), '2026-04-21');
      assert.ok(Math.abs(s.feesPerBlockBtc![s.dates.indexOf('2026-04-20')]! - 0.02) < 1e-12);
      assert.ok(server.requests.length >= 4);
      assert.ok(server.requests.every((r) => /^\/charts\/(difficulty|transaction-fees)\?timespan=3years&format=json$/.test(r.url)));
    } finally {
      await server.close();
    }
  });

  it('fails as malformed on truncated, non-JSON and impossible answers; keeps difficulty when only fees fail', async () => {
    for (const [body, pattern] of [
      ['{"values":[{"x":1745366400,', /not JSON/],
      ['<html>busy</html>', /not JSON/],
      [
        JSON.stringify({
          values: [
            { x: 1745366400, y: 1.2e14 },
            { x: 1745452800, y: 0 },
          ],
        }),
        /impossible difficulty 0/,
      ],
      [
        JSON.stringify({
          values: [
            { x: 1745366400, y: 1.2e14 },
            { x: 1745452800, y: 6e14 },
          ],
        }),
        /at most ×4/,
      ],
    ] as const) {
      const { server, fetch } = await client((req, res) => sendJson(res, 200, req.url!.startsWith('/charts/difficulty') ? body : feesBody));
      try {
        await assert.rejects(
          fetchBlockchainNetwork(fetch, { now }),
          (e: unknown) => e instanceof ProviderError && e.kind === 'malformed' && pattern.test(e.message),
        );
      } finally {
        await server.close();
      }
    }
    const logs: string[] = [];
    const { server, fetch } = await client((req, res) =>
      req.url!.startsWith('/charts/difficulty') ? sendJson(res, 200, difficultyBody) : sendJson(res, 404, {}),
    );
    try {
      const s = await fetchBlockchainNetwork(fetch, { now, log: (_l, m) => logs.push(m) });
      assert.equal(s.feesPerBlockBtc, undefined);
      assert.match(s.origin.note!, /difficulty only/);
      assert.match(logs.join('\n'), /fees unknown/);
    } finally {
      await server.close();
    }
  });

  it('times out a server that never answers', async () => {
    const { server, fetch } = await client(() => undefined);
    try {
      await assert.rejects(fetchBlockchainNetwork(fetch, { now }), (e: unknown) => e instanceof ProviderError && e.kind === 'timeout');
    } finally {
      await server.close();
    }
  });

  it('caches a live answer, serves it fresh, and falls back to it and then to the snapshot', async () => {
    let fail = false;
    const { server, fetch } = await client((req, res) =>
      fail ? sendJson(res, 503, {}) : sendJson(res, 200, req.url!.startsWith('/charts/difficulty') ? difficultyBody : feesBody),
    );
    try {
      const cache = new DiskCache(dir);
      let t = now();
      const snapshot = () => readNetworkSnapshot(NSNAP);
      const first = await new NetworkStore({ mode: 'auto', fetch, cache, snapshot, now: () => t }).series();
      assert.equal(first.series.origin.kind, 'live');
      const requests = server.requests.length;
      const fresh = await new NetworkStore({ mode: 'auto', fetch, cache, snapshot, now: () => t }).series();
      assert.equal(fresh.series.origin.kind, 'cache');
      assert.equal(server.requests.length, requests, 'a fresh cache answers without a request');
      assert.ok(Number.isNaN(fresh.series.feesPerBlockBtc![0]!), 'NaN fees survive the JSON cache');
      fail = true;
      t += 7 * 3_600_000;
      const stale = await new NetworkStore({ mode: 'auto', fetch, cache, snapshot, now: () => t }).series();
      assert.equal(stale.series.origin.kind, 'cache');
      assert.match(stale.problems[0]!, /HTTP 503/);
      const noCache = await new NetworkStore({ mode: 'auto', fetch, snapshot, now: () => t }).series();
      assert.equal(noCache.series.origin.kind, 'snapshot');
      await assert.rejects(new NetworkStore({ mode: 'live', fetch, snapshot, now: () => t }).series(), /HTTP 503/);
      await assert.rejects(new NetworkStore({ mode: 'auto', fetch, now: () => t }).series(), /no network data/);
    } finally {
      await server.close();
    }
  });

  it('a forced refresh (Refresh Data) asks the live source past memory and a fresh cache, and falls back as a first load does', async () => {
    let fail = false;
    const { server, fetch } = await client((req, res) =>
      fail ? sendJson(res, 503, {}) : sendJson(res, 200, req.url!.startsWith('/charts/difficulty') ? difficultyBody : feesBody),
    );
    try {
      const cache = new DiskCache(dir);
      const store = new NetworkStore({ mode: 'auto', fetch, cache, snapshot: () => readNetworkSnapshot(NSNAP), now });
      assert.equal((await store.series()).series.origin.kind, 'live');
      const requests = server.requests.length;
      assert.equal((await store.series()).series.origin.kind, 'live', 'memory answers');
      assert.equal(server.requests.length, requests);
      const again = await store.series(undefined, true);
      assert.equal(again.series.origin.kind, 'live');
      assert.ok(server.requests.length > requests, 'the refresh made requests');
      fail = true;
      const down = await store.series(undefined, true);
      assert.equal(down.series.origin.kind, 'cache', 'the source down: the cache it wrote');
      assert.match(down.problems[0]!, /HTTP 503/);
    } finally {
      await server.close();
    }
  });

  it('snapshot mode makes no request', async () => {
    const replay = createReplay([]);
    const r = await new NetworkStore({ mode: 'snapshot', fetch: replay.fetch, snapshot: () => readNetworkSnapshot(NSNAP) }).series();
    assert.equal(r.series.origin.kind, 'snapshot');
    assert.equal(replay.requests.length, 0);
  });
});

describe('network data: the embedded snapshot (media/snapshot/network.json)', () => {
  it('is the MIT daily difficulty file, every row exactly, with its licence notice and no fees', () => {
    const s = readNetworkSnapshot(NSNAP);
    const csv = readDailyDifficulty();
    assert.deepEqual(s.dates, csv.dates);
    assert.deepEqual(s.difficulty, csv.difficulty);
    assert.equal(s.feesPerBlockBtc, undefined);
    assert.equal(s.origin.kind, 'snapshot');
    assert.equal(s.origin.asOf, '2026-02-12');
    const raw = JSON.parse(readFileSync(NSNAP, 'utf8')) as { origin: { licence: string; notice: string; repository: string } };
    assert.equal(raw.origin.licence, 'MIT');
    assert.equal(raw.origin.repository, 'lukmol/gamlss-btc-VaR');
    assert.match(raw.origin.notice, /Copyright \(c\) 2026 Lucas Mol/);
    assert.match(raw.origin.notice, /The above copyright notice and this permission notice shall be included/);
    const origin = readFileSync(path.resolve(process.cwd(), 'media/snapshot/ORIGIN.md'), 'utf8');
    assert.match(origin, /`network\.json`: 2597 daily difficulties 2019-01-01 … 2026-02-12/);
  });
});
