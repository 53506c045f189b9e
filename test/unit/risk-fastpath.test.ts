/**
 * The risk engine's fast paths (issue 15) give the values of the plain ones: VaR and CVaR from one
 * selection against sorting, plain arrays against Float64Arrays against prepared series (the
 * no-copy path against the copying one), prepared benchmarks reused across symbols, the
 * optimistic rolling read that meets a missing value, and the fused moments.
 */
import assert from 'node:assert/strict';
import {
  alpha,
  annualizedVolatility,
  annualReturn,
  beta,
  calmarRatio,
  correlation,
  cvar,
  downsideDeviation,
  historicalVar,
  informationRatio,
  maxDrawdown,
  omegaRatio,
  parametricEs,
  parametricVar,
  prepareBenchmark,
  prepareSeries,
  rollingAlpha,
  rollingBeta,
  rollingCorrelation,
  rollingSharpeRatio,
  rollingVolatility,
  rollingVolatilityAndSharpe,
  sharpeRatio,
  sortinoRatio,
  tailRisk,
  type NanPolicy,
  type SeriesInput,
  type TailRule,
} from '../../src/core/risk';
import { mean, moments, momentsOfDifference, quantileSorted, selectTail, sumSquaredDeviations } from '../../src/core/risk/stats';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Daily-like returns; `nanRate` of them NaN, some exact zeros and repeated values. */
function returnsOf(n: number, seed: number, nanRate = 0): number[] {
  const u = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = u();
    if (v < nanRate) out.push(NaN);
    else if (v < nanRate + 0.03) out.push(0);
    else if (v < nanRate + 0.05) out.push(0.01);
    else out.push((u() - 0.5) * 0.08 + (u() < 0.02 ? -0.2 : 0));
  }
  return out;
}

