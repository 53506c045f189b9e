/**
 * Portfolio alert rules (issue 16 item 6): the value, the drawdown of today's holdings at past
 * closes, and the 1-day historical VaR 95%, on small holdings built here whose figures are worked
 * out by hand; notify-once and re-arm through the memory; no holdings, no price; stale data;
 * validation naming the field; descriptions.
 */
import assert from 'node:assert/strict';
import {
  NO_HOLDINGS,
  PORTFOLIO_SYMBOL,
  checkRuleField,
  describeRule,
  evaluateRules,
  parseRuleFieldInput,
  parseRulesFile,
  validateRule,
  type AlertData,
  type AlertMemoryMap,
  type AlertPortfolio,
  type AlertRule,
  type PortfolioRule,
} from '../../src/core/alerts';
import { addDays } from '../../src/core/calendar';
import { portfolioFigures, portfolioValueHistory, type Holdings } from '../../src/core/portfolio';
import type { ReportSeries } from '../../src/core/report';
import type { SourceKind } from '../../src/core/types';

const START = '2025-01-01';
const DAYS = 62; // 2025-01-01 … 2025-03-03: 61 daily returns
const LAST = addDays(START, DAYS - 1);
const NOW = new Date('2025-03-04T12:00:00Z');

/**
 * AAA: 100 every day but five one-day dips (90, 92, 94, 95, 96 on days 10, 20, 30, 45, 55).
 * BBB: 50 every day but one spike to 60 on day 40 (2025-02-10).
 */
function closesA(): number[] {
  const c = Array<number>(DAYS).fill(100);
  for (const [day, p] of [
    [10, 90],
    [20, 92],
    [30, 94],
    [45, 95],
    [55, 96],
  ] as const)
    c[day] = p;
  return c;
}
function closesB(): number[] {
  const c = Array<number>(DAYS).fill(50);
  c[40] = 60;
  return c;
}

function series(symbol: string, close: number[], kind: SourceKind = 'live'): ReportSeries {
  return {
    assetClass: 'crypto',
    series: {
      symbol,
      dates: close.map((_, i) => addDays(START, i)),
      close,
      origin: { kind, provider: kind === 'snapshot' ? 'snapshot' : 'yahoo', asOf: kind === 'snapshot' ? '2025-03-03' : '2025-03-04T11:00:00Z' },
    },
  };
}

/** 10 AAA and 20 BBB and 500 USD: 1,000 + 1,000 + 500 = 2,500 USD at the last closes. */
const HOLDINGS: Holdings = {
  positions: [
    { symbol: 'AAA', quantity: 10, costBasis: 80 },
    { symbol: 'BBB', quantity: 20, costBasis: 55 },
  ],
  cash: 500,
};

function dataOf(portfolio: AlertPortfolio | undefined, opts: { kind?: SourceKind; extra?: Partial<AlertData> } = {}): AlertData {
  const map: Record<string, ReportSeries> = { AAA: series('AAA', closesA(), opts.kind), BBB: series('BBB', closesB(), opts.kind) };
  return { series: (s) => map[s], portfolio, now: NOW, ...opts.extra };
}

const held = (h: Holdings = HOLDINGS): AlertPortfolio => ({ holdings: h });

function pf(measure: PortfolioRule['measure'], value: number, unit: PortfolioRule['unit'] = measure === 'drawdown' ? 'fraction' : 'usd'): PortfolioRule {
  return { id: `pf-${measure}-${unit}-${value}`, kind: 'portfolio', enabled: true, measure, unit, value };
}

function one(rule: AlertRule, data: AlertData, memory: AlertMemoryMap = {}, asOf?: string) {
  const r = evaluateRules([rule], memory, data, asOf ? { asOf } : {});
  return { ...r, state: r.states[0]! };
}

const near = (a: number | undefined, b: number, what: string, tol = 1e-9) => assert.ok(a !== undefined && Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);

