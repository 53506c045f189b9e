import { time } from './timing';
/**
 * Benchmark (prints figures; not a test): rolling 90-day correlation and beta of 30 symbols
 * against 2 benchmarks over 10 years of daily data, the full metric set per symbol, and a naive
 * O(n × window) rolling correlation on the same data for comparison.
 *
 * Data: the longest real price files in fixtures/prices (last 10 years of closes,
 * aligned on QQQ's sessions; BTC taken as of each session). Where fewer than 30 files have 10
 * years, the rest are block bootstraps of real miners' returns with a fixed seed (labelled).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { valuesAsOf, pricesToReturns } from '../../src/core/calendar';
import * as risk from '../../src/core/risk';
import { fixture } from '../support/fixtures';

const PRICES = fixture('prices');
const YEARS = 10;
const ROWS = 252 * YEARS + 1;
const WINDOW = 90;
const SYMBOLS = 30;

function readCsv(file: string): { dates: string[]; close: number[] } {
  const lines = readFileSync(path.join(PRICES, file), 'utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  const ci = head.indexOf('close');
  const dates: string[] = [];
  const close: number[] = [];
  for (const l of lines.slice(1)) {
    const cells = l.split(',');
    dates.push(cells[0]!);
    close.push(Number(cells[ci]!));
  }
  return { dates, close };
}

function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function naiveRollingCorrelation(x: readonly number[], y: readonly number[], w: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + w <= x.length; i++) out.push(risk.correlation(x.slice(i, i + w), y.slice(i, i + w)));
  return out;
}

const qqq = readCsv('QQQ.csv');
const calendar = qqq.dates.slice(-ROWS);
const btc = readCsv('BTC-USD.csv');

const real: Array<{ name: string; returns: number[] }> = [];
const files = readdirSync(PRICES).filter((f) => f.endsWith('.csv') && !['QQQ.csv', 'BTC-USD.csv'].includes(f));
for (const f of files.sort()) {
  const s = readCsv(f);
  if (s.dates[0]! > calendar[0]!) continue;
  real.push({ name: f.replace('.csv', ''), returns: pricesToReturns(valuesAsOf(calendar, s.dates, s.close)) });
}
const symbols = real.slice(0, SYMBOLS);
const rand = mulberry32(20261126);
const donors = real.filter((s) => ['MARA', 'RIOT', 'CLSK', 'WULF'].includes(s.name));
for (let k = 0; symbols.length < SYMBOLS; k++) {
  const donor = donors[k % donors.length]!.returns;
  const out: number[] = [];
  while (out.length < donor.length) {
    const start = Math.floor(rand() * (donor.length - 20));
    out.push(...donor.slice(start, start + 20));
  }
  symbols.push({ name: `boot${k}(${donors[k % donors.length]!.name})`, returns: out.slice(0, donor.length) });
}
const benchmarks = {
  NDX: pricesToReturns(qqq.close.slice(-ROWS)),
  BTC: pricesToReturns(valuesAsOf(calendar, btc.dates, btc.close)),
};

console.log(`Hashpivot risk benchmark — Node ${process.versions.node}`);
console.log(
  `${symbols.length} symbols (${real.length >= SYMBOLS ? 'all real' : `${Math.min(real.length, SYMBOLS)} real files, ${SYMBOLS - Math.min(real.length, SYMBOLS)} seeded block bootstraps`}) x ${calendar.length} sessions (${calendar[0]} .. ${calendar.at(-1)}), window ${WINDOW}, benchmarks NDX (QQQ) and BTC (as of each session)`,
);
console.log('');

const pairs = symbols.length * 2;
const fast = time(`rolling ${WINDOW}d correlation, ${pairs} pairs (running sums)`, () =>
  symbols.flatMap((s) => Object.values(benchmarks).map((b) => risk.rollingCorrelation(s.returns, b, WINDOW))),
);
time(`rolling ${WINDOW}d beta, ${pairs} pairs (running sums)`, () =>
  symbols.flatMap((s) => Object.values(benchmarks).map((b) => risk.rollingBeta(s.returns, b, WINDOW))),
);
time(`rolling ${WINDOW}d volatility + Sharpe, ${symbols.length} symbols`, () =>
  symbols.map((s) => [risk.rollingVolatility(s.returns, WINDOW), risk.rollingSharpeRatio(s.returns, WINDOW)]),
);
time(`full metric set, ${symbols.length} symbols x 2 benchmarks`, () =>
  symbols.map((s) => {
    const r = s.returns;
    const m: Record<string, number> = {
      cagr: risk.annualReturn(r),
      vol: risk.annualizedVolatility(r),
      maxdd: risk.maxDrawdown(r),
      calmar: risk.calmarRatio(r),
      sharpe: risk.sharpeRatio(r),
      sortino: risk.sortinoRatio(r),
      dd: risk.downsideDeviation(r),
      omega: risk.omegaRatio(r),
      var: risk.historicalVar(r),
      cvar: risk.cvar(r),
      pvar: risk.parametricVar(r),
      pes: risk.parametricEs(r),
    };
    for (const [name, b] of Object.entries(benchmarks)) {
      m[`beta_${name}`] = risk.beta(r, b);
      m[`alpha_${name}`] = risk.alpha(r, b);
      m[`corr_${name}`] = risk.correlation(r, b);
      m[`ir_${name}`] = risk.informationRatio(r, b);
    }
    return m;
  }),
);
const naive = time(`naive O(n x window) rolling correlation, ${pairs} pairs`, () =>
  symbols.flatMap((s) => Object.values(benchmarks).map((b) => naiveRollingCorrelation(s.returns, b, WINDOW))),
);

let maxDiff = 0;
fast.value.forEach((arr, i) =>
  arr.forEach((v, j) => {
    const d = Math.abs(v - naive.value[i]![j]!);
    if (Number.isFinite(d) && d > maxDiff) maxDiff = d;
  }),
);
console.log('');
console.log(`naive / running-sum rolling correlation: ${(naive.ms / fast.ms).toFixed(1)}x`);
console.log(`max |running-sum - naive| over ${fast.value.reduce((s, a) => s + a.length, 0)} values: ${maxDiff.toExponential(2)}`);
