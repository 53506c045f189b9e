/**
 * Multi-factor OLS (src/core/pivot/regression.ts): recovers known betas from series built here
 * with a seeded PRNG, standard errors equal the closed form s²(X'X)^-1 computed independently
 * (full (k+1)×(k+1) matrix with the intercept, by Gauss–Jordan with pivoting), degenerate inputs
 * give NaN, and the rolling version equals the plain fit on every window to 1e-9.
 */
import assert from 'node:assert/strict';
import { ols, rollingOls } from '../../src/core/pivot/regression';
import { alpha as riskAlpha, beta as riskBeta } from '../../src/core/risk';
import { Xoshiro128ss } from '../../src/core/scenario/prng';

/** Standard normal draws (Box–Muller) from the seeded generator. */
function normals(seed: number, n: number): number[] {
  const g = new Xoshiro128ss(seed);
  const out: number[] = [];
  while (out.length < n) {
    const u1 = 1 - g.next();
    const u2 = g.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out.push(r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2));
  }
  return out.slice(0, n);
}

interface Synthetic {
  y: number[];
  xs: number[][];
}

/** y = a + Σ b_j x_j + e with correlated factors (x2 loads on x1), noise sd `noise`. */
function synthetic(seed: number, n: number, a: number, b: readonly number[], noise: number): Synthetic {
  const z = normals(seed, n * (b.length + 1));
  const xs: number[][] = b.map(() => []);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = 0.035 * z[i * (b.length + 1)]!;
    xs[0]!.push(x1);
    for (let j = 1; j < b.length; j++) xs[j]!.push(0.3 * x1 * (0.012 / 0.035) + 0.012 * z[i * (b.length + 1) + j]!);
    let v = a + noise * z[i * (b.length + 1) + b.length]!;
    for (let j = 0; j < b.length; j++) v += b[j]! * xs[j]![i]!;
    y.push(v);
  }
  return { y, xs };
}

/** The closed form, computed independently: (X'X)^-1 of the full design with an intercept column. */
function closedForm(y: readonly number[], xs: readonly (readonly number[])[]) {
  const n = y.length;
  const p = xs.length + 1;
  const X = (i: number, c: number) => (c === 0 ? 1 : xs[c - 1]![i]!);
  const A: number[][] = Array.from({ length: p }, (_, r) => [...new Array<number>(p).fill(0), ...Array.from({ length: p }, (_, c) => (c === r ? 1 : 0))]);
  const Xty = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < p; r++) {
      Xty[r]! += X(i, r) * y[i]!;
      for (let c = 0; c < p; c++) A[r]![c]! += X(i, r) * X(i, c);
    }
  }
  // Gauss–Jordan with partial pivoting on [X'X | I].
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[piv]![col]!)) piv = r;
    [A[col], A[piv]] = [A[piv]!, A[col]!];
    const d = A[col]![col]!;
    for (let c = 0; c < 2 * p; c++) A[col]![c]! /= d;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = A[r]![col]!;
      for (let c = 0; c < 2 * p; c++) A[r]![c]! -= f * A[col]![c]!;
    }
  }
  const inv = A.map((row) => row.slice(p));
  const coef = inv.map((row) => row.reduce((s, v, c) => s + v * Xty[c]!, 0));
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let e = y[i]!;
    for (let c = 0; c < p; c++) e -= coef[c]! * X(i, c);
    rss += e * e;
  }
  const s2 = rss / (n - p);
  return { coef, se: inv.map((row, r) => Math.sqrt(s2 * row[r]!)), s2 };
}

