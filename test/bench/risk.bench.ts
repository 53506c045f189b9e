/**
 * Benchmark (prints figures; not a test), issue 15: the risk engine's standard workload —
 * rolling 90-day correlation and beta of 30 symbols against 2 benchmarks over 10 years, rolling
 * volatility and Sharpe, and the full metric set per symbol (riskData.ts) — as steady-state
 * medians after warm-up, beside the same workload in vectorized numpy (risk_numpy.py, run in the
 * same process tree on the same data) with the ratio JS / numpy per part and overall, the
 * largest difference between the two results, and a naive O(n × window) rolling correlation.
 *
 *   node out/test/bench/risk.bench.js [--json] [--repeats N] [--warmup N] [--rounds N]
 *
 * Rounds (default 5) alternate the two sides so that a machine busy with something else slows
 * both alike: each round times every JS part (`--warmup` runs, then `--repeats` timed runs) and
 * then runs numpy the same way; a figure is the median of all timed runs of all rounds.
 *
 * `--json` prints exactly one JSON object on stdout. Without python3 or numpy the JS figures are
 * still printed and `numpy` is null with `numpyMissing` saying why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as risk from '../../src/core/risk';
import { REPO_ROOT } from '../support/fixtures';
import { loadWorkload, workloadParts, type Workload } from './riskData';
import { medianMs } from './timing';

const args = process.argv.slice(2);
const json = args.includes('--json');
function intArg(name: string, dflt: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${name} needs an integer >= 1`);
  return v;
}
const REPEATS = intArg('--repeats', 15);
const WARMUP = intArg('--warmup', 5);
const ROUNDS = intArg('--rounds', 5);
const PARTS = ['rollingCorrelation', 'rollingBeta', 'rollingVolSharpe', 'metricSet'] as const;
type Part = (typeof PARTS)[number];

const log = (s = ''): void => {
  if (!json) console.log(s);
};

interface NumpyRun {
  figures: Record<string, number | string | number[]> | null;
  missing?: string;
  /** Results per part, flattened in the JS order. */
  results?: Record<Part, Float64Array>;
}

function runNumpy(w: Workload): NumpyRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'hashpivot-bench-'));
  try {
    const S = w.symbols.length;
    const R = new Float64Array(S * w.days);
    w.symbols.forEach((s, i) => R.set(s.returns, i * w.days));
    const B = new Float64Array(w.benchmarks.length * w.days);
    w.benchmarks.forEach((b, i) => B.set(b.returns, i * w.days));
    writeFileSync(path.join(dir, 'returns.f64'), new Uint8Array(R.buffer));
    writeFileSync(path.join(dir, 'benchmarks.f64'), new Uint8Array(B.buffer));
    const meta = { symbols: S, benchmarks: w.benchmarks.length, days: w.days, window: w.window, repeats: REPEATS, warmup: WARMUP, ppy: 252, alpha: 0.05 };
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const py = process.env.PYTHON ?? 'python3';
    const r = spawnSync(py, [path.join(REPO_ROOT, 'test/bench/risk_numpy.py'), dir], { encoding: 'utf8' });
    if (r.error) return { figures: null, missing: `${py} not found (${r.error.message})` };
    let out: Record<string, number | string | number[]> & { error?: string };
    try {
      out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as typeof out;
    } catch {
      return { figures: null, missing: `${py} failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1) ?? ''}` };
    }
    if (out.error || r.status !== 0) return { figures: null, missing: String(out.error ?? `${py} exited ${r.status}`) };
    const results = {} as Record<Part, Float64Array>;
    for (const p of PARTS) {
      const buf = readFileSync(path.join(dir, `${p}.out.f64`));
      results[p] = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    }
    return { figures: out, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest relative difference |a - b| / max(|b|, 1e-3) over finite pairs; the count of NaN/finite mismatches. */
function compareFlat(js: ArrayLike<number>, np: Float64Array): { maxRel: number; mismatches: number } {
  let maxRel = 0;
  let mismatches = js.length === np.length ? 0 : Math.abs(js.length - np.length);
  for (let i = 0; i < Math.min(js.length, np.length); i++) {
    const a = js[i]!;
    const b = np[i]!;
    if (Number.isFinite(a) !== Number.isFinite(b)) mismatches++;
    else if (Number.isFinite(a)) maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(b), 1e-3));
  }
  return { maxRel, mismatches };
}

function flatten(v: ReadonlyArray<ArrayLike<number>>): number[] {
  const out: number[] = [];
  for (const a of v) for (let i = 0; i < a.length; i++) out.push(a[i]!);
  return out;
}

const w = loadWorkload(30, 10, 90);
log(`Hashpivot risk benchmark — Node ${process.versions.node}`);
log(w.description);
log(`steady-state medians of ${ROUNDS} rounds x ${REPEATS} runs (each after ${WARMUP} warm-up runs), JS and numpy alternating`);
log('');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const parts = workloadParts(w);
const jsSamples = Object.fromEntries(PARTS.map((p) => [p, [] as number[]])) as Record<Part, number[]>;
const npSamples = Object.fromEntries(PARTS.map((p) => [p, [] as number[]])) as Record<Part, number[]>;
const values = {} as Record<Part, ReadonlyArray<ArrayLike<number>>>;
let np: NumpyRun = { figures: null, missing: 'not run' };
for (let round = 0; round < ROUNDS; round++) {
  for (const p of PARTS) {
    const m = medianMs(parts[p] as () => ReadonlyArray<ArrayLike<number>>, REPEATS, WARMUP);
    jsSamples[p].push(...m.all);
    values[p] = m.value;
  }
  if (round > 0 && !np.figures) continue; // numpy is missing: do not retry
  np = runNumpy(w);
  if (np.figures) for (const p of PARTS) npSamples[p].push(...(np.figures[`${p}Samples`] as number[]));
}
const js = Object.fromEntries(PARTS.map((p) => [p, { ms: median(jsSamples[p]), value: values[p] }])) as Record<
  Part,
  { ms: number; value: ReadonlyArray<ArrayLike<number>> }
