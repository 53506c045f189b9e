/**
 * The CoinDesk-20 proxy basket (src/core/basket.ts) on hand-made series: level 1000 on the first
 * day, each day's return the weighted mean of the constituents' returns (daily rebalanced), weights
 * renormalised over the constituents that have both days, a gap skipping the days it touches.
 */
import assert from 'node:assert/strict';
import { buildBasket, CD20_PROXY, compositionOn, type BasketInput } from '../../src/core/basket';
import { describeComposition } from '../../src/core/format';

const D = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05'];

function part(symbol: string, weight: number, prices: Record<string, number>): BasketInput {
  const dates = Object.keys(prices).sort();
  return { symbol, weight, series: { dates, close: dates.map((d) => prices[d]!) } };
}

function near(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: got ${got}, want ${want}`);
}

describe('CoinDesk-20 proxy basket', function () {
  it('starts at 1000 on the first day of the anchor (the first component)', function () {
    const b = buildBasket([part('BTC', 0.5, { [D[0]!]: 100, [D[1]!]: 110 }), part('ETH', 0.5, { [D[0]!]: 10, [D[1]!]: 10 })]);
    assert.deepEqual(b.dates, [D[0], D[1]]);
    assert.equal(b.levels[0], 1000);
    assert.deepEqual(b.counts, [0, 2]);
    assert.equal(buildBasket([part('BTC', 1, { [D[0]!]: 5 })], 100).levels[0], 100);
  });

  it("each day's return is the weighted mean of the constituents' returns (rebalanced daily, not buy-and-hold)", function () {
    const btc = { [D[0]!]: 100, [D[1]!]: 110, [D[2]!]: 99, [D[3]!]: 120 };
    const eth = { [D[0]!]: 10, [D[1]!]: 9, [D[2]!]: 9.9, [D[3]!]: 9.9 };
    const sol = { [D[0]!]: 1, [D[1]!]: 1.5, [D[2]!]: 1.2, [D[3]!]: 1.8 };
    const w = { BTC: 0.5, ETH: 0.3, SOL: 0.2 };
    const b = buildBasket([part('BTC', w.BTC, btc), part('ETH', w.ETH, eth), part('SOL', w.SOL, sol)]);
    let level = 1000;
    for (let t = 1; t < 4; t++) {
      const r = (p: Record<string, number>) => p[D[t]!]! / p[D[t - 1]!]! - 1;
      const mean = w.BTC * r(btc) + w.ETH * r(eth) + w.SOL * r(sol);
      near(b.levels[t]! / b.levels[t - 1]! - 1, mean, `return on ${D[t]}`);
      level *= 1 + mean;
      near(b.levels[t]!, level, `level on ${D[t]}`);
    }
    // Buy-and-hold of the starting weights would differ: the weights drift with prices.
    const hold = 1000 * (w.BTC * (btc[D[3]!]! / 100) + w.ETH * (eth[D[3]!]! / 10) + w.SOL * (sol[D[3]!]! / 1));
    assert.ok(Math.abs(b.levels[3]! - hold) > 1);
  });

  it('weights are renormalised over the constituents priced on both days (one not listed yet)', function () {
    const btc = part('BTC', 0.6, { [D[0]!]: 100, [D[1]!]: 102, [D[2]!]: 104 });
    const eth = part('ETH', 0.2, { [D[0]!]: 50, [D[1]!]: 55, [D[2]!]: 50 });
    const sol = part('SOL', 0.2, { [D[1]!]: 20, [D[2]!]: 24 }); // listed on day 1: first return on day 2
    const b = buildBasket([btc, eth, sol]);
    assert.deepEqual(b.counts, [0, 2, 3]);
    near(b.levels[1]! / 1000 - 1, (0.6 * 0.02 + 0.2 * 0.1) / 0.8, 'day 1: BTC and ETH, weights 0.75 / 0.25');
    near(b.levels[2]! / b.levels[1]! - 1, 0.6 * (104 / 102 - 1) + 0.2 * (50 / 55 - 1) + 0.2 * 0.2, 'day 2: all three');
  });

  it("the composition on a date: constituents that priced its return, BTC's effective weight after the scaling", function () {
    const btc = part('BTC', 0.3, { [D[0]!]: 100, [D[1]!]: 102, [D[2]!]: 104, [D[3]!]: 105 });
    const eth = part('ETH', 0.2, { [D[0]!]: 50, [D[1]!]: 55, [D[2]!]: 50, [D[3]!]: 51 });
    const sol = part('SOL', 0.5, { [D[1]!]: 20, [D[2]!]: 24 }); // listed on day 1, no price after day 2
    const b = buildBasket([btc, eth, sol]);
    assert.deepEqual(b.counts, [0, 2, 3, 2]);
    assert.ok(Number.isNaN(b.anchorWeights[0]!), 'no return on the first day');
    near(b.anchorWeights[1]!, 0.3 / 0.5, 'day 1: BTC and ETH');
    near(b.anchorWeights[2]!, 0.3, 'day 2: all three, the target weight');
    near(b.anchorWeights[3]!, 0.6, 'day 3: SOL gone');
    assert.deepEqual(compositionOn(b, D[2]!, 3), { date: D[2], priced: 3, constituents: 3, btcWeight: 0.3 });
    // A date after the last basket date takes the last one; a date before it starts has none.
    assert.deepEqual(compositionOn(b, '2025-02-01', 3), { date: D[3], priced: 2, constituents: 3, btcWeight: 0.6 });
    assert.equal(compositionOn(b, '2024-12-31', 3), undefined);
    assert.equal(describeComposition(compositionOn(b, D[3]!, 15)!), "2 of 15 constituents priced on 2025-01-04, BTC's effective weight 60.0%");
    // A day BTC itself has no return: it weighs nothing in that day's return.
    const gap = buildBasket([part('BTC', 0.3, { [D[0]!]: 1, [D[2]!]: 2 }), part('ETH', 0.7, { [D[0]!]: 1, [D[1]!]: 2, [D[2]!]: 3 })]);
    assert.deepEqual(gap.anchorWeights.slice(1), [0, 0]);
  });

  it('a component with a gap skips the days the gap touches; the others carry the basket', function () {
    const btc = part('BTC', 0.5, { [D[0]!]: 100, [D[1]!]: 101, [D[2]!]: 102, [D[3]!]: 103, [D[4]!]: 104 });
    const eth = part('ETH', 0.5, { [D[0]!]: 10, [D[1]!]: 11, [D[3]!]: 20, [D[4]!]: 21 }); // no price on D[2]
    const b = buildBasket([btc, eth]);
    assert.deepEqual(b.dates, D);
    assert.deepEqual(b.counts, [0, 2, 1, 1, 2]);
    near(b.levels[1]! / b.levels[0]! - 1, 0.5 * 0.01 + 0.5 * 0.1, 'D1');
    near(b.levels[2]! / b.levels[1]! - 1, 102 / 101 - 1, 'D2: BTC alone (ETH has no D2 price)');
    near(b.levels[3]! / b.levels[2]! - 1, 103 / 102 - 1, 'D3: BTC alone (ETH has no D2 price to compare with)');
    near(b.levels[4]! / b.levels[3]! - 1, 0.5 * (104 / 103 - 1) + 0.5 * (21 / 20 - 1), 'D4: both again');
  });

  it('a NaN or non-positive price counts as missing', function () {
    const btc = part('BTC', 0.5, { [D[0]!]: 100, [D[1]!]: 110, [D[2]!]: 121 });
    const eth = { symbol: 'ETH', weight: 0.5, series: { dates: [D[0]!, D[1]!, D[2]!], close: [10, NaN, 0] } };
    const b = buildBasket([btc, eth]);
    assert.deepEqual(b.counts, [0, 1, 1]);
    near(b.levels[2]!, 1210, 'BTC alone');
  });

  it('a day no constituent can price keeps the level; dates before the anchor are left out', function () {
    const btc = part('BTC', 0.5, { [D[1]!]: 100, [D[3]!]: 110 });
    const eth = part('ETH', 0.5, { [D[0]!]: 1, [D[1]!]: 1, [D[2]!]: 2 });
    const b = buildBasket([btc, eth]);
    assert.deepEqual(b.dates, [D[1], D[2], D[3]]);
    assert.deepEqual(b.counts, [0, 1, 0]);
    assert.deepEqual(b.levels, [1000, 2000, 2000]);
    assert.deepEqual(buildBasket([]), { dates: [], levels: [], counts: [], anchorWeights: [] });
    assert.deepEqual(buildBasket([part('BTC', 1, {})]), { dates: [], levels: [], counts: [], anchorWeights: [] });
  });

  it('the CD20 proxy: BTC first at 30%, ETH 20%, the other 50% equal, no stablecoins, weights summing to 1', function () {
    const c = CD20_PROXY.components;
    assert.equal(CD20_PROXY.symbol, 'CD20');
    assert.equal(c[0]!.symbol, 'BTC');
    assert.equal(c[0]!.weight, 0.3);
    assert.equal(c[1]!.symbol, 'ETH');
    assert.equal(c[1]!.weight, 0.2);
    const others = c.slice(2);
    for (const o of others) near(o.weight, 0.5 / others.length, o.symbol);
    near(
      c.reduce((t, x) => t + x.weight, 0),
      1,
      'sum of weights',
    );
    for (const o of c) assert.doesNotMatch(o.symbol, /^(USDT|USDC|DAI|FDUSD|TUSD)$/);
    assert.equal(new Set(c.map((x) => x.symbol)).size, c.length);
    for (const o of c.slice(1)) {
      assert.deepEqual(o.sources, [
        { provider: 'ccxt:binance', symbol: `${o.symbol}/USDT` },
        { provider: 'yahoo', symbol: `${o.symbol}-USD` },
      ]);
    }
    // Snapshot keys: Yahoo's USD series, then the Binance pair (which runs on where some Yahoo files end).
    assert.deepEqual(c[1]!.snapshotKeys, ['ETH']);
    for (const o of others) assert.deepEqual(o.snapshotKeys, [o.symbol, `${o.symbol}-USDT`]);
  });
});
