/**
 * Benchmark (prints figures; not a test): the host side of the dashboard with 30 symbols × 10+
 * years of real daily prices from the embedded snapshot — time to compute the view model for
 * each range, and how many points it sends against how many it read.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSnapshotFile } from '../../src/data/snapshot';
import { buildDashboard, type ViewSymbol } from '../../src/core/views/build';
import { RANGES } from '../../src/shared/protocol';

const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
const wanted = [
  'CORZ',
  'CLSK',
  'BITF',
  'IREN',
  'WULF',
  'MARA',
  'RIOT',
  'HUT',
  'CIFR',
  'HIVE',
  'BTDR',
  'APLD',
  'NVDA',
  'AMZN',
  'GOOGL',
  'MSFT',
  'CRWV',
  'SPY',
  'MSTR',
  'COIN',
  'ETH',
  'XRP',
  'BNB',
  'SOL',
  'DOGE',
  'ADA',
  'LINK',
  'LTC',
  'BTC',
  'QQQ',
];
const symbols: ViewSymbol[] = wanted.map((s) => {
  const info = snap.info(s)!;
  return {
    symbol: s === 'QQQ' ? 'NDX' : s,
    name: info.name,
    role: s === 'BTC' || s === 'QQQ' ? 'benchmark' : info.group === 'miner' ? 'miner' : 'other',
    assetClass: info.assetClass,
    series: snap.get(s)!,
  };
});
const rows = symbols.reduce((n, s) => n + s.series.dates.length, 0);
// --json: one JSON object on stdout ({ range: { buildMs, pointsSent, pointsIn, jsonKB } }), for test/e2e/bench-dashboard.mjs.
const json = process.argv.includes('--json');
const say = (line: string) => (json ? undefined : console.log(line));
say(`Hashpivot dashboard benchmark — Node ${process.versions.node}`);
say(`${symbols.length} symbols, ${rows.toLocaleString()} daily rows (${symbols.filter((s) => s.series.dates.length >= 2520).length} with 10+ years)`);
const input = {
  symbols,
  btc: snap.get('BTC'),
  ndx: snap.get('QQQ'),
  reports: new Map(),
  deals: [],
  backlogUSD: () => null,
  pivotStatus: () => null,
  now: Date.now(),
};
const figures: Record<string, { buildMs: number; pointsSent: number; pointsIn: number; jsonKB: number }> = {};
for (const range of RANGES) {
  buildDashboard(input, range); // warm up
  const t0 = performance.now();
  const n = 5;
  let d;
  for (let i = 0; i < n; i++) d = buildDashboard(input, range);
  const ms = (performance.now() - t0) / n;
  const bytes = Buffer.byteLength(JSON.stringify(d));
  figures[range] = { buildMs: Number(ms.toFixed(1)), pointsSent: d!.stats.pointsSent, pointsIn: d!.stats.pointsIn, jsonKB: Math.round(bytes / 1024) };
  say(
    `range ${range.padEnd(4)} ${ms.toFixed(1).padStart(7)} ms to build, ${d!.stats.pointsSent.toLocaleString().padStart(7)} of ${d!.stats.pointsIn.toLocaleString().padStart(8)} points sent, ${(bytes / 1024).toFixed(0).padStart(5)} KB of JSON`,
  );
}
if (json) console.log(JSON.stringify(figures));