>;
const jsTotal = PARTS.reduce((s, p) => s + js[p].ms, 0);
const npMs = (p: Part): number => (np.figures ? median(npSamples[p]) : NaN);
const npTotal = np.figures ? PARTS.reduce((s, p) => s + npMs(p), 0) : NaN;

const labels: Record<Part, string> = {
  rollingCorrelation: `rolling ${w.window}d correlation, ${w.symbols.length * w.benchmarks.length} pairs`,
  rollingBeta: `rolling ${w.window}d beta, ${w.symbols.length * w.benchmarks.length} pairs`,
  rollingVolSharpe: `rolling ${w.window}d volatility + Sharpe, ${w.symbols.length} symbols`,
  metricSet: `full metric set, ${w.symbols.length} symbols x ${w.benchmarks.length} benchmarks`,
};
const round = (v: number, d = 3): number => Number(v.toFixed(d));
const accuracy: Record<string, { maxRel: number; mismatches: number }> = {};
if (np.results) for (const p of PARTS) accuracy[p] = compareFlat(flatten(js[p].value), np.results[p]);

log(`${'part'.padEnd(48)} ${'JS ms'.padStart(9)} ${'numpy ms'.padStart(9)} ${'JS/numpy'.padStart(9)}   max rel. diff`);
for (const p of PARTS) {
  const n = npMs(p);
  const acc = accuracy[p];
  log(
    `${labels[p].padEnd(48)} ${js[p].ms.toFixed(2).padStart(9)} ${np.figures ? n.toFixed(2).padStart(9) : '—'.padStart(9)} ${np.figures ? (js[p].ms / n).toFixed(2).padStart(9) : '—'.padStart(9)}   ${acc ? `${acc.maxRel.toExponential(1)}${acc.mismatches ? ` (${acc.mismatches} NaN mismatches)` : ''}` : ''}`,
  );
}
log(
  `${'total'.padEnd(48)} ${jsTotal.toFixed(2).padStart(9)} ${np.figures ? npTotal.toFixed(2).padStart(9) : '—'.padStart(9)} ${np.figures ? (jsTotal / npTotal).toFixed(2).padStart(9) : '—'.padStart(9)}`,
);
if (np.figures) log(`numpy ${np.figures.numpy} on Python ${np.figures.python}, same data, same run`);
else log(`numpy comparator skipped: ${np.missing}`);

// The naive roll, for the record (and as a check on the running sums).
const b0 = w.benchmarks[0]!.returns;
const naiveRoll = (x: readonly number[], y: readonly number[], win: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i + win <= x.length; i++) out.push(risk.correlation(x.slice(i, i + win), y.slice(i, i + win)));
  return out;
};
const naive = medianMs(() => w.symbols.slice(0, 5).map((s) => naiveRoll(s.returns, b0, w.window)), 3, 1);
let maxDiff = 0;
naive.value.forEach((arr, i) => {
  const fast = risk.rollingCorrelation(w.symbols[i]!.returns, b0, w.window);
  arr.forEach((v, j) => {
    const d = Math.abs(v - fast[j]!);
    if (Number.isFinite(d) && d > maxDiff) maxDiff = d;
  });
});
log('');
log(
  `naive O(n x window) rolling correlation, 5 pairs: ${naive.ms.toFixed(1)} ms (running sums: ${((js.rollingCorrelation.ms / 60) * 5).toFixed(2)} ms); max |running-sum - naive| ${maxDiff.toExponential(2)}`,
);

if (json) {
  const out: Record<string, unknown> = {
    symbols: w.symbols.length,
    benchmarks: w.benchmarks.length,
    days: w.days,
    window: w.window,
    rollingCorrelationMs: round(js.rollingCorrelation.ms),
    rollingBetaMs: round(js.rollingBeta.ms),
    rollingVolSharpeMs: round(js.rollingVolSharpe.ms),
    metricSetMs: round(js.metricSet.ms),
    totalMs: round(jsTotal),
    repeats: REPEATS,
    warmup: WARMUP,
    rounds: ROUNDS,
    node: process.versions.node,
    numpy: np.figures
      ? {
          version: np.figures.numpy,
          python: np.figures.python,
          rollingCorrelationMs: round(npMs('rollingCorrelation')),
          rollingBetaMs: round(npMs('rollingBeta')),
          rollingVolSharpeMs: round(npMs('rollingVolSharpe')),
          metricSetMs: round(npMs('metricSet')),
          totalMs: round(npTotal),
        }
      : null,
    ratioToNumpy: np.figures ? { ...Object.fromEntries(PARTS.map((p) => [p, round(js[p].ms / npMs(p))])), total: round(jsTotal / npTotal) } : null,
    maxRelDiffToNumpy: np.figures ? Object.fromEntries(PARTS.map((p) => [p, Number(accuracy[p]!.maxRel.toExponential(2))])) : null,
    naiveRollingCorrelationMaxDiff: Number(maxDiff.toExponential(2)),
  };
  if (!np.figures) {
    out.numpyMissing = np.missing;
    console.error(`numpy comparator skipped: ${np.missing}`);
  }
  console.log(JSON.stringify(out));
}
