import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  alpha,
  annualizedVolatility,
  beta,
  correlation,
  maxDrawdown,
  rollingAlpha,
  rollingBeta,
  rollingCorrelation,
  rollingMaxDrawdown,
  rollingSharpeRatio,
  rollingVolatility,
  sharpeRatio,
  simpleReturns,
  type NanPolicy,
} from '../../src/core/risk';
import { fixture } from '../support/fixtures';

/** Deterministic PRNG (mulberry32) and a standard normal by Box-Muller. */
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

function normals(n: number, seed: number): number[] {
  const u = rng(seed);
  const out: number[] = [];
  while (out.length < n) {
    const u1 = u() || 1e-12;
    const u2 = u();
    const rad = Math.sqrt(-2 * Math.log(u1));
    out.push(rad * Math.cos(2 * Math.PI * u2), rad * Math.sin(2 * Math.PI * u2));
  }
  return out.slice(0, n);
}

/** A long daily-like pair (returns ~1e-2, benchmark correlated), with NaNs, a volatility regime change and constant stretches. */
function syntheticPair(n: number): { r: number[]; b: number[]; rf: number[] } {
  const z1 = normals(n, 42);
  const z2 = normals(n, 7);
  const u = rng(99);
  const b: number[] = [];
  const r: number[] = [];
  const rf: number[] = [];
  for (let i = 0; i < n; i++) {
    const vol = i < n / 2 ? 0.02 : 0.004; // regime change: high then low volatility
    const bi = 0.0003 + vol * z2[i]!;
    b.push(bi);
    r.push(0.0005 + 1.3 * bi + vol * 0.8 * z1[i]!);
    rf.push(0.0001 + 0.00001 * Math.sin(i / 50));
  }
  for (let i = 0; i < n; i++) {
    if (u() < 0.03) r[i] = NaN;
    if (u() < 0.03) b[i] = NaN;
    if (u() < 0.01) rf[i] = NaN;
  }
  // constant stretches (exact zero variance in some windows)
  for (let i = 1000; i < 1030; i++) r[i] = 0.001;
  for (let i = 2000; i < 2030; i++) b[i] = 0;
  return { r, b, rf };
}

function loadCloses(symbol: string): { dates: string[]; close: number[] } {
  const file = fixture('prices', `${symbol}.csv`);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const ci = header.indexOf('close');
  const dates: string[] = [];
  const close: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const c = Number(f[ci]);
    if (f[ci] === '' || !Number.isFinite(c)) continue;
    dates.push(f[0]!);
    close.push(c);
  }
  return { dates, close };
}

