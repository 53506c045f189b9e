import { time as timeWith } from './timing';
/**
 * Benchmark (prints figures; not a test): the full pivot analysis of the universe's miners
 * (two-factor before/after/current fits + rolling 90-session betas, each on its own sessions),
 * the rolling fit against a naive per-window refit, every named scenario over the miners, and
 * 100,000 bootstrap paths of an equal-weight miner portfolio (horizons 1 and 10, with the
 * 10-replication convergence), from the embedded snapshot.
 *
 *   node esbuild.mjs --tests && node out/test/bench/pivot.bench.js   (from the repo root)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog';
import { alignedFactorRows, BTC_FACTOR, NDX_FACTOR, ols, pivotAnalysis, rollingOls, type PivotAnalysis, type PriceSeries } from '../../src/core/pivot';
import { equalWeights, portfolioVar, REPLAYS, runReplay, runShock, SHOCKS } from '../../src/core/scenario';
import { AI_INFRA, MINERS } from '../../src/core/universe';
import { loadSnapshotFile } from '../../src/data/snapshot';

const root = process.cwd();
const snapshot = loadSnapshotFile(path.join(root, 'media/snapshot/prices.snap'));
const catalogFile = path.join(root, 'media/catalog/catalog.json');
const catalog = loadCatalog({ text: readFileSync(catalogFile, 'utf8'), file: catalogFile }).catalog;
const miners = MINERS.map((m) => m.symbol);
const prices: Record<string, PriceSeries> = {};
for (const s of [...miners, ...AI_INFRA.map((e) => e.symbol)]) prices[s] = snapshot.get(s)!;
prices.BTC = snapshot.get('BTC')!;
prices.NDX = snapshot.get('QQQ')!;

const time = <T>(label: string, f: () => T, repeat = 1) => timeWith(label, f, repeat, 64);
const f2 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '   –' : v.toFixed(2).padStart(5));
const pc = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');
const lastDate = (s: string) => [s, 'BTC', 'NDX'].map((k) => prices[k]!.dates.at(-1)!).sort()[0]!;

console.log(`Snapshot as of ${snapshot.asOf}; ${miners.length} miners; NDX = QQQ; Node ${process.version}\n`);

// 1. Full pivot analysis of the universe.
const pivot = time(
  'pivot analysis, all miners (before/after/1y + rolling 90)',
  () => miners.map((s) => pivotAnalysis({ symbol: s, subject: prices[s]!, prices, asOf: lastDate(s), deals: catalog.dealsOf(s), rollingDays: 100_000 })),
  20,
);
let windows = 0;
for (const a of pivot.value) windows += a.rolling.dates.length;
console.log(`  ${windows} rolling windows in total (full history of each miner)\n`);
console.log('  Symbol  As of       Deal        βBTC bef  aft   z     βNDX bef  aft   z     βBTC 1y βNDX 1y  R² 1y');
for (const a of pivot.value as PivotAnalysis[]) {
  const ch = (f: string) => a.changes.find((c) => c.factor === f);
  console.log(
    `  ${a.symbol.padEnd(6)}  ${a.asOf}  ${(a.event?.date ?? '–').padEnd(10)}  ${f2(a.before?.beta.BTC)} ${f2(a.after?.beta.BTC)} ${f2(ch('BTC')?.z)}   ${f2(a.before?.beta.NDX)} ${f2(a.after?.beta.NDX)} ${f2(ch('NDX')?.z)}   ${f2(a.current.beta.BTC)}   ${f2(a.current.beta.NDX)}  ${f2(a.current.r2)}`,
  );
}

// 2. Rolling OLS vs a naive refit of every window (MARA: the longest history).
const rows = alignedFactorRows(prices.MARA!, [BTC_FACTOR, NDX_FACTOR], prices, undefined, lastDate('MARA'));
const W = 90;
const fast = time(`rolling two-factor OLS, MARA ${rows.y.length} rows, window ${W}`, () => rollingOls(rows.y, rows.x, W), 20);
const naive = time(
  `naive refit per window, same data`,
  () => {
    const out: number[] = [];
    for (let i = 0; i + W <= rows.y.length; i++)
      out.push(
        ols(
          rows.y.slice(i, i + W),
          rows.x.map((x) => x.slice(i, i + W)),
        ).beta[0]!,
      );
    return out;
  },
  3,
);
let maxDiff = 0;
naive.value.forEach((b, i) => {
  const d = Math.abs(b - fast.value.beta[0]![i]!);
  if (Number.isFinite(d)) maxDiff = Math.max(maxDiff, d);
});
console.log(`  speed-up ${(naive.ms / fast.ms).toFixed(1)}x; max |β BTC rolling - naive| = ${maxDiff.toExponential(2)}\n`);

// 3. Every named scenario over the miners (equal-weight portfolio).
const weights = equalWeights(miners);
const asOf = miners
  .concat(['BTC', 'NDX'])
  .map((s) => prices[s]!.dates.at(-1)!)
  .sort()[0]!;
time('all 5 replays + 6 shocks over 12 miners (+ portfolio)', () => [
  ...REPLAYS.map((r) => runReplay({ scenario: r, symbols: miners, prices, weights })),
  ...SHOCKS.map((s) => runShock({ shocks: s.shocks, symbols: miners, prices, asOf, weights })),
]);
for (const r of REPLAYS) {
  const res = runReplay({ scenario: r, symbols: miners, prices, weights });
  const p = res.portfolio!;
  console.log(
    `  ${r.id.padEnd(20)} BTC ${pc(res.factorMoves.BTC!).padStart(7)} NDX ${pc(res.factorMoves.NDX!).padStart(7)} | portfolio ${pc(p.actual).padStart(7)} = β·factors ${pc(p.explained).padStart(7)} + unexplained ${pc(p.unexplained).padStart(7)} (coverage ${pc(p.coverage)})`,
  );
}
for (const s of SHOCKS) {
  const res = runShock({ shocks: s.shocks, symbols: miners, prices, asOf, weights });
  const p = res.portfolio!;
  console.log(`  ${s.id.padEnd(20)} portfolio predicted ${pc(p.explained).padStart(7)}  90% band ${pc(p.band!.low)} … ${pc(p.band!.high)}`);
}
console.log();

// 4. 100,000 bootstrap paths.
for (const horizon of [1, 10]) {
  const r = time(
    `bootstrap VaR/ES, 100,000 paths, horizon ${horizon}, + 10×convergence + 200 outer resamples`,
    () => portfolioVar({ weights, prices, asOf, paths: 100_000, seed: 20251127, horizon }),
    3,
  );
  const v = r.value;
  console.log(`  ${v.sampleSize} daily returns ${v.from}..${v.to}; ${v.method} blocks of ${v.blockLength}`);
  for (const e of v.estimates) {
    console.log(
      `  ${(e.confidence * 100).toFixed(0)}%: VaR ${pc(e.var)} ± ${(e.varSe * 100).toFixed(3)}%  ES ${pc(e.es)} ± ${(e.esSe * 100).toFixed(3)}%  (historical VaR ${pc(e.historicalVar)}, ES ${pc(e.historicalEs)})`,
    );
  }
  const c = v.convergence.byConfidence[0]!;
  console.log(`  convergence of ES 95%: ${v.convergence.paths.map((n, i) => `${n / 1000}k ${pc(c.es[i]!)}±${(c.esSe[i]! * 100).toFixed(2)}`).join(', ')}`);
}
const only = time(
  'bootstrap alone: 100,000 paths, horizon 10, no replications, no outer resamples',
  () => portfolioVar({ weights, prices, asOf, paths: 100_000, seed: 1, horizon: 10, replications: 0, outer: 0 }),
  5,
);
console.log(`  ${((100_000 * 10) / only.ms / 1000).toFixed(1)} M resampled days per second (incl. sorting)`);
