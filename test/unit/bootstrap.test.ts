/**
 * Bootstrap VaR/ES (src/core/scenario/bootstrap.ts, prng.ts, portfolioVar.ts): the PRNG against an
 * independent BigInt implementation of the reference algorithms, bit-for-bit reproducibility with
 * a seed, different numbers with another seed, the spread across seeds shrinking as the number of
 * paths grows, the block structure of the paths, and the portfolio wrapper on the snapshot.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { PriceSeries } from '../../src/core/pivot';
import { cvar, historicalVar } from '../../src/core/risk';
import {
  bootstrapVar,
  checkpoints,
  deriveSeed,
  overlappingReturns,
  portfolioReturns,
  portfolioVar,
  simulatePaths,
  splitmix32,
  Xoshiro128ss,
  type BootstrapOptions,
} from '../../src/core/scenario';
import { loadSnapshotFile } from '../../src/data/snapshot';

const M32 = 0xffffffffn;
/** xoshiro128** 1.1 as in the reference C code, on BigInts (independent of the implementation). */
function referenceXoshiro(state: bigint[], count: number): number[] {
  const s = [...state];
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M32;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1]! * 5n) & M32, 7n) * 9n) & M32));
    const t = (s[1]! << 9n) & M32;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s[1]!;
    s[1] = s[1]! ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11n);
  }
  return out;
}

/** splitmix32 (Weyl step + lowbias32 finalizer) on BigInts. */
function referenceSplitmix(state: number): { state: number; value: number } {
  const s = (BigInt(state >>> 0) + 0x9e3779b9n) & M32;
  let z = s;
  z = ((z ^ (z >> 16n)) * 0x21f0aaadn) & M32;
  z = ((z ^ (z >> 15n)) * 0x735a2d97n) & M32;
  z = z ^ (z >> 15n);
  return { state: Number(s) | 0, value: Number(z) };
}

/** Daily returns with fat tails and some clustering, built with the PRNG. */
function sampleReturns(n: number, seed: number): number[] {
  const g = new Xoshiro128ss(seed);
  const out: number[] = [];
  let vol = 0.02;
  for (let i = 0; i < n; i++) {
    const u = g.next() + g.next() + g.next() - 1.5; // roughly normal, sd 0.5
    vol = 0.9 * vol + 0.1 * (0.01 + 0.04 * g.next());
    out.push(2 * vol * u + (g.next() < 0.03 ? -0.08 : 0));
  }
  return out;
}

/** Independent normal daily returns with sd `sigma` (Box–Muller on the PRNG). */
function normalReturns(n: number, seed: number, sigma: number): number[] {
  const g = new Xoshiro128ss(seed);
  const xs: number[] = [];
  while (xs.length < n) {
    const r = Math.sqrt(-2 * Math.log(1 - g.next()));
    const t = 2 * Math.PI * g.next();
    xs.push(sigma * r * Math.cos(t), sigma * r * Math.sin(t));
  }
  return xs.slice(0, n);
}

const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('bootstrap: the seeded PRNG', () => {
  it('xoshiro128** matches the reference algorithm from the state [1, 2, 3, 4]', () => {
    const g = Xoshiro128ss.fromState([1, 2, 3, 4]);
    const got = Array.from({ length: 200 }, () => g.nextUint32());
    assert.equal(got[0], 11520);
    assert.deepEqual(got, referenceXoshiro([1n, 2n, 3n, 4n], 200));
  });

  it('seeding through splitmix32; the same seed gives the same stream, another seed another', () => {
    for (const seed of [0, 1, 42, 0xffffffff, -7]) {
      let st = seed | 0;
      const state: bigint[] = [];
      for (let i = 0; i < 4; i++) {
        const r = referenceSplitmix(st);
        assert.deepEqual(splitmix32(st), r);
        st = r.state;
        state.push(BigInt(r.value));
      }
      const g = new Xoshiro128ss(seed);
      assert.deepEqual(
        Array.from({ length: 20 }, () => g.nextUint32()),
        referenceXoshiro(state, 20),
      );
    }
    const a = new Xoshiro128ss(5);
    const b = new Xoshiro128ss(5);
    const c = new Xoshiro128ss(6);
    const sa = Array.from({ length: 50 }, () => a.next());
    assert.deepEqual(
      sa,
      Array.from({ length: 50 }, () => b.next()),
    );
    assert.notDeepEqual(
      sa,
      Array.from({ length: 50 }, () => c.next()),
    );
    assert.notEqual(deriveSeed(1, 0), deriveSeed(1, 1));
    assert.notEqual(deriveSeed(1, 0), deriveSeed(2, 0));
  });

  it('next() in [0, 1) and int(n) in [0, n), roughly uniform', () => {
    const g = new Xoshiro128ss(3);
    const counts = new Array<number>(7).fill(0);
    let sum = 0;
    for (let i = 0; i < 70_000; i++) {
      const u = g.next();
      assert.ok(u >= 0 && u < 1);
      sum += u;
      counts[g.int(7)]!++;
    }
    assert.ok(Math.abs(sum / 70_000 - 0.5) < 0.01);
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `bucket ${c}`);
  });
});

