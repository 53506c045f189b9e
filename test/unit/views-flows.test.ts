/**
 * The capital-flows panel: its view model (src/core/views/build/flows.ts) on a catalog made here
 * and on the shipped one, the catalog adapter (src/vscode/panels/flowsAdapter.ts), who backs a
 * deal and the Deals view's filter and backer grouping (src/vscode/dealParties.ts), the guards of
 * its messages both ways, its CSV and its saved state.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Catalog, derivedFigures, loadCatalog, type CatalogDeal } from '../../src/catalog';
import { buildFlows, flowsCsv, NO_BACKER, partyName, UNKNOWN_WEIGHT_SHARE, type FlowLinkInput } from '../../src/core/views/build';
import { packHostMessage, parseHostMessage, parseWebviewMessage, parseWireHostMessage, type FlowsData } from '../../src/shared/protocol';
import { catalogFlowLinks, catalogFlowsInput } from '../../src/vscode/panels/flowsAdapter';
import {
  dealBacker,
  dealCounterparty,
  dealGroupKey,
  dealMatchesFilter,
  describeFilter,
  UNDISCLOSED_COUNTERPARTY,
  type DealPartyFields,
} from '../../src/vscode/dealParties';
import { panelKey, panelTitle, reviveState } from '../../src/vscode/panels/state';

type TestDeal = CatalogDeal & DealPartyFields;

function deal(id: string, o: Partial<TestDeal>): TestDeal {
  return { id, name: id, kind: 'lease', stage: 'contracted', provider: 'WULF', confidence: 'high', sources: [], ...o } as TestDeal;
}

/** Six deals: two Google-backed with Fluidstack at WULF (one of undisclosed value), one with a structured backstop and entity, one with no backer, and two the backlog does not count. */
const DEALS: TestDeal[] = [
  deal('wulf-a', { counterparty: 'Fluidstack', counterpartyBacker: 'Google (backstop $1.8B of Fluidstack lease obligations)', valueUSD: 3.7e9 }),
  deal('wulf-b', { counterparty: 'Fluidstack', counterpartyBacker: 'Google (incremental $1.4B backstop)', valueUSD: null }),
  deal('cifr-c', {
    provider: 'CIFR',
    counterparty: 'Fluidstack Ltd (a UK company)',
    counterpartyEntity: 'Fluidstack',
    counterpartyBacker: null,
    backstops: [{ guarantor: 'Google', amountUSD: 1.4e9, covers: 'lease obligations', quote: 'Google backstops $1.4B' }],
    valueUSD: 3e9,
  }),
  deal('cifr-d', { provider: 'CIFR', counterparty: 'Amazon Web Services', counterpartyBacker: 'n/a (hyperscaler is the direct tenant)', valueUSD: 5.5e9 }),
  deal('corz-acq', { provider: 'CORZ', kind: 'acquisition', stage: 'terminated', counterparty: 'CoreWeave (acquirer)', valueUSD: 9e9 }),
  deal('mara-loi', { provider: 'MARA', kind: 'letter-of-intent', stage: 'loi', counterparty: 'MPLX LP', valueUSD: null }),
];

