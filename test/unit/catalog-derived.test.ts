import assert from 'node:assert/strict';
import path from 'node:path';
import { backlogStatus, Catalog, derivedFigures, formatUSD, loadCatalog, readCatalogFile, type CatalogDeal, type CatalogMiner } from '../../src/catalog';

const c = loadCatalog(readCatalogFile(path.join(process.cwd(), 'media/catalog/catalog.json'))).catalog;
const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≈ ${b}`);

const src = [{ title: 't', url: 'https://e.com', date: '2026-01-01' }];
const miner = (ticker: string, extra: Partial<CatalogMiner> = {}): CatalogMiner => ({
  ticker,
  name: ticker,
  exchanges: [],
  pivotStatus: 'contracted',
  dealIds: [],
  confidence: 'medium',
  sources: src,
  ...extra,
});
const deal = (id: string, provider: string, extra: Partial<CatalogDeal> = {}): CatalogDeal => ({
  id,
  name: id,
  kind: 'lease',
  provider,
  stage: 'contracted',
  confidence: 'medium',
  sources: src,
  ...extra,
});

describe('catalog: derived figures (shipped catalog)', () => {
  it('CORZ: backlog is the CoreWeave colocation contracts only; the failed merger is not backlog', () => {
    const f = derivedFigures(c, 'CORZ');
    assert.equal(f.backlogUSD, 8_700_000_000);
    assert.deepEqual(f.backlogDealIds, ['corz-coreweave-colocation']);
    assert.ok(f.notes.some((n) => n.startsWith('corz-coreweave-acquisition-2025 not counted: terminated')));
    close(f.mwShare, 590 / 1300);
    assert.equal(f.totalMW, 1300);
  });

  it('CORZ: pivot debt stays null (its only raise has no stated purpose), never 0', () => {
    const f = derivedFigures(c, 'CORZ');
    assert.equal(f.pivotDebtUSD, null);
    assert.equal(f.debtToBacklog, null);
    assert.ok(f.notes.some((n) => n.includes('$400M convertible senior notes (2024) (unclear')));
  });

  it("WULF: a lower bound with the undisclosed CB-5 value named; the JV value is noted as the JV's", () => {
    const f = derivedFigures(c, 'WULF');
    assert.equal(f.backlogUSD, 3_700_000_000 + 9_500_000_000);
    assert.deepEqual(f.unknownValueDealIds, ['wulf-fluidstack-cb5-2025']);
    assert.ok(f.notes.some((n) => n.startsWith('backlog is a lower bound: 1 contracted deal(s)')));
    assert.ok(f.notes.some((n) => n.includes("the JV's contracted revenue")));
    assert.equal(f.pivotDebtUSD, 400_000_000 + 3_200_000_000);
    close(f.debtToBacklog, 3.6e9 / 13.2e9);
    assert.equal(f.totalMW, null);
    assert.equal(f.mwShare, null);
    assert.ok(f.notes.some((n) => n.startsWith('total capacity unknown: No company-wide figure')));
  });

  it('GLXY: a contracted lease of unknown value gives a null backlog, not 0', () => {
    const f = derivedFigures(c, 'GLXY');
    assert.equal(f.backlogUSD, null);
    assert.deepEqual(f.unknownValueDealIds, ['glxy-coreweave-helios']);
    assert.ok(f.notes.some((n) => n.startsWith('backlog unknown: 1 contracted deal(s) without a disclosed value')));
    assert.equal(f.pivotDebtUSD, 1_400_000_000);
    assert.equal(f.debtToBacklog, null);
  });

  it('MARA: an acquisition and an LOI are not backlog; non-pivot debt is not pivot debt', () => {
    const f = derivedFigures(c, 'MARA');
    assert.equal(f.backlogUSD, null);
    assert.ok(f.notes.some((n) => n.startsWith('mara-exaion-2025 not counted: an acquisition')));
    assert.ok(f.notes.some((n) => n.startsWith('mara-mplx-loi-2025 not counted: a letter of intent')));
    assert.equal(f.pivotDebtUSD, null);
    assert.equal(f.contractedMW, null);
  });

  it('development plans and conditional leases are not backlog (HIVE, BITF, CLSK, BTDR)', () => {
    for (const t of ['HIVE', 'BITF', 'CLSK', 'BTDR']) assert.equal(derivedFigures(c, t).backlogUSD, null, t);
    assert.ok(derivedFigures(c, 'HIVE').notes.some((n) => n.includes('a development plan')));
    assert.ok(derivedFigures(c, 'BTDR').notes.some((n) => n.includes('signed but not yet effective')));
  });

  it('CIFR: two leases, three pivot raises', () => {
    const f = derivedFigures(c, 'CIFR');
    assert.equal(f.backlogUSD, 8_500_000_000);
    assert.equal(f.pivotDebtUSD, 1_100_000_000 + 1_400_000_000 + 333_000_000);
    close(f.debtToBacklog, 2.833e9 / 8.5e9);
    close(f.mwShare, 507 / 2400);
  });

  it('HUT: pivot debt unknown (River Bend debt undisclosed; the liquidity plan is not pivot debt)', () => {
    const f = derivedFigures(c, 'HUT');
    assert.equal(f.backlogUSD, 7_000_000_000);
    assert.equal(f.pivotDebtUSD, null);
    assert.ok(f.notes.some((n) => n.startsWith('pivot debt unknown: 1 pivot raise(s) without a disclosed amount')));
  });

  it('RIOT: no debt raise at all is unknown pivot debt, with the catalog note', () => {
    const f = derivedFigures(c, 'RIOT');
    assert.equal(f.pivotDebtUSD, null);
    assert.ok(f.notes.some((n) => n.startsWith('pivot debt unknown: No AI/HPC-specific debt raise found')));
  });

  it('backlog against market cap when a quote gives one', () => {
    close(derivedFigures(c, 'IREN', 26_200_000_000).backlogToMarketCap, 13.1e9 / 26.2e9);
    assert.equal(derivedFigures(c, 'IREN').backlogToMarketCap, null);
    assert.equal(derivedFigures(c, 'GLXY', 5e9).backlogToMarketCap, null);
    const bad = derivedFigures(c, 'IREN', 0);
    assert.equal(bad.backlogToMarketCap, null);
    assert.ok(bad.notes.some((n) => n.includes('not a positive number')));
  });

  it('an unknown ticker: all null', () => {
    const f = derivedFigures(c, 'NOPE');
    assert.deepEqual([f.backlogUSD, f.pivotDebtUSD, f.contractedMW, f.totalMW, f.mwShare], [null, null, null, null, null]);
    assert.ok(f.notes[0]!.includes('not a miner of the catalog'));
  });
});

describe('catalog: backlog rules', () => {
  it('a status text saying terminated excludes a deal even if its stage says contracted', () => {
    const cat = new Catalog(
      [miner('AAA')],
      [deal('a1', 'AAA', { valueUSD: 5, status: 'Lease terminated by tenant in 2026' }), deal('a2', 'AAA', { valueUSD: 7 })],
    );
    const f = derivedFigures(cat, 'AAA');
    assert.equal(f.backlogUSD, 7);
    assert.equal(backlogStatus(cat.deal('a1')!).counts, false);
  });

  it('a deal the company is only tenant of (listed in its dealIds) is not its backlog', () => {
    const cat = new Catalog([miner('LESSOR'), miner('TENANT', { dealIds: ['l1'] })], [deal('l1', 'LESSOR', { valueUSD: 10 })]);
    assert.equal(derivedFigures(cat, 'LESSOR').backlogUSD, 10);
    const t = derivedFigures(cat, 'TENANT');
    assert.equal(t.backlogUSD, null);
    assert.ok(t.notes.some((n) => n === "l1: provided by LESSOR, not TENANT's backlog"));
  });

  it('each kind and stage', () => {
    const counts = (kind: CatalogDeal['kind'], stage: CatalogDeal['stage']) => backlogStatus(deal('x', 'A', { kind, stage })).counts;
    for (const k of ['lease', 'colocation', 'cloud-services', 'joint-venture'] as const)
      for (const s of ['contracted', 'energized', 'operating'] as const) assert.ok(counts(k, s), `${k} ${s}`);
    for (const k of ['acquisition', 'development-plan', 'letter-of-intent', 'supply-agreement', 'other'] as const) assert.ok(!counts(k, 'contracted'), k);
    for (const s of ['planned', 'loi', 'conditional', 'closed', 'terminated'] as const) assert.ok(!counts('lease', s), s);
  });

  it('capacity in GW converts to MW without float noise', () => {
    const cat = new Catalog([miner('G', { contractedHpcMW: 100, totalPowerCapacity: { value: 1.1, unit: 'GW' } })], []);
    const f = derivedFigures(cat, 'G');
    assert.equal(f.totalMW, 1100);
  });

  it('formats money', () => {
    assert.equal(formatUSD(9_700_000_000), '$9.7B');
    assert.equal(formatUSD(2_833_000_000), '$2.83B');
    assert.equal(formatUSD(311_000_000), '$311M');
    assert.equal(formatUSD(16_000_000_000), '$16B');
  });
});
