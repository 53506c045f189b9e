import assert from 'node:assert/strict';
import { loadCatalog, readCatalogFile } from '../../src/catalog';
import type { Deal } from '../../src/core/deals';
import {
  afterDifficultyGrowth,
  afterHalving,
  aiRevenuePerMwYear,
  aiToMiningRatio,
  breakevenBtcUsd,
  halvingFactor,
  minerAiRevenuePerMwYear,
  minerEconomics,
  miningNetPerMwYear,
  miningRevenuePerMwYear,
  NEXT_HALVING_HEIGHT,
  subsidyAt,
} from '../../src/core/economics';
import { powerPriceUsdPerMWh } from '../../src/core/fleet';

const close = (a: number | null, b: number, tol = 1e-6) => {
  assert.ok(a !== null, `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
};
const catalog = loadCatalog(readCatalogFile('media/catalog/catalog.json')).catalog;
const deal = (over: Partial<Deal>): Deal => ({ id: 'x', name: 'x', kind: 'lease', provider: 'X', stage: 'contracted', sources: [], ...over });

describe('economics: mining per MW-year', () => {
  it('hashprice 50 USD/PH/day at 17.5 J/TH: 50 × 1000/17.5 × 365 = 1,042,857 USD', () => {
    close(miningRevenuePerMwYear(50, 17.5).value, (50 * 1000 * 365) / 17.5);
    assert.equal(Math.round(miningRevenuePerMwYear(50, 17.5).value!), 1_042_857);
  });
  it('missing efficiency or hashprice is null with a reason', () => {
    assert.deepEqual(miningRevenuePerMwYear(50, null), { value: null, reason: 'no fleet efficiency (J/TH) in the catalog' });
    assert.equal(miningRevenuePerMwYear(null, 17.5).value, null);
    assert.match(miningRevenuePerMwYear(null, 17.5).reason!, /hashprice/);
  });
  it('net of power: 56 USD/MWh × 8,760 h = 490,560 USD per MW-year; c/kWh converts ×10', () => {
    close(miningNetPerMwYear({ value: 1_000_000 }, 56).value, 1_000_000 - 490_560);
    assert.equal(powerPriceUsdPerMWh({ value: 5.6, unit: 'c/kWh', confidence: 'medium' }), 56);
    assert.equal(powerPriceUsdPerMWh({ value: 39_235, unit: 'USD/BTC', confidence: 'high' }), null);
    assert.match(miningNetPerMwYear({ value: 1 }, null).reason!, /power price/);
  });
});

describe('economics: AI/HPC per MW-year', () => {
  it('TeraWulf–Fluidstack Abernathy: $9.5B ÷ 25 y ÷ 168 MW = 2,261,904.76 USD, critical IT', () => {
    const f = aiRevenuePerMwYear(catalog.deal('wulf-fluidstack-abernathy-jv-2025')!);
    close(f.value, 2_261_904.7619, 1e-9);
    assert.equal(f.basis, 'critical-it');
    assert.equal(f.comparable, true);
  });
  it('other hand-checked deals: Cipher–Fluidstack Barber Lake $3B/10y/168 MW, Applied Digital PF1 $11B/15y/400 MW', () => {
    close(aiRevenuePerMwYear(catalog.deal('cifr-fluidstack-barber-lake-2025')!).value, 3e9 / 10 / 168);
    close(aiRevenuePerMwYear(catalog.deal('apld-coreweave-polaris-forge-1')!).value, 11e9 / 15 / 400);
  });
  it('IREN–Microsoft is GPU cloud: computed but flagged not comparable, and left out of IREN', () => {
    const f = aiRevenuePerMwYear(catalog.deal('iren-microsoft-2025')!);
    close(f.value, 9.7e9 / 5 / 200);
    assert.equal(f.comparable, false);
    assert.match(f.comparableReason!, /GPU cloud/);
    const iren = minerAiRevenuePerMwYear(catalog.dealsOf('IREN'));
    assert.equal(iren.value, null);
    assert.ok(iren.leftOut.some((l) => l.dealId === 'iren-microsoft-2025' && /GPU cloud/.test(l.reason)));
  });
  it('a miner combines its contracted deals weighted by MW and names those left out', () => {
    const wulf = minerAiRevenuePerMwYear(catalog.dealsOf('WULF'));
    // Lake Mariner $3.7B/10y/200 MW and Abernathy $9.5B/25y/168 MW; CB-5 has no value.
    close(wulf.value, (3.7e9 / 10 + 9.5e9 / 25) / (200 + 168));
    assert.deepEqual(wulf.used, ['wulf-fluidstack-lake-mariner-2025', 'wulf-fluidstack-abernathy-jv-2025']);
    assert.ok(wulf.leftOut.some((l) => l.dealId === 'wulf-fluidstack-cb5-2025' && /no value/.test(l.reason)));
    assert.equal(wulf.basis, 'critical-it');
    // Cipher: AWS's MW basis is unknown, so only Barber Lake (critical IT) is combined.
    const cifr = minerAiRevenuePerMwYear(catalog.dealsOf('CIFR'));
    assert.deepEqual(cifr.used, ['cifr-fluidstack-barber-lake-2025']);
    assert.ok(cifr.leftOut.some((l) => l.dealId === 'cifr-aws-2025' && /MW basis unknown/.test(l.reason)));
  });
  it('terminated, planned and non-lease deals are left out; none at all is null with a reason', () => {
    const corz = minerAiRevenuePerMwYear(catalog.dealsOf('CORZ'));
    assert.deepEqual(corz.used, ['corz-coreweave-colocation']);
    assert.ok(corz.leftOut.some((l) => l.dealId === 'corz-coreweave-acquisition-2025' && l.reason === 'terminated'));
    assert.equal(minerAiRevenuePerMwYear([deal({ stage: 'planned', valueUSD: 1, termYears: 1, mw: 1 })]).value, null);
    assert.match(minerAiRevenuePerMwYear([]).reason!, /no AI\/HPC deals/);
    assert.match(aiRevenuePerMwYear(deal({ valueUSD: null, termYears: 10, mw: null })).reason!, /no value, MW/);
  });
});

describe('economics: ratio, breakeven, halving, difficulty growth', () => {
  const mining = miningRevenuePerMwYear(50, 17.5); // 1,042,857.14
  const ai = { value: 2_261_904.7619 };
  it('ratio and breakeven: BTC price × AI ÷ mining (fixed difficulty and fee share)', () => {
    close(aiToMiningRatio(ai, mining).value, 2_261_904.7619 / mining.value!);
    // at BTC 100,000: 100,000 × 2,261,904.76 / 1,042,857.14 = 216,894
    close(breakevenBtcUsd(100_000, ai, mining).value, (100_000 * 2_261_904.7619) / mining.value!);
    assert.equal(Math.round(breakevenBtcUsd(100_000, ai, mining).value!), 216_895);
    // net of power at 50 USD/MWh: (AI + 438,000) / mining
    close(breakevenBtcUsd(100_000, ai, mining, 50 * 8760).value, (100_000 * (2_261_904.7619 + 438_000)) / mining.value!);
    assert.match(breakevenBtcUsd(null, ai, mining).reason!, /BTC price/);
    assert.equal(breakevenBtcUsd(100_000, { value: null, reason: 'r' }, mining).reason, 'r');
  });
  it('halving at block 1,050,000: subsidy 3.125 → 1.5625; with 0.025 BTC fees the factor is 1.5875/3.15', () => {
    assert.equal(NEXT_HALVING_HEIGHT, 1_050_000);
    assert.equal(subsidyAt(1_049_999), 3.125);
    assert.equal(subsidyAt(1_050_000), 1.5625);
    close(halvingFactor(0.025).value, 1.5875 / 3.15);
    assert.equal(halvingFactor(0).value, 0.5);
    close(afterHalving(mining, halvingFactor(0.025)).value, (mining.value! * 1.5875) / 3.15);
    assert.match(halvingFactor(null).reason!, /fees/);
  });
  it('difficulty growth: revenue ÷ (1+g)^t', () => {
    close(afterDifficultyGrowth(mining, 0.3, 2).value, mining.value! / 1.69);
    assert.equal(afterDifficultyGrowth(mining, 0, 3).value, mining.value);
    assert.match(afterDifficultyGrowth(mining, null, 1).reason!, /growth/);
  });
});

describe('economics: per miner from the catalog', () => {
  const a = { hashpriceUsdPerPhDay: 50, btcUsd: 100_000, feesBtcPerBlock: 0.025, difficultyGrowth: 0.3, years: 1 };
  it('CLSK: efficiency 16.7 J/TH and a power price (5.6 c/kWh) give gross and net; no contracted lease: AI null with reasons', () => {
    const e = minerEconomics('CLSK', catalog.miner('CLSK')!.fleet, catalog.dealsOf('CLSK'), a);
    close(e.miningRevenuePerMwYearUsd, (50 * 1000 * 365) / 16.7);
    close(e.miningNetPerMwYearUsd, (50 * 1000 * 365) / 16.7 - 56 * 8760);
    assert.equal(e.aiRevenuePerMwYearUsd, null);
    assert.equal(e.breakevenBtcUsd, null);
    assert.ok(e.reasons.aiRevenuePerMwYearUsd);
    assert.ok(e.sources.some((s) => s.fact === 'fleet.efficiencyJTH'));
  });
  it('WULF: no efficiency in the catalog, so mining and breakeven are null with the reason; AI is known', () => {
    const e = minerEconomics('WULF', catalog.miner('WULF')!.fleet, catalog.dealsOf('WULF'), a);
    assert.equal(e.miningRevenuePerMwYearUsd, null);
    assert.equal(e.efficiencyJTH, null);
    assert.match(e.reasons.miningRevenuePerMwYearUsd!, /efficiency/);
    assert.match(e.reasons.breakevenBtcUsd!, /efficiency/);
    assert.ok(e.aiRevenuePerMwYearUsd! > 0);
    assert.equal(e.basis.aiMw, 'critical-it');
    assert.match(e.reasons.powerPriceUsdPerMWh!, /USD\/BTC/);
  });
  it('CIFR: both sides known (16.8 J/TH; Barber Lake)', () => {
    const e = minerEconomics('CIFR', catalog.miner('CIFR')!.fleet, catalog.dealsOf('CIFR'), a);
    const m = (50 * 1000 * 365) / 16.8;
    const ai = 3e9 / 10 / 168;
    close(e.aiToMiningRatio, ai / m);
    close(e.breakevenBtcUsd, (100_000 * ai) / m);
    close(e.miningAfterHalvingPerMwYearUsd, (m * 1.5875) / 3.15);
    close(e.miningAfterGrowthPerMwYearUsd, m / 1.3);
    assert.ok(e.sources.some((s) => s.fact === 'deal:cifr-fluidstack-barber-lake-2025'));
  });
});
