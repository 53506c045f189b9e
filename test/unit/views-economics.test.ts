/** The economics panel's view model (src/core/views/build/economics.ts) on the embedded snapshots and the shipped catalog, and its protocol guard. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../src/catalog';
import { dayNumber } from '../../src/core/calendar';
import { minerEconomics } from '../../src/core/economics';
import { hashpriceAsOf, hashpriceHistory, HALVINGS } from '../../src/core/network';
import { buildEconomics, economicsCsv, MAX_POINTS, type EconomicsInput } from '../../src/core/views/build';
import { economicsAssumptions } from '../../src/core/economics';
import { readNetworkSnapshot } from '../../src/data/network';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { packHostMessage, parseHostMessage, parseWireHostMessage } from '../../src/shared/protocol';

describe('economics panel view model (snapshot data, shipped catalog)', () => {
  const root = process.cwd();
  const snap = loadSnapshotFile(path.join(root, 'media/snapshot/prices.snap'));
  const network = readNetworkSnapshot(path.join(root, 'media/snapshot/network.json'));
  const file = path.join(root, 'media/catalog/catalog.json');
  const catalog = loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog;
  const btc = snap.get('BTC')!;
  const input: EconomicsInput = {
    network,
    btc,
    miners: catalog.tickers().map((t) => ({ symbol: t, name: catalog.miner(t)!.name, fleet: catalog.miner(t)!.fleet, deals: catalog.dealsOf(t) })),
    now: Date.parse('2026-06-01T00:00:00Z'),
  };
  const all = buildEconomics(input, 'ALL');
  const y3 = buildEconomics(input, '3Y');

  it('the hashprice history has points, at most MAX_POINTS, ending on the as-of day, with the halvings in range as markers on the line', () => {
    const day = hashpriceAsOf(hashpriceHistory(network, btc))!;
    assert.equal(all.asOf, day.date);
    for (const d of [all, y3]) {
      const pts = d.hashprice[0]!.points;
      assert.ok(pts.length > 100 && pts.length <= MAX_POINTS, `${pts.length} points`);
      assert.equal(pts.at(-1)![0], dayNumber(d.asOf));
      assert.deepEqual(d.xRanges.hashprice, { min: pts[0]![0], max: pts.at(-1)![0] });
      for (const m of d.halvings) assert.ok(m.x >= pts[0]![0] && m.x <= pts.at(-1)![0], `${m.date} in range`);
      assert.ok(d.stats.pointsSent <= d.stats.pointsIn);
    }
    // The network snapshot starts in 2019: the 2020 and 2024 halvings over ALL, the 2024 one over three years.
    assert.deepEqual(
      all.halvings.map((h) => h.date),
      ['2020-05-11', '2024-04-20'],
    );
    assert.deepEqual(
      y3.halvings.map((h) => h.date),
      ['2024-04-20'],
    );
    const h2024 = HALVINGS.find((h) => h.height === 840_000)!;
    assert.match(y3.halvings[0]!.label, /840,000/);
    assert.match(y3.halvings[0]!.value!, new RegExp(String(h2024.subsidyBtc)));
    assert.ok(y3.halvings[0]!.y > 0);
    assert.equal(y3.nextHalving?.height, 1_050_000);
    assert.equal(all.data.kind, 'snapshot');
    assert.equal(all.day.feesKnown, false, 'the embedded network snapshot has no fees');
  });

  it("the table's figures are minerEconomics' at the as-of day's hashprice, BTC close and fees", () => {
    const day = hashpriceAsOf(hashpriceHistory(network, btc))!;
    const a = economicsAssumptions(day);
    assert.equal(a.hashpriceUsdPerPhDay, day.usdPerPhDay);
    assert.equal(a.btcUsd, day.btcUsd);
    assert.equal(all.table.length, input.miners.length);
    for (const row of all.table) {
      const m = input.miners.find((x) => x.symbol === row.symbol)!;
      const e = minerEconomics(m.symbol, m.fleet, m.deals, a);
      assert.equal(row.efficiencyJTH, e.efficiencyJTH);
      assert.equal(row.miningPerMwYearUsd, e.miningRevenuePerMwYearUsd);
      assert.equal(row.aiPerMwYearUsd, e.aiRevenuePerMwYearUsd);
      assert.equal(row.aiToMiningRatio, e.aiToMiningRatio);
      assert.equal(row.breakevenBtcUsd, e.breakevenBtcUsd);
      assert.equal(row.miningAfterHalvingPerMwYearUsd, e.miningAfterHalvingPerMwYearUsd);
      assert.equal(row.aiMwBasis, e.basis.aiMw);
      // Every null figure has its reason.
      const nulls = [
        row.efficiencyJTH,
        row.miningPerMwYearUsd,
        row.aiPerMwYearUsd,
        row.aiToMiningRatio,
        row.breakevenBtcUsd,
        row.miningAfterHalvingPerMwYearUsd,
      ].filter((v) => v === null);
      const named = row.reasons.flatMap((r) => r.slice(0, r.indexOf(': ')).split(', '));
      assert.equal(named.length, nulls.length, `${row.symbol}: ${row.reasons.join(' | ')}`);
      assert.equal(new Set(row.reasons.map((r) => r.slice(r.indexOf(': ') + 2))).size, row.reasons.length, 'one entry per distinct reason');
    }
    assert.ok(
      all.table.some((r) => r.miningPerMwYearUsd !== null && r.aiPerMwYearUsd !== null && r.breakevenBtcUsd !== null),
      'some miner has both figures',
    );
  });

  it('bars only for known figures; every missing figure is listed with its reason', () => {
    assert.ok(all.bars.length > 0);
    for (const b of all.bars) {
      const row = all.table.find((r) => r.symbol === b.symbol)!;
      assert.ok(b.mining !== null || b.ai !== null);
      assert.equal(b.mining, row.miningPerMwYearUsd);
      assert.equal(b.ai, row.aiPerMwYearUsd);
      for (const v of [b.mining, b.ai]) assert.ok(v === null || (Number.isFinite(v) && v > 0));
    }
    for (const row of all.table) {
      const missing = all.leftOut.filter((x) => x.symbol === row.symbol).map((x) => x.figure);
      assert.deepEqual(missing, [...(row.miningPerMwYearUsd === null ? ['mining'] : []), ...(row.aiPerMwYearUsd === null ? ['ai'] : [])]);
      if (row.miningPerMwYearUsd === null && row.aiPerMwYearUsd === null) assert.ok(!all.bars.some((b) => b.symbol === row.symbol));
    }
    for (const x of all.leftOut) assert.ok(x.reason.length > 3, x.reason);
  });

  it('sensitivity: the reference efficiency over BTC −50%…+100% and difficulty growth 0/20/40%', () => {
    const s = all.sensitivity;
    assert.deepEqual(s.btcMoves, [-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(
      s.lines.map((l) => l.growth),
      [0, 0.2, 0.4],
    );
    const hp = all.day.usdPerPhDay;
    const base = (hp * 1000 * 365) / s.efficiencyJTH;
    const flat = s.lines[0]!.values;
    assert.ok(Math.abs(flat[2]! / base - 1) < 1e-6, 'no move, no growth: the as-of day');
    assert.ok(Math.abs(flat[0]! / flat[2]! - 0.5) < 1e-6 && Math.abs(flat[6]! / flat[2]! - 2) < 1e-6, 'linear in the BTC price');
    assert.ok(Math.abs(s.lines[2]!.values[2]! * 1.4 - flat[2]!) < 1e-3 * flat[2]!, 'divided by 1 + growth');
    assert.match(s.efficiencyBasis, /median|reference/);
  });

  it('the CSV has a row per miner, and the wire form passes the webview guard', () => {
    const csv = economicsCsv(all);
    assert.match(csv, /^# Hashpivot economics as of \d{4}-\d{2}-\d{2}/);
    assert.equal(csv.trim().split('\n').length, 2 + all.table.length);
    const wire = parseWireHostMessage(JSON.parse(JSON.stringify(packHostMessage({ type: 'data', payload: all }))));
    assert.ok(wire.ok, wire.ok ? '' : wire.reason);
    if (wire.ok && wire.message.type === 'data' && wire.message.payload.kind === 'economics')
      assert.deepEqual(wire.message.payload.hashprice[0]!.points, all.hashprice[0]!.points);
  });

  it('fails with a reason without BTC closes or without a common day', () => {
    assert.throws(() => buildEconomics({ ...input, btc: undefined }, 'ALL'), /BTC/);
    assert.throws(() => buildEconomics({ ...input, btc: { ...btc, dates: ['2000-01-01'], close: [1], days: undefined } }, 'ALL'), /no day with both/);
  });
});

describe('economics payload guard', () => {
  it('accepts an economics payload and drops one without its parts', () => {
    const base = { kind: 'economics', range: '3Y', asOf: '2026-02-12', data: { text: 'snapshot', kind: 'snapshot' } };
    const good = { ...base, hashprice: [{ id: 'hashprice', label: 'h', role: 'other', points: [] }], bars: [], table: [], sensitivity: {}, day: {} };
    assert.equal(parseHostMessage({ type: 'data', payload: good }).ok, true);
    assert.equal(parseHostMessage({ type: 'data', payload: { ...good, hashprice: [{ id: 1 }] } }).ok, false);
    assert.equal(parseHostMessage({ type: 'data', payload: { ...good, bars: undefined } }).ok, false);
    assert.equal(parseHostMessage({ type: 'data', payload: { ...good, sensitivity: undefined } }).ok, false);
    assert.equal(parseHostMessage({ type: 'data', payload: { ...good, range: '2W' } }).ok, false);
  });
});
