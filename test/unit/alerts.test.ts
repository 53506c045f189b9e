/**
 * Alerts (src/core/alerts): rule validation, the workspace rules file, descriptions, and evaluation —
 * each rule kind on series built here and on the real snapshot at fixed as-of dates, notify-once
 * and re-arm sequences, snooze, disabled, error isolation, stale data, deal rules.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  checkRuleField,
  dealFingerprint,
  deriveRuleId,
  describeRule,
  evaluateRules,
  parseMemory,
  parseRuleFieldInput,
  parseRulesFile,
  pointsText,
  pruneMemory,
  ruleLabel,
  summarizeStates,
  validateRule,
  type AlertData,
  type AlertDeal,
  type AlertMemoryMap,
  type AlertRule,
  type AlertState,
  type RuleContext,
} from '../../src/core/alerts';
import { addDays } from '../../src/core/calendar';
import { computeReport, type ReportSeries } from '../../src/core/report';
import type { AssetClass, DataOrigin, SourceKind } from '../../src/core/types';
import { loadSnapshotFile, type Snapshot } from '../../src/data/snapshot';

const KNOWN = new Set(['IREN', 'CORZ', 'WULF', 'CIFR', 'CLSK', 'BTC', 'NDX', 'TEST', 'PAIR']);
const CATALOG = new Set(['IREN', 'WULF', 'CORZ']);
const ctx: RuleContext = { isKnownSymbol: (s) => KNOWN.has(s), isCatalogCompany: (s) => CATALOG.has(s) };

const NOW = new Date('2026-01-15T12:00:00Z');
const LATER = new Date('2026-01-16T12:00:00Z');

function origin(kind: SourceKind = 'live', asOf = '2026-01-15T11:00:00Z'): DataOrigin {
  return { kind, provider: kind === 'snapshot' ? 'snapshot' : 'yahoo', asOf };
}

/** Daily closes (every calendar day) from `start`. */
function daily(
  closes: number[],
  opts: { start?: string; assetClass?: AssetClass; kind?: SourceKind; originAsOf?: string; symbol?: string } = {},
): ReportSeries {
  const start = opts.start ?? '2025-01-01';
  return {
    assetClass: opts.assetClass ?? 'crypto',
    series: { symbol: opts.symbol ?? 'TEST', dates: closes.map((_, i) => addDays(start, i)), close: closes, origin: origin(opts.kind, opts.originAsOf) },
  };
}

function dataOf(map: Record<string, ReportSeries>, extra: Partial<AlertData> = {}): AlertData {
  return { series: (s) => map[s], now: NOW, ...extra };
}

function rule<R extends AlertRule>(r: Omit<R, 'enabled'> & { enabled?: boolean }): R {
  return { enabled: true, ...r } as R;
}

function one(rules: AlertRule[], memory: AlertMemoryMap, data: AlertData, asOf?: string) {
  const res = evaluateRules(rules, memory, data, asOf ? { asOf } : {});
  return { ...res, state: res.states[0]! };
}

/** A flat series of `n` days at `level`, then the given closes. */
const flatThen = (n: number, level: number, tail: number[]) => [...Array<number>(n).fill(level), ...tail];

// ------------------------------------------------------------------------------- validation