describe('capital flows: who backs a deal, and the Deals view filter and grouping', () => {
  it("reads the backer from the first backstop, else the text before ' (' of counterpartyBacker, never from an n/a", () => {
    assert.equal(dealBacker(DEALS[0]!), 'Google');
    assert.equal(dealBacker(DEALS[2]!), 'Google', 'the structured backstop');
    assert.equal(dealBacker(DEALS[3]!), null, 'n/a: the hyperscaler is the tenant');
    assert.equal(dealBacker(deal('x', { counterpartyBacker: 'SoftBank' })), 'SoftBank');
    assert.equal(dealBacker(deal('x', { counterpartyBacker: '  ' })), null);
    assert.equal(
      dealBacker(deal('x', { counterpartyBacker: 'Google', backstops: [{ guarantor: 'Alphabet', amountUSD: null, covers: 'leases', quote: 'Alphabet' }] })),
      'Alphabet',
      'the backstop wins over the text',
    );
  });

  it('reads the counterparty entity when there is one, else the text', () => {
    assert.equal(dealCounterparty(DEALS[2]!), 'Fluidstack');
    assert.equal(dealCounterparty(DEALS[3]!), 'Amazon Web Services');
    assert.equal(dealCounterparty(deal('x', { counterparty: 'Oracle', counterpartyEntity: null })), 'Oracle', 'a null entity falls back to the text');
    assert.equal(dealCounterparty(deal('x', { counterparty: null })), UNDISCLOSED_COUNTERPARTY);
    assert.equal(dealCounterparty(deal('x', { counterparty: 'undisclosed' })), UNDISCLOSED_COUNTERPARTY, 'not a node that reads like a value');
    assert.equal(dealCounterparty(deal('x', { counterparty: 'undisclosed AI cloud developer' })), 'undisclosed AI cloud developer');
    assert.ok(dealMatchesFilter(deal('x', { counterparty: 'undisclosed' }), { kind: 'counterparty', name: UNDISCLOSED_COUNTERPARTY }));
    assert.ok(dealMatchesFilter(deal('x', { counterparty: null }), { kind: 'counterparty', name: UNDISCLOSED_COUNTERPARTY }));
  });

  it("filters by the miner, the counterparty (entity or text) or the backer, and 'No backer' is the deals without one", () => {
    const ids = (kind: 'miner' | 'counterparty' | 'backer', name: string) => DEALS.filter((d) => dealMatchesFilter(d, { kind, name })).map((d) => d.id);
    assert.deepEqual(ids('backer', 'Google'), ['wulf-a', 'wulf-b', 'cifr-c']);
    assert.deepEqual(ids('backer', NO_BACKER), ['cifr-d', 'corz-acq', 'mara-loi']);
    assert.deepEqual(ids('counterparty', 'Fluidstack'), ['wulf-a', 'wulf-b', 'cifr-c']);
    assert.deepEqual(ids('counterparty', 'Fluidstack Ltd (a UK company)'), ['cifr-c'], 'the text matches too');
    assert.deepEqual(ids('miner', 'CIFR'), ['cifr-c', 'cifr-d']);
    assert.deepEqual(ids('miner', 'Google'), []);
    assert.equal(describeFilter({ kind: 'backer', name: 'Google' }), 'backer Google');
    assert.equal(describeFilter({ kind: 'backer', name: NO_BACKER }), 'deals with no backer');
  });

  it("groups by backer with 'No backer' for the rest, and by company and counterparty as before", () => {
    assert.deepEqual(
      DEALS.map((d) => dealGroupKey(d, 'backer')),
      ['Google', 'Google', 'Google', NO_BACKER, NO_BACKER, NO_BACKER],
    );
    assert.deepEqual(
      DEALS.map((d) => dealGroupKey(d, 'company')),
      ['WULF', 'WULF', 'CIFR', 'CIFR', 'CORZ', 'MARA'],
    );
    assert.equal(dealGroupKey(DEALS[2]!, 'counterparty'), 'Fluidstack', 'the counterparty grouping is on the entity when the deal has one');
    assert.equal(dealGroupKey(DEALS[3]!, 'counterparty'), 'Amazon Web Services', 'else on the text');
  });
});