const same = (a: number, b: number, label: string): void => assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${label}: ${a} vs ${b}`);
const close = (a: number, b: number, tol: number, label: string): void => {
  if (!Number.isFinite(b)) return same(a, b, label);
  assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-12), `${label}: ${a} vs ${b}`);
};

/** The sort-based VaR/CVaR the engine used before the selection (reference). */
function sortedTail(r: readonly number[], a: number, rule: TailRule): { var: number; cvar: number } {
  const kept = r.filter((x) => !Number.isNaN(x));
  const n = kept.length;
  if (n === 0) return { var: NaN, cvar: NaN };
  const s = Float64Array.from(kept).sort();
  const q = quantileSorted(s, a);
  if (rule === 'k_smallest') return { var: q, cvar: mean(s.subarray(0, Math.min(n, Math.floor((n - 1) * a) + 1))) };
  if (rule === 'strictly_below_quantile') {
    const below = kept.filter((x) => x < q);
    return { var: q, cvar: below.length ? mean(below) : q };
  }
  return { var: q, cvar: NaN }; // below_gaussian_var: compared with cvar() below
}

describe('one selection for VaR and CVaR (selectTail, tailRisk)', () => {
  it('selectTail gives the sorted quantile exactly and the k smallest values, on random, tied, sorted and signed-zero data', () => {
    const u = rng(11);
    const shapes: Array<(n: number) => number[]> = [
      (n) => Array.from({ length: n }, () => u() - 0.5),
      (n) => Array.from({ length: n }, () => Math.round((u() - 0.5) * 6)), // many ties
      (n) => Array.from({ length: n }, (_, i) => i / n), // sorted
      (n) => Array.from({ length: n }, (_, i) => -i), // reverse sorted
      (n) => Array.from({ length: n }, () => 0.25), // constant
      (n) => Array.from({ length: n }, () => [0, -0, 0.5, -0.5][Math.floor(u() * 4)]!), // signed zeros
    ];
    for (const shape of shapes) {
      for (const n of [1, 2, 3, 7, 100, 511, 512, 2520, 5000]) {
        const xs = shape(n);
        const sorted = Float64Array.from(xs).sort();
        for (const p of [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 0.99]) {
          const a = Float64Array.from(xs);
          const t = selectTail(a, p);
          same(t.quantile, quantileSorted(sorted, p), `n=${n} p=${p} quantile`);
          assert.equal(t.k, Math.min(n, Math.floor((n - 1) * p) + 1));
          // The k smallest values (a zero's sign aside: the selection's < does not tell -0 from +0).
          const smallest = a.slice(0, t.k).sort();
          assert.ok(
            smallest.every((v, i) => v === sorted[i]),
            `n=${n} p=${p} k smallest`,
          );
          assert.deepEqual(a.slice().sort(), sorted, 'a permutation of the input');
        }
      }
    }
  });

  it('historicalVar, cvar and tailRisk equal the sort-based values for every tail rule, α and NaN policy', () => {
    for (const seed of [1, 2, 3]) {
      for (const n of [0, 1, 5, 60, 700, 2520]) {
        const r = returnsOf(n, seed, 0.05);
        for (const tailProbability of [0.01, 0.05, 0.1]) {
          for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
            const filled = r.map((x) => (Number.isNaN(x) && nanPolicy === 'fill_zero' ? 0 : x));
            for (const tailRule of ['k_smallest', 'strictly_below_quantile', 'below_gaussian_var'] as TailRule[]) {
              const ref = sortedTail(filled, tailProbability, tailRule);
              const o = { tailProbability, nanPolicy, tailRule };
              const both = tailRisk(r, o);
              const label = `seed ${seed} n ${n} α ${tailProbability} ${nanPolicy} ${tailRule}`;
              same(historicalVar(r, o), ref.var, `${label} var`);
              same(both.var, ref.var, `${label} tailRisk var`);
              same(both.cvar, cvar(r, o), `${label} tailRisk cvar = cvar`);
              if (tailRule !== 'below_gaussian_var') close(both.cvar, ref.cvar, 1e-15, `${label} cvar`);
            }
          }
        }
      }
    }
  });

  it('leaves the input untouched', () => {
    const r = returnsOf(1000, 5);
    const copy = [...r];
    const f = Float64Array.from(r);
    tailRisk(r);
    tailRisk(f);
    tailRisk(prepareSeries(f));
    assert.deepEqual(r, copy);
    assert.deepEqual(Array.from(f), copy);
  });
});

describe('plain arrays, Float64Arrays and prepared series give the same results', () => {
  const metrics: Record<string, (r: SeriesInput, b: SeriesInput) => number> = {
    annualReturn: (r) => annualReturn(r),
    vol: (r) => annualizedVolatility(r),
    maxdd: (r) => maxDrawdown(r),
    calmar: (r) => calmarRatio(r),
    sharpe: (r) => sharpeRatio(r),
    sharpeRf: (r) => sharpeRatio(r, { riskFree: 0.0001 }),
    sortino: (r) => sortinoRatio(r),
    dd: (r) => downsideDeviation(r),
    omega: (r) => omegaRatio(r),
    var: (r) => historicalVar(r),
    cvar: (r) => cvar(r),
    pvar: (r) => parametricVar(r),
    pes: (r) => parametricEs(r),
    beta: (r, b) => beta(r, b),
    betaUp: (r, b) => beta(r, b, { subset: 'benchmark_up' }),
    alpha: (r, b) => alpha(r, b),
    corr: (r, b) => correlation(r, b),
    ir: (r, b) => informationRatio(r, b),
  };

  for (const nanRate of [0, 0.04]) {
    for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
      it(`${nanRate ? 'with' : 'without'} missing values, ${nanPolicy}`, () => {
        const r = returnsOf(1500, 21, nanRate);
        const b = returnsOf(1500, 22, nanRate);
        const withNulls = r.map((x) => (Number.isNaN(x) ? null : x)) as unknown as number[];
        const inputs: Record<string, SeriesInput[]> = {
          array: [r, b],
          nulls: [withNulls, b],
          float64: [Float64Array.from(r), Float64Array.from(b)],
          prepared: [prepareSeries(r), prepareBenchmark(b)],
        };
        for (const [name, f] of Object.entries(metrics)) {
          const ref = f(r, b);
          for (const [kind, [x, y]] of Object.entries(inputs)) same(f(x!, y!), ref, `${name} ${kind}`);
          // Again on the same prepared series: the cached figures give the same value.
          same(f(inputs.prepared[0]!, inputs.prepared[1]!), ref, `${name} prepared again`);
        }
        // The NaN policy on every path.
        for (const [kind, [x, y]] of Object.entries(inputs)) {
          const o = { nanPolicy };
          same(beta(x!, y!, o), beta(r, b, o), `beta ${nanPolicy} ${kind}`);
          same(correlation(x!, y!, o), correlation(r, b, o), `corr ${nanPolicy} ${kind}`);
          same(sharpeRatio(x!, o), sharpeRatio(r, o), `sharpe ${nanPolicy} ${kind}`);
          same(cvar(x!, o), cvar(r, o), `cvar ${nanPolicy} ${kind}`);
          same(calmarRatio(x!, o), calmarRatio(r, o), `calmar ${nanPolicy} ${kind}`);
          same(sortinoRatio(x!, o), sortinoRatio(r, o), `sortino ${nanPolicy} ${kind}`);
          assert.deepEqual(rollingBeta(x!, y!, 63, o), rollingBeta(r, b, 63, o), `rolling beta ${nanPolicy} ${kind}`);
          assert.deepEqual(rollingCorrelation(x!, y!, 63, o), rollingCorrelation(r, b, 63, o), `rolling corr ${nanPolicy} ${kind}`);
          assert.deepEqual(rollingVolatility(x!, 21, o), rollingVolatility(r, 21, o), `rolling vol ${nanPolicy} ${kind}`);
          assert.deepEqual(rollingSharpeRatio(x!, 21, o), rollingSharpeRatio(r, 21, o), `rolling sharpe ${nanPolicy} ${kind}`);
        }
      });
    }
  }

  it('a null in a plain array is missing, as NaN is (both policies)', () => {
    const r = [0.01, null, -0.02, 0.03, 0, -0.01] as unknown as number[];
    const n = [0.01, NaN, -0.02, 0.03, 0, -0.01];
    for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
      same(annualizedVolatility(r, { nanPolicy }), annualizedVolatility(n, { nanPolicy }), nanPolicy);
      same(prepareSeries(r).missing, 1, 'missing count');
      assert.deepEqual(rollingVolatility(r, 3, { nanPolicy }), rollingVolatility(n, 3, { nanPolicy }));
    }
  });

  it('a prepared benchmark reused across symbols, in any order, gives what the raw benchmark gives', () => {
    const b = returnsOf(900, 40);
    const pb = prepareBenchmark(b);
    const symbols = [41, 42, 43].map((s) => returnsOf(900, s));
    const prepared = symbols.map((s) => prepareSeries(s));
    for (let pass = 0; pass < 2; pass++) {
      for (const [i, r] of symbols.entries()) {
        for (const x of [r, prepared[i]!]) {
          same(beta(x, pb), beta(r, b), 'beta');
          same(alpha(x, pb), alpha(r, b), 'alpha');
          same(correlation(x, pb), correlation(r, b), 'corr');
          same(informationRatio(x, pb), informationRatio(r, b), 'ir');
          same(beta(x, pb, { riskFree: 0.0002 }), beta(r, b, { riskFree: 0.0002 }), 'beta rf');
          assert.deepEqual(rollingAlpha(x, pb, 30), rollingAlpha(r, b, 30));
          assert.deepEqual(rollingCorrelation(x, pb, 30), rollingCorrelation(r, b, 30));
        }
      }
    }
  });

  it('a missing value met by the optimistic rolling read falls back to the masked path (Float64Array input)', () => {
    const r = returnsOf(600, 50);
    const b = returnsOf(600, 51);
    r[400] = NaN;
    b[100] = NaN;
    for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
      const o = { nanPolicy };
      assert.deepEqual(rollingVolatility(Float64Array.from(r), 20, o), rollingVolatility(r, 20, o));
      assert.deepEqual(rollingBeta(Float64Array.from(r), Float64Array.from(b), 20, o), rollingBeta(r, b, 20, o));
      assert.deepEqual(rollingBeta(prepareSeries(r), prepareBenchmark(b), 20, o), rollingBeta(r, b, 20, o));
      const values = rollingVolatility(r, 20, o);
      assert.ok(values.some((v) => Number.isFinite(v)));
    }
    // A length mismatch is still a RangeError on the optimistic path.
    assert.throws(() => rollingBeta(Float64Array.from(r), Float64Array.from(b.slice(1)), 20), /returns has 600 values but benchmark has 599/);
  });

  it('a NaN constant risk-free rate gives NaN windows (not zeros), as before', () => {
    const r = returnsOf(100, 61);
    const b = returnsOf(100, 62);
    assert.ok(rollingSharpeRatio(r, 10, { riskFree: NaN }).every((v) => Number.isNaN(v)));
    assert.ok(rollingBeta(r, b, 10, { riskFree: NaN }).every((v) => Number.isNaN(v)));
    assert.ok(rollingBeta(r, NaN, 10).every((v) => Number.isNaN(v)));
    assert.equal(rollingSharpeRatio(r, 10, { riskFree: NaN }).length, 91);
  });

  it('rollingVolatilityAndSharpe equals the two separate calls', () => {
    const r = returnsOf(800, 60, 0.02);
    for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
      for (const ddof of [0, 1] as const) {
        const o = { nanPolicy, ddof, periodsPerYear: 365 };
        const both = rollingVolatilityAndSharpe(r, 30, o);
        assert.deepEqual(Array.from(both.volatility), rollingVolatility(r, 30, o));
        assert.deepEqual(Array.from(both.sharpe), rollingSharpeRatio(r, 30, o));
      }
    }
    assert.deepEqual(rollingVolatilityAndSharpe([0.1, 0.2], 5), { volatility: new Float64Array(0), sharpe: new Float64Array(0) });
  });
});

describe('fused moments', () => {
  it('moments and momentsOfDifference agree with mean and sumSquaredDeviations', () => {
    for (const seed of [70, 71, 72]) {
      const x = returnsOf(3000, seed).map((v) => v + 1e4 * (seed - 70)); // also badly centred data
      const y = returnsOf(3000, seed + 10);
      const m = moments(x);
      close(m.mean, mean(x), 1e-15, 'mean');
      close(m.ssd, sumSquaredDeviations(x), 1e-9, 'ssd');
      const d = x.map((v, i) => v - y[i]!);
      const md = momentsOfDifference(x, y);
      close(md.mean, mean(d), 1e-15, 'mean of difference');
      close(md.ssd, sumSquaredDeviations(d), 1e-9, 'ssd of difference');
    }
    assert.deepEqual(moments([2, 2, 2]), { n: 3, mean: 2, ssd: 0, constant: true });
    assert.equal(momentsOfDifference([3, 4], [1, 2]).ssd, 0);
    assert.ok(Number.isNaN(moments([]).mean));
  });
});
