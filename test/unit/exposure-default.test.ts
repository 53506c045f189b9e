/**
 * The counterparty-default scenario (src/core/exposure/default.ts) on the hand-checked catalog of
 * test/support/exposureCatalog.ts, then the shipped catalog's Fluidstack and Google defaults.
 */
import assert from 'node:assert/strict';
import { Catalog, catalogExposure, exposureEntries, loadCatalog, readCatalogFile } from '../../src/catalog';
import { buildExposure, defaultScenario, presentValue, PRICE_IMPACT_MEANING, UnknownEntityError, type DefaultScenarioResult } from '../../src/core/exposure';
import { B, deal, exposureCatalog, miner } from '../support/exposureCatalog';

const close = (a: number | null | undefined, b: number, tol = 1e-9) => {
  assert.ok(a !== null && a !== undefined, `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
};
/** Annuity factor: PV of 1 a year for n years at r. */
const annuity = (n: number, r: number) => (1 - Math.pow(1 + r, -n)) / r;
const minerOf = (r: DefaultScenarioResult, t: string) => {
  const m = r.miners.find((x) => x.symbol === t);
  assert.ok(m, `${t} not hit (hit: ${r.miners.map((x) => x.symbol).join(', ')})`);
  return m;
};
const hit = (r: DefaultScenarioResult, id: string) => r.miners.flatMap((m) => m.hits).find((h) => h.dealId === id);

describe('exposure: counterparty default (hand-built catalog)', () => {
  const model = catalogExposure(exposureCatalog(), {
    marketCaps: { AAA: { value: 5 * B }, BBB: { value: 2 * B } },
    missingMarketCapReason: 'no market cap given',
  });

  it('Fluidstack fails: a1 $3.7B less the surviving Google $1.8B backstop → $1.9B at risk; a2 of undisclosed value listed', () => {
    const r = defaultScenario(model, 'Fluidstack');
    const a1 = hit(r, 'a1')!;
    assert.equal(a1.via, 'counterparty');
    assert.equal(a1.coveredUsd, 1.8 * B);
    close(a1.atRiskUsd, 1.9 * B);
    assert.equal(a1.atRiskLowUsd, null, 'no range: the backstop is disclosed');
    const aaa = minerOf(r, 'AAA');
    close(aaa.atRiskUsd, 1.9 * B);
    close(aaa.shareOfBacklog.value, 1.9 / 3.7);
    close(aaa.shareOfMarketCap.value, 1.9 / 5);
    assert.deepEqual(aaa.unknownValueDealIds, ['a2']);
    assert.equal(hit(r, 'a2')!.atRiskUsd, null);
    assert.equal(hit(r, 'a2')!.coveredUsd, 1.4 * B);
    assert.deepEqual(aaa.mwWithoutTenant, [{ basis: 'critical-it', mw: 360 }]);
    // PV: 1.9B ÷ 10 = 190M a year for 10 years at 10%: 190M × 6.14457 = 1.16747B; ÷ 5B market cap.
    close(aaa.priceImpact.pvLostUsd, 0.19 * B * annuity(10, 0.1));
    close(aaa.priceImpact.value, -(0.19 * B * annuity(10, 0.1)) / (5 * B));
    close(aaa.priceImpact.value, -0.233493, 1e-5);
    assert.deepEqual(r.otherDeals, [
      { dealId: 'a-plan', provider: 'AAA', via: 'counterparty', reason: 'a development plan: capex or plans, no tenant contract' },
    ]);
    assert.deepEqual(r.backstopsLost, [], 'Google survives');
  });

  it('an undisclosed surviving backstop gives a range: b1 $7B at risk, $0 if it covers all (said in a note); the impact floors at −100%', () => {
    const r = defaultScenario(model, 'fluidstack');
    const bbb = minerOf(r, 'BBB');
    assert.equal(bbb.atRiskUsd, 7 * B);
    assert.equal(bbb.atRiskLowUsd, 0);
    close(bbb.shareOfBacklog.value, 7 / 12);
    assert.equal(bbb.shareOfBacklogLow, 0);
    close(bbb.shareOfMarketCap.value, 3.5);
    // PV: 7B ÷ 15 a year for 15 years at 10% = 466.67M × 7.60608 = 3.5495B, ÷ 2B = −177% → floored at −100%.
    close(bbb.priceImpact.pvLostUsd, (7 * B * annuity(15, 0.1)) / 15);
    assert.equal(bbb.priceImpact.value, -1);
    assert.equal(bbb.priceImpact.valueLow, 0);
    assert.equal(bbb.priceImpact.reason, 'floored at −100%');
    assert.ok(r.notes.some((n) => /undisclosed amount by a surviving guarantor \(Google on b1\) give a range/.test(n)));
    // Totals: 1.9 + 7 = 8.9B (low 1.9B) of 18.3B.
    close(r.totals.atRiskUsd, 8.9 * B);
    close(r.totals.atRiskLowUsd, 1.9 * B);
    close(r.totals.shareOfBacklog.value, 8.9 / 18.3);
    assert.deepEqual(r.totals.hitDealIds, ['a1', 'a2', 'b1']);
    assert.deepEqual(r.totals.mwWithoutTenant, [{ basis: 'critical-it', mw: 605 }]);
    assert.match(r.priceImpactMethod, /discounted at 10% a year/);
    assert.ok(r.priceImpactMethod.endsWith(PRICE_IMPACT_MEANING));
    assert.equal(
      PRICE_IMPACT_MEANING,
      'equity value at stake if the market had valued the contract at its present value and no new tenant is found; not a forecast',
    );
  });

  it('Google fails: it is the only backer of Fluidstack, so Fluidstack’s deals fall in full; its backstop on a CoreWeave deal is lost, nothing at risk there', () => {
    const r = defaultScenario(model, 'Alphabet');
    assert.equal(r.entity, 'Google');
    assert.deepEqual(r.soleBackerOf, ['Fluidstack'], 'CoreWeave is also backed by NVIDIA');
    assert.equal(hit(r, 'a1')!.via, 'sole-backer');
    assert.equal(hit(r, 'a1')!.coveredUsd, 0);
    assert.equal(hit(r, 'a1')!.atRiskUsd, 3.7 * B);
    assert.equal(minerOf(r, 'BBB').atRiskUsd, 7 * B);
    assert.equal(minerOf(r, 'BBB').atRiskLowUsd, null, "the removed guarantor's undisclosed backstop is no range");
    assert.equal(hit(r, 'c2'), undefined);
    assert.equal(
      r.miners.find((m) => m.symbol === 'CCC'),
      undefined,
    );
    const lost = r.backstopsLost.map((b) => [b.dealId, b.amountUsd, b.dealHit]);
    assert.deepEqual(lost, [
      ['a1', 1.8 * B, true],
      ['a2', 1.4 * B, true],
      ['b1', null, true],
      ['c2', 1 * B, false],
    ]);
    assert.ok(r.notes.some((n) => /only backer of Fluidstack/.test(n)));
    assert.ok(r.notes.some((n) => /backstops on deals whose counterparty survives are lost \(c2: \$1B\)/.test(n)));
    close(r.totals.atRiskUsd, 10.7 * B);
    assert.deepEqual(
      r.otherDeals.map((d) => [d.dealId, d.via]),
      [['a-plan', 'sole-backer']],
    );
  });

  it('an entity that is only a guarantor, its counterparty surviving: backstops lost, nothing at risk', () => {
    const r = defaultScenario(model, 'NVDA');
    assert.equal(r.entity, 'NVIDIA');
    assert.deepEqual(r.miners, []);
    assert.equal(r.totals.atRiskUsd, null);
    assert.deepEqual(
      r.backstopsLost.map((b) => [b.dealId, b.amountUsd, b.dealHit]),
      [['c1', 0.5 * B, false]],
    );
    assert.ok(r.notes.some((n) => /no counted backlog deal rests on NVIDIA/.test(n)));
  });

  it('covered = min(backstop, value): CoreWeave fails, c1 $2B − NVIDIA $0.5B = $1.5B, c2 $0.6B fully covered by Google’s $1B; no market cap → no impact, with the reason', () => {
    const r = defaultScenario(model, 'CRWV');
    assert.equal(hit(r, 'c1')!.atRiskUsd, 1.5 * B);
    assert.equal(hit(r, 'c2')!.coveredUsd, 0.6 * B);
    assert.equal(hit(r, 'c2')!.atRiskUsd, 0);
    const ccc = minerOf(r, 'CCC');
    assert.equal(ccc.atRiskUsd, 1.5 * B);
    close(ccc.shareOfBacklog.value, 1.5 / 2.6);
    assert.deepEqual(ccc.shareOfMarketCap, { value: null, reason: 'no market cap given' });
    assert.deepEqual({ value: ccc.priceImpact.value, reason: ccc.priceImpact.reason }, { value: null, reason: 'no market cap given' });
    close(ccc.priceImpact.pvLostUsd, 0.15 * B * annuity(10, 0.1));
    assert.deepEqual(ccc.mwWithoutTenant, [{ basis: 'unclassified', mw: 50 }]);
    assert.deepEqual(ccc.mwUnknownDealIds, ['c2']);
  });

  it('the end user failing hits the deal (Anthropic → b1, the Google backstop honoured as a range); counterparty and end user both: alsoVia', () => {
    const a = defaultScenario(model, 'anthropic');
    assert.equal(hit(a, 'b1')!.via, 'end-user');
    assert.equal(minerOf(a, 'BBB').atRiskUsd, 7 * B);
    assert.equal(minerOf(a, 'BBB').atRiskLowUsd, 0);
    const m = defaultScenario(model, 'Microsoft');
    assert.equal(hit(m, 'b2')!.via, 'counterparty');
    assert.deepEqual(hit(m, 'b2')!.alsoVia, ['end-user']);
    assert.deepEqual(minerOf(m, 'BBB').mwWithoutTenant, [{ basis: 'gross', mw: 100 }]);
    // 3B over 5 years at 10%: 600M × 3.79079 = 2.27447B, ÷ 2B → floored.
    close(minerOf(m, 'BBB').priceImpact.pvLostUsd, 0.6 * B * annuity(5, 0.1));
  });

  it('the discount rate: 0 gives the undiscounted loss; a term unknown is undiscounted and said; a bad rate is refused', () => {
    const r0 = defaultScenario(model, 'Fluidstack', { discountRate: 0 });
    close(minerOf(r0, 'AAA').priceImpact.pvLostUsd, 1.9 * B);
    close(minerOf(r0, 'AAA').priceImpact.value, -0.38);
    assert.match(r0.priceImpactMethod, /discounted at 0% a year/);
    close(presentValue(1 * B, null, 0.1), 1 * B);
    close(presentValue(1 * B, 2, 0.1), 0.5 * B * (1 / 1.1 + 1 / 1.21));
    const termless = buildExposure(exposureEntries(new Catalog([miner('XXX')], [deal('x1', 'XXX', { counterpartyEntity: 'Lambda', valueUSD: 1 * B })])), {
      marketCaps: { XXX: { value: 10 * B } },
    });
    const x = minerOf(defaultScenario(termless, 'lambda'), 'XXX');
    assert.equal(x.hits[0]!.discounted, false);
    close(x.priceImpact.value, -0.1);
    assert.deepEqual(x.notes, ['undiscounted (term unknown): x1']);
    assert.throws(() => defaultScenario(model, 'Fluidstack', { discountRate: -0.1 }), /from 0 to 1/);
    assert.throws(() => defaultScenario(model, 'Fluidstack', { discountRate: Number.NaN }), /from 0 to 1/);
  });

  it('an unknown entity throws UnknownEntityError listing the known ones; an undisclosed counterparty cannot be named', () => {
    assert.throws(
      () => defaultScenario(model, 'Oracle'),
      (e: unknown) =>
        e instanceof UnknownEntityError &&
        e.known.join(',') === 'Anthropic,CoreWeave,Fluidstack,Google,Microsoft,NVIDIA' &&
        /unknown entity "Oracle"/.test(e.message),
    );
    assert.throws(() => defaultScenario(model, 'undisclosed'), UnknownEntityError);
  });
});

describe('exposure: counterparty default on the shipped catalog', () => {
  const c = loadCatalog(readCatalogFile('media/catalog/catalog.json')).catalog;
  const model = catalogExposure(c);

  it('Fluidstack fails: WULF $10.1B (1.9 + 8.2, CB-5 undisclosed), CIFR $1.6B, HUT $7.0B or $0 (Google’s undisclosed backstop); $18.7B / $11.7B in all', () => {
    const r = defaultScenario(model, 'Fluidstack');
    // WULF: Lake Mariner 3.7 − 1.8 (Google) = 1.9; Abernathy 9.5 − 1.3 = 8.2; CB-5 (value undisclosed, $1.4B backstop) listed.
    const wulf = minerOf(r, 'WULF');
    close(wulf.atRiskUsd, 10.1 * B);
    assert.equal(wulf.atRiskLowUsd, null);
    close(wulf.shareOfBacklog.value, 10.1 / 13.2); // 0.7652
    assert.deepEqual(wulf.unknownValueDealIds, ['wulf-fluidstack-cb5-2025']);
    assert.deepEqual(wulf.mwWithoutTenant, [{ basis: 'critical-it', mw: 528 }]); // 200 + 160 + 168
    // CIFR: Barber Lake 3.0 − 1.4 = 1.6 of 8.5B = 0.1882.
    const cifr = minerOf(r, 'CIFR');
    close(cifr.atRiskUsd, 1.6 * B);
    close(cifr.shareOfBacklog.value, 1.6 / 8.5);
    // HUT: River Bend 7.0, Google's backstop undisclosed: 7.0B if it covers nothing, 0 if it covers all.
    const hut = minerOf(r, 'HUT');
    assert.equal(hut.atRiskUsd, 7 * B);
    assert.equal(hut.atRiskLowUsd, 0);
    assert.equal(hut.shareOfBacklog.value, 1);
    close(r.totals.atRiskUsd, 18.7 * B);
    close(r.totals.atRiskLowUsd, 11.7 * B);
    assert.deepEqual(
      r.miners.map((m) => m.symbol),
      ['CIFR', 'HUT', 'WULF'],
    );
    // No market caps given: the impact is null with the reason; its PV is still stated (WULF: 190M × 6.14457 + 328M × 9.07704).
    assert.equal(wulf.priceImpact.value, null);
    assert.equal(wulf.priceImpact.reason, 'no market cap given');
    close(wulf.priceImpact.pvLostUsd, 0.19 * B * annuity(10, 0.1) + 0.328 * B * annuity(25, 0.1));
  });

  it('Google fails: it alone backs Fluidstack, so WULF $13.2B, CIFR $3.0B and HUT $7.0B fall in full ($23.2B, 34.7% of the $66.811B backlog)', () => {
    const r = defaultScenario(model, 'google');
    assert.deepEqual(r.soleBackerOf, ['Fluidstack']);
    close(minerOf(r, 'WULF').atRiskUsd, 13.2 * B);
    assert.equal(minerOf(r, 'WULF').shareOfBacklog.value, 1);
    close(minerOf(r, 'CIFR').atRiskUsd, 3 * B);
    close(minerOf(r, 'CIFR').shareOfBacklog.value, 3 / 8.5);
    close(minerOf(r, 'HUT').atRiskUsd, 7 * B);
    assert.equal(minerOf(r, 'HUT').atRiskLowUsd, null);
    close(r.totals.atRiskUsd, 23.2 * B);
    close(r.totals.shareOfBacklog.value, 23.2 / 66.811);
    assert.ok(r.miners.flatMap((m) => m.hits).every((h) => h.via === 'sole-backer' && h.coveredUsd === 0));
    assert.equal(r.backstopsLost.length, 5);
    assert.ok(r.backstopsLost.every((b) => b.dealHit));
  });

  it('AWS is Amazon: CIFR loses the $5.5B lease (64.7% of its backlog), 300 MW of unknown basis', () => {
    const r = defaultScenario(model, 'AWS');
    assert.equal(r.entity, 'Amazon');
    const cifr = minerOf(r, 'CIFR');
    assert.equal(cifr.atRiskUsd, 5.5 * B);
    close(cifr.shareOfBacklog.value, 5.5 / 8.5);
    assert.deepEqual(cifr.mwWithoutTenant, [{ basis: 'unknown', mw: 300 }]);
    assert.deepEqual(cifr.hits[0]!.alsoVia, ['end-user']);
  });
});