describe('alerts: validateRule', () => {
  it('accepts each kind, normalises symbols, reads "15%" as 0.15 and fills the documented defaults', () => {
    const cases: Array<[unknown, Partial<AlertRule>]> = [
      [
        { id: 'p', kind: 'price', symbol: '$iren', op: 'Above', value: 50 },
        { symbol: 'IREN', op: 'above', value: 50, enabled: true },
      ],
      [
        { id: 'c', kind: 'change', symbol: 'btc-usd', days: 30, op: 'beyond', pct: '15%' },
        { symbol: 'BTC', pct: 0.15 },
      ],
      [{ id: 'd', kind: 'drawdown', symbol: 'IREN', depth: 0.4 }, { depth: 0.4 }],
      [
        { id: 'v', kind: 'volatility', symbol: 'CORZ', above: 0.9 },
        { window: 30, above: 0.9 },
      ],
      [
        { id: 'r', kind: 'correlation', symbol: 'WULF', benchmark: '^NDX', op: 'below', value: 0.3 },
        { benchmark: 'NDX', window: 90 },
      ],
      [
        { id: 'b', kind: 'beta', symbol: 'CIFR', benchmark: 'BTC', crossing: 1 },
        { window: 90, direction: 'either' },
      ],
      [
        { id: 'n', kind: 'deal', symbol: 'wulf', enabled: false, snoozedUntil: '2026-02-01T00:00:00Z', name: 'TeraWulf deals' },
        { symbol: 'WULF', enabled: false, snoozedUntil: '2026-02-01T00:00:00.000Z', name: 'TeraWulf deals' },
      ],
    ];
    for (const [input, want] of cases) {
      const { rule: r, problems } = validateRule(input, ctx);
      assert.deepEqual(problems, [], JSON.stringify(input));
      assert.ok(r);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((r as unknown as Record<string, unknown>)[k], v, `${JSON.stringify(input)} ${k}`);
    }
  });

  it('names the field in every problem and never returns a half-made rule', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ kind: 'price', symbol: 'FOO', op: 'above', value: 5 }, /^symbol: FOO is not a known symbol$/],
      [{ kind: 'deal', symbol: 'NVDA' }, /^symbol: NVDA is not a company of the catalog$/],
      [{ kind: 'price', symbol: 'IREN', op: 'above', value: 0 }, /^value: price must be > 0, got 0$/],
      [{ kind: 'price', symbol: 'IREN', op: 'above', value: '50' }, /^value: price must be > 0, got "50"$/],
      [{ kind: 'price', symbol: 'IREN', op: 'over', value: 50 }, /^op: must be above or below, got "over"$/],
      [
        { kind: 'drawdown', symbol: 'IREN', depth: 40 },
        /^depth: drawdown depth must be in \(0, 1\), 0\.3 for deeper than −30%, got 40; did you mean 40% \(0\.4\)\?$/,
      ],
      [{ kind: 'drawdown', symbol: 'IREN', depth: 0 }, /^depth: drawdown depth must be in \(0, 1\)/],
      [{ kind: 'volatility', symbol: 'CORZ', window: 30, above: 0 }, /^above: volatility must be above 0, got 0$/],
      [
        { kind: 'volatility', symbol: 'CORZ', window: 30, above: 90 },
        /^above: volatility is a fraction \(0\.9 for 90% a year\) up to 10, got 90; did you mean 90%\?$/,
      ],
      [{ kind: 'volatility', symbol: 'CORZ', window: 3, above: 0.9 }, /^window: must be a whole number of days from 5 to 365, got 3$/],
      [
        { kind: 'correlation', symbol: 'WULF', benchmark: 'BTC', window: 30.5, op: 'above', value: 0.5 },
        /^window: must be a whole number of days from 5 to 365, got 30\.5$/,
      ],
      [{ kind: 'correlation', symbol: 'WULF', benchmark: 'BTC', op: 'above', value: 1.5 }, /^value: correlation value must lie in \[-1, 1\], got 1\.5$/],
      [{ kind: 'correlation', symbol: 'WULF', benchmark: 'BTC', op: 'above', value: 1 }, /^value: correlation can never be above 1$/],
      [{ kind: 'correlation', symbol: 'BTC', benchmark: 'BTC', op: 'above', value: 0.5 }, /^benchmark: BTC cannot be compared with itself$/],
      [{ kind: 'correlation', symbol: 'WULF', benchmark: 'SPX', op: 'above', value: 0.5 }, /^benchmark: must be BTC or NDX, got "SPX"$/],
      [{ kind: 'change', symbol: 'BTC', days: 30, op: 'beyond', pct: -0.1 }, /^pct: must be > 0 for "beyond"/],
      [{ kind: 'change', symbol: 'BTC', days: 30, op: 'below', pct: -1.2 }, /^pct: a change cannot fall below −100%, got -120%$/],
      [{ kind: 'change', symbol: 'BTC', days: 0, op: 'above', pct: 0.1 }, /^days: must be a whole number of days from 1 to 365, got 0$/],
      [{ kind: 'beta', symbol: 'CIFR', benchmark: 'BTC', crossing: 1, direction: 'sideways' }, /^direction: must be up, down or either, got "sideways"$/],
      [{ kind: 'beta', symbol: 'CIFR', benchmark: 'BTC' }, /^crossing: missing: the beta level, e\.g\. 1\.5$/],
      [
        { kind: 'price', symbol: 'IREN', op: 'above', value: 50, threshhold: 3 },
        /^threshhold: unknown field for a price rule \(its fields: symbol, op, value, id, name/,
      ],
      [{ kind: 'price', symbol: 'IREN', op: 'above', value: 50, snoozedUntil: 'tomorrow' }, /^snoozedUntil: must be an ISO date or timestamp/],
      [{ kind: 'price', symbol: 'IREN', op: 'above', value: 50, enabled: 'yes' }, /^enabled: must be true or false, got "yes"$/],
      [{ kind: 'price', symbol: 'IREN', op: 'above', value: 50, id: 'has space' }, /^id: must be 1 to 80 letters/],
      [
        { kind: 'alarm', symbol: 'IREN' },
        /^kind: must be one of price, change, drawdown, volatility, correlation, beta, deal, portfolio, concentration, counterparty, got "alarm"$/,
      ],
      [{ symbol: 'IREN' }, /^kind: missing/],
      [[1, 2], /^rule: must be an object with a "kind", got an array$/],
    ];
    for (const [input, want] of bad) {
      const { rule: r, problems } = validateRule(input, ctx);
      assert.equal(r, undefined, `a rule came back for ${JSON.stringify(input)}`);
      assert.ok(
        problems.some((p) => want.test(p)),
        `${JSON.stringify(input)}: ${JSON.stringify(problems)} has no ${want}`,
      );
    }
  });

  it('reports every problem of a rule at once', () => {
    const { rule: r, problems } = validateRule({ kind: 'correlation', symbol: 'FOO', benchmark: 'ETH', window: 1, op: 'near', value: 3 }, ctx);
    assert.equal(r, undefined);
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['symbol', 'benchmark', 'window', 'op', 'value'],
    );
  });

  it('derives a stable id from the condition when none is given', () => {
    const a = validateRule({ kind: 'drawdown', symbol: 'IREN', depth: 0.4 }, ctx).rule!;
    const b = validateRule({ kind: 'drawdown', symbol: '$iren', depth: '40%', name: 'other name' }, ctx).rule!;
    const c = validateRule({ kind: 'drawdown', symbol: 'IREN', depth: 0.5 }, ctx).rule!;
    assert.match(a.id, /^iren-drawdown-[0-9a-f]{8}$/);
    assert.equal(a.id, b.id);
    assert.notEqual(a.id, c.id);
    assert.equal(deriveRuleId(a), a.id);
  });

  it('checks QuickPick input one field at a time', () => {
    assert.equal(parseRuleFieldInput('drawdown', 'depth', '30%').value, 0.3);
    assert.equal(parseRuleFieldInput('drawdown', 'depth', ' 0.3 ').value, 0.3);
    assert.equal(parseRuleFieldInput('price', 'value', '1,250.5').value, 1250.5);
    assert.match(parseRuleFieldInput('price', 'value', 'abc').problem!, /^type a number$/);
    assert.match(parseRuleFieldInput('volatility', 'window', '3').problem!, /whole number of days from 5 to 365/);
    assert.match(parseRuleFieldInput('change', 'pct', '-5%', undefined, { op: 'beyond' }).problem!, /must be > 0 for "beyond"/);
    assert.equal(parseRuleFieldInput('change', 'pct', '−5%', undefined, { op: 'below' }).value, -0.05);
    assert.match(checkRuleField('price', 'symbol', 'FOO', ctx).problem!, /FOO is not a known symbol/);
    assert.equal(checkRuleField('price', 'symbol', '$iren', ctx).value, 'IREN');
  });
});