describe('bootstrap: paths, VaR and ES', () => {
  const sample = sampleReturns(500, 11);

  it('circular blocks: with horizon = block length every path is L consecutive days (wrapping)', () => {
    const s = Float64Array.from({ length: 40 }, (_, i) => (i - 20) / 1000);
    const windows = new Set<number>();
    for (let i = 0; i < 40; i++) windows.add((1 + s[i]!) * (1 + s[(i + 1) % 40]!) * (1 + s[(i + 2) % 40]!) - 1);
    const out = new Float64Array(2000);
    simulatePaths(s, out, new Xoshiro128ss(9), 3, 3, 'circular');
    for (const v of out) assert.ok(windows.has(v), `path ${v} is not a block of 3`);
    // The stationary bootstrap with mean block 1 breaks blocks up: many paths are not consecutive.
    simulatePaths(s, out, new Xoshiro128ss(9), 3, 1, 'stationary');
    assert.ok(out.filter((v) => !windows.has(v)).length > 1000);
    // Horizon 1: each path is one day of the sample.
    simulatePaths(s, out, new Xoshiro128ss(9), 1, 5, 'circular');
    const days = new Set([...s].map((v) => 1 + v - 1));
    for (const v of out) assert.ok(days.has(v));
  });

  it('reproducible: the same seed gives identical numbers, another seed different ones', () => {
    const opts: BootstrapOptions = { paths: 3000, seed: 12345, horizon: 5, replications: 4 };
    const a = bootstrapVar(sample, opts);
    const b = bootstrapVar(sample, opts);
    assert.deepEqual(a, b);
    const c = bootstrapVar(sample, { ...opts, seed: 12346 });
    assert.notEqual(c.estimates[0]!.var, a.estimates[0]!.var);
    assert.notDeepEqual(c.convergence, a.convergence);
    for (const m of ['stationary'] as const) assert.deepEqual(bootstrapVar(sample, { ...opts, method: m }), bootstrapVar(sample, { ...opts, method: m }));
  });

  it('converges: the spread of the estimates across seeds shrinks from 1,000 to 50,000 paths', () => {
    const spread = (paths: number) => {
      const v: number[] = [];
      const e: number[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        const r = bootstrapVar(sample, { paths, seed, horizon: 5, replications: 0, outer: 0, confidences: [0.95] });
        v.push(r.estimates[0]!.var);
        e.push(r.estimates[0]!.es);
      }
      return { var: sd(v), es: sd(e) };
    };
    const small = spread(1000);
    const large = spread(50_000);
    // The Monte Carlo error falls like 1/√n: √50 ≈ 7; allow for the noise of 12 seeds.
    assert.ok(large.var < small.var / 3, `VaR spread ${small.var} -> ${large.var}`);
    assert.ok(large.es < small.es / 3, `ES spread ${small.es} -> ${large.es}`);
  });

  it('the convergence series: checkpoints, prefixes of the main run, standard errors that fall', () => {
    assert.deepEqual(checkpoints(100_000), [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]);
    assert.deepEqual(checkpoints(1500), [1000, 1500]);
    assert.deepEqual(checkpoints(500), [500]);
    const r = bootstrapVar(sample, { paths: 20_000, seed: 3, horizon: 5 });
    assert.deepEqual(r.convergence.paths, [1000, 2000, 5000, 10_000, 20_000]);
    const c95 = r.convergence.byConfidence[0]!;
    assert.equal(c95.var.at(-1), r.estimates[0]!.var);
    assert.equal(c95.esSe.at(-1), r.estimates[0]!.esSe);
    assert.ok(c95.esSe[0]! > c95.esSe.at(-1)!, `ES se ${c95.esSe[0]} -> ${c95.esSe.at(-1)}`);
    // Prefix: the first checkpoint's estimate is the estimate of a 1,000-path run with the same seed.
    const first = bootstrapVar(sample, { paths: 1000, seed: 3, horizon: 5, replications: 0 });
    assert.equal(c95.var[0], first.estimates[0]!.var);
    assert.equal(
      r.histogram.counts.reduce((a, b) => a + b, 0),
      20_000,
    );
    assert.equal(r.histogram.edges.length, 51);
  });

  it('signs and order: VaR and ES are losses (negative), ES <= VaR, 99% <= 95%', () => {
    const r = bootstrapVar(sample, { paths: 10_000, seed: 1, horizon: 10 });
    const [e95, e99] = r.estimates;
    assert.ok(e95!.var < 0 && e95!.es <= e95!.var && e99!.var <= e95!.var && e99!.es <= e99!.var);
    assert.ok(e95!.historicalVar < 0);
    assert.equal(e95!.historicalVar, historicalVar(overlappingReturns(sample, 10), { tailProbability: 0.05 }));
  });

  it('horizon 1: the historical figures are the sample’s; the bootstrap ES approaches the sample distribution’s', () => {
    const r = bootstrapVar(sample, { paths: 100_000, seed: 8, replications: 2 });
    const e = r.estimates[0]!;
    assert.equal(e.historicalVar, historicalVar(sample, { tailProbability: 0.05 }));
    assert.equal(e.historicalEs, cvar(sample, { tailProbability: 0.05 }));
    // Expected shortfall of the discrete uniform distribution over the sample at 5%.
    const s = [...sample].sort((a, b) => a - b);
    const m = Math.floor(0.05 * s.length);
    const exact = (s.slice(0, m).reduce((a, b) => a + b, 0) / s.length + (0.05 - m / s.length) * s[m]!) / 0.05;
    assert.ok(Math.abs(e.es - exact) < 0.002, `${e.es} vs ${exact}`);
  });

  it('sampling uncertainty: the 95% interval over resampled histories covers the estimate and shrinks with more data', () => {
    const width = (n: number) => {
      const r = bootstrapVar(normalReturns(n, 31, 0.02), { paths: 5000, seed: 2, replications: 0 });
      assert.match(
        r.sampling!.method,
        new RegExp(
          `outer circular block bootstrap of the ${n} daily returns \\(blocks of 5\\): the estimate re-run on 200 resampled histories with 5,000 paths each`,
        ),
      );
      return r.estimates.map((e) => {
        assert.ok(e.varInterval!.low <= e.var && e.var <= e.varInterval!.high, `n ${n}, ${e.confidence}: VaR ${e.var} in ${JSON.stringify(e.varInterval)}`);
        assert.ok(e.esInterval!.low <= e.es && e.es <= e.esInterval!.high, `n ${n}, ${e.confidence}: ES ${e.es} in ${JSON.stringify(e.esInterval)}`);
        assert.ok(e.varInterval!.sd > 0 && e.esInterval!.high <= e.varInterval!.high);
        return e.varInterval!.high - e.varInterval!.low;
      });
    };
    const short = width(250);
    const long = width(2000);
    // Like 1/√n: √8 ≈ 2.8 for 8 times the data; allow for the noise of one sample each.
    for (let j = 0; j < 2; j++) assert.ok(long[j]! < short[j]! / 1.8, `${j}: width ${short[j]} at 250 days -> ${long[j]} at 2000`);
    // Horizon 5 and the stationary bootstrap on the clustered, fat-tailed sample: still an interval around the estimate.
    const h5 = bootstrapVar(sample, { paths: 3000, seed: 5, horizon: 5, method: 'stationary', replications: 0, outer: 50 });
    assert.equal(h5.sampling!.resamples, 50);
    for (const e of h5.estimates) assert.ok(e.varInterval!.low <= e.var && e.var <= e.varInterval!.high);
    const none = bootstrapVar(sample, { paths: 1000, outer: 0, replications: 0 });
    assert.equal(none.sampling, null);
    assert.equal(none.estimates[0]!.varInterval, null);
  });

  it('the interval covers the true quantile about 95% of the time (normal returns); the Monte Carlo ± does not', () => {
    // 40 samples of 250 iid normal returns with σ = 2%: the true 95% one-day VaR is -1.6449 σ.
    const truth = -1.6448536269514722 * 0.02;
    let intervalCovers = 0;
    let mcCovers = 0;
    for (let k = 0; k < 40; k++) {
      const xs = normalReturns(250, 1000 + k, 0.02);
      const e = bootstrapVar(xs, { paths: 2000, seed: k + 1, blockLength: 1, replications: 10, outerPaths: 2000, confidences: [0.95] }).estimates[0]!;
      if (e.varInterval!.low <= truth && truth <= e.varInterval!.high) intervalCovers++;
      if (Math.abs(e.var - truth) <= 2 * e.varSe) mcCovers++;
    }
    assert.ok(intervalCovers >= 32, `the 95% interval covered the truth ${intervalCovers} times in 40`);
    assert.ok(mcCovers <= 24, `± 2 Monte Carlo se covered the truth ${mcCovers} times in 40: it is not a statement about the data`);
  });

  it('errors: too few paths or returns, a bad seed, horizon, method or confidence', () => {
    assert.throws(() => bootstrapVar(sample, { paths: 50 }), /paths must be an integer from 100/);
    assert.throws(() => bootstrapVar(sample, { seed: -1 }), /seed must be an integer/);
    assert.throws(() => bootstrapVar(sample, { seed: 1.5 }), /seed must be an integer/);
    assert.throws(() => bootstrapVar(sample.slice(0, 10)), /at least 20 daily returns/);
    assert.throws(() => bootstrapVar(sample.slice(0, 30), { horizon: 40 }), /longer than the sample/);
    assert.throws(() => bootstrapVar(sample, { method: 'iid' as never }), /circular or stationary/);
    assert.throws(() => bootstrapVar(sample, { confidences: [1.2] }), /confidence/);
    assert.throws(() => bootstrapVar(sample, { blockLength: 0 }), /block length/);
    assert.throws(() => bootstrapVar(sample, { outer: -1 }), /outer resamples/);
    assert.throws(() => bootstrapVar(sample, { outerPaths: 10 }), /paths per outer resample/);
  });
});

