import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { addDays } from '../../src/core/calendar';
import * as risk from '../../src/core/risk';
import {
  checkHoldings,
  editHoldingsText,
  parseHoldingsText,
  portfolioRisk,
  quoteFromCloses,
  quoteOverCloses,
  serializeHoldings,
  valueHoldings,
  type PriceQuote,
} from '../../src/core/portfolio';

const close = (x: number) => Math.round(x * 1e6) / 1e6;

describe('holdings (src/core/portfolio/holdings)', () => {
  it('reads the documented example: positions, a short, cash', () => {
    const r = parseHoldingsText(
      '{ "positions": [ { "symbol": "IREN", "quantity": 100, "costBasis": 30 }, { "symbol": "btc", "quantity": 0.5, "costBasis": 60000 }, { "symbol": "$WULF", "quantity": -50, "costBasis": 10 } ], "cash": 1000 }',
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.holdings.positions.map((p) => [p.symbol, p.quantity, p.costBasis]),
      [
        ['IREN', 100, 30],
        ['BTC', 0.5, 60000],
        ['WULF', -50, 10],
      ],
    );
    assert.equal(r.holdings.cash, 1000);
  });

  it('lots give the quantity and the cost basis when those are absent; a disagreeing quantity is an error', () => {
    const r = checkHoldings({
      positions: [
        {
          symbol: 'CIFR',
          lots: [
            { date: '2025-03-03', quantity: 100, price: 3 },
            { date: '2025-06-02', quantity: 300, price: 5 },
          ],
        },
        { symbol: 'HUT', quantity: 10, lots: [{ date: '2025-01-02', quantity: 5, price: 20 }] },
      ],
    });
    assert.deepEqual(
      r.holdings.positions.map((p) => [p.symbol, p.quantity, p.costBasis]),
      [['CIFR', 400, 4.5]],
    );
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]!.entry, 'HUT');
    assert.equal(r.problems[0]!.field, 'positions[1].quantity');
    assert.match(r.problems[0]!.message, /disagrees with its lots, which add up to 5 — this position is not used/);
  });

  it('names file entry and field for each bad value, keeps the valid rest, and places problems in the text', () => {
    const text = `{
  "positions": [
    { "symbol": "IREN", "quantity": 0 },
    { "symbol": "CORZ", "quantity": 10, "costBasis": -3 },
    { "symbol": "IREN", "quantity": 5 },
    { "symbol": "CLSK", "quantity": 20, "colour": "red", "lots": [{ "date": "2025-02-30", "quantity": 20, "price": 9 }] },
    { "symbol": "BITF", "quantity": 1e300 },
    "MARA",
    { "symbol": "WULF", "quantity": 7 }
  ],
  "cash": "lots",
  "extra": true
}`;
    const r = parseHoldingsText(text, { isKnownSymbol: (s) => s !== 'CORZ' });
    assert.deepEqual(
      r.holdings.positions.map((p) => p.symbol),
      ['IREN', 'WULF'],
      'the second IREN is a duplicate only if the first was valid: the first is not, so the second is used',
    );
    const by = (field: string) => r.problems.find((p) => p.field === field);
    assert.match(by('positions[0].quantity')!.message, /non-zero number/);
    assert.match(by('positions[1].costBasis')!.message, /0 or more, got -3/);
    assert.equal(by('positions[1].symbol')!.severity, 'warning', 'an unknown symbol is a warning');
    assert.match(by('positions[3].lots[0].date')!.message, /not a date/);
    assert.equal(by('positions[3].colour')!.severity, 'warning');
    assert.equal(text.slice(by('positions[3].colour')!.offset!, by('positions[3].colour')!.offset! + 8), '"colour"');
    assert.match(by('positions[4].quantity')!.message, /non-zero number/);
    assert.match(by('positions[5]')!.message, /a position is an object/);
    assert.match(by('cash')!.message, /taken as 0/);
    assert.equal(by('extra')!.severity, 'warning');
    assert.equal(text.slice(by('positions[1].costBasis')!.offset!, by('positions[1].costBasis')!.offset! + 2), '-3');
    assert.equal(r.holdings.cash, 0);
  });

  it('duplicates, comments and trailing commas; hostile text is refused with a problem, never a throw', () => {
    const dup = parseHoldingsText('{ "positions": [ {"symbol": "IREN", "quantity": 1}, {"symbol": "iren", "quantity": 2}, ], // mine\n }');
    assert.equal(dup.holdings.positions.length, 1);
    assert.match(dup.problems[0]!.message, /listed twice/);
    for (const bad of ['', '[', '{"positions": ' + '['.repeat(100) + ']'.repeat(100) + '}', '{"__proto__": {}}', 'null', '{"positions": {}}']) {
      const r = parseHoldingsText(bad);
      assert.equal(r.holdings.positions.length, 0, bad.slice(0, 20));
      assert.ok(r.problems.length >= 1 && r.problems.every((p) => p.severity === 'error'), bad.slice(0, 20));
    }
  });

  it('the contributed JSON schema accepts what the checker accepts (the sample notes’ holdings) and flags what it refuses', () => {
    const schema = JSON.parse(readFileSync(path.join(process.cwd(), 'media/portfolio/portfolio.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const sample = readFileSync(path.join(process.cwd(), 'sample/notes/.hashpivot/portfolio.json'), 'utf8');
    const parsed = parseHoldingsText(sample);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.holdings.positions.length, 4);
    const data = JSON.parse(sample.replace(/^\s*\/\/.*$/gm, '')) as unknown;
    assert.ok(validate(data), JSON.stringify(validate.errors));
    for (const bad of [
      { positions: [{ symbol: 'IREN', quantity: 0 }] },
      { positions: [{ symbol: 'IREN', costBasis: -1 }] },
      { positions: [{ symbol: 'IREN', quantity: 1, colour: 1 }] },
      { cash: 'x' },
    ]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.ok(checkHoldings(bad).problems.length > 0, JSON.stringify(bad));
    }
  });

  it('edits keep the file’s comments: replace, append, remove, set cash', () => {
    const text = '{\n  // mine\n  "positions": [\n    { "symbol": "IREN", "quantity": 1 } // first\n  ],\n  "cash": 5\n}\n';
    let t = editHoldingsText(text, ['positions', 0], { symbol: 'IREN', quantity: 2, costBasis: 9 });
    t = editHoldingsText(t, ['positions', 1], { symbol: 'WULF', quantity: -3 }, true);
    t = editHoldingsText(t, ['cash'], -100);
    assert.match(t, /\/\/ mine/);
    assert.deepEqual(parseHoldingsText(t).holdings, {
      positions: [
        { symbol: 'IREN', quantity: 2, costBasis: 9 },
        { symbol: 'WULF', quantity: -3 },
      ],
      cash: -100,
    });
    t = editHoldingsText(t, ['positions', 0], undefined);
    assert.deepEqual(parseHoldingsText(t).holdings.positions, [{ symbol: 'WULF', quantity: -3 }]);
    assert.deepEqual(parseHoldingsText(editHoldingsText('', ['positions'], [{ symbol: 'BTC', quantity: 1 }])).holdings.positions, [
      { symbol: 'BTC', quantity: 1 },
    ]);
  });

  it('serializes to a file that reads back the same', () => {
    const h = { positions: [{ symbol: 'IREN', quantity: -3, costBasis: 41.5, lots: [{ date: '2025-01-02', quantity: -3, price: 41.5 }] }], cash: -200 };
    assert.deepEqual(parseHoldingsText(serializeHoldings(h)).holdings, h);
  });
});

