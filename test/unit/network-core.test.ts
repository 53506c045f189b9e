import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addDays } from '../../src/core/calendar';
import {
  estimateHeightOnDay,
  estimateNextHalving,
  feeShare,
  HALVINGS,
  halvingDate,
  hashpriceAsOf,
  hashpriceHistory,
  hashpricePoint,
  hashpriceUsdPerPhDay,
  hashpriceUsdPerThDay,
  hashrateFromDifficulty,
  impossibleNetwork,
  mergeNetwork,
  networkUpTo,
  pastHalvings,
  subsidyAtHeight,
  subsidyOnDay,
  subsidySats,
  type NetworkSeries,
} from '../../src/core/network';
import { fixture } from '../support/fixtures';
import { readDailyDifficulty, readMinerEconomics } from '../support/network';
import { readPriceCsv } from '../support/prices';

const origin = { kind: 'snapshot' as const, provider: 'test', asOf: '2026-02-12' };

describe('network: the halving schedule', () => {
  it('halves the subsidy every 210,000 blocks from 50 BTC, in whole satoshis', () => {
    assert.equal(subsidyAtHeight(0), 50);
    assert.equal(subsidyAtHeight(209_999), 50);
    assert.equal(subsidyAtHeight(210_000), 25);
    assert.equal(subsidyAtHeight(419_999), 25);
    assert.equal(subsidyAtHeight(420_000), 12.5);
    assert.equal(subsidyAtHeight(630_000), 6.25);
    assert.equal(subsidyAtHeight(839_999), 6.25);
    assert.equal(subsidyAtHeight(840_000), 3.125);
    assert.equal(subsidyAtHeight(1_049_999), 3.125);
    assert.equal(subsidyAtHeight(1_050_000), 1.5625);
    // Bitcoin Core's right shift: 5e9 >> 10 = 4882812 sats (not 4882812.5), zero from the 33rd halving on.
    assert.equal(subsidySats(10 * 210_000), 4_882_812);
    assert.equal(subsidySats(32 * 210_000), 1);
    assert.equal(subsidySats(33 * 210_000), 0);
    assert.equal(subsidySats(64 * 210_000), 0);
    assert.throws(() => subsidySats(-1), RangeError);
    assert.throws(() => subsidySats(1.5), RangeError);
  });

  it('lists the halving heights, the past ones with the date of their block and a source', () => {
    assert.deepEqual(
      HALVINGS.map((h) => h.height),
      [210_000, 420_000, 630_000, 840_000, 1_050_000],
    );
    assert.deepEqual(pastHalvings().map(halvingDate), ['2012-11-28', '2016-07-09', '2020-05-11', '2024-04-20']);
    for (const h of HALVINGS) assert.equal(h.subsidyBtc, subsidyAtHeight(h.height));
    for (const h of pastHalvings()) assert.ok(h.source && h.source.length > 10);
    assert.equal(HALVINGS.at(-1)!.time, undefined, 'the next halving has no date as a fact');
  });

  it('agrees with the 840,000 date in the reference context', () => {
    const facts = JSON.parse(readFileSync(fixture('reference', 'miner_fleet_facts.json'), 'utf8')) as { context: { blockSubsidy: { current: string } } };
    assert.match(facts.context.blockSubsidy.current, /3\.125 BTC .*840,000 \(2024-04-20\)/);
    assert.equal(halvingDate(pastHalvings()[3]!), '2024-04-20');
  });

  it('gives the subsidy by date, mixed on a halving day by the time of the halving block', () => {
    assert.equal(subsidyOnDay('2020-05-10').btc, 12.5);
    assert.equal(subsidyOnDay('2020-05-12').btc, 6.25);
    const day = subsidyOnDay('2020-05-11');
    assert.equal(day.halving?.height, 630_000);
    assert.ok(day.btc > 6.25 && day.btc < 12.5);
    // 19:23:43 UTC: 80.8% of the day at 12.5.
    assert.ok(Math.abs(day.btc - (12.5 * (19 * 3600 + 23 * 60 + 43) + 6.25 * (86_400 - (19 * 3600 + 23 * 60 + 43))) / 86_400) < 1e-12);
    assert.equal(subsidyOnDay('2026-02-01').btc, 3.125);
    assert.equal(subsidyOnDay('2009-06-01').btc, 50);
  });

  it("matches the halving dates in BRK's daily subsidy: every day's subsidy is 60–220 blocks' worth at the subsidy of its date", () => {
    // BRK's daily subsidy sum divided by the subsidy per block gives the blocks mined that day: a
    // wrong halving date would give ~72 or ~288 blocks for months. BRK's days do not split the
    // 2020 halving day as UTC does (it books 146 blocks at 12.5 on 2020-05-11), so the day of
    // each halving is left out.
    const halvingDays = new Set(pastHalvings().map(halvingDate));
    let days = 0;
    for (const r of readMinerEconomics()) {
      if (halvingDays.has(r.date) || r.date > '2026-02-12') continue;
      const blocks = r.subsidyBtc / subsidyOnDay(r.date).btc;
      assert.ok(blocks >= 60 && blocks <= 220, `${r.date}: ${blocks} blocks`);
      days++;
    }
    assert.ok(days > 2500);
  });

  it('estimates the next halving from the height and 10-minute blocks, labelled as an estimate', () => {
    const e = estimateNextHalving(926_000, Date.parse('2025-12-02T00:00:00Z'));
    assert.equal(e.height, 1_050_000);
    assert.equal(e.blocksToGo, 124_000);
    assert.equal(e.subsidyBtc, 1.5625);
    assert.equal(e.estimate, true);
    assert.equal(e.estimatedDate, addDays('2025-12-02', Math.floor((124_000 * 600) / 86_400)));
    assert.match(e.estimatedDate, /^2028-0[3-4]/, 'the reference context expects March-April 2028');
    assert.equal(estimateNextHalving(840_000, 0).height, 1_050_000);
    // Height estimated by date: within a few thousand blocks of the real tip (about 926,000 on 2025-12-02).
    assert.ok(Math.abs(estimateHeightOnDay('2025-12-02') - 926_000) < 3000, String(estimateHeightOnDay('2025-12-02')));
  });
});

