/**
 * Concentration and counterparty alert rules (issue 20, part 5): validation, descriptions, and
 * evaluation on the exposure model (src/core/exposure) of the hand-checked catalog of
 * test/support/exposureCatalog.ts, of the shipped catalog, and of the shipped catalog with an
 * override file merged over it (a new deal appearing).
 */
import assert from 'node:assert/strict';
import { Catalog, catalogExposure, loadCatalog, readCatalogFile, type CatalogDeal } from '../../src/catalog';
import {
  COUNTERPARTY_SYMBOL,
  deriveRuleId,
  describeRule,
  evaluateRules,
  parseMemory,
  parseRuleFieldInput,
  parseRulesFile,
  ruleSymbol,
  validateRule,
  type AlertData,
  type AlertMemoryMap,
  type AlertRule,
  type RuleContext,
} from '../../src/core/alerts';
import { lineColumn } from '../../src/core/jsonText';
import { B, deal, exposureCatalog } from '../support/exposureCatalog';

const NOW = new Date('2026-01-15T12:00:00Z');
const LATER = new Date('2026-01-16T12:00:00Z');
const SHIPPED = 'media/catalog/catalog.json';

const CATALOG = new Set(['WULF', 'CIFR', 'HUT', 'IREN', 'GLXY', 'AAA', 'BBB', 'CCC', 'DDD']);
const ctx: RuleContext = { isKnownSymbol: () => true, isCatalogCompany: (s) => CATALOG.has(s) };

const rule = (r: Record<string, unknown>): AlertRule => {
  const v = validateRule(r, ctx);
  assert.ok(v.rule, v.problems.join('; '));
  return v.rule;
};
const dataOf = (catalog: Catalog, now = NOW): AlertData => ({ series: () => undefined, exposure: () => catalogExposure(catalog), now });
const one = (rules: AlertRule[], memory: AlertMemoryMap, data: AlertData) => {
  const r = evaluateRules(rules, memory, data);
  return { ...r, state: r.states[0]! };
};

const shipped = () => loadCatalog(readCatalogFile(SHIPPED)).catalog;