function close(got: number, want: number, tol: number, what: string): void {
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} (tol ${tol})`);
}

describe('pivot: OLS with two (and up to four) factors', () => {
  it('recovers known betas within their standard errors', () => {
    const truth = { a: 0.0008, b: [1.4, 0.6] };
    const { y, xs } = synthetic(2024, 3000, truth.a, truth.b, 0.02);
    const fit = ols(y, xs);
    assert.equal(fit.n, 3000);
    assert.equal(fit.k, 2);
    for (let j = 0; j < 2; j++) {
      assert.ok(Math.abs(fit.beta[j]! - truth.b[j]!) < 4 * fit.se[j]!, `beta ${j}: ${fit.beta[j]} ± ${fit.se[j]} vs ${truth.b[j]}`);
      close(fit.t[j]!, fit.beta[j]! / fit.se[j]!, 1e-12, 't');
    }
    assert.ok(Math.abs(fit.alpha - truth.a) < 4 * fit.alphaSe);
    // Residual sd close to the noise, annualized with 252.
    close(fit.residualStd, 0.02, 0.001, 'residual std');
    close(fit.residualVol, fit.residualStd * Math.sqrt(252), 1e-15, 'residual vol');
    // Magnitude of the standard error: σ / (sd(x) √(n (1 - ρ²))) for the first factor.
    const rho = 0.3 / Math.sqrt(0.09 + 1);
    const approx = 0.02 / (0.035 * Math.sqrt(3000 * (1 - rho * rho)));
    assert.ok(fit.se[0]! > 0.85 * approx && fit.se[0]! < 1.15 * approx, `se ${fit.se[0]} vs about ${approx}`);
  });

  it('standard errors, coefficients and R² equal the closed form s²(X′X)⁻¹', () => {
    const { y, xs } = synthetic(7, 400, -0.001, [0.9, 1.7], 0.03);
    const fit = ols(y, xs);
    const cf = closedForm(y, xs);
    close(fit.alpha, cf.coef[0]!, 1e-12, 'alpha');
    close(fit.alphaSe, cf.se[0]!, 1e-12, 'alpha se');
    for (let j = 0; j < 2; j++) {
      close(fit.beta[j]!, cf.coef[j + 1]!, 1e-10, `beta ${j}`);
      close(fit.se[j]!, cf.se[j + 1]!, 1e-12, `se ${j}`);
    }
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    const tss = y.reduce((a, b) => a + (b - my) ** 2, 0);
    const r2 = 1 - (cf.s2 * (400 - 3)) / tss;
    close(fit.r2, r2, 1e-12, 'R²');
    close(fit.adjR2, 1 - ((1 - r2) * 399) / 397, 1e-12, 'adjusted R²');
    close(fit.residualStd, Math.sqrt(cf.s2), 1e-14, 'residual std');
  });

  it('three and four factors: recovers betas, matches the closed form; five factors throw', () => {
    for (const b of [
      [1.2, 0.5, -0.8],
      [1.2, 0.5, -0.8, 2.0],
    ]) {
      const { y, xs } = synthetic(99 + b.length, 2500, 0, b, 0.01);
      const fit = ols(y, xs);
      const cf = closedForm(y, xs);
      for (let j = 0; j < b.length; j++) {
        assert.ok(Math.abs(fit.beta[j]! - b[j]!) < 4 * fit.se[j]!, `k=${b.length} beta ${j}`);
        close(fit.se[j]!, cf.se[j + 1]!, 1e-12, `k=${b.length} se ${j}`);
      }
    }
    const x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    assert.throws(() => ols(x, [x, x, x, x, x]), /1 to 4 factors/);
    assert.throws(() => ols(x, []), /1 to 4 factors/);
    assert.throws(() => ols(x, [x.slice(1)]), /factor 1 has 5 rows but y has 6/);
  });

  it('one factor: the same slope and intercept as the risk engine’s beta and alpha', () => {
    const { y, xs } = synthetic(5, 300, 0.0005, [1.1], 0.02);
    const fit = ols(y, xs);
    close(fit.beta[0]!, riskBeta(y, xs[0]!), 1e-12, 'beta');
    close(fit.alpha, riskAlpha(y, xs[0]!, { annualization: 'intercept' }), 1e-14, 'alpha');
  });

  it('an exact linear relation: the betas exactly, zero residual, R² = 1', () => {
    const x1 = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02, -0.004];
    const x2 = [0.002, 0.001, -0.003, 0.004, 0.0, -0.001, 0.003];
    const y = x1.map((v, i) => 0.001 + 2 * v - 3 * x2[i]!);
    const fit = ols(y, [x1, x2]);
    close(fit.beta[0]!, 2, 1e-12, 'b1');
    close(fit.beta[1]!, -3, 1e-12, 'b2');
    close(fit.alpha, 0.001, 1e-14, 'alpha');
    close(fit.r2, 1, 1e-12, 'R²');
    close(fit.residualStd, 0, 1e-12, 'residual');
  });

  it('drops rows where y or a factor is NaN (pairwise complete)', () => {
    const { y, xs } = synthetic(11, 200, 0, [1, 1], 0.02);
    const yy = [...y];
    const x1 = [...xs[0]!];
    const x2 = [...xs[1]!];
    yy[3] = NaN;
    x1[10] = NaN;
    x2[50] = NaN;
    const keep = yy.map((_, i) => ![3, 10, 50].includes(i));
    const fit = ols(yy, [x1, x2]);
    const ref = ols(
      yy.filter((_, i) => keep[i]),
      [x1.filter((_, i) => keep[i]), x2.filter((_, i) => keep[i])],
    );
    assert.equal(fit.n, 197);
    assert.deepEqual(fit, ref);
  });

  it('degenerate: n < 4, a constant factor, collinear factors -> NaN fields with n', () => {
    const isNanFit = (f: ReturnType<typeof ols>) => [f.alpha, f.r2, f.residualStd, ...f.beta, ...f.se].every(Number.isNaN);
    const three = ols(
      [0.1, 0.2, 0.4],
      [
        [0.1, 0.3, 0.2],
        [0.5, 0.1, 0.2],
      ],
    );
    assert.equal(three.n, 3);
    assert.ok(isNanFit(three));
    const { y, xs } = synthetic(3, 100, 0, [1, 1], 0.02);
    const constant = ols(y, [xs[0]!, xs[0]!.map(() => 0.01)]);
    assert.equal(constant.n, 100);
    assert.ok(isNanFit(constant));
    assert.ok(isNanFit(ols(y, [xs[0]!, xs[0]!.map((v) => 2 * v)])), 'x2 = 2 x1');
    assert.ok(isNanFit(ols(y, [xs[0]!, xs[0]!.map((v) => 2 * v + 1e-3)])), 'x2 = 2 x1 + c');
    // Four rows, two factors: one degree of freedom, a fit.
    const four = ols(
      [0.1, 0.2, 0.4, 0.3],
      [
        [0.1, 0.3, 0.2, 0.5],
        [0.5, 0.1, 0.2, 0.3],
      ],
    );
    assert.ok(Number.isFinite(four.se[0]!));
  });
});

describe('pivot: rolling OLS', () => {
  function naive(y: readonly number[], xs: readonly (readonly number[])[], w: number) {
    const out: Array<ReturnType<typeof ols>> = [];
    for (let i = 0; i + w <= y.length; i++)
      out.push(
        ols(
          y.slice(i, i + w),
          xs.map((x) => x.slice(i, i + w)),
        ),
      );
    return out;
  }

  function compare(y: number[], xs: number[][], w: number): number {
    const roll = rollingOls(y, xs, w);
    const ref = naive(y, xs, w);
    assert.equal(roll.n.length, Math.max(0, y.length - w + 1));
    let maxDiff = 0;
    const check = (got: number, want: number, what: string) => {
      if (Number.isNaN(want)) return assert.ok(Number.isNaN(got), `${what}: got ${got}, want NaN`);
      const d = Math.abs(got - want);
      maxDiff = Math.max(maxDiff, d);
      assert.ok(d <= 1e-9, `${what}: got ${got}, want ${want}`);
    };
    ref.forEach((r, i) => {
      assert.equal(roll.n[i], r.n);
      check(roll.alpha[i]!, r.alpha, `alpha[${i}]`);
      check(roll.alphaSe[i]!, r.alphaSe, `alphaSe[${i}]`);
      check(roll.r2[i]!, r.r2, `r2[${i}]`);
      check(roll.adjR2[i]!, r.adjR2, `adjR2[${i}]`);
      check(roll.residualVol[i]!, r.residualVol, `residualVol[${i}]`);
      for (let j = 0; j < xs.length; j++) {
        check(roll.beta[j]![i]!, r.beta[j]!, `beta[${j}][${i}]`);
        check(roll.se[j]![i]!, r.se[j]!, `se[${j}][${i}]`);
        check(roll.t[j]![i]!, r.t[j]!, `t[${j}][${i}]`);
      }
    });
    return maxDiff;
  }

  it('equals the plain fit on every window to 1e-9 (two factors, NaN rows, a level shift)', () => {
    const { y, xs } = synthetic(31, 1500, 0.0003, [1.3, 0.7], 0.025);
    for (const i of [5, 77, 78, 400, 401, 402, 1200]) y[i] = NaN;
    xs[0]![900] = NaN;
    xs[1]![901] = NaN;
    // A regime with a large mean far from the earlier shift (forces re-centring).
    for (let i = 1000; i < 1100; i++) {
      xs[0]![i] = xs[0]![i]! + 0.5;
      y[i] = y[i]! + 0.65;
    }
    const d = compare(y, xs, 90);
    assert.ok(d < 1e-9);
  });

  it('three factors, short and long windows; window > N gives nothing', () => {
    const { y, xs } = synthetic(32, 700, 0, [1, -0.5, 0.8], 0.02);
    compare(y, xs, 6);
    compare(y, xs, 250);
    const none = rollingOls(
      y.slice(0, 10),
      xs.map((x) => x.slice(0, 10)),
      11,
    );
    assert.deepEqual(none.n, []);
    assert.deepEqual(none.beta, [[], [], []]);
  });

  it('windows with too few complete rows are NaN; a window of missing rows too', () => {
    const { y, xs } = synthetic(33, 60, 0, [1, 1], 0.02);
    for (let i = 20; i < 40; i++) y[i] = NaN;
    const roll = rollingOls(y, xs, 10);
    compare(y, xs, 10);
    assert.ok(Number.isNaN(roll.beta[0]![25]!)); // rows 25..34 all missing
    assert.equal(roll.n[25], 0);
    assert.throws(() => rollingOls(y, xs, 0), /window must be an integer >= 1/);
  });
});