describe('network: hashrate and hashprice', () => {
  it('hashrate is D·2³²/600 and hashprice follows the formula', () => {
    assert.equal(hashrateFromDifficulty(1), 4_294_967_296 / 600);
    const x = { difficulty: 149_301_205_959_700, subsidyBtc: 3.125, feesPerBlockBtc: 0.03, btcUsd: 91_350 };
    const expected = (86_400 * 1e15 * 3.155 * 91_350) / (149_301_205_959_700 * 2 ** 32);
    assert.ok(Math.abs(hashpriceUsdPerPhDay(x) - expected) < 1e-9);
    assert.ok(Math.abs(hashpriceUsdPerThDay(x) - expected / 1000) < 1e-12);
    assert.ok(Number.isNaN(hashpriceUsdPerPhDay({ ...x, difficulty: 0 })));
    assert.ok(Number.isNaN(hashpriceUsdPerPhDay({ ...x, feesPerBlockBtc: -1 })));
    assert.ok(Number.isNaN(hashpriceUsdPerPhDay({ ...x, btcUsd: NaN })));
    assert.ok(Math.abs(feeShare(3.125, 0.03) - 0.03 / 3.155) < 1e-15);
    assert.ok(Number.isNaN(feeShare(3.125, NaN)));
  });

  const difficulty = readDailyDifficulty();
  const diffOn = new Map(difficulty.dates.map((d, i) => [d, difficulty.difficulty[i]!]));
  const economics = readMinerEconomics().filter((r) => diffOn.has(r.date));
  /** Days the daily file's difficulty moved: retarget days, where it holds the day's average. */
  const retargetDays = new Set(difficulty.dates.filter((_d, i) => i > 0 && Math.abs(difficulty.difficulty[i]! / difficulty.difficulty[i - 1]! - 1) > 1e-9));
  const halvingDays = new Set(pastHalvings().flatMap((h) => [-1, 0, 1].map((k) => addDays(halvingDate(h), k))));

  it("hashrate from difficulty is within 10% of BRK's hash_rate_hs on average", () => {
    let sumAbs = 0;
    for (const r of economics) sumAbs += Math.abs(hashrateFromDifficulty(diffOn.get(r.date)!) / r.hashRateHs - 1);
    const meanAbs = sumAbs / economics.length;
    console.log(`      hashrate D·2³²/600 vs BRK hash_rate_hs: mean |difference| ${(meanAbs * 100).toFixed(2)}% over ${economics.length} days`);
    // BRK estimates hashrate from the blocks found each day: luck makes a single day ±15% or more.
    assert.ok(meanAbs < 0.1, `${meanAbs}`);
    assert.ok(economics.length > 2500);
  });

  it("hashprice equals the file's revenue × price ÷ hashrate, exactly off retarget and halving days", () => {
    // The file's hashprice is a realised one: (blocks found × (subsidy + fees per block)) × price ÷
    // BRK's hashrate. BRK estimates hashrate from those same blocks (blocks ÷ 144 × D·2³²/600), so
    // the blocks cancel and it equals the expected hashprice 86,400·10¹⁵·(s + f)·P ÷ (D·2³²) with
    // f = fees ÷ blocks, blocks = subsidy_btc ÷ subsidy per block. What is left: on retarget days
    // the daily difficulty file holds the day's average, not each block's (up to ~11%); on halving
    // days BRK's day does not split the halving as a UTC day does.
    let exact = 0;
    let worstExact = 0;
    let worstRetarget = 0;
    let sumAbs = 0;
    for (const r of economics) {
      if (halvingDays.has(r.date)) continue;
      const subsidy = subsidyOnDay(r.date).btc;
      const blocks = r.subsidyBtc / subsidy;
      const ours = hashpriceUsdPerThDay({ difficulty: diffOn.get(r.date)!, subsidyBtc: subsidy, feesPerBlockBtc: r.feesBtc / blocks, btcUsd: r.btcUsd });
      const theirs = (r.revenueBtc * r.btcUsd) / (r.hashRateHs / 1e12);
      const diff = Math.abs(ours / theirs - 1);
      sumAbs += diff;
      if (retargetDays.has(r.date)) worstRetarget = Math.max(worstRetarget, diff);
      else {
        exact++;
        worstExact = Math.max(worstExact, diff);
      }
    }
    console.log(
      `      hashprice vs the file's own: ${exact} ordinary days within ${worstExact.toExponential(1)}; retarget days within ${(worstRetarget * 100).toFixed(1)}%; mean |difference| ${((sumAbs / economics.length) * 100).toFixed(3)}%`,
    );
    assert.ok(exact > 2000);
    assert.ok(worstExact < 1e-6, `${worstExact}`);
    assert.ok(worstRetarget < 0.12, `${worstRetarget}`);
    assert.ok(sumAbs / economics.length < 0.005);
  });

  it('hashprice on 2025-12-02 is within ±25% of the published late-2025 figures', () => {
    const facts = JSON.parse(readFileSync(fixture('reference', 'miner_fleet_facts.json'), 'utf8')) as {
      context: { hashprice: { values: { value: number; unit: string; date: string; metric: string; source: { publisher: string } }[] } };
    };
    const published = facts.context.hashprice.values.filter((v) => /^2025-1[12]/.test(v.date));
    assert.ok(published.length >= 3);
    const btc = readPriceCsv('BTC-USD');
    const price = btc.close[btc.dates.indexOf('2025-12-02')]!;
    const row = readMinerEconomics().find((r) => r.date === '2025-12-02')!;
    const feesPerBlock = row.feesBtc / (row.subsidyBtc / 3.125);
    const p = hashpricePoint('2025-12-02', diffOn.get('2025-12-02')!, feesPerBlock, price);
    console.log(
      `      2025-12-02: difficulty ${(p.difficulty / 1e12).toFixed(2)}T, hashrate ${(p.hashrateHs / 1e18).toFixed(0)} EH/s, BTC ${price.toFixed(0)} USD, ` +
        `fees ${feesPerBlock.toFixed(4)} BTC/block (fee share ${(p.feeShare * 100).toFixed(2)}%): hashprice ${p.usdPerPhDay.toFixed(2)} USD/PH/day ` +
        `(subsidy only ${p.subsidyUsdPerPhDay.toFixed(2)})`,
    );
    for (const v of published) {
      console.log(`        published ${v.value} ${v.unit} (${v.date}, ${v.metric}; ${v.source.publisher})`);
      assert.equal(v.unit, 'USD/PH/s/day');
      assert.ok(Math.abs(p.usdPerPhDay / v.value - 1) < 0.25, `${p.usdPerPhDay} vs ${v.value}`);
    }
  });
});