describe('alerts: portfolio rules — figures by hand', () => {
  it('value: the market value with cash at the last closes, below X USD', () => {
    const s = one(pf('value', 3000), dataOf(held())).state;
    assert.equal(s.status, 'triggered');
    assert.equal(s.kind, 'portfolio');
    assert.equal(s.symbol, PORTFOLIO_SYMBOL);
    assert.equal(s.value, 2500); // 10 × 100 + 20 × 50 + 500
    assert.equal(s.threshold, 3000);
    assert.equal(s.distance, -500);
    assert.equal(s.unit, 'usd');
    assert.equal(s.asOf, LAST);
    assert.equal(s.distanceText, 'value $2,500.00, 16.7% below the $3,000.00 trigger');
    const away = one(pf('value', 2000), dataOf(held())).state;
    assert.equal(away.status, 'armed');
    assert.equal(away.distance, 500);
    assert.equal(away.distanceText, 'value $2,500.00, 25.0% above the $2,000.00 trigger');
    assert.equal(one(pf('value', 2500), dataOf(held())).state.status, 'armed', 'strictly below');
  });

  it('drawdown: today’s holdings at past closes, the last session against the peak', () => {
    // The value series is 10·AAA + 20·BBB + 500: 2,500 most days, 2,700 on the BBB spike of
    // 2025-02-10 (the peak), 2,400 … 2,460 on the AAA dips; today 2,500: 2500/2700 − 1 = −7.41%.
    const want = 2500 / 2700 - 1;
    const s = one(pf('drawdown', 0.05), dataOf(held())).state;
    assert.equal(s.status, 'triggered');
    near(s.value, want, 'drawdown');
    assert.equal(s.threshold, -0.05);
    near(s.distance, want + 0.05, 'distance');
    assert.equal(s.unit, 'fraction');
    assert.equal(
      s.distanceText,
      "drawdown −7.4% of today's holdings at past closes, from the $2,700.00 peak of 2025-02-10 (common closes from 2025-01-01), 2.4 points deeper than the −5% trigger",
    );
    const away = one(pf('drawdown', 0.1), dataOf(held())).state;
    assert.equal(away.status, 'armed');
    assert.match(away.distanceText, /2\.6 points short of the −10% trigger$/);

    const h = portfolioValueHistory(
      portfolioFigures(HOLDINGS, { AAA: series('AAA', closesA()).series, BBB: series('BBB', closesB()).series }).valuation,
      {
        AAA: series('AAA', closesA()).series,
        BBB: series('BBB', closesB()).series,
      },
      LAST,
    );
    assert.equal(h.dates.length, DAYS);
    assert.deepEqual([h.values[0], h.values[10], h.values[40], h.values.at(-1)], [2500, 2400, 2700, 2500]);
  });

  it('VaR: the 1-day historical VaR 95% of the Portfolio view, as a loss in USD or a fraction of the value', () => {
    // Weights at today's prices: AAA 1000/2500 = 0.4, BBB 0.4 (cash earns nothing). The negative
    // portfolio returns: BBB back from 60 to 50, 0.4 × (−1/6) = −6.67%; the AAA dips 0.4 × (−10%,
    // −8%, −6%, −5%, −4%) = −4%, −3.2%, −2.4%, −2%, −1.6%; the other 55 are 0 or gains. The type-7
    // 5% quantile of 61 returns is the 4th smallest ((61 − 1) × 0.05 = 3): −2.4%, so VaR = 2.4% of
    // 2,500 = 60 USD.
    const usd = one(pf('var', 50), dataOf(held())).state;
    assert.equal(usd.status, 'triggered');
    near(usd.value, 60, 'VaR USD', 1e-9);
    assert.equal(usd.threshold, 50);
    near(usd.distance, -10, 'distance', 1e-9);
    assert.equal(usd.unit, 'usd');
    assert.equal(usd.distanceText, '1-day VaR 95% $60.00 (2.4% of the value), 20.0% above the $50.00 trigger');
    assert.equal(one(pf('var', 100), dataOf(held())).state.status, 'armed');

    const share = one(pf('var', 0.02, 'fraction'), dataOf(held())).state;
    assert.equal(share.status, 'triggered');
    near(share.value, 0.024, 'VaR share');
    assert.equal(share.unit, 'fraction');
    assert.equal(share.distanceText, '1-day VaR 95% 2.4% of the value ($60.00), 0.4 points above the 2% trigger');
    const shareAway = one(pf('var', 0.03, 'fraction'), dataOf(held())).state;
    assert.equal(shareAway.status, 'armed');
    assert.match(shareAway.distanceText, /0\.6 points below the 3% trigger$/);

    // The same function the Portfolio view calls (PortfolioService.compute → portfolioFigures).
    const f = portfolioFigures(HOLDINGS, { AAA: series('AAA', closesA()).series, BBB: series('BBB', closesB()).series });
    assert.equal(usd.value, -f.risk.varUsd!);
    assert.equal(share.value, -f.risk.varReturn!);
    assert.equal(f.risk.sessions, 61);
  });

  it('a live quote over the closes values the position as the Portfolio view does; the value is then live, the drawdown not', () => {
    const live = (s: string) =>
      s === 'AAA' ? { price: 110, time: '2025-03-04T15:00:00Z' } : s === 'BBB' ? { price: 50, time: '2025-03-04T15:00:00Z' } : undefined;
    const data = dataOf({ holdings: HOLDINGS, live }, { kind: 'snapshot' });
    const v = one(pf('value', 3000), data).state;
    assert.equal(v.value, 2600); // 10 × 110 + 20 × 50 + 500
    assert.equal(v.stale, undefined, 'every position priced by a live quote');
    const dd = one(pf('drawdown', 0.05), data).state;
    assert.deepEqual(dd.stale, { kind: 'snapshot', asOf: '2025-03-03' }, 'the drawdown reads the closes');
    const half = one(pf('value', 3000), dataOf({ holdings: HOLDINGS, live: (s) => (s === 'AAA' ? live(s) : undefined) }, { kind: 'snapshot' })).state;
    assert.equal(half.value, 2600);
    assert.deepEqual(half.stale, { kind: 'snapshot', asOf: '2025-03-03' }, 'BBB is still at its snapshot close');
  });

  it('the event names the portfolio, says so when the data is not live, and carries no ticker', () => {
    const r = one(pf('value', 3000), dataOf(held(), { kind: 'snapshot' }));
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0]!.symbol, PORTFOLIO_SYMBOL);
    assert.equal(
      r.events[0]!.message,
      'Portfolio value below $3,000.00: Portfolio value $2,500.00, 16.7% below the $3,000.00 trigger (on data from the snapshot of 2025-03-03, not live)',
    );
    assert.deepEqual(r.state.stale, { kind: 'snapshot', asOf: '2025-03-03' });
  });
});

