/**
 * The pivot view (src/core/pivot/pivot.ts, factors.ts): the first AI/HPC deal from the shipped
 * catalog, aligned factor returns on the miner's sessions (BTC as of each close, its weekend moves
 * included), known before/after betas recovered from series built here, and the analysis of real
 * miners from the embedded snapshot checked against the CSV fixtures.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, type Catalog, type CatalogDeal } from '../../src/catalog';
import { addDays, dayNumber, fromDayNumber, valuesAsOf } from '../../src/core/calendar';
import {
  AI_FACTOR,
  alignedFactorRows,
  AnalyticsError,
  BTC_FACTOR,
  factorReturnsOn,
  factorSpec,
  firstAiDeal,
  NDX_FACTOR,
  ols,
  partialDateStart,
  pivotAnalysis,
  valuesAsOfFresh,
  type PriceSeries,
} from '../../src/core/pivot';
import { Xoshiro128ss } from '../../src/core/scenario/prng';
import { loadSnapshotFile, type Snapshot } from '../../src/data/snapshot';
import { readPriceCsv, rowOnOrBefore } from '../support/prices';

let catalog: Catalog | undefined;
function shippedCatalog(): Catalog {
  const file = path.join(process.cwd(), 'media/catalog/catalog.json');
  return (catalog ??= loadCatalog({ text: readFileSync(file, 'utf8'), file }).catalog);
}
let snap: Snapshot | undefined;
const snapshot = () => (snap ??= loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap')));
/** The snapshot decoded to exactly the CSV fixtures' doubles (float32 noise included). */
let snapSource: Snapshot | undefined;
const sourceSnapshot = () => (snapSource ??= loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'), { values: 'source' }));

/** Calendar days from `from` to `to`. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) out.push(fromDayNumber(d));
  return out;
}
const weekday = (d: string) => {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return w !== 0 && w !== 6;
};

function normals(seed: number, n: number): number[] {
  const g = new Xoshiro128ss(seed);
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(1 - g.next()));
    const t = 2 * Math.PI * g.next();
    out.push(r * Math.cos(t), r * Math.sin(t));
  }
  return out;
}

/**
 * BTC priced every calendar day, NDX and a miner on weekdays; the miner's session return is
 * bBtc × (BTC's return since the previous session, weekend included) + bNdx × NDX's + noise, with
 * the betas switching at `event`.
 */
function syntheticMarket(from: string, to: string, event: string, before: [number, number], after: [number, number], seed: number) {
  const cal = days(from, to);
  const z = normals(seed, cal.length * 3);
  const btc: PriceSeries = { dates: cal, close: [] };
  let p = 30000;
  cal.forEach((_, i) => {
    p *= 1 + 0.03 * z[i]!;
    (btc.close as number[]).push(p);
  });
  const sessions = cal.filter(weekday);
  const ndxClose: number[] = [];
  const subClose: number[] = [];
  let n = 10000;
  let s = 20;
  sessions.forEach((d, i) => {
    if (i > 0) {
      const rb = btc.close[cal.indexOf(d)]! / btc.close[cal.indexOf(sessions[i - 1]!)]! - 1;
      const rn = 0.012 * z[cal.length + i]!;
      const [bb, bn] = d < event ? before : after;
      n *= 1 + rn;
      s *= 1 + bb * rb + bn * rn + 0.02 * z[2 * cal.length + i]!;
    }
    ndxClose.push(n);
    subClose.push(s);
  });
  return { btc, ndx: { dates: sessions, close: ndxClose }, subject: { dates: sessions, close: subClose } };
}

function deal(id: string, kind: CatalogDeal['kind'], announced: string | null, stage: CatalogDeal['stage'] = 'contracted'): CatalogDeal {
  return { id, name: id, kind, provider: 'X', stage, announced, confidence: 'high', sources: [] };
}

describe('pivot: the first AI/HPC deal', () => {
  it('partial dates start on the first of the month (or year)', () => {
    assert.equal(partialDateStart('2024-09'), '2024-09-01');
    assert.equal(partialDateStart('2024-09-17'), '2024-09-17');
    assert.equal(partialDateStart('2024'), '2024-01-01');
    assert.equal(partialDateStart(null), undefined);
    assert.equal(partialDateStart('soon'), undefined);
  });

  it('from the shipped catalog: leases, colocation, cloud, JVs and LOIs count; acquisitions and plans do not', () => {
    const c = shippedCatalog();
    const first = (t: string, asOf?: string) => firstAiDeal(c.dealsOf(t), { asOf });
    assert.equal(first('IREN')?.date, '2025-11-03');
    assert.equal(first('IREN')?.dealId, 'iren-microsoft-2025');
    assert.equal(first('CORZ')?.date, '2024-06-03', 'the CoreWeave colocation, not the terminated acquisition');
    assert.equal(first('CORZ')?.kind, 'colocation');
    assert.equal(first('HUT')?.date, '2024-09-01', 'month-only 2024-09');
    assert.equal(first('HUT')?.announced, '2024-09');
    assert.equal(first('MARA')?.kind, 'letter-of-intent', 'the MPLX LOI, not the Exaion acquisition');
    assert.equal(first('WULF')?.date, '2025-08-14');
    assert.equal(first('CLSK'), undefined, 'only a development plan');
    assert.equal(first('HIVE'), undefined);
    assert.equal(first('IREN', '2025-11-02'), undefined, 'no look-ahead past the as-of date');
  });

  it('kinds can be overridden; undated deals are skipped; ties keep the first listed', () => {
    const deals = [
      deal('a', 'development-plan', '2023-01-05', 'planned'),
      deal('b', 'lease', null),
      deal('c', 'lease', '2024-03'),
      deal('d', 'colocation', '2024-03-01'),
    ];
    assert.equal(firstAiDeal(deals)?.dealId, 'c');
    assert.equal(firstAiDeal(deals, { kinds: ['development-plan'] })?.dealId, 'a');
    assert.equal(firstAiDeal([deal('t', 'lease', '2022-02-02', 'terminated')])?.dealId, 't', 'a terminated deal was still announced');
  });
});

describe('pivot: factor returns on aligned calendars', () => {
  it('BTC is taken as of each session: its Friday→Monday return includes the weekend', () => {
    const btc: PriceSeries = { dates: days('2025-01-02', '2025-01-14'), close: days('2025-01-02', '2025-01-14').map((_, i) => 100 + i) };
    const sessions = days('2025-01-02', '2025-01-14').filter(weekday);
    const r = factorReturnsOn(sessions, BTC_FACTOR, { BTC: btc });
    const i = sessions.indexOf('2025-01-06') - 1; // Fri 3rd -> Mon 6th
    assert.equal(r[i], (100 + 4) / (100 + 1) - 1);
  });

  it('a price older than 7 days is missing, not carried', () => {
    const ndx: PriceSeries = { dates: ['2025-01-02', '2025-01-03'], close: [10, 11] };
    const r = factorReturnsOn(['2025-01-02', '2025-01-03', '2025-01-09', '2025-01-13'], NDX_FACTOR, { NDX: ndx });
    assert.deepEqual(r.slice(0, 2), [0.10000000000000009, 0]);
    assert.ok(Number.isNaN(r[2]!));
  });

  it('valuesAsOfFresh equals calendar.valuesAsOf with a staleness limit (gaps, missing values, dates before the data)', () => {
    const src = days('2025-01-01', '2025-03-31').filter((_, i) => i % 9 !== 4 && !(i > 30 && i < 45));
    const vals = src.map((_, i) => (i % 7 === 3 ? NaN : 100 + i));
    for (const targets of [days('2024-12-20', '2025-04-20'), days('2025-02-01', '2025-02-28').filter(weekday), ['2025-01-15']]) {
      for (const stale of [0, 3, 7]) {
        const want = valuesAsOf(targets, src, vals, { maxStalenessDays: stale });
        assert.deepEqual(valuesAsOfFresh(targets, src, vals, stale), want, `staleness ${stale}, ${targets.length} targets`);
      }
    }
  });

  it('the AI factor is the equal-weight mean of its members’ returns that day', () => {
    const sessions = ['2025-03-27', '2025-03-28', '2025-03-31'];
    const prices = {
      NVDA: { dates: sessions, close: [100, 110, 121] },
      AMZN: { dates: sessions, close: [10, 10, 9] },
      GOOGL: { dates: sessions, close: [50, 45, 45] },
      MSFT: { dates: sessions, close: [20, 21, 21] },
      CRWV: { dates: ['2025-03-28', '2025-03-31'], close: [40, 44] },
    };
    const r = factorReturnsOn(sessions, AI_FACTOR, prices);
    assert.ok(Math.abs(r[0]! - (0.1 + 0 - 0.1 + 0.05) / 4) < 1e-15, 'CRWV not listed yet: four names');
    assert.ok(Math.abs(r[1]! - (0.1 - 0.1 + 0 + 0 + 0.1) / 5) < 1e-15);
    assert.throws(() => factorReturnsOn(sessions, AI_FACTOR, {}), AnalyticsError);
  });

  it('factorSpec: built-ins, user symbols, bad names', () => {
    assert.equal(factorSpec('ai'), AI_FACTOR);
    assert.deepEqual(factorSpec('eth').members, ['ETH']);
    assert.throws(() => factorSpec('no such'), AnalyticsError);
  });
});

describe('pivot: before/after analysis', () => {
  it('recovers known betas before and after the event, on mixed calendars', () => {
    const m = syntheticMarket('2022-01-03', '2025-06-30', '2024-06-03', [1.5, 0.4], [0.4, 1.8], 77);
    const a = pivotAnalysis({
      symbol: 'TEST',
      subject: m.subject,
      prices: { BTC: m.btc, NDX: m.ndx },
      asOf: '2025-06-30',
      event: { date: '2024-06-03', announced: '2024-06-03', dealId: 'x', dealName: 'X', kind: 'lease', stage: 'contracted', counterparty: null },
      window: 60,
    });
    assert.ok(a.before && a.after);
    for (const [r, b] of [
      [a.before, [1.5, 0.4]],
      [a.after, [0.4, 1.8]],
    ] as const) {
      assert.ok(Math.abs(r.beta.BTC! - b[0]) < 4 * r.se.BTC!, `β BTC ${r.beta.BTC} ± ${r.se.BTC} vs ${b[0]}`);
      assert.ok(Math.abs(r.beta.NDX! - b[1]) < 4 * r.se.NDX!, `β NDX ${r.beta.NDX} ± ${r.se.NDX} vs ${b[1]}`);
      assert.ok(r.r2 > 0.5);
    }
    assert.equal(a.before.to, '2024-05-31', 'before ends at the last session before the event');
    assert.ok(a.before.from! >= addDays('2024-06-03', -365));
    assert.equal(a.announcementSession, '2024-06-03', 'the event day is a session: its return is left out');
    assert.equal(a.after.from, '2024-06-04', 'after starts with the return of the session after the announcement');
    assert.equal(a.after.to, '2025-06-30');
    const btc = a.changes.find((c) => c.factor === 'BTC')!;
    assert.ok(btc.diff < -0.8 && btc.z < -5 && btc.p < 1e-6, JSON.stringify(btc));
    assert.ok(Math.abs(btc.se - Math.hypot(a.before.hacSe.BTC!, a.after.hacSe.BTC!)) < 1e-15, 'the z uses the HAC errors');
    assert.ok(Math.abs(btc.zOls - btc.diff / Math.hypot(a.before.se.BTC!, a.after.se.BTC!)) < 1e-12);
    assert.equal(a.tests, 2);
    assert.match(a.changeMethod, /Newey–West/);
    assert.match(a.changeMethod, /chosen after the fact/);
    // Rolling: the last window equals the plain fit on the last 60 aligned rows.
    const rows = alignedFactorRows(m.subject, [BTC_FACTOR, NDX_FACTOR], { BTC: m.btc, NDX: m.ndx }, undefined, '2025-06-30');
    const last = ols(
      rows.y.slice(-60),
      rows.x.map((x) => x.slice(-60)),
    );
    assert.equal(a.rolling.dates.at(-1), '2025-06-30');
    assert.ok(Math.abs(a.rolling.beta.BTC!.at(-1)! - last.beta[0]!) < 1e-9);
    assert.ok(Math.abs(a.rolling.beta.NDX!.at(-1)! - last.beta[1]!) < 1e-9);
    // Rolling betas sit near each regime's value well inside it.
    const at = (d: string) => a.rolling.dates.indexOf(d);
    assert.ok(Math.abs(a.rolling.beta.BTC![at('2024-03-01')]! - 1.5) < 0.5);
    assert.ok(Math.abs(a.rolling.beta.BTC![at('2025-03-03')]! - 0.4) < 0.5);
  });

  it('IREN from the snapshot: windows around its first deal, and the factor returns of the CSVs', () => {
    const s = sourceSnapshot();
    const prices = { IREN: s.get('IREN')!, BTC: s.get('BTC')!, NDX: s.get('QQQ')! };
    const a = pivotAnalysis({ symbol: 'IREN', subject: prices.IREN, prices, asOf: '2026-05-29', deals: shippedCatalog().dealsOf('IREN') });
    assert.equal(a.event?.date, '2025-11-03');
    assert.equal(a.before!.to, '2025-10-31');
    assert.equal(a.announcementSession, '2025-11-03');
    assert.equal(a.after!.from, '2025-11-04', 'the announcement session (Monday 3 Nov) is in neither window');
    assert.equal(a.current.to, '2026-05-29');
    for (const r of [a.before!, a.after!, a.current]) {
      assert.equal(r.note, null);
      assert.ok(r.n > 100 && Number.isFinite(r.beta.BTC!) && Number.isFinite(r.se.NDX!) && r.r2 > 0 && r.r2 < 1);
    }
    assert.equal(a.rolling.window, 90);
    assert.equal(a.rolling.dates.length, a.rolling.beta.BTC!.length);
    assert.equal(a.rolling.dates.at(-1), '2026-05-29');
    // The current regression on returns rebuilt here from the CSVs (BTC-USD as of each IREN close, QQQ).
    const iren = readPriceCsv('IREN');
    const btc = readPriceCsv('BTC-USD');
    const qqq = readPriceCsv('QQQ');
    const end = rowOnOrBefore(iren, '2026-05-29');
    const start = rowOnOrBefore(iren, addDays('2026-05-29', -365));
    const y: number[] = [];
    const x1: number[] = [];
    const x2: number[] = [];
    for (let i = start + 1; i <= end; i++) {
      const d0 = iren.dates[i - 1]!;
      const d1 = iren.dates[i]!;
      y.push(iren.close[i]! / iren.close[i - 1]! - 1);
      x1.push(btc.close[rowOnOrBefore(btc, d1)]! / btc.close[rowOnOrBefore(btc, d0)]! - 1);
      x2.push(qqq.close[rowOnOrBefore(qqq, d1)]! / qqq.close[rowOnOrBefore(qqq, d0)]! - 1);
    }
    const ref = ols(y, [x1, x2]);
    assert.equal(a.current.n, ref.n);
    assert.ok(Math.abs(a.current.beta.BTC! - ref.beta[0]!) < 1e-9, `${a.current.beta.BTC} vs ${ref.beta[0]}`);
    assert.ok(Math.abs(a.current.beta.NDX! - ref.beta[1]!) < 1e-9, `${a.current.beta.NDX} vs ${ref.beta[1]}`);
    assert.ok(Math.abs(a.current.se.BTC! - ref.se[0]!) < 1e-9);
    assert.ok(Math.abs(a.current.r2 - ref.r2) < 1e-9);
  });

  it('CORZ: its before-window starts with the 2024 relisting; without a deal there is no before/after', () => {
    const s = snapshot();
    const prices = { CORZ: s.get('CORZ')!, CLSK: s.get('CLSK')!, BTC: s.get('BTC')!, NDX: s.get('QQQ')! };
    const corz = pivotAnalysis({ symbol: 'CORZ', subject: prices.CORZ, prices, asOf: '2026-05-29', deals: shippedCatalog().dealsOf('CORZ') });
    assert.equal(corz.event?.date, '2024-06-03');
    assert.ok(corz.before!.from! >= '2024-01-24' && corz.before!.n < 100 && corz.before!.n >= 40);
    const clsk = pivotAnalysis({ symbol: 'CLSK', subject: prices.CLSK, prices, asOf: '2026-05-29', deals: shippedCatalog().dealsOf('CLSK') });
    assert.equal(clsk.event, null);
    assert.equal(clsk.before, null);
    assert.deepEqual(clsk.changes, []);
    assert.match(clsk.eventNote, /no AI\/HPC deal/);
    const btdr = pivotAnalysis({
      symbol: 'BTDR',
      subject: s.get('BTDR')!,
      prices: { BTC: prices.BTC, NDX: prices.NDX },
      asOf: '2026-05-29',
      deals: shippedCatalog().dealsOf('BTDR'),
    });
    assert.equal(btdr.event, null);
    assert.match(btdr.eventNote, /first AI\/HPC deal \(btdr-tydal-colocation-2026, announced 2026-06-29\) is after 2026-05-29/);
    // An after-window too short for a fit is NaN with a note, not an error.
    const iren = pivotAnalysis({
      symbol: 'IREN',
      subject: s.get('IREN')!,
      prices: { BTC: prices.BTC, NDX: prices.NDX },
      asOf: '2025-11-20',
      deals: shippedCatalog().dealsOf('IREN'),
    });
    assert.ok(Number.isNaN(iren.after!.beta.BTC!));
    assert.match(iren.after!.note!, /fewer than the 40 needed/);
    assert.ok(Number.isNaN(iren.changes[0]!.p) && Number.isNaN(iren.changes[0]!.pHolm));
    assert.equal(iren.tests, 0);
  });

  it('errors: as-of outside the data, missing factors, a bad window', () => {
    const s = snapshot();
    const prices = { BTC: s.get('BTC')!, NDX: s.get('QQQ')! };
    const corz = s.get('CORZ')!;
    assert.throws(() => pivotAnalysis({ symbol: 'CORZ', subject: corz, prices, asOf: '2023-06-01' }), /before its data starts \(2024-01-24\)/);
    assert.throws(() => pivotAnalysis({ symbol: 'CORZ', subject: corz, prices, asOf: '2027-01-01' }), /after its data ends/);
    assert.throws(() => pivotAnalysis({ symbol: 'CORZ', subject: corz, prices: { BTC: prices.BTC }, asOf: '2025-06-02' }), /no price data for NDX/);
    assert.throws(() => pivotAnalysis({ symbol: 'CORZ', subject: corz, prices, asOf: '2025-06-02', window: 3 }), AnalyticsError);
  });
});
