import assert from 'node:assert/strict';
import path from 'node:path';
import { economicsCommand } from '../../src/cli/commands';
import { CliError } from '../../src/cli/io';
import { rmSync } from 'node:fs';
import { runCli, tempHome, type TempHome } from '../support/cliHarness';

const opts = { shippedCatalog: path.join(process.cwd(), 'media/catalog/catalog.json') };
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(...l.split('\n')) }, out, text: () => out.join('\n') };
}

describe('CLI: hashpivot economics', () => {
  it('--json has the issue keys; numbers are numbers, missing facts null with a reason', async () => {
    const t = fakeIo();
    assert.equal(await economicsCommand(['CIFR', 'WULF', '--hashprice', '50', '--btc-price', '100000', '--as-of', '2026-01-12', '--json'], t.io, opts), 0);
    const j = JSON.parse(t.text());
    assert.equal(j.hashpriceUsdPerPhDay, 50);
    assert.equal(j.asOf, '2026-01-12');
    assert.equal(j.source, '--hashprice');
    const [cifr, wulf] = j.miners;
    for (const k of ['symbol', 'miningRevenuePerMwYearUsd', 'aiRevenuePerMwYearUsd', 'breakevenBtcUsd', 'efficiencyJTH', 'basis', 'sources'])
      assert.ok(k in cifr, k);
    assert.equal(cifr.symbol, 'CIFR');
    assert.ok(Math.abs(cifr.miningRevenuePerMwYearUsd - (50 * 1000 * 365) / 16.8) < 1e-6);
    assert.ok(Math.abs(cifr.aiRevenuePerMwYearUsd - 3e9 / 10 / 168) < 1e-6);
    assert.equal(typeof cifr.breakevenBtcUsd, 'number');
    assert.equal(wulf.miningRevenuePerMwYearUsd, null);
    assert.equal(wulf.efficiencyJTH, null);
    assert.match(wulf.reasons.miningRevenuePerMwYearUsd, /efficiency/);
  });
  it('prints a table with a hashprice of its own (--hashprice)', async () => {
    const t = fakeIo();
    assert.equal(await economicsCommand(['RIOT', '--hashprice', '50'], t.io, opts), 0);
    assert.match(t.out[0]!, /^Ticker\s+J\/TH\s+Mining\/MW-y/);
    assert.match(
      t.out.find((l) => l.startsWith('RIOT'))!,
      /^RIOT\s+20\.5\s+\$890,244/,
    );
    assert.ok(t.out.some((l) => /Hashprice 50\.00 USD\/PH\/s\/day, from --hashprice/.test(l)));
  });
  it('bad input is a usage error', async () => {
    await assert.rejects(economicsCommand(['--hashprice', 'abc'], fakeIo().io, opts), CliError);
    await assert.rejects(economicsCommand(['NOPE', '--hashprice', '50'], fakeIo().io, opts), CliError);
  });
});

describe("CLI: hashpivot economics on the day's hashprice (network data, offline)", function () {
  this.timeout(60_000);
  let t: TempHome;
  beforeEach(() => (t = tempHome('hp-econ-cli-')));
  afterEach(() => rmSync(t.root, { recursive: true, force: true }));

  it("takes the hashprice, BTC price and source of the as-of day from the network data and BTC's close", async () => {
    const r = await runCli(t, ['economics', 'RIOT', 'WULF', '--source', 'snapshot', '--as-of', '2025-12-02', '--json', '--cache-dir', t.cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as {
      hashpriceUsdPerPhDay: number;
      asOf: string;
      source: string;
      assumptions: { btcUsd: number; hashpriceIncludesFees: boolean; feesBtcPerBlock: number | null };
      miners: Array<{ symbol: string; miningRevenuePerMwYearUsd: number | null; efficiencyJTH: number | null; breakevenBtcUsd: number | null }>;
    };
    assert.equal(j.asOf, '2025-12-02');
    assert.ok(Math.abs(j.hashpriceUsdPerPhDay - 38.46) < 0.01, String(j.hashpriceUsdPerPhDay));
    assert.match(j.source, /^network: snapshot .*; BTC: snapshot/);
    assert.equal(j.assumptions.btcUsd, 91350.2);
    assert.equal(j.assumptions.hashpriceIncludesFees, false);
    assert.equal(j.assumptions.feesBtcPerBlock, null, 'the snapshot has no fees');
    const riot = j.miners.find((m) => m.symbol === 'RIOT')!;
    // hashprice × 1,000 ÷ J/TH × 365
    assert.ok(Math.abs(riot.miningRevenuePerMwYearUsd! - (j.hashpriceUsdPerPhDay * 1000 * 365) / riot.efficiencyJTH!) < 1e-6);
    assert.equal(j.miners.find((m) => m.symbol === 'WULF')!.miningRevenuePerMwYearUsd, null, 'WULF has no fleet efficiency');
  });
});