/** Compares elementwise: NaN with NaN, infinities exactly, else relative error <= tol (scale max(|expected|, 1e-3)). Returns the max relative error. */
function assertClose(actual: number[], expected: number[], tol: number, label: string): number {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      assert.ok(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label}[${i}]: expected ${e}, got ${a}`);
      continue;
    }
    const rel = Math.abs(a - e) / Math.max(Math.abs(e), 1e-3);
    worst = Math.max(worst, rel);
    assert.ok(rel <= tol, `${label}[${i}]: expected ${e}, got ${a} (relative error ${rel})`);
  }
  return worst;
}

/** The naive per-window computation: the scalar metric on each slice of w rows. */
function naive(n: number, w: number, f: (start: number, end: number) => number): number[] {
  const out: number[] = [];
  for (let s = 0; s + w <= n; s++) out.push(f(s, s + w));
  return out;
}

describe('rolling metrics agree with the naive per-window computation', () => {
  const N = 3000;
  const { r, b, rf } = syntheticPair(N);

  for (const nanPolicy of ['drop', 'fill_zero'] as NanPolicy[]) {
    for (const w of [2, 5, 63, 252]) {
      it(`pseudo-random series, ${N} rows with NaNs, window ${w}, ${nanPolicy}`, () => {
        const sl = (a: number[], s: number, e: number) => a.slice(s, e);
        assertClose(
          rollingVolatility(r, w, { nanPolicy, ddof: 1 }),
          naive(N, w, (s, e) => annualizedVolatility(sl(r, s, e), { nanPolicy })),
          1e-9,
          'volatility',
        );
        assertClose(
          rollingVolatility(r, w, { nanPolicy, ddof: 0, periodsPerYear: 365 }),
          naive(N, w, (s, e) => annualizedVolatility(sl(r, s, e), { nanPolicy, ddof: 0, periodsPerYear: 365 })),
          1e-9,
          'volatility ddof 0',
        );
        assertClose(
          rollingSharpeRatio(r, w, { nanPolicy, riskFree: rf }),
          naive(N, w, (s, e) => sharpeRatio(sl(r, s, e), { nanPolicy, riskFree: sl(rf, s, e) })),
          1e-9,
          'sharpe (rf series)',
        );
        assertClose(
          rollingSharpeRatio(r, w, { nanPolicy, riskFree: 0.0001 }),
          naive(N, w, (s, e) => sharpeRatio(sl(r, s, e), { nanPolicy, riskFree: 0.0001 })),
          1e-9,
          'sharpe (rf constant)',
        );
        assertClose(
          rollingBeta(r, b, w, { nanPolicy }),
          naive(N, w, (s, e) => beta(sl(r, s, e), sl(b, s, e), { nanPolicy })),
          1e-9,
          'beta',
        );
        assertClose(
          rollingBeta(r, b, w, { nanPolicy, riskFree: rf }),
          naive(N, w, (s, e) => beta(sl(r, s, e), sl(b, s, e), { nanPolicy, riskFree: sl(rf, s, e) })),
          1e-9,
          'beta (rf series)',
        );
        for (const annualization of ['compound', 'intercept', 'arithmetic'] as const) {
          assertClose(
            rollingAlpha(r, b, w, { nanPolicy, annualization, riskFree: 0.0001 }),
            naive(N, w, (s, e) => alpha(sl(r, s, e), sl(b, s, e), { nanPolicy, annualization, riskFree: 0.0001 })),
            1e-9,
            `alpha ${annualization}`,
          );
        }
        assertClose(
          rollingCorrelation(r, b, w, { nanPolicy }),
          naive(N, w, (s, e) => correlation(sl(r, s, e), sl(b, s, e), { nanPolicy })),
          1e-9,
          'correlation',
        );
        assertClose(
          rollingMaxDrawdown(r, w, { nanPolicy }),
          naive(N, w, (s, e) => maxDrawdown(sl(r, s, e), { nanPolicy })),
          1e-12,
          'max drawdown',
        );
      });
    }
  }

  it('re-centres a window whose spread is tiny next to the previous windows (no cancellation)', () => {
    // Big moves, then a stretch with spread ~1e-7 around 1e-4: shifted sums from the earlier
    // centre would cancel ~9 digits of Σ(y - ȳ)².
    const y = [0.05, -0.04, 0.03, -0.05, 0.000107060394, 0.000106917357, 0.000107001, 0.00010695, 0.00010703];
    const x = [0.01, 0.02, -0.01, 0.03, 0.0024215, -0.0010656, 0.0011, 0.0003, -0.0002];
    const sl = (a: number[], s: number, e: number) => a.slice(s, e);
    for (const w of [2, 3, 4]) {
      assertClose(
        rollingBeta(x, y, w),
        naive(x.length, w, (s, e) => beta(sl(x, s, e), sl(y, s, e))),
        1e-10,
        `beta w${w}`,
      );
      assertClose(
        rollingCorrelation(x, y, w),
        naive(x.length, w, (s, e) => correlation(sl(x, s, e), sl(y, s, e))),
        1e-10,
        `corr w${w}`,
      );
      assertClose(
        rollingVolatility(y, w),
        naive(y.length, w, (s, e) => annualizedVolatility(sl(y, s, e))),
        1e-10,
        `vol w${w}`,
      );
    }
  });

  it('stays accurate on badly centred data (price levels ~1e4 with small moves)', () => {
    const z = normals(5000, 3);
    const x: number[] = [];
    const y: number[] = [];
    let p = 20000;
    let q = 15000;
    for (let i = 0; i < 5000; i++) {
      p *= 1 + 0.02 * z[i]!;
      q *= 1 + 0.01 * z[(i * 7) % 5000]!;
      x.push(p);
      y.push(q);
    }
    const w = 30;
    const sl = (a: number[], s: number, e: number) => a.slice(s, e);
    assertClose(
      rollingCorrelation(x, y, w),
      naive(x.length, w, (s, e) => correlation(sl(x, s, e), sl(y, s, e))),
      1e-9,
      'correlation',
    );
    assertClose(
      rollingBeta(x, y, w),
      naive(x.length, w, (s, e) => beta(sl(x, s, e), sl(y, s, e))),
      1e-9,
      'beta',
    );
    assertClose(
      rollingVolatility(x, w),
      naive(x.length, w, (s, e) => annualizedVolatility(sl(x, s, e))),
      1e-9,
      'volatility',
    );
  });

  it('real prices: ~10 years of BTC-USD vs NDX daily returns (aligned as of NDX sessions), relative error <= 1e-10', () => {
    const btc = loadCloses('BTC-USD');
    const ndx = loadCloses('NDX');
    // BTC close as of each NDX session (last observation at or before it).
    const btcAsOf: number[] = [];
    let j = -1;
    for (const d of ndx.dates) {
      while (j + 1 < btc.dates.length && btc.dates[j + 1]! <= d) j++;
      btcAsOf.push(j >= 0 ? btc.close[j]! : NaN);
    }
    const rb = simpleReturns(btcAsOf);
    const rn = simpleReturns(ndx.close);
    assert.ok(rb.length > 1500, `enough rows (${rb.length})`);
    const sl = (a: number[], s: number, e: number) => a.slice(s, e);
    const worst: Record<string, number> = {};
    for (const w of [21, 252]) {
      worst[`vol${w}`] = assertClose(
        rollingVolatility(rb, w),
        naive(rb.length, w, (s, e) => annualizedVolatility(sl(rb, s, e))),
        1e-10,
        'vol',
      );
      worst[`sharpe${w}`] = assertClose(
        rollingSharpeRatio(rb, w),
        naive(rb.length, w, (s, e) => sharpeRatio(sl(rb, s, e))),
        1e-10,
        'sharpe',
      );
      worst[`beta${w}`] = assertClose(
        rollingBeta(rb, rn, w),
        naive(rb.length, w, (s, e) => beta(sl(rb, s, e), sl(rn, s, e))),
        1e-10,
        'beta',
      );
      worst[`alpha${w}`] = assertClose(
        rollingAlpha(rb, rn, w),
        naive(rb.length, w, (s, e) => alpha(sl(rb, s, e), sl(rn, s, e))),
        1e-10,
        'alpha',
      );
      worst[`corr${w}`] = assertClose(
        rollingCorrelation(rb, rn, w),
        naive(rb.length, w, (s, e) => correlation(sl(rb, s, e), sl(rn, s, e))),
        1e-10,
        'corr',
      );
    }
    // The 365-day BTC calendar on its own: volatility over a long daily series.
    const rbtc = simpleReturns(btc.close);
    worst.btcVol365 = assertClose(
      rollingVolatility(rbtc, 365, { periodsPerYear: 365 }),
      naive(rbtc.length, 365, (s, e) => annualizedVolatility(sl(rbtc, s, e), { periodsPerYear: 365 })),
      1e-10,
      'btc vol',
    );
    for (const v of Object.values(worst)) assert.ok(v < 1e-10);
  });
});
