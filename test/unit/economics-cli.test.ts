import assert from 'node:assert/strict';
import path from 'node:path';
import { economicsCommand } from '../../src/cli/commands';
import { CliError } from '../../src/cli/io';

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
  it('prints a table; without --hashprice the mining figures are "–"', async () => {
    const t = fakeIo();
    assert.equal(await economicsCommand(['RIOT'], t.io, opts), 0);
    assert.match(t.out[0]!, /^Ticker\s+J\/TH\s+Mining\/MW-y/);
    assert.match(
      t.out.find((l) => l.startsWith('RIOT'))!,
      /^RIOT\s+20\.5\s+–/,
    );
    assert.ok(t.out.some((l) => /No --hashprice given/.test(l)));
  });
  it('bad input is a usage error', async () => {
    await assert.rejects(economicsCommand(['--hashprice', 'abc'], fakeIo().io, opts), CliError);
    await assert.rejects(economicsCommand(['NOPE', '--hashprice', '50'], fakeIo().io, opts), CliError);
  });
});