describe('alerts: portfolio rules — memory', () => {
  it('notifies once, stays triggered, re-arms when the holdings change the value back above, then notifies again', () => {
    const rule = pf('value', 2600);
    let memory: AlertMemoryMap = {};
    const seen: string[] = [];
    for (const cash of [500, 500, 700, 700, 500, 500]) {
      const r = one(rule, dataOf(held({ ...HOLDINGS, cash })), memory);
      memory = r.memory;
      seen.push(`${r.state.status}${r.events.length ? `/${r.events.map((e) => e.kind).join('+')}` : ''}`);
    }
    assert.deepEqual(seen, ['triggered/triggered', 'triggered', 'armed/cleared', 'armed', 'triggered/triggered', 'triggered']);
  });

  it('drawdown over the data dates: armed before the spike, triggered after it, once', () => {
    const rule = pf('drawdown', 0.05);
    let memory: AlertMemoryMap = {};
    const seen: string[] = [];
    for (const day of [39, 40, 41, 42, 43]) {
      const r = one(rule, dataOf(held()), memory, addDays(START, day));
      memory = r.memory;
      seen.push(`${r.state.status}${r.events.length ? `/${r.events.map((e) => e.kind).join('+')}` : ''}`);
    }
    // Day 39: the peak so far is today's 2,500; day 40: the 2,700 peak itself; from day 41: −7.4%.
    assert.deepEqual(seen, ['armed', 'armed', 'triggered/triggered', 'triggered', 'triggered']);
  });

  it('an edited threshold starts afresh; a snoozed rule computes but never notifies', () => {
    const first = one(pf('var', 50), dataOf(held()));
    assert.equal(first.events.length, 1);
    const same = evaluateRules([pf('var', 50)], first.memory, dataOf(held()));
    assert.deepEqual(same.events, []);
    const edited = evaluateRules([{ ...pf('var', 55), id: 'pf-var-usd-50' }], first.memory, dataOf(held()));
    assert.equal(edited.events.length, 1, 'a new condition notifies again');
    const snoozed = one({ ...pf('value', 3000), snoozedUntil: '2025-03-05T00:00:00Z' }, dataOf(held()));
    assert.equal(snoozed.state.status, 'snoozed');
    assert.equal(snoozed.state.value, 2500);
    assert.deepEqual(snoozed.events, []);
  });
});