describe('capital flows view model (a catalog made here)', () => {
  const links = catalogFlowLinks(DEALS);
  const d = buildFlows({ links, asOf: '2026-06-29' });
  const node = (id: string) => d.nodes.find((n) => n.id === id);
  const link = (from: string, to: string, unknown = false) => d.links.find((l) => l.from === from && l.to === to && l.unknown === unknown);

  it('the adapter makes two links per contracted deal (backer → counterparty → miner) and leaves out what the backlog does not count', () => {
    assert.equal(links.length, 8);
    assert.ok(!links.some((l) => l.dealIds.includes('corz-acq') || l.dealIds.includes('mara-loi')));
    assert.deepEqual(links[0], { from: 'Google', fromKind: 'backer', to: 'Fluidstack', toKind: 'counterparty', valueUsd: 3.7e9, dealIds: ['wulf-a'] });
    assert.deepEqual(links[7], { from: 'Amazon Web Services', fromKind: 'counterparty', to: 'CIFR', toKind: 'miner', valueUsd: 5.5e9, dealIds: ['cifr-d'] });
  });

  it('sums known values per pair of parties and keeps the undisclosed one a link of its own, with no value', () => {
    assert.deepEqual(link('backer:Google', 'counterparty:Fluidstack'), {
      from: 'backer:Google',
      to: 'counterparty:Fluidstack',
      valueUsd: 6.7e9,
      unknown: false,
      dealIds: ['wulf-a', 'cifr-c'],
    });
    assert.deepEqual(link('backer:Google', 'counterparty:Fluidstack', true), {
      from: 'backer:Google',
      to: 'counterparty:Fluidstack',
      valueUsd: null,
      unknown: true,
      dealIds: ['wulf-b'],
    });
    assert.equal(link('counterparty:Fluidstack', 'miner:WULF')?.valueUsd, 3.7e9);
    assert.equal(link('counterparty:Fluidstack', 'miner:WULF', true)?.valueUsd, null);
    assert.equal(link('counterparty:Fluidstack', 'miner:CIFR')?.valueUsd, 3e9);
    assert.equal(link('backer:No backer', 'counterparty:Amazon Web Services')?.valueUsd, 5.5e9);
    assert.equal(d.links.length, 7);
  });

  it('node totals are known values only, with the undisclosed deals counted apart', () => {
    assert.deepEqual(
      d.nodes.map((n) => n.id),
      ['backer:Google', 'backer:No backer', 'counterparty:Fluidstack', 'counterparty:Amazon Web Services', 'miner:CIFR', 'miner:WULF'],
    );
    assert.deepEqual(node('backer:Google'), {
      id: 'backer:Google',
      label: 'Google',
      kind: 'backer',
      knownUsd: 6.7e9,
      unknownLinks: 1,
      unknownDeals: 1,
      dealIds: ['wulf-a', 'wulf-b', 'cifr-c'],
    });
    assert.equal(node('miner:WULF')?.knownUsd, 3.7e9);
    assert.equal(node('miner:WULF')?.unknownDeals, 1);
    assert.equal(node('miner:CIFR')?.knownUsd, 8.5e9);
    assert.equal(node('miner:CIFR')?.unknownDeals, 0);
    assert.deepEqual(d.totals, { knownUsd: 12.2e9, deals: 4, unknownDeals: 1 });
    assert.equal(d.unknownWeight, 12.2e9 * UNKNOWN_WEIGHT_SHARE, 'a drawing weight, a fixed share of the known total');
    assert.ok(d.notes.some((n) => /grey hatched/.test(n) && /not a value/.test(n) && /value undisclosed/.test(n)));
    assert.equal(d.kind, 'flows');
    assert.equal(d.range, 'ALL');
    assert.equal(d.asOf, '2026-06-29');
    assert.deepEqual(d.data, { kind: 'snapshot', text: 'catalog of 2026-06-29' });
  });

  it('a value that is not a finite non-negative amount is undisclosed, a loop is left out, and names are folded to one line', () => {
    const raw: FlowLinkInput[] = [
      { from: 'A\nB', fromKind: 'backer', to: 'C', toKind: 'counterparty', valueUsd: Number.NaN, dealIds: ['x'] },
      { from: 'C', fromKind: 'counterparty', to: 'C', toKind: 'counterparty', valueUsd: 1, dealIds: ['y'] },
      { from: 'C', fromKind: 'counterparty', to: 'M', toKind: 'miner', valueUsd: -5, dealIds: ['x'] },
    ];
    const r = buildFlows({ links: raw, asOf: undefined });
    assert.deepEqual(
      r.links.map((l) => [l.from, l.to, l.valueUsd, l.unknown]),
      [
        ['backer:A B', 'counterparty:C', null, true],
        ['counterparty:C', 'miner:M', null, true],
      ],
    );
    assert.deepEqual(r.totals, { knownUsd: 0, deals: 1, unknownDeals: 1 });
    assert.equal(r.unknownWeight, 1, 'nothing known: any width will do');
    assert.ok(r.notes.some((n) => /2 link\(s\) had a value/.test(n)));
    assert.ok(r.notes.some((n) => /1 link\(s\) from a party to itself/.test(n)));
    assert.equal(r.asOf, 'undated');
    assert.equal(partyName('  a\u0007b\r\n c '), 'a b c');
    assert.equal(partyName(''), '(unnamed)');
    assert.equal(partyName('x'.repeat(1000)).length, 300);
  });

  it('the CSV has one row per link, an empty value where it is undisclosed, and the notes as comments', () => {
    const csv = flowsCsv(d).trim().split('\n');
    assert.match(csv[0]!, /^# Hashpivot capital flows, catalog of 2026-06-29, as of 2026-06-29$/);
    const head = csv.indexOf('from_kind,from,to_kind,to,value_usd,undisclosed,deal_ids');
    assert.ok(head > 0);
    assert.deepEqual(csv.slice(head + 1, head + 3), [
      'backer,Google,counterparty,Fluidstack,6700000000,false,wulf-a cifr-c',
      'backer,Google,counterparty,Fluidstack,,true,wulf-b',
    ]);
    assert.equal(csv.length - head - 1, d.links.length);
    const evil = buildFlows({
      links: [{ from: '=cmd', fromKind: 'backer', to: 'X', toKind: 'counterparty', valueUsd: 1, dealIds: ['e'] }],
      asOf: '2026-01-01',
    });
    assert.match(flowsCsv(evil), /^backer,'=cmd,counterparty,X,1,false,e$/m, 'a formula is defused');
  });
});

describe('capital flows view model (the shipped catalog)', () => {
  const file = path.join(process.cwd(), 'media/catalog/catalog.json');
  const cat = loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog;
  const d = buildFlows(catalogFlowsInput(cat, undefined));
  const link = (from: string, to: string, unknown = false) => d.links.find((l) => l.from === from && l.to === to && l.unknown === unknown);

  it('Google backs Fluidstack, which leases from WULF, CIFR and HUT: the known values summed, the CB-5 lease undisclosed', () => {
    const g = link('backer:Google', 'counterparty:Fluidstack')!;
    assert.equal(g.valueUsd, 3.7e9 + 9.5e9 + 3e9 + 7e9);
    assert.deepEqual([...g.dealIds].sort(), [
      'cifr-fluidstack-barber-lake-2025',
      'hut-fluidstack-anthropic-river-bend-2025',
      'wulf-fluidstack-abernathy-jv-2025',
      'wulf-fluidstack-lake-mariner-2025',
    ]);
    assert.deepEqual(link('backer:Google', 'counterparty:Fluidstack', true)?.dealIds, ['wulf-fluidstack-cb5-2025']);
    assert.equal(link('counterparty:Fluidstack', 'miner:WULF')?.valueUsd, 13.2e9);
    assert.deepEqual(link('counterparty:Fluidstack', 'miner:WULF', true)?.dealIds, ['wulf-fluidstack-cb5-2025']);
    assert.equal(link('counterparty:Fluidstack', 'miner:CIFR')?.valueUsd, 3e9);
    assert.equal(link('counterparty:Fluidstack', 'miner:HUT')?.valueUsd, 7e9);
    const google = d.nodes.find((n) => n.id === 'backer:Google')!;
    assert.equal(google.knownUsd, 23.2e9);
    assert.equal(google.unknownDeals, 1);
  });

  it("Amazon's (AWS) lease is no one's backing (n/a: the hyperscaler is the tenant; the catalog names it Amazon); Microsoft, CoreWeave and AMD have no backer either", () => {
    assert.equal(link('backer:No backer', 'counterparty:Amazon')?.valueUsd, 5.5e9);
    for (const cp of ['Microsoft', 'CoreWeave', 'AMD']) assert.ok(link('backer:No backer', `counterparty:${cp}`), cp);
    assert.equal(link(`counterparty:${UNDISCLOSED_COUNTERPARTY}`, 'miner:IREN')?.valueUsd, 3.4e9, "IREN's $3.4B contract with an unnamed customer");
    assert.deepEqual(
      d.nodes.filter((n) => n.kind === 'backer').map((n) => n.label),
      ['Google', NO_BACKER],
    );
  });

  it("each miner's known total is its backlog (src/catalog/derived.ts) and its undisclosed count the backlog deals of unknown value", () => {
    const miners = d.nodes.filter((n) => n.kind === 'miner');
    assert.ok(miners.length >= 7);
    for (const n of miners) {
      const f = derivedFigures(cat, n.label);
      assert.equal(n.knownUsd, f.backlogUSD ?? 0, n.label);
      assert.equal(n.unknownDeals, f.unknownValueDealIds.length, n.label);
    }
    const backlog = cat.tickers().reduce((s, t) => s + (derivedFigures(cat, t).backlogUSD ?? 0), 0);
    assert.equal(d.totals.knownUsd, backlog, 'the known total is the catalog-wide backlog');
    assert.ok(d.totals.unknownDeals >= 1);
    assert.ok(d.links.filter((l) => l.unknown).every((l) => l.valueUsd === null));
    assert.match(d.notes[0]!, /^\d+ of the catalog's \d+ deals/);
  });

  it('a workspace catalog shows in the data label', () => {
    const merged = buildFlows(catalogFlowsInput(new Catalog([], [], { asOf: '2026-07-01' }), '/ws/.hashpivot/catalog.json'));
    assert.deepEqual(merged.data, { kind: 'snapshot', text: 'catalog of 2026-07-01 + workspace catalog' });
    assert.deepEqual(merged.nodes, []);
    assert.deepEqual(merged.totals, { knownUsd: 0, deals: 0, unknownDeals: 0 });
  });

  it('its payload passes the webview guard, in the wire form too', () => {
    const m = { type: 'data' as const, payload: d };
    assert.equal(parseHostMessage(JSON.parse(JSON.stringify(m))).ok, true);
    assert.equal(parseWireHostMessage(JSON.parse(JSON.stringify(packHostMessage(m)))).ok, true);
  });
});

describe('capital flows messages', () => {
  const base = buildFlows({ links: catalogFlowLinks(DEALS), asOf: '2026-06-29' });
  const bad = (mutate: (d: FlowsData) => void): string => {
    const d = JSON.parse(JSON.stringify(base)) as FlowsData;
    mutate(d);
    const r = parseHostMessage({ type: 'data', payload: d });
    assert.equal(r.ok, false);
    return r.ok ? '' : r.reason;
  };

  it('the webview drops a flows payload that is not what buildFlows makes', () => {
    assert.match(
      bad((d) => ((d as unknown as { range: string }).range = '1Y')),
      /range is not ALL/,
    );
    assert.match(
      bad((d) => (d.links[0]!.to = 'miner:NOPE')),
      /unknown nodes/,
    );
    assert.match(
      bad((d) => (d.links.find((l) => l.unknown)!.valueUsd = 1)),
      /bad value/,
      'an undisclosed link with a value',
    );
    assert.match(
      bad((d) => (d.links.find((l) => !l.unknown)!.valueUsd = null)),
      /bad value/,
      'a known link without one',
    );
    assert.match(
      bad((d) => ((d.nodes[0] as unknown as { kind: string }).kind = 'tenant')),
      /a bad node/,
    );
    assert.match(
      bad((d) => (d.nodes[0]!.label = 'Goo\ngle')),
      /a bad node/,
    );
    assert.match(
      bad((d) => (d.nodes[0]!.id = 'backer:Other')),
      /a bad node/,
    );
    assert.match(
      bad((d) => (d.nodes[0]!.knownUsd = Number.NaN)),
      /bad figures/,
    );
    assert.match(
      bad((d) => delete (d as unknown as { links?: unknown }).links),
      /without nodes, links/,
    );
  });

  it('the host takes filterDeals only with a known kind, a one-line label and the id that goes with them', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'filterDeals', id: 'backer:Google', kind: 'backer', label: 'Google' }), {
      ok: true,
      message: { type: 'filterDeals', id: 'backer:Google', kind: 'backer', label: 'Google' },
    });
    assert.equal(parseWebviewMessage({ type: 'filterDeals', id: 'miner:WULF', kind: 'miner', label: 'WULF', extra: 1 }).ok, true);
    for (const m of [
      { type: 'filterDeals', id: 'tenant:X', kind: 'tenant', label: 'X' },
      { type: 'filterDeals', id: 'backer:Google', kind: 'backer', label: 'Alphabet' },
      { type: 'filterDeals', id: 'backer:', kind: 'backer', label: '' },
      { type: 'filterDeals', id: 'backer:a\u0000b', kind: 'backer', label: 'a\u0000b' },
      { type: 'filterDeals', id: `backer:${'x'.repeat(301)}`, kind: 'backer', label: 'x'.repeat(301) },
      { type: 'filterDeals', kind: 'backer', label: 'Google' },
      { type: 'filterDeals', id: 'backer:Google', kind: 'backer', label: 42 },
    ]) {
      const r = parseWebviewMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m).slice(0, 80));
      if (!r.ok) assert.match(r.reason, /^filterDeals: /);
    }
  });

  it('the panel is one of its kind, always on ALL, whatever state a webview saved', () => {
    const s = reviveState('flows', { range: '1Y', symbols: ['IREN'], basis: 'portfolio' });
    assert.deepEqual(s, { kind: 'flows', symbols: [], range: 'ALL', scenario: undefined, basis: undefined });
    assert.equal(panelKey(s), 'flows');
    assert.equal(panelTitle(s), 'Hashpivot Capital Flows');
  });
});