describe('alerts: parseRulesFile', () => {
  const FILE = '/notes/.hashpivot/alerts.json';

  it('keeps the valid entries and skips the bad ones, each problem with entry, field and position', () => {
    const text = `{
  // my alerts
  "rules": [
    { "id": "iren-dd", "kind": "drawdown", "symbol": "IREN", "depth": 0.4 },
    { "id": "bad-vol", "kind": "volatility", "symbol": "CORZ", "window": 30, "above": -1 },
    { "kind": "price", "symbol": "NOPE", "op": "above", "value": 5 },
    { "id": "btc-move", "kind": "change", "symbol": "BTC", "days": 30, "op": "beyond", "pct": 0.15, },
    { "id": "iren-dd", "kind": "price", "symbol": "IREN", "op": "below", "value": 30 },
    "not a rule"
  ]
}`;
    const { rules, problems } = parseRulesFile(text, FILE, ctx);
    assert.deepEqual(
      rules.map((r) => r.id),
      ['iren-dd', 'btc-move'],
    );
    const summary = problems.map((p) => `${p.entry} ${p.field}: ${p.message}`);
    assert.equal(problems.length, 4, summary.join('\n'));
    assert.match(summary[0]!, /^bad-vol rules\[1\]\.above: volatility must be above 0, got -1$/);
    assert.match(summary[1]!, /^#2 rules\[2\]\.symbol: NOPE is not a known symbol$/);
    assert.match(summary[2]!, /^iren-dd rules\[4\]\.id: duplicate id "iren-dd" \(first used by rules\[0\]\); this entry is not used$/);
    assert.match(summary[3]!, /^#5 rules\[5\]: must be an object/);
    // Offsets point at the offending value.
    assert.equal(text.slice(problems[0]!.offset!, problems[0]!.offset! + problems[0]!.length!), '-1');
    assert.equal(text.slice(problems[1]!.offset!, problems[1]!.offset! + problems[1]!.length!), '"NOPE"');
    assert.deepEqual(
      problems.map((p) => p.index),
      [1, 2, 4, 5],
    );
  });

  it('malformed JSON: one problem per syntax error, no rules', () => {
    const { rules, problems } = parseRulesFile('{ "rules": [ { "kind": "price", } ', FILE, ctx);
    assert.deepEqual(rules, []);
    assert.ok(problems.length >= 1);
    assert.match(problems[0]!.message, /^JSON syntax error: .*; no rule of this file is used$/);
    assert.equal(problems[0]!.index, undefined);
  });

  it('a file without a "rules" array is one problem', () => {
    for (const text of ['[]', '{ "alerts": [] }', '{ "rules": {} }']) {
      const { rules, problems } = parseRulesFile(text, FILE, ctx);
      assert.deepEqual(rules, []);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /must be an object with a "rules" array/);
    }
  });

  it('two entries with the same condition and no id collide on the derived id', () => {
    const { rules, problems } = parseRulesFile('{ "rules": [ { "kind": "deal", "symbol": "IREN" }, { "kind": "deal", "symbol": "$iren" } ] }', FILE, ctx);
    assert.equal(rules.length, 1);
    assert.match(problems[0]!.message, /the same condition as rules\[0\]/);
  });

  it('the sample notes file is valid', async () => {
    const { readFileSync } = await import('node:fs');
    const f = path.resolve(process.cwd(), 'sample/notes/.hashpivot/alerts.json');
    const { rules, problems } = parseRulesFile(readFileSync(f, 'utf8'), f, ctx);
    assert.deepEqual(problems, []);
    assert.ok(rules.length >= 4);
    assert.deepEqual(new Set(rules.map((r) => r.kind)).size >= 4, true);
  });
});

describe('alerts: describeRule', () => {
  it('says what each rule watches', () => {
    const d = (input: unknown) => describeRule(validateRule(input, ctx).rule!);
    assert.equal(d({ kind: 'price', symbol: 'IREN', op: 'above', value: 50 }), 'IREN price above 50.00');
    assert.equal(d({ kind: 'price', symbol: 'BTC', op: 'below', value: 80000 }), 'BTC price below 80,000');
    assert.equal(d({ kind: 'volatility', symbol: 'CORZ', window: 30, above: 0.9 }), 'CORZ 30-day volatility above 90%');
    assert.equal(
      d({ kind: 'correlation', symbol: 'WULF', benchmark: 'BTC', window: 90, op: 'below', value: 0.3 }),
      'WULF 90-day correlation to BTC below 0.30',
    );
    assert.equal(d({ kind: 'deal', symbol: 'IREN' }), 'New or changed AI/HPC deal for IREN');
    assert.equal(d({ kind: 'change', symbol: 'BTC', days: 30, op: 'beyond', pct: 0.15 }), 'BTC 30-day change beyond ±15%');
    assert.equal(d({ kind: 'change', symbol: 'IREN', days: 7, op: 'below', pct: -0.125 }), 'IREN 7-day change below −12.5%');
    assert.equal(d({ kind: 'drawdown', symbol: 'IREN', depth: 0.4 }), 'IREN drawdown deeper than −40%');
    assert.equal(
      d({ kind: 'beta', symbol: 'CIFR', benchmark: 'NDX', window: 60, crossing: 2, direction: 'up' }),
      'CIFR 60-day beta to NDX crossing 2.00 upward',
    );
    assert.equal(ruleLabel(validateRule({ kind: 'deal', symbol: 'WULF', name: ' TeraWulf news ' }, ctx).rule!), 'TeraWulf news');
  });

  it('points: one decimal under 10, none from 10, decided on the rounded value', () => {
    assert.equal(pointsText(0.027), '2.7 points');
    assert.equal(pointsText(-0.01), '1.0 point');
    assert.equal(pointsText(0.153), '15 points');
    assert.equal(pointsText(1 - 0.9), '10 points', '0.0999… is 10 points, not 10.0');
    assert.equal(pointsText(0.0996), '10 points');
    assert.equal(pointsText(0.0994), '9.9 points');
  });
});

// ------------------------------------------------------------------------------- evaluation

describe('alerts: evaluateRules on series built here', () => {
  const price = (op: 'above' | 'below', value: number) => rule<AlertRule>({ id: 'p', kind: 'price', symbol: 'TEST', op, value } as AlertRule);

  it('price: triggers above / below the level, with a signed distance and a readable text', () => {
    const data = dataOf({ TEST: daily([40, 41.12]) });
    let r = one([price('above', 45)], {}, data);
    assert.equal(r.state.status, 'armed');
    assert.equal(r.state.value, 41.12);
    assert.equal(r.state.threshold, 45);
    assert.ok(Math.abs(r.state.distance! - 3.88) < 1e-12);
    assert.equal(r.state.distanceText, 'price 41.12, 8.6% below the 45.00 trigger');
    assert.equal(r.state.asOf, '2025-01-02');
    assert.deepEqual(r.events, []);
    r = one([price('above', 41)], {}, data);
    assert.equal(r.state.status, 'triggered');
    assert.ok(r.state.distance! < 0);
    r = one([price('below', 41)], {}, data);
    assert.equal(r.state.status, 'armed');
    r = one([price('below', 41.12)], {}, data);
    assert.equal(r.state.status, 'armed', 'strictly below');
  });

  it('notifies once, stays triggered without a new event, re-arms after the condition cleared, then notifies again', () => {
    const closes = [40, 46, 47, 44, 48, 49];
    const data = dataOf({ TEST: daily(closes) });
    const rules = [price('above', 45)];
    let memory: AlertMemoryMap = {};
    const seen: string[] = [];
    for (let i = 0; i < closes.length; i++) {
      const r = evaluateRules(rules, memory, data, { asOf: addDays('2025-01-01', i) });
      memory = r.memory;
      seen.push(`${r.states[0]!.status}${r.events.length ? `/${r.events.map((e) => e.kind).join('+')}` : ''}`);
    }
    assert.deepEqual(seen, ['armed', 'triggered/triggered', 'triggered', 'armed/cleared', 'triggered/triggered', 'triggered']);
    // Evaluating the same data again changes nothing.
    const again = evaluateRules(rules, memory, data, { asOf: '2025-01-06' });
    assert.deepEqual(again.events, []);
    assert.equal(again.states[0]!.status, 'triggered');
    assert.ok(again.states[0]!.triggeredAt);
  });

  it('the event message names the rule, the value and the trigger', () => {
    const r = one([price('above', 45)], {}, dataOf({ TEST: daily([40, 46]) }));
    assert.equal(r.events.length, 1);
    assert.deepEqual({ ruleId: r.events[0]!.ruleId, kind: r.events[0]!.kind, symbol: r.events[0]!.symbol }, { ruleId: 'p', kind: 'triggered', symbol: 'TEST' });
    assert.equal(r.events[0]!.message, 'TEST price above 45.00: TEST price 46.00, 2.2% above the 45.00 trigger');
  });

  it('change over N calendar days: above, below, beyond', () => {
    // 30 days flat at 100, then 112 on day 31: +12% over 30 days; -12% the other way.
    const up = dataOf({ TEST: daily(flatThen(31, 100, [112])) });
    const down = dataOf({ TEST: daily(flatThen(31, 100, [88])) });
    const ch = (op: 'above' | 'below' | 'beyond', pct: number) => rule<AlertRule>({ id: 'c', kind: 'change', symbol: 'TEST', days: 30, op, pct } as AlertRule);
    assert.equal(one([ch('above', 0.1)], {}, up).state.status, 'triggered');
    assert.equal(one([ch('above', 0.15)], {}, up).state.status, 'armed');
    assert.equal(one([ch('below', -0.1)], {}, down).state.status, 'triggered');
    assert.equal(one([ch('below', -0.1)], {}, up).state.status, 'armed');
    const beyond = one([ch('beyond', 0.1)], {}, down).state;
    assert.equal(beyond.status, 'triggered');
    assert.ok(Math.abs(beyond.value! - -0.12) < 1e-12);
    assert.ok(Math.abs(beyond.distance! - -0.02) < 1e-12);
    assert.equal(beyond.distanceText, '30-day change −12.0%, 2.0 points beyond the ±10% trigger');
    const away = one([ch('beyond', 0.15)], {}, down).state;
    assert.equal(away.status, 'armed');
    assert.equal(away.distanceText, '30-day change −12.0%, 3.0 points short of the ±15% trigger');
  });

  it('drawdown: from the peak of the 365 days to the data date, deeper than −depth', () => {
    // An old peak at 200 more than a year back does not count; the peak of the year is 100.
    const closes = [200, ...Array<number>(400).fill(100), 70];
    const data = dataOf({ TEST: daily(closes) });
    const dd = (depth: number) => rule<AlertRule>({ id: 'd', kind: 'drawdown', symbol: 'TEST', depth } as AlertRule);
    const s = one([dd(0.25)], {}, data).state;
    assert.equal(s.status, 'triggered');
    assert.ok(Math.abs(s.value! - -0.3) < 1e-12);
    assert.equal(s.threshold, -0.25);
    assert.match(s.distanceText, /^drawdown −30\.0% from the 100\.00 peak of 2025-\d\d-\d\d, 5\.0 points deeper than the −25% trigger$/);
    const s2 = one([dd(0.35)], {}, data).state;
    assert.equal(s2.status, 'armed');
    assert.ok(Math.abs(s2.distance! - 0.05) < 1e-12);
  });

  it('volatility: annualized over the window with the asset class periods per year', () => {
    // Alternating ±2% daily moves: std of the returns ≈ 0.02, √365 for crypto, √252 for equities.
    const closes = [100];
    for (let i = 0; i < 60; i++) closes.push(closes.at(-1)! * (i % 2 ? 0.98 : 1.02));
    const vol = (above: number) => rule<AlertRule>({ id: 'v', kind: 'volatility', symbol: 'TEST', window: 30, above } as AlertRule);
    const crypto = one([vol(0.3)], {}, dataOf({ TEST: daily(closes) })).state;
    assert.equal(crypto.status, 'triggered');
    assert.ok(crypto.value! > 0.37 && crypto.value! < 0.4, String(crypto.value));
    const equity = one([vol(0.3)], {}, dataOf({ TEST: daily(closes, { assetClass: 'equity' }) })).state;
    assert.ok(Math.abs(equity.value! / crypto.value! - Math.sqrt(252 / 365)) < 1e-12);
    assert.equal(one([vol(0.5)], {}, dataOf({ TEST: daily(closes) })).state.status, 'armed');
  });

  it('correlation to a benchmark over the window: above / below', () => {
    const bench = [100];
    for (let i = 0; i < 120; i++) bench.push(bench.at(-1)! * (1 + 0.03 * Math.sin(i * 1.7)));
    const same = bench.map((b) => b * 2);
    const inverse = [100];
    for (let i = 1; i < bench.length; i++) inverse.push(inverse.at(-1)! * (1 - (bench[i]! / bench[i - 1]! - 1)));
    const corr = (op: 'above' | 'below', value: number) =>
      rule<AlertRule>({ id: 'r', kind: 'correlation', symbol: 'PAIR', benchmark: 'BTC', window: 90, op, value } as AlertRule);
    const dSame = dataOf({ PAIR: daily(same), BTC: daily(bench) });
    const dInv = dataOf({ PAIR: daily(inverse), BTC: daily(bench) });
    const s = one([corr('above', 0.9)], {}, dSame).state;
    assert.equal(s.status, 'triggered');
    assert.ok(Math.abs(s.value! - 1) < 1e-9);
    assert.equal(one([corr('below', 0.3)], {}, dSame).state.status, 'armed');
    const inv = one([corr('below', -0.9)], {}, dInv).state;
    assert.equal(inv.status, 'triggered');
    assert.ok(inv.value! < -0.99);
    assert.match(inv.distanceText, /^90-day correlation to BTC −\d\.\d\d, 0\.\d\d below the −0\.90 trigger$/);
  });

  it('beta crossing: compared with the previous data date; first evaluation only records; same date re-evaluated is idempotent', () => {
    // PAIR moves k times the benchmark each day; k changes from 0.8 to 1.6 on 2025-05-01, so the
    // 90-day beta rises through 1.2 some days later.
    const bench = [100];
    for (let i = 0; i < 200; i++) bench.push(bench.at(-1)! * (1 + 0.02 * Math.sin(i * 1.3)));
    const pair = [100];
    for (let i = 1; i < bench.length; i++)
      pair.push(pair.at(-1)! * (1 + (addDays('2025-01-01', i) < '2025-05-01' ? 0.8 : 1.6) * (bench[i]! / bench[i - 1]! - 1)));
    const data = dataOf({ PAIR: daily(pair), BTC: daily(bench) });
    const b = (direction: 'up' | 'down' | 'either') =>
      rule<AlertRule>({ id: 'b', kind: 'beta', symbol: 'PAIR', benchmark: 'BTC', window: 90, crossing: 1.2, direction } as AlertRule);

    const run = (direction: 'up' | 'down' | 'either') => {
      let memory: AlertMemoryMap = {};
      const log: Array<{ date: string; status: string; events: string[]; value: number }> = [];
      for (let d = '2025-04-25'; d <= '2025-07-15'; d = addDays(d, 1)) {
        const r = evaluateRules([b(direction)], memory, data, { asOf: d });
        memory = r.memory;
        log.push({ date: d, status: r.states[0]!.status, events: r.events.map((e) => e.kind), value: r.states[0]!.value! });
        // Same data again: same state, no event.
        const again = evaluateRules([b(direction)], memory, data, { asOf: d });
        assert.equal(again.states[0]!.status, r.states[0]!.status, d);
        assert.deepEqual(again.events, [], d);
        memory = again.memory;
      }
      return log;
    };
    const up = run('up');
    assert.equal(up[0]!.status, 'armed', 'the first evaluation records the beta only');
    assert.ok(up[0]!.value < 1.2);
    const crossings = up.filter((e) => e.events.includes('triggered'));
    assert.equal(crossings.length, 1, JSON.stringify(up.filter((e) => e.events.length)));
    const i = up.indexOf(crossings[0]!);
    assert.ok(up[i - 1]!.value <= 1.2 && up[i]!.value > 1.2);
    assert.equal(up[i]!.status, 'triggered');
    assert.deepEqual(up[i + 1]!.events, ['cleared'], 'no crossing on the next data date: cleared, re-armed');
    assert.equal(up[i + 1]!.status, 'armed');
    assert.ok(up.slice(i + 1).every((e) => e.status === 'armed'));

    assert.ok(
      run('down').every((e) => e.status === 'armed' && e.events.length === 0),
      'an upward crossing does not trigger a downward rule',
    );
    assert.equal(run('either').filter((e) => e.events.includes('triggered')).length, 1);
  });

  it('snoozed: computes value and distance but never notifies; notifies when the snooze ends if still true', () => {
    const data = dataOf({ TEST: daily([40, 50]) });
    const snoozed = { ...price('above', 45), snoozedUntil: '2026-01-16T00:00:00.000Z' };
    const r = one([snoozed], {}, data);
    assert.equal(r.state.status, 'snoozed');
    assert.equal(r.state.value, 50);
    assert.equal(r.state.distance, -5);
    assert.deepEqual(r.events, []);
    assert.equal(r.memory.p!.armed, true);
    const after = one([snoozed], r.memory, { ...data, now: LATER });
    assert.equal(after.state.status, 'triggered');
    assert.equal(after.events.length, 1);
  });

  it('snoozing a triggered rule keeps it disarmed: no second notification after the snooze', () => {
    const data = dataOf({ TEST: daily([40, 50]) });
    const first = one([price('above', 45)], {}, data);
    assert.equal(first.events.length, 1);
    const snoozed = one([{ ...price('above', 45), snoozedUntil: '2026-01-16T00:00:00Z' }], first.memory, data);
    assert.equal(snoozed.state.status, 'snoozed');
    assert.ok(snoozed.state.triggeredAt);
    const after = one([price('above', 45)], snoozed.memory, { ...data, now: LATER });
    assert.equal(after.state.status, 'triggered');
    assert.deepEqual(after.events, []);
  });

  it('disabled: status disabled, no event, memory reset so a re-enabled rule starts afresh', () => {
    const data = dataOf({ TEST: daily([40, 50]) });
    const first = one([price('above', 45)], {}, data);
    assert.equal(first.memory.p!.armed, false);
    const off = one([{ ...price('above', 45), enabled: false }], first.memory, data);
    assert.equal(off.state.status, 'disabled');
    assert.equal(off.state.value, 50, 'the value is still shown');
    assert.deepEqual(off.events, []);
    assert.equal(off.memory.p!.armed, true);
    const on = one([price('above', 45)], off.memory, data);
    assert.equal(on.events.length, 1, 'notifies again once re-enabled');
  });

  it('one bad rule never stops the others: unknown symbol, missing data, a throwing data source', () => {
    const data: AlertData = {
      series: (s) => {
        if (s === 'BOOM') throw new Error('provider exploded');
        return s === 'TEST' ? daily([40, 50]) : undefined;
      },
      whyMissing: (s) => (s === 'GONE' ? 'no data for GONE: yahoo GONE: 404' : undefined),
      now: NOW,
    };
    const rules = [
      rule<AlertRule>({ id: 'a', kind: 'price', symbol: 'NOPE', op: 'above', value: 1 } as AlertRule),
      rule<AlertRule>({ id: 'b', kind: 'price', symbol: 'BOOM', op: 'above', value: 1 } as AlertRule),
      rule<AlertRule>({ id: 'c', kind: 'drawdown', symbol: 'GONE', depth: 0.2 } as AlertRule),
      rule<AlertRule>({ id: 'd', kind: 'deal', symbol: 'TEST' } as AlertRule),
      price('above', 45),
    ];
    const r = evaluateRules(rules, {}, data);
    const by = Object.fromEntries(r.states.map((s) => [s.ruleId, s]));
    assert.equal(by.a!.status, 'error');
    assert.equal(by.a!.message, 'no price data for NOPE');
    assert.equal(by.b!.status, 'error');
    assert.equal(by.b!.message, 'provider exploded');
    assert.equal(by.c!.message, 'no data for GONE: yahoo GONE: 404');
    assert.equal(by.d!.message, 'TEST is not a company of the catalog');
    assert.equal(by.p!.status, 'triggered');
    assert.deepEqual(
      r.events.map((e) => e.ruleId),
      ['p'],
    );
    assert.equal(summarizeStates(r.states).error, 4);
    assert.equal(summarizeStates(r.states).triggered, 1);
  });

  it('dates outside the data and windows the data does not cover are errors', () => {
    const data = dataOf({ TEST: daily(flatThen(20, 100, [90])) });
    const dd = rule<AlertRule>({ id: 'd', kind: 'drawdown', symbol: 'TEST', depth: 0.05 } as AlertRule);
    assert.match(one([dd], {}, data, '2024-12-01').state.message!, /^TEST: 2024-12-01 is before its data starts \(2025-01-01\)$/);
    assert.match(one([dd], {}, data, '2025-02-15').state.message!, /^TEST: its data ends 2025-01-21, more than 7 days before 2025-02-15$/);
    assert.equal(one([dd], {}, data, '2025-01-25').state.status, 'triggered', 'a few days past the last close is fine');
    const vol = rule<AlertRule>({ id: 'v', kind: 'volatility', symbol: 'TEST', window: 30, above: 0.1 } as AlertRule);
    assert.match(one([vol], {}, data).state.message!, /^TEST: the 30-day volatility needs closes from 2024-12-22; the data starts 2025-01-01$/);
  });

  it('marks states on cached or snapshot data as stale, and says so in the event; pair rules take the weaker source', () => {
    const mk = (kind: SourceKind, asOf: string) => dataOf({ TEST: daily([40, 50], { kind, originAsOf: asOf }) });
    const live = one([price('above', 45)], {}, mk('live', '2026-01-15T11:00:00Z'));
    assert.equal(live.state.stale, undefined);
    assert.doesNotMatch(live.events[0]!.message, /not live/);
    const snap = one([price('above', 45)], {}, mk('snapshot', '2026-05-29'));
    assert.deepEqual(snap.state.stale, { kind: 'snapshot', asOf: '2026-05-29' });
    assert.match(snap.events[0]!.message, /\(on data from the snapshot of 2026-05-29, not live\)$/);
    assert.deepEqual(snap.events[0]!.stale, { kind: 'snapshot', asOf: '2026-05-29' });
    const cache = one([price('above', 45)], {}, mk('cache', '2026-01-14T08:00:00.000Z'));
    assert.deepEqual(cache.state.stale, { kind: 'cache', asOf: '2026-01-14T08:00:00.000Z' });
    assert.match(cache.events[0]!.message, /on cached data fetched 2026-01-14T08:00:00\.000Z, not live/);

    const bench = [100];
    for (let i = 0; i < 100; i++) bench.push(bench.at(-1)! * (1 + 0.01 * Math.sin(i)));
    const pairData = dataOf({ PAIR: daily(bench), NDX: daily(bench, { kind: 'cache', originAsOf: '2026-01-10T00:00:00.000Z', assetClass: 'index' }) });
    const corr = rule<AlertRule>({ id: 'r', kind: 'correlation', symbol: 'PAIR', benchmark: 'NDX', window: 30, op: 'above', value: 0.5 } as AlertRule);
    assert.deepEqual(one([corr], {}, pairData).state.stale, { kind: 'cache', asOf: '2026-01-10T00:00:00.000Z' });
  });

  it('an edited rule (same id, new condition) starts with fresh memory', () => {
    const data = dataOf({ TEST: daily([40, 50]) });
    const first = one([price('above', 45)], {}, data);
    assert.equal(first.events.length, 1);
    const edited = one([price('above', 48)], first.memory, data);
    assert.equal(edited.events.length, 1, 'the edited rule notifies for its own condition');
    const renamed = one([{ ...price('above', 48), name: 'IREN breakout' }], edited.memory, data);
    assert.deepEqual(renamed.events, [], 'a new name is not a new condition');
  });

  it("is pure: the input memory is not modified; other rules' memory is kept; pruneMemory drops deleted rules", () => {
    const data = dataOf({ TEST: daily([40, 50]) });
    const memory: AlertMemoryMap = Object.freeze({ other: Object.freeze({ armed: false }) }) as AlertMemoryMap;
    const r = one([price('above', 45)], memory, data);
    assert.deepEqual(Object.keys(memory), ['other']);
    assert.deepEqual(Object.keys(r.memory).sort(), ['other', 'p']);
    assert.deepEqual(Object.keys(pruneMemory(r.memory, ['p'])), ['p']);
  });

  it('parseMemory keeps good entries and drops malformed ones', () => {
    const { memory, dropped } = parseMemory({
      a: { armed: true },
      b: { armed: 'yes' },
      c: null,
      d: { armed: false, lastSeenDeals: { x: 1 } },
      e: { armed: false, beta: { value: 1.1, asOf: '2025-01-01' } },
    });
    assert.deepEqual(Object.keys(memory), ['a', 'e']);
    assert.deepEqual(dropped, ['b', 'c', 'd']);
    assert.deepEqual(parseMemory('garbage').dropped, ['(the whole memory: not an object)']);
    assert.deepEqual(parseMemory(undefined), { memory: {}, dropped: [] });
  });
});

describe('alerts: deal rules', () => {
  const base: AlertDeal[] = [
    {
      id: 'iren-microsoft-2025',
      name: 'IREN – Microsoft AI cloud contract',
      provider: 'IREN',
      counterparty: 'Microsoft',
      valueUSD: 9_700_000_000,
      stage: 'contracted',
      status: 'contracted',
      announced: '2025-11-03',
      mw: 200,
      termYears: 5,
    },
  ];
  const dealRule = rule<AlertRule>({ id: 'deals', kind: 'deal', symbol: 'IREN' } as AlertRule);
  const dataWith = (deals: AlertDeal[]) => dataOf({}, { deals: (c) => (c === 'IREN' ? deals : undefined) });

  it('records the deals on the first evaluation, then new / changed / unchanged', () => {
    const first = one([dealRule], {}, dataWith(base));
    assert.equal(first.state.status, 'armed');
    assert.equal(first.state.value, 1);
    assert.equal(first.state.distance, undefined);
    assert.equal(first.state.distanceText, '1 deal recorded; watching for new or changed ones');
    assert.deepEqual(first.events, []);
    assert.deepEqual(Object.keys(first.memory.deals!.lastSeenDeals!), ['iren-microsoft-2025']);

    const unchanged = one([dealRule], first.memory, dataWith(base));
    assert.equal(unchanged.state.status, 'armed');
    assert.deepEqual(unchanged.events, []);

    const added: AlertDeal[] = [
      ...base,
      { id: 'iren-ai-cloud-3.4b', name: 'IREN AI cloud contract', provider: 'IREN', valueUSD: 3_400_000_000, stage: 'contracted', mw: null },
    ];
    const withNew = one([dealRule], unchanged.memory, dataWith(added));
    assert.equal(withNew.state.status, 'triggered');
    assert.equal(withNew.events.length, 1);
    assert.equal(withNew.events[0]!.message, 'New or changed AI/HPC deal for IREN: new deal iren-ai-cloud-3.4b (IREN AI cloud contract: $3.4B, contracted)');

    const cleared = one([dealRule], withNew.memory, dataWith(added));
    assert.equal(cleared.state.status, 'armed');
    assert.deepEqual(
      cleared.events.map((e) => e.kind),
      ['cleared'],
    );

    const changed: AlertDeal[] = added.map((d) => (d.id === 'iren-microsoft-2025' ? { ...d, stage: 'energized', valueUSD: 10_000_000_000 } : d));
    const withChange = one([dealRule], cleared.memory, dataWith(changed));
    assert.equal(withChange.state.status, 'triggered');
    assert.equal(
      withChange.state.distanceText,
      'iren-microsoft-2025 (IREN – Microsoft AI cloud contract) changed: value $9.7B → $10B, stage "contracted" → "energized"',
    );

    // Another change right after (before a clearing evaluation) still notifies: each change is new.
    const again = changed.map((d) => (d.id === 'iren-ai-cloud-3.4b' ? { ...d, announced: '2026-01-10' } : d));
    const second = one([dealRule], withChange.memory, dataWith(again));
    assert.equal(second.events.length, 1);
    assert.match(second.events[0]!.message, /iren-ai-cloud-3\.4b \(IREN AI cloud contract\) changed: announced unknown → "2026-01-10"/);
  });

  it('a renamed deal is not a change; a removed deal is forgotten silently', () => {
    const first = one([dealRule], {}, dataWith(base));
    const renamed = one([dealRule], first.memory, dataWith([{ ...base[0]!, name: 'IREN–Microsoft (renamed)' }]));
    assert.deepEqual(renamed.events, []);
    const removed = one([dealRule], renamed.memory, dataWith([]));
    assert.equal(removed.state.status, 'armed');
    assert.deepEqual(removed.events, []);
    assert.equal(dealFingerprint(base[0]!), dealFingerprint({ ...base[0]! }));
  });

  it('snoozed deal rules keep the last seen deals, so a change during the snooze notifies after it', () => {
    const first = one([dealRule], {}, dataWith(base));
    const changed: AlertDeal[] = [{ ...base[0]!, stage: 'energized' }];
    const snoozed = one([{ ...dealRule, snoozedUntil: '2026-01-16T00:00:00Z' }], first.memory, dataWith(changed));
    assert.equal(snoozed.state.status, 'snoozed');
    assert.deepEqual(snoozed.events, []);
    const after = one([dealRule], snoozed.memory, { ...dataWith(changed), now: LATER });
    assert.equal(after.events.length, 1);
  });
});

// ------------------------------------------------------------------------------- the real snapshot

describe('alerts: on the real snapshot at fixed as-of dates', () => {
  let snap: Snapshot;
  before(() => {
    snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
  });
  const classOf = (s: string): AssetClass => (s === 'BTC' ? 'crypto' : s === 'NDX' ? 'index' : 'equity');
  /** The snapshot as the store serves it: NDX is QQQ in 2025 (the ^NDX file ends 2022-03-01). */
  const data = (): AlertData => ({
    series: (s) => {
      const ser = snap.get(s === 'NDX' ? 'QQQ' : s);
      return ser ? { assetClass: classOf(s), series: { ...ser, origin: { ...ser.origin, kind: 'snapshot' } } } : undefined;
    },
    now: NOW,
  });
  const v = (input: unknown) => {
    const r = validateRule(input, ctx);
    assert.deepEqual(r.problems, []);
    return r.rule!;
  };
  const at = (r: AlertRule, asOf: string, memory: AlertMemoryMap = {}) => evaluateRules([r], memory, data(), { asOf });

  it("uses the report's metric definitions (IREN, as of 2025-12-02)", () => {
    const asOf = '2025-12-02';
    const d = data();
    const rep = computeReport({ symbol: 'IREN', subject: d.series('IREN')!, btc: d.series('BTC')!, ndx: d.series('NDX')!, asOf });
    const states = evaluateRules(
      [
        v({ id: 'p', kind: 'price', symbol: 'IREN', op: 'above', value: 45 }),
        v({ id: 'c', kind: 'change', symbol: 'IREN', days: 30, op: 'below', pct: -0.2 }),
        v({ id: 'd', kind: 'drawdown', symbol: 'IREN', depth: 0.4 }),
        v({ id: 'v30', kind: 'volatility', symbol: 'IREN', window: 30, above: 1 }),
        v({ id: 'v90', kind: 'volatility', symbol: 'IREN', window: 90, above: 1 }),
        v({ id: 'rb', kind: 'correlation', symbol: 'IREN', benchmark: 'BTC', window: 90, op: 'above', value: 0.5 }),
        v({ id: 'rn', kind: 'correlation', symbol: 'IREN', benchmark: 'NDX', window: 90, op: 'above', value: 0.5 }),
        v({ id: 'bb', kind: 'beta', symbol: 'IREN', benchmark: 'BTC', window: 90, crossing: 1 }),
        v({ id: 'bn', kind: 'beta', symbol: 'IREN', benchmark: 'NDX', window: 90, crossing: 1 }),
      ],
      {},
      d,
      { asOf },
    ).states;
    const val = (id: string) => states.find((s) => s.ruleId === id)!.value!;
    assert.equal(val('p'), rep.close);
    assert.equal(val('c'), rep.change['30d']);
    assert.equal(val('d'), rep.drawdown.current);
    assert.equal(val('v30'), rep.volatility['30d']);
    assert.equal(val('v90'), rep.volatility['90d']);
    assert.equal(val('rb'), rep.correlation.BTC['90d']);
    assert.equal(val('rn'), rep.correlation.NDX['90d']);
    assert.equal(val('bb'), rep.beta.BTC['90d']);
    assert.equal(val('bn'), rep.beta.NDX['90d']);
    assert.ok(states.every((s) => s.asOf === asOf && s.stale?.kind === 'snapshot'));
  });

  it('price and change: IREN above 40 on 2025-12-02 (41.12), not above 45; BTC 30-day move beyond ±15% (−17.4%), not on 2025-10-01', () => {
    assert.equal(at(v({ id: 'p', kind: 'price', symbol: 'IREN', op: 'above', value: 40 }), '2025-12-02').states[0]!.status, 'triggered');
    const s = at(v({ id: 'p', kind: 'price', symbol: 'IREN', op: 'above', value: 45 }), '2025-12-02').states[0]!;
    assert.equal(s.status, 'armed');
    assert.equal(s.distanceText, 'price 41.12, 8.6% below the 45.00 trigger');
    const btc = v({ id: 'btc', kind: 'change', symbol: 'BTC', days: 30, op: 'beyond', pct: 0.15 });
    const dec = at(btc, '2025-12-02').states[0]!;
    assert.equal(dec.status, 'triggered');
    assert.ok(dec.value! < -0.17 && dec.value! > -0.18, String(dec.value));
    assert.equal(at(btc, '2025-10-01').states[0]!.status, 'armed');
  });

  it('drawdown: IREN deeper than −40% on 2025-06-02 and 2025-12-02, not at its 2025-09-02 high; notifies, re-arms, notifies again', () => {
    const dd = v({ id: 'iren-dd', kind: 'drawdown', symbol: 'IREN', depth: 0.4 });
    let memory: AlertMemoryMap = {};
    const seen: string[] = [];
    for (const asOf of ['2025-06-02', '2025-09-02', '2025-12-02']) {
      const r = at(dd, asOf, memory);
      memory = r.memory;
      seen.push(`${r.states[0]!.status}/${r.events.map((e) => e.kind).join('+')}`);
    }
    assert.deepEqual(seen, ['triggered/triggered', 'armed/cleared', 'triggered/triggered']);
    assert.match(
      at(dd, '2025-12-02').states[0]!.distanceText,
      /^drawdown −46\.2% from the 76\.41 peak of 2025-11-05, 6\.2 points deeper than the −40% trigger$/,
    );
  });

  it('volatility and correlation: CLSK 90-day vol above 100% on 2025-12-02 only; CORZ correlation to NDX above 0.5 on 2025-06-02 only', () => {
    const vol = v({ id: 'vol', kind: 'volatility', symbol: 'CLSK', window: 90, above: 1 });
    assert.equal(at(vol, '2025-12-02').states[0]!.status, 'triggered');
    assert.equal(at(vol, '2025-09-02').states[0]!.status, 'armed');
    const corr = v({ id: 'corr', kind: 'correlation', symbol: 'CORZ', benchmark: 'NDX', window: 90, op: 'above', value: 0.5 });
    assert.equal(at(corr, '2025-06-02').states[0]!.status, 'triggered');
    const dec = at(corr, '2025-12-02').states[0]!;
    assert.equal(dec.status, 'armed');
    assert.match(dec.distanceText, /^90-day correlation to NDX 0\.37, 0\.13 below the 0\.50 trigger$/);
  });

  it('beta: CIFR 90-day beta to BTC crosses 1.00 downward between 2025-10-30 and 2025-10-31, upward between 2025-11-11 and 2025-11-12', () => {
    const down = v({ id: 'b', kind: 'beta', symbol: 'CIFR', benchmark: 'BTC', window: 90, crossing: 1, direction: 'down' });
    const first = at(down, '2025-10-30');
    assert.equal(first.states[0]!.status, 'armed');
    const next = at(down, '2025-10-31', first.memory);
    assert.equal(next.states[0]!.status, 'triggered');
    assert.match(
      next.events[0]!.message,
      /^CIFR 90-day beta to BTC crossing 1\.00 downward: CIFR 90-day beta to BTC 0\.9\d crossed 1\.00 downward \(1\.01 on the previous data date\)/,
    );
    const up = v({ id: 'b', kind: 'beta', symbol: 'CIFR', benchmark: 'BTC', window: 90, crossing: 1, direction: 'up' });
    assert.equal(at(up, '2025-11-12', at(up, '2025-11-11').memory).states[0]!.status, 'triggered');
    assert.equal(at(down, '2025-11-12', at(down, '2025-11-11').memory).states[0]!.status, 'armed');
  });

  it('states of a mixed list: a triggered, an armed and an error rule side by side', () => {
    const states: AlertState[] = evaluateRules(
      [
        v({ id: 'a', kind: 'drawdown', symbol: 'IREN', depth: 0.4 }),
        v({ id: 'b', kind: 'price', symbol: 'TEST', op: 'above', value: 1 }),
        v({ id: 'c', kind: 'price', symbol: 'CORZ', op: 'below', value: 10 }),
      ],
      {},
      data(),
      { asOf: '2025-12-02' },
    ).states;
    assert.deepEqual(
      states.map((s) => s.status),
      ['triggered', 'error', 'armed'],
    );
  });
});
