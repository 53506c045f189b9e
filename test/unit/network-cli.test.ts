import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { endpointArgs, runCli, tempHome, type TempHome } from '../support/cliHarness';
import { sendJson, startFaultServer, type FaultServer } from '../support/faultServer';
import { fixture } from '../support/fixtures';

const DIFFICULTY = readFileSync(fixture('network', 'recorded', 'blockchain.com', 'EuropeanValley_blockchain-dashboard-rperecam__data_difficulty.json'), 'utf8');

describe('hashpivot network (CLI, offline)', function () {
  this.timeout(60_000);
  let t: TempHome;
  beforeEach(() => (t = tempHome('hp-net-cli-')));
  afterEach(() => rmSync(t.root, { recursive: true, force: true }));

  it('prints difficulty, hashrate, subsidy, BTC, hashprice and its sources from the snapshot', async () => {
    const r = await runCli(t, ['network', '--source', 'snapshot', '--as-of', '2025-12-02', '--cache-dir', t.cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Bitcoin network on 2025-12-02/);
    assert.match(r.stdout, /difficulty\s+149\.30 T/);
    assert.match(r.stdout, /hashrate \(D·2³²\/600\)\s+1,068\.7 EH\/s/);
    assert.match(r.stdout, /block subsidy\s+3\.1250 BTC/);
    assert.match(r.stdout, /fees per block\s+unknown: snapshot gave no fees/);
    assert.match(r.stdout, /BTC close\s+91,350\.20 USD/);
    assert.match(r.stdout, /hashprice\s+38\.46 USD\/PH\/day \(0\.0385 USD\/TH\/day\), subsidy only/);
    assert.match(r.stdout, /next halving\s+1,050,000 → 1\.5625 BTC, about 2028-\d\d-\d\d \(estimate/);
    assert.match(r.stdout, /Network: snapshot \(snapshot 2026-02-12\): daily difficulty from lukmol\/gamlss-btc-VaR/);
    assert.match(r.stdout, /BTC: snapshot/);
  });

  it('--json: numbers as numbers, null with a reason where unknown', async () => {
    const r = await runCli(t, ['network', '--source', 'snapshot', '--json', '--cache-dir', t.cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      hashprice: Record<string, unknown>;
      height: Record<string, unknown>;
      nextHalving: Record<string, unknown>;
    };
    assert.equal(j.asOf, '2026-02-12', 'the last day with both difficulty and a BTC close');
    assert.equal(typeof j.difficulty, 'number');
    assert.equal(typeof j.hashrateEhs, 'number');
    assert.equal(j.subsidyBtc, 3.125);
    assert.equal(j.feesPerBlockBtc, null);
    assert.match(String(j.feesReason), /difficulty only/);
    assert.equal(j.feeShare, null);
    assert.equal(j.hashprice.includesFees, false);
    assert.equal(typeof j.hashprice.usdPerPhDay, 'number');
    assert.equal(j.height.estimate, true);
    assert.equal(j.nextHalving.estimate, true);
  });

  it('live network data through the endpoint override, with fees; BTC falls back to the snapshot', async () => {
    const server: FaultServer = await startFaultServer((req, res) => {
      if (req.url!.startsWith('/charts/difficulty')) return sendJson(res, 200, DIFFICULTY);
      // 2025-12-02 (1764633600 s): 3.9 BTC of fees that day.
      if (req.url!.startsWith('/charts/transaction-fees')) return sendJson(res, 200, { status: 'ok', values: [{ x: 1764633600, y: 3.9 }] });
      sendJson(res, 500, { error: 'not here' });
    });
    try {
      const args = ['network', '--as-of', '2025-12-02', '--json', '--cache-dir', t.cacheDir, ...endpointArgs(server.url)];
      const r = await runCli(t, args, { env: { HASHPIVOT_HTTP_TIMEOUT_MS: '2000' } });
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as {
        asOf: string;
        feesPerBlockBtc: number;
        feeShare: number;
        hashprice: { usdPerPhDay: number; includesFees: boolean };
        sources: { network: { kind: string; provider: string } };
      };
      assert.equal(j.asOf, '2025-12-02');
      assert.equal(j.sources.network.kind, 'live');
      assert.equal(j.sources.network.provider, 'blockchain.com');
      assert.ok(Math.abs(j.feesPerBlockBtc - 3.9 / 144) < 1e-12);
      assert.ok(j.feeShare > 0.008 && j.feeShare < 0.009);
      assert.equal(j.hashprice.includesFees, true);
      assert.ok(j.hashprice.usdPerPhDay > 38.5 && j.hashprice.usdPerPhDay < 39, String(j.hashprice.usdPerPhDay));
      assert.ok(server.requests.some((q) => q.url.startsWith('/charts/difficulty?timespan=3years&format=json')));
      // Cached: a second run with the server down answers from the cache.
      await server.close();
      const again = await runCli(t, args, { env: { HASHPIVOT_HTTP_TIMEOUT_MS: '500' } });
      assert.equal(again.code, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as { sources: { network: { kind: string } } }).sources.network.kind, 'cache');
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  it('is in the usage text and rejects arguments', async () => {
    const usage = await runCli(t, ['--help']);
    assert.match(usage.stdout, /network\s+the Bitcoin network on a date/);
    const bad = await runCli(t, ['network', 'BTC', '--source', 'snapshot']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /takes no arguments/);
    assert.ok(path.isAbsolute(t.cacheDir));
  });
});