describe('valuation and P&L (src/core/portfolio/valuation)', () => {
  const quotes: Record<string, PriceQuote> = {
    IREN: { price: 40, previousClose: 38, time: '2026-11-30', source: 'snapshot' },
    WULF: { price: 12, previousClose: 11, time: '2026-11-30', source: 'live' },
    BTC: { price: 60000, previousClose: 59000, time: '2026-11-30', source: 'cache' },
  };
  const holdings = {
    positions: [
      { symbol: 'IREN', quantity: 100, costBasis: 30 },
      { symbol: 'WULF', quantity: -50, costBasis: 10 },
      { symbol: 'BTC', quantity: 0.5 },
      { symbol: 'NOPE', quantity: 3, costBasis: 1 },
    ],
    cash: 1000,
  };

  it('hand-checked figures: values, P&L (a short gains when the price falls), day P&L, weights, totals', () => {
    const v = valueHoldings(holdings, quotes);
    const [iren, wulf, btc, nope] = v.positions;
    assert.deepEqual([iren!.value, iren!.pnl, close(iren!.pnlPct!), iren!.dayPnl], [4000, 1000, close(1 / 3), 200]);
    assert.deepEqual([wulf!.value, wulf!.pnl, wulf!.pnlPct, wulf!.dayPnl, wulf!.short], [-600, -100, -0.2, -50, true]);
    assert.equal(close(wulf!.dayPnlPct!), close(-50 / 550));
    assert.deepEqual([btc!.value, btc!.pnl, btc!.dayPnl], [30000, null, 500]);
    assert.ok(btc!.reasons.includes('no cost basis in the holdings'));
    assert.deepEqual([nope!.value, nope!.weight, nope!.pnl], [null, null, null]);
    assert.deepEqual(nope!.reasons, ['no price for NOPE']);
    const t = v.totals;
    assert.equal(t.value, 34400);
    assert.equal(t.invested, 33400);
    assert.equal(t.gross, 34600);
    assert.equal(t.pnl, 900);
    assert.equal(t.cost, 3500);
    assert.equal(close(t.pnlPct!), close(900 / 3500));
    assert.equal(t.dayPnl, 650);
    assert.equal(close(t.dayPnlPct!), close(650 / 33750));
    assert.equal(close(iren!.weight!), close(4000 / 34400));
    assert.deepEqual(t.unpriced, ['NOPE']);
    assert.deepEqual(t.noCost, ['BTC']);
    assert.equal(t.source, 'snapshot', 'the weakest source among the prices');
  });

  it('a live quote over the closes: the previous close is the last one before the quote’s day; an older quote is not used', () => {
    const s = { dates: ['2026-11-26', '2026-11-27', '2026-11-30'], close: [10, 11, 12] };
    assert.deepEqual(quoteOverCloses(s, { price: 12.5, time: '2026-11-30T18:00:00Z' }), {
      price: 12.5,
      previousClose: 11,
      time: '2026-11-30T18:00:00Z',
      source: 'live',
    });
    assert.deepEqual(quoteOverCloses(s, { price: 13, time: '2026-12-01T15:00:00Z' }), {
      price: 13,
      previousClose: 12,
      time: '2026-12-01T15:00:00Z',
      source: 'live',
    });
    assert.equal(quoteOverCloses(s, { price: 13, time: '2026-11-27T15:00:00Z' }), undefined);
    assert.equal(quoteOverCloses(s, { price: 0, time: '2026-12-01T15:00:00Z' }), undefined);
  });

  it('quotes from daily closes: the last close at or before the as-of date and the one before it; none when stale', () => {
    const s = { dates: ['2026-11-26', '2026-11-27', '2026-11-30'], close: [10, 11, 12] };
    assert.deepEqual(quoteFromCloses(s, '2026-11-29', 'snapshot'), { price: 11, previousClose: 10, time: '2026-11-27', source: 'snapshot' });
    assert.equal(quoteFromCloses(s, '2026-12-20', 'snapshot'), undefined);
  });
});

