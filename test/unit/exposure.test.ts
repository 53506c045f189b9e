/**
 * The exposure model (src/core/exposure): backlog by counterparty, backer and end user, per-miner
 * concentration and ratios, backstops, the Sankey flows — on the hand-checked catalog of
 * test/support/exposureCatalog.ts, then on the shipped catalog.
 */
import assert from 'node:assert/strict';
import { catalogExposure, derivedFigures, exposureEntries, loadCatalog, readCatalogFile } from '../../src/catalog';
import { buildExposure, exposureFlows, knownEntities, resolveEntity, type EntityExposure } from '../../src/core/exposure';
import { B, deal, exposureCatalog, miner } from '../support/exposureCatalog';
import { Catalog } from '../../src/catalog';

const close = (a: number | null | undefined, b: number, tol = 1e-9) => {
  assert.ok(a !== null && a !== undefined, `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
};
const row = (rows: EntityExposure[], label: string) => {
  const r = rows.find((x) => x.label === label);
  assert.ok(r, `no row ${label} in ${rows.map((x) => x.label).join(', ')}`);
  return r;
};

describe('exposure: the model on a hand-built catalog', () => {
  const c = exposureCatalog();
  const model = catalogExposure(c, { marketCaps: { AAA: { value: 5 * B }, BBB: { value: 2 * B } }, missingMarketCapReason: 'no market cap given' });

  it('backlog per miner is derivedFigures’ (same rule, same deals); the undisclosed a2 makes AAA a lower bound', () => {
    for (const t of c.tickers()) {
      const m = model.miners.find((x) => x.symbol === t)!;
      const f = derivedFigures(c, t);
      assert.equal(m.backlogUsd, f.backlogUSD, t);
      assert.deepEqual(m.unknownValueDealIds, f.unknownValueDealIds, t);
    }
    const aaa = model.miners.find((m) => m.symbol === 'AAA')!;
    assert.equal(aaa.backlogUsd, 3.7 * B);
    assert.equal(aaa.lowerBound, true);
    assert.deepEqual(aaa.unknownValueDealIds, ['a2']);
    // 3.7 + (7 + 3 + 1 + 1) + (2 + 0.6) = 18.3B, a lower bound (a2).
    close(model.totals.backlogUsd, 18.3 * B);
    assert.equal(model.totals.lowerBound, true);
    assert.deepEqual(model.totals.unknownValueDealIds, ['a2']);
    assert.ok(model.deals.find((d) => d.id === 'a-plan')!.counts === false);
  });

  it('by counterparty: Fluidstack $10.7B (a1 + b1, a2 unknown) backed by Google; the two undisclosed counterparties stay apart', () => {
    const fs = row(model.counterparties, 'Fluidstack');
    close(fs.backlogUsd, 10.7 * B);
    assert.equal(fs.lowerBound, true);
    assert.deepEqual(fs.dealIds, ['a1', 'b1']);
    assert.deepEqual(fs.unknownValueDealIds, ['a2']);
    assert.deepEqual(fs.backers, ['Google']);
    assert.deepEqual(fs.endUsers, ['Anthropic']);
    assert.deepEqual(
      fs.miners.map((m) => [m.symbol, m.backlogUsd, m.share === null ? null : +m.share.toFixed(6)]),
      [
        ['BBB', 7 * B, +(7 / 12).toFixed(6)],
        ['AAA', 3.7 * B, 1],
      ],
    );
    assert.deepEqual(
      model.counterparties.map((r) => [r.label, r.backlogUsd]),
      [
        ['Fluidstack', 10.7 * B],
        ['Microsoft', 3 * B],
        ['CoreWeave', 2.6 * B],
        ['Undisclosed (b3)', 1 * B],
        ['Undisclosed (b4)', 1 * B],
      ],
    );
    assert.deepEqual(row(model.counterparties, 'CoreWeave').backers, ['NVIDIA', 'Google']);
    assert.equal(row(model.counterparties, 'Undisclosed (b3)').entity, null);
  });

  it('by backer: Google $11.3B of backlog (a1 + b1 + c2) with $4.2B of disclosed backstops and b1 undisclosed; No backer last', () => {
    const g = row(model.backers, 'Google');
    close(g.backlogUsd, 11.3 * B);
    close(g.backstopUsd, 4.2 * B); // 1.8 + 1.4 + 1.0; b1's amount undisclosed
    assert.deepEqual(g.undisclosedBackstopDealIds, ['b1']);
    assert.deepEqual(g.counterparties, ['Fluidstack', 'CoreWeave']);
    assert.deepEqual(
      model.backers.map((r) => [r.label, r.backlogUsd]),
      [
        ['Google', 11.3 * B],
        ['NVIDIA', 2 * B],
        ['No backer', 5 * B],
      ],
    );
    assert.deepEqual(row(model.backers, 'No backer').dealIds, ['b2', 'b3', 'b4']);
  });

  it('by end user: Anthropic $7B and Microsoft $3B; unnamed end users are each their own row', () => {
    assert.equal(row(model.endUsers, 'Anthropic').backlogUsd, 7 * B);
    assert.equal(row(model.endUsers, 'Microsoft').backlogUsd, 3 * B);
    assert.ok(model.endUsers.some((r) => r.label === 'Not named (a1)' && r.entity === null));
  });

  it('concentration: HHI 1 for a single counterparty; BBB (7, 3, 1, 1 of 12) HHI = 60/144; none without a known backlog', () => {
    const m = (t: string) => model.miners.find((x) => x.symbol === t)!;
    assert.equal(m('AAA').concentration.hhi, 1);
    assert.equal(m('AAA').concentration.largest!.label, 'Fluidstack');
    assert.match(m('AAA').concentration.reason!, /1 deal\(s\) of undisclosed value are not in them \(a2\)/);
    assert.equal(m('CCC').concentration.hhi, 1);
    close(m('BBB').concentration.hhi, 60 / 144);
    assert.equal(m('BBB').concentration.largest!.label, 'Fluidstack');
    close(m('BBB').concentration.largest!.share, 7 / 12);
    assert.deepEqual(
      m('BBB').counterparties.map((x) => x.label),
      ['Fluidstack', 'Microsoft', 'Undisclosed (b3)', 'Undisclosed (b4)'],
    );
    assert.deepEqual(m('DDD').concentration, { largest: null, hhi: null, reason: 'no known backlog: no contracted deal' });
  });

  it('ratios: backlog ÷ market cap 3.7/5 (a lower bound), ÷ pivot debt 3.7, debt ÷ backlog 1/3.7; null with the reason when missing', () => {
    const aaa = model.miners.find((x) => x.symbol === 'AAA')!;
    close(aaa.backlogToMarketCap.value, 0.74);
    assert.match(aaa.backlogToMarketCap.reason!, /lower bound/);
    close(aaa.backlogToPivotDebt.value, 3.7);
    close(aaa.pivotDebtToBacklog.value, 1 / 3.7);
    assert.match(aaa.pivotDebtToBacklog.reason!, /upper bound/);
    const ccc = model.miners.find((x) => x.symbol === 'CCC')!;
    assert.deepEqual(ccc.backlogToMarketCap, { value: null, reason: 'no market cap given' });
    assert.equal(ccc.pivotDebt.value, null);
    assert.match(ccc.pivotDebt.reason!, /pivot debt unknown/);
    const ddd = model.miners.find((x) => x.symbol === 'DDD')!;
    assert.equal(ddd.backlogToMarketCap.value, null);
    assert.match(ddd.backlogToMarketCap.reason!, /no known backlog/);
  });

  it('backstops per guarantor: what, for whom, how much (known sum and the undisclosed list)', () => {
    assert.deepEqual(
      model.backstops.map((g) => [g.guarantor, g.knownAmountUsd, g.undisclosed.map((u) => u.dealId), g.miners]),
      [
        ['Google', 4.2 * B, ['b1'], ['AAA', 'BBB', 'CCC']],
        ['NVIDIA', 0.5 * B, [], ['CCC']],
      ],
    );
    assert.deepEqual(
      model.backstops[0]!.items.map((i) => [i.dealId, i.counterparty, i.amountUsd]),
      [
        ['a1', 'Fluidstack', 1.8 * B],
        ['a2', 'Fluidstack', 1.4 * B],
        ['b1', 'Fluidstack', null],
        ['c2', 'CoreWeave', 1 * B],
      ],
    );
  });

  it('names: case-insensitive, with aliases; undisclosed counterparties cannot be named', () => {
    assert.deepEqual(
      knownEntities(model).map((e) => e.name),
      ['Anthropic', 'CoreWeave', 'Fluidstack', 'Google', 'Microsoft', 'NVIDIA'],
    );
    assert.equal(resolveEntity(model, 'fluidSTACK')!.name, 'Fluidstack');
    assert.equal(resolveEntity(model, 'Alphabet')!.name, 'Google');
    assert.equal(resolveEntity(model, '$GOOGL')!.name, 'Google');
    assert.equal(resolveEntity(model, 'crwv')!.name, 'CoreWeave');
    assert.equal(resolveEntity(model, 'NVDA')!.name, 'NVIDIA');
    assert.equal(resolveEntity(model, 'MSFT')!.name, 'Microsoft');
    assert.deepEqual(resolveEntity(model, 'Microsoft')!.roles, ['counterparty', 'end-user']);
    assert.equal(resolveEntity(model, 'undisclosed'), undefined);
    assert.equal(resolveEntity(model, 'AWS'), undefined, 'Amazon is not in this catalog');
  });

  it('a deal without entity fields is grouped by its text (noted); a text naming nobody stays an unknown of its own', () => {
    const m = buildExposure(
      exposureEntries(
        new Catalog(
          [miner('XXX')],
          [
            deal('x1', 'XXX', { counterparty: 'Lambda', valueUSD: 1 * B, backstops: undefined }),
            deal('x2', 'XXX', { counterparty: 'lambda ', valueUSD: 2 * B, backstops: undefined }),
            deal('x3', 'XXX', { counterparty: 'undisclosed AI cloud', valueUSD: 1 * B }),
            deal('x4', 'XXX', { counterparty: 'Undisclosed', valueUSD: 1 * B }),
          ],
        ),
      ),
    );
    assert.deepEqual(
      m.counterparties.map((r) => [r.label, r.backlogUsd]),
      [
        ['Lambda', 3 * B],
        ['Undisclosed (x3)', 1 * B],
        ['Undisclosed (x4)', 1 * B],
      ],
    );
    assert.ok(m.notes.some((n) => /no canonical counterparty or end-user entity for x1, x2/.test(n)));
  });
});

describe('exposure: Sankey flows (backer → counterparty → miner)', () => {
  const flows = exposureFlows(catalogExposure(exposureCatalog()));

  it('nodes in a stable order: backers by name with No backer last, named counterparties then undisclosed, miners by ticker', () => {
    assert.deepEqual(
      flows.nodes.map((n) => n.id),
      [
        'backer:google',
        'backer:nvidia',
        'backer:-',
        'counterparty:coreweave',
        'counterparty:fluidstack',
        'counterparty:microsoft',
        'counterparty:?b3',
        'counterparty:?b4',
        'miner:AAA',
        'miner:BBB',
        'miner:CCC',
      ],
    );
    assert.equal(flows.nodes[2]!.label, 'No backer');
    assert.equal(flows.nodes[2]!.named, false);
  });

  it('links weighted by contracted value; an undisclosed value is a link of its own (null, unknown)', () => {
    assert.deepEqual(
      flows.links.map((l) => [l.source, l.target, l.value, l.unknown, l.dealIds.join(',')]),
      [
        ['backer:google', 'counterparty:coreweave', 0.6 * B, false, 'c2'],
        ['backer:google', 'counterparty:fluidstack', 10.7 * B, false, 'a1,b1'],
        ['backer:google', 'counterparty:fluidstack', null, true, 'a2'],
        ['backer:nvidia', 'counterparty:coreweave', 2 * B, false, 'c1'],
        ['backer:-', 'counterparty:microsoft', 3 * B, false, 'b2'],
        ['backer:-', 'counterparty:?b3', 1 * B, false, 'b3'],
        ['backer:-', 'counterparty:?b4', 1 * B, false, 'b4'],
        ['counterparty:coreweave', 'miner:CCC', 2.6 * B, false, 'c1,c2'],
        ['counterparty:fluidstack', 'miner:AAA', 3.7 * B, false, 'a1'],
        ['counterparty:fluidstack', 'miner:AAA', null, true, 'a2'],
        ['counterparty:fluidstack', 'miner:BBB', 7 * B, false, 'b1'],
        ['counterparty:microsoft', 'miner:BBB', 3 * B, false, 'b2'],
        ['counterparty:?b3', 'miner:BBB', 1 * B, false, 'b3'],
        ['counterparty:?b4', 'miner:BBB', 1 * B, false, 'b4'],
      ],
    );
  });

  it('what flows into a counterparty flows out to the miners; a co-backed deal is split evenly between its backers', () => {
    for (const n of flows.nodes.filter((x) => x.layer === 'counterparty')) {
      const sum = (ls: typeof flows.links) => ls.reduce((s, l) => s + (l.value ?? 0), 0);
      close(sum(flows.links.filter((l) => l.target === n.id)), sum(flows.links.filter((l) => l.source === n.id)));
    }
    const co = exposureFlows(
      buildExposure(
        exposureEntries(
          new Catalog(
            [miner('XXX')],
            [
              deal('x1', 'XXX', {
                counterparty: 'Lambda',
                counterpartyEntity: 'Lambda',
                valueUSD: 3 * B,
                backstops: [
                  { guarantor: 'NVIDIA', amountUSD: 1 * B, covers: 'x', quote: 'x' },
                  { guarantor: 'Google', amountUSD: null, covers: 'x', quote: 'x' },
                ],
              }),
            ],
          ),
        ),
      ),
    );
    assert.deepEqual(
      co.links.map((l) => [l.source, l.target, l.value]),
      [
        ['backer:google', 'counterparty:lambda', 1.5 * B],
        ['backer:nvidia', 'counterparty:lambda', 1.5 * B],
        ['counterparty:lambda', 'miner:XXX', 3 * B],
      ],
    );
    assert.ok(co.notes.some((n) => /split evenly/.test(n)));
  });
});

describe('exposure: the shipped catalog', () => {
  const c = loadCatalog(readCatalogFile('media/catalog/catalog.json')).catalog;
  const model = catalogExposure(c);

  it('per-counterparty backlog, hand-checked from the deals', () => {
    // Fluidstack: WULF Lake Mariner 3.7 + Abernathy 9.5 (CB-5 undisclosed) + CIFR Barber Lake 3.0 + HUT River Bend 7.0 = 23.2B.
    // CoreWeave: CORZ 8.7 + APLD PF1 11.0 = 19.7B (GLXY Helios undisclosed). Microsoft 9.7 (IREN). Amazon 5.5 (CIFR). Oracle 5.0 (APLD PF2).
    // IREN's undisclosed $3.4B customer and HUT's undisclosed GPUaaS developer (value undisclosed) are unknowns of their own. AMD 0.311 (RIOT).
    assert.deepEqual(
      model.counterparties.map((r) => [r.label, r.backlogUsd, r.unknownValueDealIds]),
      [
        ['Fluidstack', 23.2 * B, ['wulf-fluidstack-cb5-2025']],
        ['CoreWeave', 19.7 * B, ['glxy-coreweave-helios']],
        ['Microsoft', 9.7 * B, []],
        ['Amazon', 5.5 * B, []],
        ['Oracle', 5 * B, []],
        ['Undisclosed (iren-ai-cloud-3.4b)', 3.4 * B, []],
        ['AMD', 311_000_000, []],
        ['Undisclosed (hut-highrise-gpuaas-2024)', null, ['hut-highrise-gpuaas-2024']],
      ],
    );
    // 23.2 + 19.7 + 9.7 + 5.5 + 5.0 + 3.4 + 0.311 = 66.811B, a lower bound (three deals of undisclosed value).
    close(model.totals.backlogUsd, 66.811 * B);
    assert.deepEqual(model.totals.unknownValueDealIds, ['wulf-fluidstack-cb5-2025', 'hut-highrise-gpuaas-2024', 'glxy-coreweave-helios']);
    // Google backs all of Fluidstack's backlog; its disclosed backstops are 1.8 + 1.4 + 1.3 + 1.4 = 5.9B, HUT's undisclosed.
    const g = row(model.backers, 'Google');
    close(g.backlogUsd, 23.2 * B);
    close(g.backstopUsd, 5.9 * B);
    assert.deepEqual(g.undisclosedBackstopDealIds, ['hut-fluidstack-anthropic-river-bend-2025']);
    close(row(model.backers, 'No backer').backlogUsd, 43.611 * B);
  });

  it('WULF, CIFR and HUT: backlog, concentration and shares', () => {
    const m = (t: string) => model.miners.find((x) => x.symbol === t)!;
    // WULF: 3.7 + 9.5 = 13.2B, all Fluidstack: HHI 1 (CB-5 of undisclosed value).
    assert.equal(m('WULF').backlogUsd, 13.2 * B);
    assert.equal(m('WULF').concentration.hhi, 1);
    assert.equal(m('WULF').lowerBound, true);
    // CIFR: AWS 5.5 + Fluidstack 3.0 = 8.5B; Amazon 5.5/8.5 = 0.6471; HHI = (5.5² + 3²)/8.5² = 39.25/72.25 = 0.5433.
    assert.equal(m('CIFR').backlogUsd, 8.5 * B);
    assert.equal(m('CIFR').concentration.largest!.label, 'Amazon');
    close(m('CIFR').concentration.largest!.share, 5.5 / 8.5);
    close(m('CIFR').concentration.hhi, 39.25 / 72.25);
    // CIFR pivot debt (derivedFigures) ÷ backlog.
    close(m('CIFR').pivotDebtToBacklog.value, derivedFigures(c, 'CIFR').debtToBacklog!);
    // HUT: River Bend 7.0B (Fluidstack, HHI 1); the GPUaaS deal has no disclosed value.
    assert.equal(m('HUT').backlogUsd, 7 * B);
    assert.equal(m('HUT').concentration.hhi, 1);
    assert.deepEqual(m('HUT').unknownValueDealIds, ['hut-highrise-gpuaas-2024']);
    // IREN: Microsoft 9.7 and an undisclosed 3.4 of 13.1B: HHI = (9.7² + 3.4²)/13.1² = 105.65/171.61.
    close(m('IREN').concentration.hhi, 105.65 / 171.61);
    for (const t of c.tickers()) assert.equal(m(t).backlogUsd, derivedFigures(c, t).backlogUSD, t);
    assert.ok(model.notes.some((n) => /joint ventures count the JV's contracted revenue whole.*wulf-fluidstack-abernathy-jv-2025/.test(n)));
  });

  it('the aliases reach the shipped entities: AWS → Amazon, Alphabet → Google, ORCL → Oracle, CRWV → CoreWeave', () => {
    assert.equal(resolveEntity(model, 'AWS')!.name, 'Amazon');
    assert.equal(resolveEntity(model, 'amzn')!.name, 'Amazon');
    assert.equal(resolveEntity(model, 'Alphabet')!.name, 'Google');
    assert.equal(resolveEntity(model, 'ORCL')!.name, 'Oracle');
    assert.equal(resolveEntity(model, 'CRWV')!.name, 'CoreWeave');
    assert.equal(resolveEntity(model, 'NVDA'), undefined, 'no NVIDIA in the catalog');
  });
});