describe('alerts: portfolio rules — no holdings, no price', () => {
  it('no holdings: an error that says where to add them, never a value', () => {
    for (const data of [dataOf(undefined), dataOf(held({ positions: [], cash: 1000 }))]) {
      for (const rule of [pf('value', 1000), pf('drawdown', 0.2), pf('var', 100)]) {
        const s = one(rule, data).state;
        assert.equal(s.status, 'error');
        assert.equal(s.message, 'no holdings: add positions in .hashpivot/portfolio.json');
        assert.equal(s.message, NO_HOLDINGS);
        assert.equal(s.distanceText, `error: ${NO_HOLDINGS}`);
        assert.equal(s.value, undefined);
        assert.equal(s.distance, undefined);
      }
    }
    const cli = one(pf('value', 1000), dataOf(undefined, { extra: { whyNoHoldings: 'no holdings: pass --portfolio FILE' } })).state;
    assert.equal(cli.message, 'no holdings: pass --portfolio FILE');
    const off = one({ ...pf('value', 1000), enabled: false }, dataOf(undefined)).state;
    assert.equal(off.status, 'disabled');
    assert.equal(off.message, NO_HOLDINGS);
  });

  it('a position without a price is an error naming it (the value would leave it out); the other rules are unaffected', () => {
    const h: Holdings = { positions: [...HOLDINGS.positions, { symbol: 'ZZZ', quantity: 5 }], cash: 500 };
    const data = dataOf(held(h), { extra: { whyMissing: (s) => `${s} is not a known symbol` } });
    const r = evaluateRules([pf('value', 3000), pf('var', 10), { id: 'p', kind: 'price', symbol: 'AAA', op: 'above', value: 50, enabled: true }], {}, data);
    assert.equal(r.states[0]!.status, 'error');
    assert.equal(r.states[0]!.message, "no price at 2025-03-03 for ZZZ (ZZZ is not a known symbol): the portfolio's value would leave it out");
    assert.equal(r.states[1]!.message, r.states[0]!.message);
    assert.equal(r.states[2]!.status, 'triggered');
    assert.deepEqual(
      r.events.map((e) => e.ruleId),
      ['p'],
    );
  });

  it('closes that end long before the as-of date are no price; VaR without 30 days of history is an error with the reason portfolioRisk gives', () => {
    const late = one(pf('value', 3000), dataOf(held()), {}, '2025-04-01').state;
    assert.equal(late.status, 'error');
    assert.equal(
      late.message,
      "no price at 2025-04-01 for AAA (its data ends 2025-03-03, more than 7 days before 2025-04-01), BBB (its data ends 2025-03-03, more than 7 days before 2025-04-01): the portfolio's value would leave them out",
    );
    const early = one(pf('var', 10), dataOf(held()), {}, addDays(START, 20)).state;
    assert.equal(early.status, 'error');
    assert.equal(early.message, "the portfolio's VaR cannot be computed: no position has both a price and a daily history");
  });
});

