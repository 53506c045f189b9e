/**
 * The risk engine's benchmark data and standard workload (issue 15), shared by risk.bench.ts and
 * scale.bench.ts.
 *
 * Data: the longest real price files in fixtures/prices (closes aligned on QQQ's sessions; BTC
 * taken as of each session). Where fewer files than asked for cover the span, the rest are
 * seeded block bootstraps (blocks of 20 days) of real miners' returns (labelled). Longer spans
 * than the fixtures hold (the scale bench) are made the same way from the real returns.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { valuesAsOf, pricesToReturns } from '../../src/core/calendar';
import * as risk from '../../src/core/risk';
import { fixture } from '../support/fixtures';

const PRICES = fixture('prices');
export const TRADING_DAYS = 252;

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

export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Workload {
  /** One return series per symbol, `days` rows each. */
  symbols: Array<{ name: string; returns: number[] }>;
  /** Benchmark return series, same rows. */
  benchmarks: Array<{ name: string; returns: number[] }>;
  days: number;
  window: number;
  /** How the data was made. */
  description: string;
}

/** Seeded block bootstrap (blocks of 20) of `donor` to `length` rows. */
function blockBootstrap(donor: readonly number[], length: number, rand: () => number): number[] {
  const out: number[] = [];
  while (out.length < length) {
    const start = Math.floor(rand() * (donor.length - 20));
    for (let i = start; i < start + 20; i++) out.push(donor[i]!);
  }
  return out.slice(0, length);
}

/**
 * `symbols` symbols × `years` years of daily returns (252 sessions a year) against NDX (QQQ) and
 * BTC. Up to 10 years are the real sessions; more years extend every series (benchmarks too) by
 * seeded block bootstraps of its own real returns.
 */
export function loadWorkload(symbols = 30, years = 10, window = 90, seed = 20261126): Workload {
  const realYears = Math.min(years, 10);
  const rows = TRADING_DAYS * realYears + 1;
  const qqq = readCsv('QQQ.csv');
  const calendar = qqq.dates.slice(-rows);
  const btc = readCsv('BTC-USD.csv');
  const real: Array<{ name: string; returns: number[] }> = [];
  const files = readdirSync(PRICES).filter((f) => f.endsWith('.csv') && !['QQQ.csv', 'BTC-USD.csv'].includes(f));
  for (const f of files.sort()) {
    const s = readCsv(f);
    if (s.dates[0]! > calendar[0]!) continue;
    real.push({ name: f.replace('.csv', ''), returns: pricesToReturns(valuesAsOf(calendar, s.dates, s.close)) });
  }
  const out = real.slice(0, symbols);
  const rand = mulberry32(seed);
  const donors = real.filter((s) => ['MARA', 'RIOT', 'CLSK', 'WULF'].includes(s.name));
  for (let k = 0; out.length < symbols; k++) {
    const donor = donors[k % donors.length]!;
    out.push({ name: `boot${k}(${donor.name})`, returns: blockBootstrap(donor.returns, donor.returns.length, rand) });
  }
  const benchmarks = [
    { name: 'NDX', returns: pricesToReturns(qqq.close.slice(-rows)) },
    { name: 'BTC', returns: pricesToReturns(valuesAsOf(calendar, btc.dates, btc.close)) },
  ];
  const days = TRADING_DAYS * years;
  if (years > realYears) {
    for (const s of [...out, ...benchmarks]) s.returns = [...blockBootstrap(s.returns, days - s.returns.length, rand), ...s.returns];
  }
  const nReal = Math.min(real.length, symbols);
  const description =
    `${out.length} symbols (${nReal} real files${symbols > nReal ? `, ${symbols - nReal} seeded block bootstraps` : ''}) x ${days} daily returns ` +
    `(${calendar[0]} .. ${calendar.at(-1)}${years > realYears ? `, extended by bootstraps to ${years} years` : ''}), window ${window}, benchmarks NDX (QQQ) and BTC (as of each session)`;
  return { symbols: out, benchmarks, days, window, description };
}

/** The four parts of the standard workload, each returning its results (so nothing is optimized away). */
export function workloadParts(w: Workload) {
  const win = w.window;
  // Each part prepares what it reads, once: the benchmarks for every symbol, each symbol for its metrics.
  const rolling = (f: (r: risk.PreparedSeries, b: risk.PreparedBenchmark) => number[]) => () => {
    const bs = w.benchmarks.map((b) => risk.prepareBenchmark(b.returns));
    return w.symbols.flatMap((s) => {
      const r = risk.prepareSeries(s.returns);
      return bs.map((b) => f(r, b));
    });
  };
  return {
    rollingCorrelation: rolling((r, b) => risk.rollingCorrelation(r, b, win)),
    rollingBeta: rolling((r, b) => risk.rollingBeta(r, b, win)),
    rollingVolSharpe: () =>
      w.symbols.flatMap((s) => {
        const { volatility, sharpe } = risk.rollingVolatilityAndSharpe(s.returns, win);
        return [volatility, sharpe];
      }),
    metricSet: () => {
      const bs = w.benchmarks.map((b) => ({ name: b.name, b: risk.prepareBenchmark(b.returns) }));
      return w.symbols.map((s) => metricSet(s.returns, bs));
    },
  };
}

/** The metric names of {@link metricSet}, in order (the numpy comparator writes the same order). */
export const METRIC_NAMES = ['cagr', 'vol', 'maxdd', 'calmar', 'sharpe', 'sortino', 'dd', 'omega', 'var', 'cvar', 'pvar', 'pes'] as const;
export const BENCHMARK_METRIC_NAMES = ['beta', 'alpha', 'corr', 'ir'] as const;

/**
 * The full metric set of one symbol: the 12 metrics, then beta, alpha, correlation and IR per
 * benchmark. The symbol is prepared once (one missing-value pass, its moments shared).
 */
export function metricSet(returns: readonly number[], benchmarks: ReadonlyArray<{ b: risk.PreparedBenchmark }>): number[] {
  const r = risk.prepareSeries(returns);
  const tail = risk.tailRisk(r);
  const m = [
    risk.annualReturn(r),
    risk.annualizedVolatility(r),
    risk.maxDrawdown(r),
    risk.calmarRatio(r),
    risk.sharpeRatio(r),
    risk.sortinoRatio(r),
    risk.downsideDeviation(r),
    risk.omegaRatio(r),
    tail.var,
    tail.cvar,
    risk.parametricVar(r),
    risk.parametricEs(r),
  ];
  for (const { b } of benchmarks) m.push(risk.beta(r, b), risk.alpha(r, b), risk.correlation(r, b), risk.informationRatio(r, b));
  return m;
}