describe('bootstrap: portfolio VaR from the snapshot', () => {
  const snap = loadSnapshotFile(path.resolve(process.cwd(), 'media/snapshot/prices.snap'));
  const prices: Record<string, PriceSeries> = { IREN: snap.get('IREN')!, CORZ: snap.get('CORZ')!, WULF: snap.get('WULF')!, BITF: snap.get('BITF')! };
  const weights = [
    { symbol: 'IREN', weight: 5 },
    { symbol: 'CORZ', weight: 3 },
    { symbol: 'WULF', weight: 2 },
  ];

  it('resamples the portfolio’s daily returns over the lookback, as bootstrapVar does on them', () => {
    const r = portfolioVar({ weights, prices, asOf: '2026-05-29', paths: 2000, seed: 4, replications: 2 });
    assert.deepEqual(
      r.weights.map((w) => w.weight),
      [0.5, 0.3, 0.2],
    );
    const pr = portfolioReturns(weights, prices, '2025-05-30', '2026-05-29');
    assert.equal(r.sampleSize, pr.returns.length);
    assert.equal(r.from, pr.dates[0]);
    assert.equal(r.to, '2026-05-29');
    const direct = bootstrapVar(pr.returns, { paths: 2000, seed: 4, replications: 2 });
    assert.deepEqual(r.estimates, direct.estimates);
    assert.equal(r.estimates[0]!.historicalVar, historicalVar(pr.returns, { tailProbability: 0.05 }));
  });

  it('errors: a member whose data ends before the date, an unknown member, too short a lookback', () => {
    assert.throws(() => portfolioVar({ weights: [{ symbol: 'BITF', weight: 1 }], prices, asOf: '2026-05-29' }), /BITF: its data ends 2025-12-11/);
    assert.throws(() => portfolioVar({ weights: [{ symbol: 'NOPE', weight: 1 }], prices, asOf: '2026-05-29' }), /no price data for NOPE/);
    assert.throws(() => portfolioVar({ weights, prices, asOf: '2026-05-29', lookbackDays: 20 }), /at least 30 days/);
    assert.throws(() => portfolioVar({ weights: [{ symbol: 'IREN', weight: 0 }], prices, asOf: '2026-05-29' }), /must sum to a positive number/);
  });
});