describe('portfolio risk (src/core/portfolio/valuation)', () => {
  // Two assets on a seven-day calendar with returns from a fixed sequence, and BTC = asset A.
  const days = 400;
  const start = '2025-01-01';
  const dates = Array.from({ length: days }, (_, i) => addDays(start, i));
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.08;
  const ra = Array.from({ length: days - 1 }, rnd);
  const rb = ra.map((r) => 0.5 * r + rnd() * 0.5);
  const path = (rs: number[]) => rs.reduce((p, r) => [...p, p.at(-1)! * (1 + r)], [100]);
  const prices = { A: { dates, close: path(ra) }, B: { dates, close: path(rb) }, BTC: { dates, close: path(ra) } };
  const asOf = dates.at(-1)!;
  const quote = (s: 'A' | 'B'): PriceQuote => ({ price: prices[s].close.at(-1)!, previousClose: prices[s].close.at(-2)!, time: asOf, source: 'snapshot' });

  it('component VaRs add up to the Gaussian VaR, ES contributions to the historical ES; VaR is the quantile of Σ w r', () => {
    const v = valueHoldings(
      {
        positions: [
          { symbol: 'A', quantity: 30 },
          { symbol: 'B', quantity: -10 },
        ],
        cash: 500,
      },
      { A: quote('A'), B: quote('B') },
    );
    const r = portfolioRisk(v, prices, asOf);
    assert.equal(r.reason, undefined);
    assert.equal(r.sessions, 365);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(r.contributions.map((c) => c.componentVarUsd)) - r.parametricVarUsd!) < 1e-9 * r.parametricVarUsd!);
    assert.ok(Math.abs(sum(r.contributions.map((c) => c.esContributionUsd)) - r.esUsd!) < 1e-9 * Math.abs(r.esUsd!));
    assert.ok(Math.abs(sum(r.contributions.map((c) => c.componentVarShare)) - 1) < 1e-12);
    // Independent recomputation of the portfolio's returns over the last 365 days.
    const wA = v.positions[0]!.weight!;
    const wB = v.positions[1]!.weight!;
    const rp = ra.slice(-365).map((x, i) => wA * x + wB * rb.slice(-365)[i]!);
    assert.ok(Math.abs(r.varReturn! - risk.historicalVar(rp)) < 1e-12);
    assert.ok(Math.abs(r.esReturn! - risk.cvar(rp)) < 1e-12);
    assert.ok(r.varUsd! < 0 && r.esUsd! <= r.varUsd!);
    assert.ok(r.contributions[1]!.componentVarUsd < 0, 'the short in a correlated asset hedges');
    assert.ok(Math.abs(r.betaBtc! - risk.beta(rp, ra.slice(-365))) < 1e-12);
    assert.equal(r.betaNdx, null, 'no NDX series: null');
  });

  it('all in BTC: β to BTC is 1; half in cash: 0.5', () => {
    const full = portfolioRisk(valueHoldings({ positions: [{ symbol: 'A', quantity: 10 }], cash: 0 }, { A: quote('A') }), prices, asOf);
    assert.ok(Math.abs(full.betaBtc! - 1) < 1e-12);
    const a = quote('A').price * 10;
    const half = portfolioRisk(valueHoldings({ positions: [{ symbol: 'A', quantity: 10 }], cash: a }, { A: quote('A') }), prices, asOf);
    assert.ok(Math.abs(half.betaBtc! - 0.5) < 1e-12);
    assert.ok(Math.abs(half.varUsd! - full.varUsd!) < 1e-9 * Math.abs(full.varUsd!), 'the same dollars at risk');
  });

  it('no price, no history, or too little of it: null figures with a reason', () => {
    const v = valueHoldings({ positions: [{ symbol: 'Z', quantity: 1 }], cash: 0 }, {});
    const r = portfolioRisk(v, prices, asOf);
    assert.equal(r.varUsd, null);
    assert.match(r.reason!, /not positive|no position/);
    const short = portfolioRisk(valueHoldings({ positions: [{ symbol: 'A', quantity: 1 }], cash: 0 }, { A: quote('A') }), prices, asOf, { lookbackDays: 20 });
    assert.match(short.reason!, /only 20 common sessions/);
  });
});
