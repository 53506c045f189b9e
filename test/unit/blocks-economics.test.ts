import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { backlogStatus, Catalog, derivedFigures, loadCatalog } from '../../src/catalog';
import { parseBlock, renderSource, type BlockContext } from '../../src/core/blocks';
import { economicsAssumptions, economicsSummary, minerEconomics } from '../../src/core/economics';
import { hashpriceAsOf, hashpriceHistory, type NetworkSeries } from '../../src/core/network';
import type { DailySeries } from '../../src/core/types';
import { readNetworkSnapshot } from '../../src/data/network';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { MarketStore } from '../../src/data/store';
import { formatUsd } from '../../src/shared/format';

const NOW = new Date('2026-12-01T10:00:00Z');
const origin = { provider: 'test', kind: 'snapshot' as const, asOf: '2026-01-01T00:00:00Z' };

let shipped: Catalog | undefined;
const catalog = () => {
  const file = path.join(process.cwd(), 'media/catalog/catalog.json');
  return (shipped ??= loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog);
};

function contextOf(btc: DailySeries | undefined, network: NetworkSeries | undefined): BlockContext {
  const c = catalog();
  return {
    dataVersion: 1,
    isKnown: (s) => s === 'BTC',
    series: (s) => (s === 'BTC' ? btc : undefined),
    entry: (s) => (s === 'BTC' ? { name: 'Bitcoin', assetClass: 'crypto' } : undefined),
    catalog: c,
    catalogFigures: (t) => derivedFigures(c, t),
    backlogStatus,
    holdings: () => ({ reason: 'none' }),
    network: () => (network ? { series: network } : { reason: 'the network data is not loaded yet' }),
  };
}

/** Two days of hand-set network data: difficulty 1.5e14, fees 0.03 BTC per block on the second day. */
const NET: NetworkSeries = {
  dates: ['2025-12-01', '2025-12-02'],
  difficulty: [1.5e14, 1.5e14],
  feesPerBlockBtc: [Number.NaN, 0.03],
  origin,
};
const BTC: DailySeries = { symbol: 'BTC', dates: ['2025-12-01', '2025-12-02'], close: [90_000, 100_000], origin };