describe('network: series, validation, history', () => {
  const series = (dates: string[], difficulty: number[], fees?: number[]): NetworkSeries => ({
    dates,
    difficulty,
    ...(fees ? { feesPerBlockBtc: fees } : {}),
    origin,
  });

  it('accepts the real daily difficulty file and rejects impossible values', () => {
    const d = readDailyDifficulty();
    assert.equal(impossibleNetwork(d), undefined);
    assert.match(impossibleNetwork(series(['2024-01-01'], [0]))!, /impossible difficulty 0/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [-5]))!, /impossible difficulty/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [0.5]))!, /minimum is 1/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [NaN]))!, /not a finite/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [Infinity]))!, /not a finite/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [1e18]))!, /implausible/);
    assert.match(impossibleNetwork(series(['2024-01-01', '2024-01-02'], [1e14, 4.1e14]))!, /at most ×4/);
    assert.match(impossibleNetwork(series(['2024-01-01', '2024-01-02'], [1e14, 0.24e14]))!, /at most ×4/);
    assert.equal(impossibleNetwork(series(['2024-01-01', '2024-01-02'], [1e14, 3.9e14])), undefined);
    assert.equal(impossibleNetwork(series(['2024-01-01', '2024-01-20'], [1e14, 15e14])), undefined, 'two retargets in 19 days');
    assert.match(impossibleNetwork(series(['2024-01-02', '2024-01-01'], [1, 1]))!, /ascending/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [1, 2]))!, /dates but/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [1e14], [-0.1]))!, /impossible fees/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [1e14], [Infinity]))!, /impossible fees/);
    assert.match(impossibleNetwork(series(['2024-01-01'], [1e14], [500]))!, /implausible fees/);
    assert.equal(impossibleNetwork(series(['2024-01-01'], [1e14], [NaN])), undefined, 'unknown fees are allowed');
  });

  it('aligns hashprice on BTC daily closes, marks halvings, and gives the value as of a date', () => {
    const d = readDailyDifficulty();
    const btc = readPriceCsv('BTC-USD');
    const h = hashpriceHistory(series(d.dates, d.difficulty), btc);
    assert.ok(h.points.length > 2500);
    assert.deepEqual(
      h.halvings.map((x) => [x.height, x.date]),
      [
        [630_000, '2020-05-11'],
        [840_000, '2024-04-20'],
      ],
    );
    assert.equal(h.points.find((p) => p.date === '2024-04-20')!.halving?.height, 840_000);
    const at = hashpriceAsOf(h, '2025-12-02')!;
    assert.equal(at.date, '2025-12-02');
    assert.equal(at.btcUsd, btc.close[btc.dates.indexOf('2025-12-02')]);
    assert.equal(at.feesKnown, false);
    assert.ok(Number.isNaN(at.feeShare));
    assert.equal(at.usdPerPhDay, at.subsidyUsdPerPhDay);
    // The 2025-11-13…15 gap in the difficulty file stays a gap.
    assert.equal(hashpriceAsOf(h, '2025-11-14')!.date, '2025-11-12');
    // Halving: the subsidy part halves overnight (difficulty and price barely move).
    const before = h.points.find((p) => p.date === '2024-04-19')!;
    const after = h.points.find((p) => p.date === '2024-04-21')!;
    assert.ok(after.subsidyUsdPerPhDay / before.subsidyUsdPerPhDay < 0.55);
    // A day without a BTC close is left out.
    const partial = hashpriceHistory(series(['2024-01-01', '2024-01-02'], [7e13, 7e13]), { dates: ['2024-01-02'], close: [45_000] });
    assert.deepEqual(
      partial.points.map((p) => p.date),
      ['2024-01-02'],
    );
  });

  it('cuts to a date and merges two sources, fees from whichever has them', () => {
    const a = series(['2024-01-01', '2024-01-02', '2024-01-03'], [1e14, 1e14, 1.1e14]);
    const b = series(['2024-01-02', '2024-01-03', '2024-01-04'], [2e14, 2e14, 2e14], [0.1, NaN, 0.2]);
    assert.deepEqual(networkUpTo(a, '2024-01-02').dates, ['2024-01-01', '2024-01-02']);
    const m = mergeNetwork(a, b, 'fees from b');
    assert.deepEqual(m.dates, ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
    assert.deepEqual(m.difficulty, [1e14, 1e14, 1.1e14, 2e14]);
    assert.deepEqual(m.feesPerBlockBtc, [NaN, 0.1, NaN, 0.2]);
    assert.equal(m.origin.note, 'fees from b');
  });
});