describe('alerts: portfolio rules — validation and descriptions', () => {
  it('accepts each measure, fills the unit from the measure, reads "5%" as 0.05 and derives an id without a ticker', () => {
    const cases: Array<[unknown, Partial<PortfolioRule>]> = [
      [
        { kind: 'portfolio', measure: 'value', value: 12000 },
        { measure: 'value', unit: 'usd', value: 12000 },
      ],
      [
        { kind: 'portfolio', measure: 'drawdown', value: '20%' },
        { measure: 'drawdown', unit: 'fraction', value: 0.2 },
      ],
      [
        { kind: 'portfolio', measure: 'var', value: 1500 },
        { measure: 'var', unit: 'usd', value: 1500 },
      ],
      [
        { kind: 'portfolio', measure: 'VaR', unit: 'fraction', value: '5%' },
        { measure: 'var', unit: 'fraction', value: 0.05 },
      ],
    ];
    for (const [input, want] of cases) {
      const { rule, problems } = validateRule(input);
      assert.deepEqual(problems, [], JSON.stringify(input));
      for (const [k, v] of Object.entries(want)) assert.deepEqual((rule as unknown as Record<string, unknown>)[k], v, `${JSON.stringify(input)} ${k}`);
      assert.match(rule!.id, new RegExp(`^portfolio-${want.measure}-[0-9a-f]{8}$`));
    }
    assert.notEqual(
      validateRule({ kind: 'portfolio', measure: 'var', value: 0.05, unit: 'fraction' }).rule!.id,
      validateRule({ kind: 'portfolio', measure: 'var', value: 1500 }).rule!.id,
    );
  });

  it('names the field in every problem and never returns a half-made rule', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ kind: 'portfolio', value: 1000 }, /^measure: missing: value, drawdown or var$/],
      [{ kind: 'portfolio', measure: 'risk', value: 1000 }, /^measure: must be value, drawdown or var, got "risk"$/],
      [{ kind: 'portfolio', measure: 'value' }, /^value: missing: /],
      [{ kind: 'portfolio', measure: 'value', value: 0 }, /^value: must be an amount of USD above 0 \(up to 1e12\), got 0$/],
      [{ kind: 'portfolio', measure: 'value', value: -5 }, /^value: must be an amount of USD above 0/],
      [{ kind: 'portfolio', measure: 'value', value: 2e12 }, /^value: must be an amount of USD above 0 \(up to 1e12\), got 2000000000000$/],
      [
        { kind: 'portfolio', measure: 'var', value: '5%' },
        /^value: must be an amount of USD above 0 \(up to 1e12\), got "5%" \(for a share of the value, set "unit": "fraction"\)$/,
      ],
      [{ kind: 'portfolio', measure: 'value', unit: 'fraction', value: 0.5 }, /^unit: the portfolio's value is in USD: unit must be usd, got "fraction"$/],
      [{ kind: 'portfolio', measure: 'drawdown', unit: 'usd', value: 500 }, /^unit: a drawdown is a fraction of the peak: unit must be fraction, got "usd"$/],
      [{ kind: 'portfolio', measure: 'var', unit: 'eur', value: 500 }, /^unit: must be usd or fraction, got "eur"$/],
      [
        { kind: 'portfolio', measure: 'drawdown', value: 20 },
        /^value: drawdown depth must be in \(0, 1\), 0\.2 for deeper than −20%, got 20; did you mean 20% \(0\.2\)\?$/,
      ],
      [{ kind: 'portfolio', measure: 'drawdown', value: 1 }, /^value: drawdown depth must be in \(0, 1\)/],
      [
        { kind: 'portfolio', measure: 'var', unit: 'fraction', value: 1.5 },
        /^value: VaR as a fraction of the value must be in \(0, 1\), 0\.05 for 5% of the value, got 1\.5; did you mean 1\.5% \(0\.015\)\?$/,
      ],
      [
        { kind: 'portfolio', measure: 'value', value: 1000, symbol: 'IREN' },
        /^symbol: unknown field for a portfolio rule \(its fields: measure, unit, value, id, name/,
      ],
      [{ kind: 'portfolio', measure: 'value', value: 1000, depth: 0.3 }, /^depth: unknown field for a portfolio rule/],
    ];
    for (const [input, want] of bad) {
      const { rule, problems } = validateRule(input);
      assert.equal(rule, undefined, `a rule came back for ${JSON.stringify(input)}`);
      assert.ok(
        problems.some((p) => want.test(p)),
        `${JSON.stringify(input)}: ${JSON.stringify(problems)} has no ${want}`,
      );
    }
  });

  it('another kind’s field on a rule is an unknown field, with a message (not an empty one)', () => {
    const { problems } = validateRule({ kind: 'price', symbol: 'IREN', op: 'above', value: 50, depth: 0.3 });
    assert.deepEqual(problems, ['depth: unknown field for a price rule (its fields: symbol, op, value, id, name, enabled, snoozedUntil, createdAt, note)']);
  });

  it('checks the QuickPick input by measure and unit', () => {
    assert.equal(parseRuleFieldInput('portfolio', 'value', '$12,000', undefined, { measure: 'value', unit: 'usd' }).value, 12000);
    assert.equal(parseRuleFieldInput('portfolio', 'value', '1500 USD', undefined, { measure: 'var', unit: 'usd' }).value, 1500);
    assert.equal(parseRuleFieldInput('portfolio', 'value', '20%', undefined, { measure: 'drawdown', unit: 'fraction' }).value, 0.2);
    assert.equal(parseRuleFieldInput('portfolio', 'value', '0.05', undefined, { measure: 'var', unit: 'fraction' }).value, 0.05);
    assert.match(parseRuleFieldInput('portfolio', 'value', 'lots', undefined, { measure: 'value', unit: 'usd' }).problem!, /^type a number$/);
    assert.match(
      parseRuleFieldInput('portfolio', 'value', '', undefined, { measure: 'drawdown', unit: 'fraction' }).problem!,
      /^type a number \(15% or 0\.15\)$/,
    );
    assert.match(parseRuleFieldInput('portfolio', 'value', '30', undefined, { measure: 'drawdown', unit: 'fraction' }).problem!, /did you mean 30%/);
    assert.equal(checkRuleField('portfolio', 'unit', 'fraction', undefined, { measure: 'var' }).value, 'fraction');
    assert.match(checkRuleField('portfolio', 'unit', 'fraction', undefined, { measure: 'value' }).problem!, /unit must be usd/);
  });

  it('describes each measure', () => {
    assert.equal(describeRule(pf('value', 12000)), 'Portfolio value below $12,000.00');
    assert.equal(describeRule(pf('drawdown', 0.2)), 'Portfolio drawdown deeper than −20%');
    assert.equal(describeRule(pf('var', 1500)), 'Portfolio 1-day VaR 95% above $1,500.00');
    assert.equal(describeRule(pf('var', 0.05, 'fraction')), 'Portfolio 1-day VaR 95% above 5% of its value');
  });

  it('a rules file with portfolio rules: positions of bad fields, the good ones kept', () => {
    const text = `{ "rules": [
  { "id": "nav", "kind": "portfolio", "measure": "value", "value": 10000 },
  { "id": "dd", "kind": "portfolio", "measure": "drawdown", "value": 25 }
] }`;
    const { rules, problems } = parseRulesFile(text, '/notes/.hashpivot/alerts.json');
    assert.deepEqual(
      rules.map((r) => r.id),
      ['nav'],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'rules[1].value');
    assert.equal(problems[0]!.entry, 'dd');
    assert.equal(text.slice(problems[0]!.offset, problems[0]!.offset! + problems[0]!.length!), '25');
  });
});