describe('note blocks: economics', () => {
  it('parses with symbols, none (every miner) and as-of', () => {
    const a = parseBlock('economics CIFR RIOT');
    assert.ok(a.ok && a.block.kind === 'economics' && a.block.symbols.join() === 'CIFR,RIOT');
    const b = parseBlock('economics as-of=2025-12-02');
    assert.ok(b.ok && b.block.kind === 'economics' && b.block.symbols.length === 0 && b.block.asOf === '2025-12-02');
    const c = parseBlock('economics CIFR metric=price');
    assert.ok(!c.ok && /not an option of economics/.test(c.error.message));
  });

  it("shows the figures `hashpivot economics` computes for the day's hashprice, fees included", () => {
    const r = renderSource('economics CIFR RIOT WULF', contextOf(BTC, NET), NOW);
    assert.ok(r.ok, r.error?.message);
    // 86,400 × 1e15 × (3.125 + 0.03) × 100,000 ÷ (1.5e14 × 2^32) = 42.31… USD/PH/day
    const hp = (86_400 * 1e15 * 3.155 * 100_000) / (1.5e14 * 2 ** 32);
    assert.match(r.html, new RegExp(`Hashprice ${hp.toFixed(2)} USD/PH/day on 2025-12-02: subsidy 3.125 BTC \\+ fees 0.0300 BTC`));
    assert.equal(r.asOf, '2025-12-02');
    const cifr = minerEconomics(
      'CIFR',
      catalog().miner('CIFR')!.fleet,
      catalog().dealsOf('CIFR'),
      economicsAssumptions(hashpriceAsOf(hashpriceHistory(NET, BTC))!),
    );
    // CIFR at 16.8 J/TH: hashprice × 1,000 ÷ 16.8 × 365 per MW-year; its Barber Lake lease $3B ÷ 10 y ÷ 168 MW.
    assert.ok(Math.abs(cifr.miningRevenuePerMwYearUsd! - (hp * 1000 * 365) / 16.8) < 1e-6);
    const row = r.markdown!.split('\n').find((l) => l.startsWith('| CIFR'))!;
    assert.ok(row.includes(formatUsd(Math.round(cifr.miningRevenuePerMwYearUsd!))), row);
    assert.ok(row.includes('$1.79M'), row); // 3e9 / 10 / 168 = 1,785,714
    // WULF has no fleet efficiency: its mining cell is "–" with the reason in the tooltip and the notes.
    assert.match(r.html, /WULF: mining.*efficiency/);
    assert.match(r.html, /title="[^"]*efficiency[^"]*"/);
  });

  it('as-of before a day with fees: the subsidy-only hashprice of that day, said so', () => {
    const r = renderSource('economics RIOT as-of=2025-12-01', contextOf(BTC, NET), NOW);
    assert.ok(r.ok, r.error?.message);
    assert.match(r.html, /subsidy only/);
    assert.match(r.html, /catalog keeps no history/);
    assert.equal(r.asOf, '2025-12-01');
  });

  it('no network data, no BTC, an unknown miner: an error block that says why', () => {
    const none = renderSource('economics RIOT', contextOf(BTC, undefined), NOW);
    assert.equal(none.ok, false);
    assert.match(none.html, /no bitcoin network data: the network data is not loaded yet/);
    const noBtc = renderSource('economics RIOT', contextOf(undefined, NET), NOW);
    assert.match(noBtc.html, /no BTC daily closes/);
    const unknown = renderSource('economics RIOT NOPE', contextOf(BTC, NET), NOW);
    assert.equal(unknown.error?.code, 'unknown-company');
    const early = renderSource('economics RIOT as-of=2020-01-01', contextOf(BTC, NET), NOW);
    assert.match(early.html, /no day with both network data and a BTC close on or before 2020-01-01/);
  });

  it('on the embedded snapshot: 2025-12-02 at 38.46 USD/PH/day, subsidy only (as `hashpivot economics --source snapshot`)', () => {
    const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
    const store = new MarketStore({ mode: 'snapshot', provider: () => undefined, snapshot: () => snap });
    return store.history('BTC').then((btc) => {
      const net = readNetworkSnapshot(path.resolve(process.cwd(), 'media/snapshot/network.json'));
      const r = renderSource('economics RIOT CIFR as-of=2025-12-02', contextOf(btc, net), NOW);
      assert.ok(r.ok, r.error?.message);
      assert.match(r.html, /Hashprice 38\.4\d USD\/PH\/day on 2025-12-02, subsidy only/);
    });
  });

  it('the hover line: figures with their efficiency, missing ones with the reason, and the day', () => {
    const day = hashpriceAsOf(hashpriceHistory(NET, BTC))!;
    const a = economicsAssumptions(day);
    const cifr = economicsSummary(minerEconomics('CIFR', catalog().miner('CIFR')!.fleet, catalog().dealsOf('CIFR'), a), day);
    assert.match(
      cifr.text,
      /^Mining \$[\d.]+[KM]\/MW-y \(16\.8 J\/TH\) · AI\/HPC \$1\.79M\/MW-y \(critical IT\) · AI ÷ mining [\d.]+× · breakeven BTC \$[\d.]+K$/,
    );
    assert.match(cifr.basis, /^hashprice 42\.\d\d USD\/PH\/day on 2025-12-02 \(fees included\)$/);
    assert.deepEqual(cifr.missing, []);
    const wulf = economicsSummary(minerEconomics('WULF', catalog().miner('WULF')!.fleet, catalog().dealsOf('WULF'), a), day);
    assert.match(wulf.text, /^Mining –\/MW-y · AI\/HPC \$[\d.]+M\/MW-y/);
    assert.match(wulf.missing.join(), /^mining: /);
  });
});
