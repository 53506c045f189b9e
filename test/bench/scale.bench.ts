/**
 * Scale benchmark (prints figures; not a test), issue 15: the risk engine's standard workload
 * (riskData.ts: rolling correlation and beta against 2 benchmarks, rolling volatility + Sharpe,
 * the full metric set) with the symbols doubled, then the years doubled, and the block-bootstrap
 * VaR (src/core/scenario/bootstrap.ts: 10-day paths, no replications or outer resamples) with the
 * paths doubled; for each step the time and its
 * growth over the step before (2.0 = linear; the bootstrap sorts its paths, n log n: a little
 * over 2).
 *
 *   node out/test/bench/scale.bench.js [--json] [--repeats N]
 */
import { bootstrapVar } from '../../src/core/scenario/bootstrap';
import { loadWorkload, workloadParts } from './riskData';
import { medianMs } from './timing';

const args = process.argv.slice(2);
const json = args.includes('--json');
const ri = args.indexOf('--repeats');
const REPEATS = ri >= 0 ? Number(args[ri + 1]) : 11;
if (!(Number.isInteger(REPEATS) && REPEATS >= 1)) throw new Error('--repeats needs an integer >= 1');
const log = (s = ''): void => {
  if (!json) console.log(s);
};

interface Step {
  size: number;
  ms: number;
  growth: number | null;
}

function workloadMs(symbols: number, years: number): number {
  const parts = workloadParts(loadWorkload(symbols, years, 90));
  const all = () => [parts.rollingCorrelation(), parts.rollingBeta(), parts.rollingVolSharpe(), parts.metricSet()];
  return medianMs(all, REPEATS, 3).ms;
}

function series(label: string, sizes: readonly number[], run: (size: number) => number): Step[] {
  const steps: Step[] = [];
  for (const size of sizes) {
    const ms = run(size);
    const prev = steps.at(-1);
    steps.push({ size, ms: Number(ms.toFixed(3)), growth: prev ? Number((ms / prev.ms).toFixed(2)) : null });
    log(`${label} ${String(size).padStart(7)}  ${ms.toFixed(2).padStart(9)} ms${prev ? `   x${(ms / prev.ms).toFixed(2)} for x2` : ''}`);
  }
  log('');
  return steps;
}

log(`Hashpivot scale benchmark — Node ${process.versions.node}; medians of ${REPEATS} runs after 3 warm-up runs`);
log('standard workload: rolling 90d correlation + beta vs 2 benchmarks, rolling volatility + Sharpe, full metric set');
log('');
const symbols = series('symbols (10 years)', [30, 60, 120], (n) => workloadMs(n, 10));
const years = series('years (30 symbols)', [10, 20, 40], (y) => workloadMs(30, y));
const sample = loadWorkload(1, 10, 90).symbols[0]!.returns;
const paths = series(
  'bootstrap paths   ',
  [25_000, 50_000, 100_000],
  (p) => medianMs(() => bootstrapVar(sample, { paths: p, outer: 0, replications: 0, horizon: 10 }), REPEATS, 2).ms,
);
const all = [...symbols, ...years, ...paths].map((s) => s.growth).filter((g): g is number => g !== null);
log(`growth per doubling: ${Math.min(...all).toFixed(2)} .. ${Math.max(...all).toFixed(2)} (2.00 = linear)`);
if (json) console.log(JSON.stringify({ repeats: REPEATS, window: 90, benchmarks: 2, symbols, years, bootstrapPaths: paths }));