/** The shipped catalog with these deals merged over it (as a workspace .hashpivot/catalog.json would). */
function withDeals(deals: Array<Partial<CatalogDeal> & { id: string; provider: string }>): Catalog {
  const src = [{ title: 'Release', url: 'https://example.com/r', date: '2026-01-10' }];
  const text = JSON.stringify({
    miners: [],
    deals: deals.map((d) => ({ name: d.id, kind: 'lease', stage: 'contracted', confidence: 'medium', sources: src, ...d })),
  });
  const loaded = loadCatalog(readCatalogFile(SHIPPED), { file: 'override.json', text });
  assert.deepEqual(
    loaded.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return loaded.catalog;
}

const fluidstack = (id: string, provider: string, valueUSD: number | null) => ({
  id,
  provider,
  valueUSD,
  counterparty: 'Fluidstack',
  counterpartyEntity: 'Fluidstack',
});

describe('alerts: concentration and counterparty rules, validation', () => {
  it('accepts both kinds, normalises, reads "60%" and fills no default', () => {
    assert.deepEqual(validateRule({ kind: 'concentration', symbol: '$wulf', above: '60%' }, ctx).rule, {
      id: deriveRuleId({ kind: 'concentration', symbol: 'WULF', above: 0.6, enabled: true, id: '' }),
      kind: 'concentration',
      enabled: true,
      symbol: 'WULF',
      above: 0.6,
    });
    const any = validateRule({ kind: 'counterparty', above: 1e10 }, ctx).rule!;
    assert.deepEqual(any, { id: any.id, kind: 'counterparty', enabled: true, above: 1e10 });
    assert.match(any.id, /^counterparty-any-[0-9a-f]{8}$/);
    const aws = validateRule({ kind: 'counterparty', counterparty: '  Amazon   Web Services ', above: 5e9 }, ctx).rule!;
    assert.equal((aws as { counterparty?: string }).counterparty, 'Amazon Web Services');
    assert.match(aws.id, /^counterparty-amazonwebservices-[0-9a-f]{8}$/);
    // null is "every counterparty", as absent.
    assert.equal('counterparty' in validateRule({ kind: 'counterparty', counterparty: null, above: 5e9 }, ctx).rule!, false);
    assert.equal(ruleSymbol(any), COUNTERPARTY_SYMBOL);
    assert.equal(ruleSymbol(rule({ kind: 'concentration', symbol: 'HUT', above: 0.5 })), 'HUT');
  });

  it('names the field in every problem, with what it wants', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ kind: 'concentration', symbol: 'NVDA', above: 0.6 }, /^symbol: NVDA is not a company of the catalog$/],
      [{ kind: 'concentration', symbol: 'WULF' }, /^above: missing: the largest counterparty's share of the backlog as a fraction in \(0, 1\), 0\.6 or "60%"$/],
      [{ kind: 'concentration', above: 0.6 }, /^symbol: missing: a company of the catalog, e\.g\. WULF$/],
      [
        { kind: 'concentration', symbol: 'WULF', above: 60 },
        /^above: the largest counterparty's share must be in \(0, 1\), .*got 60; did you mean 60% \(0\.6\)\?$/,
      ],
      [{ kind: 'concentration', symbol: 'WULF', above: '100%' }, /^above: a share of the backlog can never be above 100%: use a level below it/],
      [{ kind: 'concentration', symbol: 'WULF', above: 0 }, /^above: the largest counterparty's share must be in \(0, 1\)/],
      [{ kind: 'concentration', symbol: 'WULF', above: 0.6, window: 30 }, /^window: unknown field for a concentration rule \(its fields: symbol, above, id, /],
      [
        { kind: 'counterparty', counterparty: 'Fluidstack' },
        /^above: missing: the counterparty's contracted backlog in USD, e\.g\. 10000000000 or 1e10 for \$10B$/,
      ],
      [{ kind: 'counterparty', above: '10B' }, /^above: must be a backlog in USD above 0 \(up to 1e12\), got "10B" \(a JSON number: 1e10 for \$10B\)$/],
      [{ kind: 'counterparty', above: -5 }, /^above: must be a backlog in USD above 0/],
      [
        { kind: 'counterparty', above: 1e10, counterparty: ' ' },
        /^counterparty: must be a company's name such as Fluidstack or AWS \(leave it out to watch every counterparty\), got " "$/,
      ],
      [{ kind: 'counterparty', above: 1e10, counterparty: '*' }, /^counterparty: leave the field out to watch every counterparty/],
      [{ kind: 'counterparty', above: 1e10, symbol: 'WULF' }, /^symbol: unknown field for a counterparty rule \(its fields: counterparty, above, id, /],
    ];
    for (const [input, want] of cases) {
      const v = validateRule(input, ctx);
      assert.equal(v.rule, undefined, JSON.stringify(input));
      assert.ok(
        v.problems.some((p) => want.test(p)),
        `${JSON.stringify(input)}: ${v.problems.join(' | ')}`,
      );
    }
  });

  it('QuickPick input: shares as 60% or 0.6, backlogs as $10B, 500M, 2.5 bn or 1e10', () => {
    const share = (t: string) => parseRuleFieldInput('concentration', 'above', t, ctx);
    assert.equal(share('60%').value, 0.6);
    assert.equal(share('0.75').value, 0.75);
    assert.match(share('').problem!, /type a number/);
    assert.match(share('75').problem!, /did you mean 75%/);
    const usd = (t: string) => parseRuleFieldInput('counterparty', 'above', t, ctx);
    assert.equal(usd('$10B').value, 10e9);
    assert.equal(usd('10b').value, 10e9);
    assert.equal(usd('500M').value, 500e6);
    assert.equal(usd('2.5 bn').value, 2.5e9);
    assert.equal(usd('1e10').value, 1e10);
    assert.equal(usd('10,000,000,000').value, 1e10);
    assert.equal(usd('12000 USD').value, 12000);
    assert.match(usd('ten').problem!, /^type an amount of USD: 10B, 500M, \$2\.5bn or 1e10$/);
    assert.match(usd('2000B').problem!, /up to 1e12/);
  });

  it('a rules file: each bad entry skipped with its field and position, the good ones kept', () => {
    const text = `{ "rules": [
  { "id": "w", "kind": "concentration", "symbol": "WULF", "above": 0.6 },
  { "id": "x", "kind": "concentration", "symbol": "WULF", "above": 1.5 },
  { "id": "y", "kind": "counterparty", "counterparty": "Fluidstack", "above": "10B" },
  { "id": "z", "kind": "counterparty", "above": 1e10 }
] }`;
    const { rules, problems } = parseRulesFile(text, 'alerts.json', ctx);
    assert.deepEqual(
      rules.map((r) => r.id),
      ['w', 'z'],
    );
    assert.deepEqual(
      problems.map((p) => [p.entry, p.field, lineColumn(text, p.offset!)]),
      [
        ['x', 'rules[1].above', { line: 3, column: 68 }],
        ['y', 'rules[2].above', { line: 4, column: 79 }],
      ],
    );
  });

  it('describes what each rule watches', () => {
    assert.equal(describeRule(rule({ kind: 'concentration', symbol: 'WULF', above: 0.6 })), 'WULF largest counterparty above 60% of its backlog');
    assert.equal(describeRule(rule({ kind: 'counterparty', above: 1e10 })), 'New deal with a counterparty whose backlog is above $10B');
    assert.equal(describeRule(rule({ kind: 'counterparty', counterparty: 'AWS', above: 5e9 })), 'New deal with AWS while its backlog is above $5B');
  });
});

describe('alerts: concentration rules', () => {
  const c = exposureCatalog();

  it('on the hand-built catalog: BBB Fluidstack 7 of 12B = 58.3%; AAA a lower bound; CCC one counterparty; DDD an error', () => {
    const rules = [
      rule({ id: 'bbb-50', kind: 'concentration', symbol: 'BBB', above: 0.5 }),
      rule({ id: 'bbb-60', kind: 'concentration', symbol: 'BBB', above: '60%' }),
      rule({ id: 'aaa', kind: 'concentration', symbol: 'AAA', above: 0.9 }),
      rule({ id: 'ccc', kind: 'concentration', symbol: 'CCC', above: 0.99 }),
      rule({ id: 'ddd', kind: 'concentration', symbol: 'DDD', above: 0.5 }),
    ];
    const r = evaluateRules(rules, {}, dataOf(c));
    const st = (id: string) => r.states.find((s) => s.ruleId === id)!;
    // BBB: b1 Fluidstack 7 + b2 Microsoft 3 + b3 1 + b4 1 (two undisclosed counterparties) = 12B; 7 / 12 = 0.58333.
    assert.equal(st('bbb-50').status, 'triggered');
    assert.ok(Math.abs(st('bbb-50').value! - 7 / 12) < 1e-12);
    assert.equal(st('bbb-50').threshold, 0.5);
    assert.ok(Math.abs(st('bbb-50').distance! - (0.5 - 7 / 12)) < 1e-12);
    assert.equal(st('bbb-50').unit, 'fraction');
    assert.equal(st('bbb-50').distanceText, 'BBB: Fluidstack 58.3% of the known backlog ($12B), 8.3 points above the 50% trigger');
    assert.equal(st('bbb-60').status, 'armed');
    assert.equal(st('bbb-60').distanceText, 'BBB: Fluidstack 58.3% of the known backlog ($12B), 1.7 points below the 60% trigger');
    // AAA: a1 3.7B, a2 of undisclosed value (both Fluidstack): 100% of the known 3.7B, a lower bound.
    assert.equal(st('aaa').status, 'triggered');
    assert.equal(
      st('aaa').distanceText,
      'AAA: Fluidstack 100% of the known backlog ($3.7B), 10 points above the 90% trigger (the backlog is a lower bound: a2 has no disclosed value and is not in the shares)',
    );
    // CCC: c1 2 + c2 0.6, both CoreWeave.
    assert.equal(st('ccc').value, 1);
    assert.equal(st('ccc').status, 'triggered');
    assert.equal(st('ddd').status, 'error');
    assert.equal(st('ddd').message, 'DDD: no known backlog: no contracted deal');
    assert.equal(st('ddd').distanceText, 'error: DDD: no known backlog: no contracted deal');
    assert.deepEqual(
      r.events.map((e) => [e.ruleId, e.kind, e.symbol]),
      [
        ['bbb-50', 'triggered', 'BBB'],
        ['aaa', 'triggered', 'AAA'],
        ['ccc', 'triggered', 'CCC'],
      ],
    );
    assert.equal(
      r.events[0]!.message,
      'BBB largest counterparty above 50% of its backlog: BBB: Fluidstack 58.3% of the known backlog ($12B), 8.3 points above the 50% trigger',
    );
  });

  it('notifies once, stays triggered, re-arms with a cleared event when a new deal dilutes the share, and notifies again', () => {
    const r = [rule({ id: 'bbb', kind: 'concentration', symbol: 'BBB', above: 0.5 })];
    const first = one(r, {}, dataOf(c));
    assert.equal(first.events.length, 1);
    const again = one(r, first.memory, dataOf(c));
    assert.equal(again.state.status, 'triggered');
    assert.deepEqual(again.events, []);
    // A new $3B deal with Microsoft: Fluidstack 7 of 15B = 46.7%.
    const diluted = new Catalog(c.miners, [...c.deals, deal('b5', 'BBB', { counterparty: 'Microsoft', counterpartyEntity: 'Microsoft', valueUSD: 3 * B })]);
    const cleared = one(r, again.memory, dataOf(diluted));
    assert.equal(cleared.state.status, 'armed');
    assert.equal(cleared.state.distanceText, 'BBB: Fluidstack 46.7% of the known backlog ($15B), 3.3 points below the 50% trigger');
    assert.deepEqual(
      cleared.events.map((e) => e.kind),
      ['cleared'],
    );
    assert.match(cleared.events[0]!.message, /^BBB largest counterparty above 50% of its backlog: cleared, re-armed \(BBB: Fluidstack 46\.7%/);
    const back = one(r, cleared.memory, dataOf(c));
    assert.deepEqual(
      back.events.map((e) => e.kind),
      ['triggered'],
    );
  });

  it('without an exposure model, or with one that throws, the rules are errors; the other rules are evaluated', () => {
    const r = [rule({ id: 'bbb', kind: 'concentration', symbol: 'BBB', above: 0.5 }), rule({ id: 'k', kind: 'counterparty', above: 1e9 })];
    const none = evaluateRules(r, {}, { series: () => undefined, now: NOW });
    assert.deepEqual(
      none.states.map((s) => [s.status, s.message]),
      [
        ['error', 'no catalog to build the exposure model from'],
        ['error', 'no catalog to build the exposure model from'],
      ],
    );
    let calls = 0;
    const throwing = evaluateRules(
      r,
      {},
      {
        series: () => undefined,
        now: NOW,
        exposure: () => {
          calls++;
          throw new Error('catalog broken');
        },
      },
    );
    assert.deepEqual(
      throwing.states.map((s) => s.message),
      ['catalog broken', 'catalog broken'],
    );
    assert.equal(calls, 1, 'the model is built once per evaluation');
  });

  it('on the shipped catalog: WULF and HUT 100% Fluidstack (lower bounds), CIFR Amazon 64.7%, GLXY and MARA errors', () => {
    const rules = ['WULF', 'CIFR', 'HUT', 'IREN', 'GLXY', 'MARA'].map(
      (s) => ({ id: s, kind: 'concentration', symbol: s, above: 0.6, enabled: true }) as AlertRule,
    );
    const r = evaluateRules(rules, {}, dataOf(shipped()));
    const st = (id: string) => r.states.find((s) => s.ruleId === id)!;
    // WULF: Lake Mariner 3.7 + Abernathy JV 9.5 = 13.2B, both Fluidstack; CB-5 (Fluidstack too) has no disclosed value.
    assert.equal(st('WULF').status, 'triggered');
    assert.equal(st('WULF').value, 1);
    assert.equal(
      st('WULF').distanceText,
      'WULF: Fluidstack 100% of the known backlog ($13.2B), 40 points above the 60% trigger (the backlog is a lower bound: wulf-fluidstack-cb5-2025 has no disclosed value and is not in the shares)',
    );
    // CIFR: AWS 5.5 + Fluidstack Barber Lake 3.0 = 8.5B; Amazon 5.5 / 8.5 = 0.64706.
    assert.equal(st('CIFR').status, 'triggered');
    assert.ok(Math.abs(st('CIFR').value! - 5.5 / 8.5) < 1e-12);
    assert.equal(st('CIFR').distanceText, 'CIFR: Amazon 64.7% of the known backlog ($8.5B), 4.7 points above the 60% trigger');
    // HUT: River Bend 7.0B (Fluidstack); the GPUaaS deal (undisclosed customer) has no disclosed value.
    assert.equal(st('HUT').value, 1);
    assert.equal(
      st('HUT').distanceText,
      'HUT: Fluidstack 100% of the known backlog ($7B), 40 points above the 60% trigger (the backlog is a lower bound: hut-highrise-gpuaas-2024 has no disclosed value and is not in the shares)',
    );
    // IREN: Microsoft 9.7 of 13.1B (with the undisclosed customer's 3.4B) = 0.74046.
    assert.equal(st('IREN').distanceText, 'IREN: Microsoft 74% of the known backlog ($13.1B), 14 points above the 60% trigger');
    assert.equal(st('GLXY').status, 'error');
    assert.equal(st('GLXY').message, 'GLXY: no known backlog: the contracted deal(s) have no disclosed value (glxy-coreweave-helios)');
    assert.equal(st('MARA').message, 'MARA: no known backlog: no contracted deal');
    // A level above the share: armed, with the distance in points.
    const cifr80 = one([{ id: 'c', kind: 'concentration', symbol: 'CIFR', above: 0.8, enabled: true } as AlertRule], {}, dataOf(shipped()));
    assert.equal(cifr80.state.status, 'armed');
    assert.equal(cifr80.state.distanceText, 'CIFR: Amazon 64.7% of the known backlog ($8.5B), 15 points below the 80% trigger');
  });

  it('a company no longer in the catalog is an error, not a crash', () => {
    const r = one([{ id: 'z', kind: 'concentration', symbol: 'ZZZ', above: 0.5, enabled: true } as AlertRule], {}, dataOf(shipped()));
    assert.equal(r.state.status, 'error');
    assert.equal(r.state.message, 'ZZZ is not a company of the catalog');
  });
});

describe('alerts: counterparty rules', () => {
  const any10 = () => rule({ id: 'big', kind: 'counterparty', above: 10e9 });

  it('the first evaluation only records the deals; the state is the largest named counterparty’s backlog', () => {
    const first = one([any10()], {}, dataOf(shipped()));
    assert.equal(first.state.status, 'armed');
    assert.deepEqual(first.events, []);
    // Fluidstack: WULF 3.7 + 9.5, CIFR 3.0, HUT 7.0 = 23.2B (CB-5 undisclosed); CoreWeave 8.7 + 11.0 = 19.7B.
    assert.equal(first.state.value, 23.2 * B);
    assert.equal(first.state.threshold, 10e9);
    assert.equal(first.state.distance, 10e9 - 23.2 * B);
    assert.equal(first.state.unit, 'usd');
    assert.equal(first.state.symbol, COUNTERPARTY_SYMBOL);
    assert.equal(
      first.state.distanceText,
      'largest counterparty Fluidstack: $23.2B of contracted backlog (a lower bound), $13.2B above the $10B trigger (2 above it: Fluidstack, CoreWeave); 21 deals recorded, watching for new ones',
    );
    assert.equal(Object.keys(first.memory.big!.lastSeenDeals!).length, 21);
    assert.equal(first.memory.big!.lastSeenDeals!['cifr-aws-2025'], 'amazon');
    assert.deepEqual(parseMemory(JSON.parse(JSON.stringify(first.memory))).dropped, [], 'the memory survives storage');
    const unchanged = one([any10()], first.memory, dataOf(shipped()));
    assert.equal(unchanged.state.status, 'armed');
    assert.match(unchanged.state.distanceText, /; no new deal since the last check$/);
    assert.deepEqual(unchanged.events, []);
  });

  it('a new deal in an override catalog with a counterparty above the trigger notifies once, then re-arms; the next such deal notifies again', () => {
    const first = one([any10()], {}, dataOf(shipped()));
    // HUT signs $2B more with Fluidstack: Fluidstack 23.2 + 2 = 25.2B.
    const one1 = withDeals([fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9)]);
    const hit = one([any10()], first.memory, dataOf(one1));
    assert.equal(hit.state.status, 'triggered');
    assert.equal(hit.state.value, 25.2e9);
    assert.equal(
      hit.state.distanceText,
      'new deal hut-fluidstack-new-2026 (hut-fluidstack-new-2026: $2B) with Fluidstack, whose contracted backlog is now $25.2B (a lower bound), $15.2B above the $10B trigger',
    );
    assert.deepEqual(
      hit.events.map((e) => [e.kind, e.symbol]),
      [['triggered', COUNTERPARTY_SYMBOL]],
    );
    assert.equal(hit.events[0]!.message, `New deal with a counterparty whose backlog is above $10B: ${hit.state.distanceText}`);

    const same = one([any10()], hit.memory, dataOf(one1));
    assert.equal(same.state.status, 'armed');
    assert.deepEqual(
      same.events.map((e) => e.kind),
      ['cleared'],
    );
    const again = one([any10()], same.memory, dataOf(one1));
    assert.deepEqual(again.events, []);

    // Two more: a plan with CoreWeave (not backlog, CoreWeave still 19.7B) and a deal with Amazon (5.5 + 1 = 6.5B, below).
    const two = withDeals([
      fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9),
      {
        id: 'apld-coreweave-plan-2026',
        provider: 'APLD',
        kind: 'development-plan',
        stage: 'planned',
        valueUSD: 4e9,
        counterparty: 'CoreWeave',
        counterpartyEntity: 'CoreWeave',
      },
      { id: 'cifr-aws-more-2026', provider: 'CIFR', valueUSD: 1e9, counterparty: 'AWS', counterpartyEntity: 'Amazon' },
    ]);
    const next = one([any10()], again.memory, dataOf(two));
    assert.equal(next.state.status, 'triggered');
    assert.equal(
      next.state.distanceText,
      'new deal apld-coreweave-plan-2026 (apld-coreweave-plan-2026: $4B, not counted as backlog: a development plan: capex or plans, no tenant contract) with CoreWeave, whose contracted backlog is $19.7B (a lower bound), $9.7B above the $10B trigger',
    );
    assert.equal(next.events.length, 1);
  });

  it('new deals below the trigger, or with an undisclosed counterparty, do not notify, and the text says what came', () => {
    const first = one([any10()], {}, dataOf(shipped()));
    const cat = withDeals([
      { id: 'cifr-aws-more-2026', provider: 'CIFR', valueUSD: 1e9, counterparty: 'AWS', counterpartyEntity: 'Amazon' },
      { id: 'wulf-mystery-2026', provider: 'WULF', valueUSD: 50e9, counterparty: 'undisclosed', counterpartyEntity: null },
    ]);
    const r = one([any10()], first.memory, dataOf(cat));
    assert.equal(r.state.status, 'armed');
    assert.deepEqual(r.events, []);
    assert.match(
      r.state.distanceText,
      /; 2 new deals since the last check, none with a counterparty above the trigger \(cifr-aws-more-2026, wulf-mystery-2026\)$/,
    );
  });

  it('with a counterparty: only deals with it, its aliases resolved (AWS → Amazon); its backlog is the state', () => {
    const aws = rule({ id: 'aws', kind: 'counterparty', counterparty: 'AWS', above: 5e9 });
    const first = one([aws], {}, dataOf(shipped()));
    assert.equal(first.state.value, 5.5e9);
    assert.equal(first.state.distanceText, 'Amazon: $5.5B of contracted backlog, $500M above the $5B trigger; 21 deals recorded, watching for new ones');
    // A new Fluidstack deal is not Amazon's.
    const fs = one([aws], first.memory, dataOf(withDeals([fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9)])));
    assert.equal(fs.state.status, 'armed');
    assert.match(fs.state.distanceText, /none with Amazon above the trigger \(hut-fluidstack-new-2026\)$/);
    const amazon = one(
      [aws],
      fs.memory,
      dataOf(
        withDeals([
          fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9),
          { id: 'iren-aws-2026', provider: 'IREN', valueUSD: 1e9, counterparty: 'Amazon Web Services', counterpartyEntity: 'Amazon' },
        ]),
      ),
    );
    assert.equal(amazon.state.status, 'triggered');
    assert.equal(amazon.state.value, 6.5e9);
    assert.equal(
      amazon.state.distanceText,
      'new deal iren-aws-2026 (iren-aws-2026: $1B) with Amazon, whose contracted backlog is now $6.5B, $1.5B above the $5B trigger',
    );
  });

  it('a company named only as a backer has no backlog as a counterparty (0); a new deal making it one notifies when above', () => {
    const google = rule({ id: 'g', kind: 'counterparty', counterparty: 'Alphabet', above: 1e9 });
    const first = one([google], {}, dataOf(shipped()));
    assert.equal(first.state.status, 'armed');
    assert.equal(first.state.value, 0);
    assert.equal(
      first.state.distanceText,
      'Google: no contracted backlog as a counterparty (the catalog names it as a backer only); 21 deals recorded, watching for new ones',
    );
    const r = one(
      [google],
      first.memory,
      dataOf(withDeals([{ id: 'iren-google-2026', provider: 'IREN', valueUSD: 3e9, counterparty: 'Google', counterpartyEntity: 'Google' }])),
    );
    assert.equal(r.state.status, 'triggered');
    assert.equal(r.state.value, 3e9);
  });

  it('an unknown company is an error listing the known ones; the deals are still recorded, so its first deal notifies', () => {
    const lambda = rule({ id: 'l', kind: 'counterparty', counterparty: 'lambda', above: 1e9 });
    const first = one([lambda], {}, dataOf(shipped()));
    assert.equal(first.state.status, 'error');
    assert.equal(
      first.state.message,
      'unknown entity "lambda" (known: Amazon, AMD, Anthropic, CoreWeave, EDF, Fluidstack, Google, Microsoft, MPLX, Oracle, Submer)',
    );
    assert.deepEqual(first.events, []);
    assert.equal(Object.keys(first.memory.l!.lastSeenDeals!).length, 21);
    const r = one(
      [lambda],
      first.memory,
      dataOf(withDeals([{ id: 'cifr-lambda-2026', provider: 'CIFR', valueUSD: 2e9, counterparty: 'Lambda', counterpartyEntity: 'Lambda' }])),
    );
    assert.equal(r.state.status, 'triggered');
    assert.equal(
      r.state.distanceText,
      'new deal cifr-lambda-2026 (cifr-lambda-2026: $2B) with Lambda, whose contracted backlog is now $2B, $1B above the $1B trigger',
    );
  });

  it('snoozed: the deals seen before the snooze are kept, so a new deal during it notifies after it', () => {
    const first = one([any10()], {}, dataOf(shipped()));
    const cat = withDeals([fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9)]);
    const snoozed = one([{ ...any10(), snoozedUntil: '2026-01-16T00:00:00.000Z' }], first.memory, dataOf(cat));
    assert.equal(snoozed.state.status, 'snoozed');
    assert.deepEqual(snoozed.events, []);
    const after = one([any10()], snoozed.memory, dataOf(cat, LATER));
    assert.deepEqual(
      after.events.map((e) => e.kind),
      ['triggered'],
    );
  });

  it('disabled: no event and the memory reset, so a re-enabled rule records afresh', () => {
    const first = one([any10()], {}, dataOf(shipped()));
    const cat = withDeals([fluidstack('hut-fluidstack-new-2026', 'HUT', 2e9)]);
    const off = one([{ ...any10(), enabled: false }], first.memory, dataOf(cat));
    assert.equal(off.state.status, 'disabled');
    assert.equal(off.memory.big!.lastSeenDeals, undefined);
    const on = one([any10()], off.memory, dataOf(cat));
    assert.equal(on.state.status, 'armed');
    assert.match(on.state.distanceText, /22 deals recorded, watching for new ones$/);
  });
});
