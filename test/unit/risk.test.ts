import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  alpha,
  annualizedVolatility,
  annualReturn,
  annualReturnFromPrices,
  beta,
  calmarRatio,
  correlation,
  cumulativeReturn,
  cumulativeReturns,
  cvar,
  downsideDeviation,
  drawdownSeries,
  drawdownSeriesFromPrices,
  historicalVar,
  informationRatio,
  logReturns,
  maxDrawdown,
  maxDrawdownFromPrices,
  normalInverseCdf,
  normalPdf,
  omegaRatio,
  parametricEs,
  parametricVar,
  rollingAlpha,
  rollingBeta,
  rollingCorrelation,
  rollingMaxDrawdown,
  rollingSharpeRatio,
  rollingVolatility,
  runCaseFile,
  sharpeRatio,
  simpleReturns,
  sortinoRatio,
} from '../../src/core/risk';
import { fixture } from '../support/fixtures';

const REFERENCE = fixture('risk_reference.json');

function close(actual: number, expected: number, tol = 1e-12, msg?: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${msg ?? ''} expected ${expected}, got ${actual}`);
}

function isNaNValue(v: number): boolean {
  return Number.isNaN(v);
}

describe('risk engine: reference case file', () => {
  it('passes all 58 visible reference cases with no file problems', () => {
    const file: unknown = JSON.parse(readFileSync(REFERENCE, 'utf8'));
    const res = runCaseFile(file);
    const failures = res.results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.reason}`);
    assert.deepEqual(failures, []);
    assert.deepEqual(res.problems, []);
    assert.equal(res.passed, 58);
    assert.equal(res.failed, 0);
    assert.equal(res.results.length, 58);
  });
});

describe('risk engine: returns and compounding', () => {
  it('simple and log returns drop the undefined first value', () => {
    assert.deepEqual(simpleReturns([100, 110, 99]), [110 / 100 - 1, 99 / 110 - 1]);
    assert.deepEqual(logReturns([100, 110]), [Math.log(1.1)]);
    assert.deepEqual(simpleReturns([100]), []);
    assert.deepEqual(simpleReturns([]), []);
  });

  it('cumulative returns: drop keeps one value per present row, fill_zero one per row', () => {
    const r = [NaN, 0.1, -0.5];
    assert.deepEqual(cumulativeReturns(r), [0.10000000000000009, 1.1 * 0.5 - 1]);
    assert.deepEqual(cumulativeReturns(r, { nanPolicy: 'fill_zero' }), [0, 0.10000000000000009, 1.1 * 0.5 - 1]);
    assert.deepEqual(cumulativeReturns([0.1, 0.1], { startingValue: 100 }), [110.00000000000001, 121.00000000000001]);
    close(cumulativeReturn(r), -0.45);
  });

  it('annual return counts n after the NaN policy (fill_zero keeps the missing row in n)', () => {
    const r = [NaN, 0.01, 0.02];
    close(annualReturn(r, { periodsPerYear: 12 }), Math.pow(1.01 * 1.02, 12 / 2) - 1);
    close(annualReturn(r, { periodsPerYear: 12, nanPolicy: 'fill_zero' }), Math.pow(1.01 * 1.02, 12 / 3) - 1);
  });

  it('annual return from prices: periods basis uses the n-1 simple returns; calendar_days uses days/365.25', () => {
    close(annualReturnFromPrices([100, 110, 121], { periodsPerYear: 2 }), 0.21, 1e-12);
    const v = annualReturnFromPrices([100, 121], { yearBasis: 'calendar_days', dates: ['2020-01-01', '2021-12-31'] });
    close(v, Math.pow(1.21, 365.25 / 730) - 1);
    assert.throws(() => annualReturnFromPrices([100, 121], { yearBasis: 'calendar_days' }), /needs dates/);
    assert.ok(isNaNValue(annualReturnFromPrices([100], { yearBasis: 'calendar_days', dates: ['2020-01-01'] })));
  });

  it('volatility is std(ddof=1)*sqrt(ppy) and ddof 0 uses the population std', () => {
    const r = [0.01, -0.02, 0.03];
    const m = (0.01 - 0.02 + 0.03) / 3;
    const ss = (0.01 - m) ** 2 + (-0.02 - m) ** 2 + (0.03 - m) ** 2;
    close(annualizedVolatility(r), Math.sqrt(ss / 2) * Math.sqrt(252), 1e-14);
    close(annualizedVolatility(r, { ddof: 0, periodsPerYear: 12 }), Math.sqrt(ss / 3) * Math.sqrt(12), 1e-14);
    assert.equal(annualizedVolatility([0.01, 0.01, 0.01]), 0);
  });
});

describe('risk engine: drawdown', () => {
  it('the running peak includes the starting wealth 1.0, so a first-day loss is a drawdown', () => {
    close(maxDrawdown([-0.1, 0.05]), -0.1);
    close(maxDrawdown([-0.1, 0.05], { sign: 'positive_magnitude' }), 0.1);
    const dd = drawdownSeries([0.1, -0.1, 0.2]);
    assert.equal(dd.length, 3);
    close(dd[0]!, 0);
    close(dd[1]!, -0.1);
    close(dd[2]!, 0);
  });

  it('with prices the first price is the first peak', () => {
    assert.deepEqual(drawdownSeriesFromPrices([10, 8, 12, 9]), [0, 8 / 10 - 1, 0, 9 / 12 - 1]);
    close(maxDrawdownFromPrices([10, 8, 12, 9]), -0.25);
    assert.equal(maxDrawdownFromPrices([10]), 0);
    assert.ok(isNaNValue(maxDrawdownFromPrices([])));
  });

  it('calmar is NaN without a drawdown', () => {
    assert.ok(isNaNValue(calmarRatio([0.01, 0.02, 0.0])));
    close(calmarRatio([0.1, -0.1], { periodsPerYear: 2 }), (1.1 * 0.9 - 1) / 0.1, 1e-12);
  });
});

describe('risk engine: degenerate inputs', () => {
  const scalarsOf = (r: number[]): Record<string, number> => ({
    sharpe: sharpeRatio(r),
    volatility: annualizedVolatility(r),
    sortino: sortinoRatio(r),
    omega: omegaRatio(r),
    informationRatio: informationRatio(r, 0),
    beta: beta(r, r),
    alpha: alpha(r, r),
    correlation: correlation(r, r),
    parametricVar: parametricVar(r),
    parametricEs: parametricEs(r),
    gaussianCvar: cvar(r, { tailRule: 'below_gaussian_var' }),
  });

  it('empty series: every scalar is NaN, every series empty', () => {
    const r: number[] = [];
    for (const [k, v] of Object.entries(scalarsOf(r))) assert.ok(isNaNValue(v), k);
    for (const v of [
      maxDrawdown(r),
      calmarRatio(r),
      cumulativeReturn(r),
      annualReturn(r),
      downsideDeviation(r),
      historicalVar(r),
      cvar(r),
      cvar(r, { tailRule: 'strictly_below_quantile' }),
    ]) {
      assert.ok(isNaNValue(v));
    }
    assert.deepEqual(cumulativeReturns(r), []);
    assert.deepEqual(drawdownSeries(r), []);
    assert.deepEqual(rollingVolatility(r, 3), []);
  });

  it('one observation: std, regression and correlation metrics, sortino and omega are NaN; the rest is defined', () => {
    const r = [-0.02];
    for (const [k, v] of Object.entries(scalarsOf(r))) assert.ok(isNaNValue(v), k);
    close(maxDrawdown(r), -0.02);
    close(cumulativeReturn(r), -0.02);
    close(historicalVar(r), -0.02);
    close(cvar(r), -0.02);
    close(cvar(r, { tailRule: 'strictly_below_quantile' }), -0.02);
    close(downsideDeviation(r, { annualize: false }), 0.02);
  });

  it('all-NaN series: like an empty one under drop, zeros under fill_zero', () => {
    const r = [NaN, NaN, NaN];
    for (const [k, v] of Object.entries(scalarsOf(r))) assert.ok(isNaNValue(v), k);
    assert.ok(isNaNValue(maxDrawdown(r)));
    assert.deepEqual(cumulativeReturns(r), []);
    assert.equal(annualizedVolatility(r, { nanPolicy: 'fill_zero' }), 0);
    assert.ok(isNaNValue(sharpeRatio(r, { nanPolicy: 'fill_zero' })), 'sharpe of all zeros');
    assert.equal(maxDrawdown(r, { nanPolicy: 'fill_zero' }), 0);
  });

  it('zero dispersion: ±Infinity by the sign of the numerator, NaN when it is 0 too', () => {
    assert.equal(sharpeRatio([0.1, 0.1, 0.1]), Infinity, 'constant positive (mean has rounding noise)');
    assert.equal(sharpeRatio([0.01, 0.01, 0.01, 0.01, 0.01]), Infinity);
    assert.equal(sharpeRatio([-0.01, -0.01]), -Infinity);
    assert.ok(isNaNValue(sharpeRatio([0, 0, 0])));
    assert.equal(sharpeRatio([0.1, 0.1], { geometric: true }), Infinity);
    assert.equal(sharpeRatio([0.02, 0.02, 0.02], { riskFree: [0.01, 0.01, 0.01] }), Infinity);
    assert.equal(informationRatio([0.05, 0.05, 0.05], 0.01), Infinity);
    assert.ok(isNaNValue(informationRatio([0.01, 0.01], 0.01)));
    assert.equal(informationRatio([0.5, 0.25], [0.25, 0]), Infinity, 'active return 0.25 every row');
  });

  it('correlation with a constant series is NaN; beta and alpha with a constant benchmark are NaN', () => {
    const r = [0.01, -0.02, 0.03, 0.0];
    assert.ok(isNaNValue(correlation(r, [0.01, 0.01, 0.01, 0.01])));
    assert.ok(isNaNValue(correlation([0.02, 0.02, 0.02, 0.02], r)));
    assert.ok(isNaNValue(beta(r, 0.01)));
    assert.ok(isNaNValue(beta(r, [0.01, 0.01, 0.01, 0.01])));
    assert.ok(isNaNValue(alpha(r, [0.01, 0.01, 0.01, 0.01])));
    assert.ok(isNaNValue(beta(r, [0, 1e-17, 0, 1e-17])), 'benchmark variance below 1e-30');
    assert.equal(beta([0.02, 0.02, 0.02, 0.02], r), 0, 'constant returns on a moving benchmark: slope 0');
  });

  it('sortino with nothing below the MAR is +Infinity; omega with no y < 0 is NaN', () => {
    assert.equal(sortinoRatio([0.01, 0.02, 0.0]), Infinity);
    assert.equal(sortinoRatio([0.01, 0.02, 0.0], { annualize: false }), Infinity);
    assert.ok(isNaNValue(sortinoRatio([0.0, 0.0, 0.0])), 'everything exactly at the MAR');
    assert.equal(downsideDeviation([0.01, 0.02]), 0);
    assert.ok(isNaNValue(omegaRatio([0.01, 0.02, 0.0])));
    close(omegaRatio([0.01, 0.02, -0.01]), 3, 1e-12);
  });

  it('series of different lengths throw a clear RangeError', () => {
    const r = [0.01, 0.02, -0.01, 0.0, 0.01, 0.02, -0.01, 0.0, 0.01, 0.02];
    const b9 = r.slice(1);
    assert.throws(
      () => beta(r, b9),
      (e: unknown) => e instanceof RangeError && e.message === 'returns has 10 values but benchmark has 9',
    );
    assert.throws(() => alpha(r, b9), /returns has 10 values but benchmark has 9/);
    assert.throws(() => correlation(r, b9), /returns has 10 values but benchmark has 9/);
    assert.throws(() => informationRatio(r, b9), /returns has 10 values but benchmark has 9/);
    assert.throws(() => sharpeRatio(r, { riskFree: b9 }), /returns has 10 values but risk_free has 9/);
    assert.throws(() => sortinoRatio(r, { requiredReturn: b9 }), /returns has 10 values but required_return has 9/);
    assert.throws(() => beta(r, r, { riskFree: b9 }), /returns has 10 values but risk_free has 9/);
    assert.throws(() => rollingCorrelation(r, b9, 3), /returns has 10 values but benchmark has 9/);
    assert.throws(() => rollingBeta(r, b9, 3), RangeError);
    assert.throws(() => rollingAlpha(r, b9, 3), RangeError);
    assert.throws(() => rollingSharpeRatio(r, 3, { riskFree: b9 }), RangeError);
  });

  it('a stray null from JSON is missing, not a 0 return', () => {
    const withNull = [0.01, null, 0.03, -0.02] as unknown as number[];
    assert.equal(sharpeRatio(withNull), sharpeRatio([0.01, 0.03, -0.02]));
    const rv = rollingVolatility(withNull, 4);
    assert.equal(rv.length, 1);
    close(rv[0]!, annualizedVolatility([0.01, 0.03, -0.02]), 1e-15);
    assert.equal(sharpeRatio(withNull, { nanPolicy: 'fill_zero' }), sharpeRatio([0.01, 0, 0.03, -0.02]));
  });

  it('rejects invalid options', () => {
    assert.throws(() => rollingVolatility([0.1, 0.2], 0), /window must be an integer >= 1/);
    assert.throws(() => rollingVolatility([0.1, 0.2], 1.5), /window/);
    assert.throws(() => historicalVar([0.1], { tailProbability: 1 }), /tailProbability/);
    assert.throws(() => annualizedVolatility([0.1], { periodsPerYear: 0 }), /periodsPerYear/);
  });
});

describe('risk engine: ratios', () => {
  const r = [0.01, -0.02, 0.03, -0.01, 0.02];

  it('sharpe uses x = r - rf in numerator and denominator; geometric puts the compound excess return on top', () => {
    const rf = 0.001;
    const x = r.map((v) => v - rf);
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    close(sharpeRatio(r, { riskFree: rf }), (m / sd) * Math.sqrt(252), 1e-12);
    close(sharpeRatio(r, { riskFree: rf, ddof: 0, periodsPerYear: 12 }), (m / (sd * Math.sqrt(4 / 5))) * Math.sqrt(12), 1e-12);
    const g = x.reduce((a, b) => a * (1 + b), 1) ** (12 / 5) - 1;
    close(sharpeRatio(r, { riskFree: rf, geometric: true, periodsPerYear: 12 }), g / (sd * Math.sqrt(12)), 1e-12);
  });

  it('downside deviation divides by ALL observations; sortino is mean/DD (annualized by sqrt(ppy))', () => {
    const dd = Math.sqrt((0.02 ** 2 + 0.01 ** 2) / 5);
    close(downsideDeviation(r, { annualize: false }), dd, 1e-15);
    close(downsideDeviation(r, { periodsPerYear: 12 }), dd * Math.sqrt(12), 1e-15);
    close(sortinoRatio(r, { annualize: false }), 0.006 / dd, 1e-12);
    close(sortinoRatio(r, { requiredReturn: 0.01, annualize: false }), (0.006 - 0.01) / Math.sqrt((0.03 ** 2 + 0.02 ** 2) / 5), 1e-12);
  });

  it('omega: annual required return is de-annualized; R <= -1 is NaN', () => {
    const thr = Math.pow(1.1, 1 / 12) - 1;
    const y = r.map((v) => v - thr);
    const up = y.filter((v) => v > 0).reduce((a, b) => a + b, 0);
    const down = -y.filter((v) => v < 0).reduce((a, b) => a + b, 0);
    close(omegaRatio(r, { requiredReturn: 0.1, requiredReturnBasis: 'annual', periodsPerYear: 12 }), up / down, 1e-12);
    assert.ok(isNaNValue(omegaRatio(r, { requiredReturn: -1, requiredReturnBasis: 'annual' })));
    close(omegaRatio(r, { requiredReturn: 0.01 }), (0.02 + 0.01) / (0.03 + 0.02), 1e-12);
  });
});

describe('risk engine: benchmark metrics', () => {
  const r = [0.02, -0.01, 0.03, -0.02, 0.01, 0.015];
  const b = [0.01, -0.02, 0.02, -0.01, 0.005, 0.01];

  function ols(x: number[], y: number[]): { slope: number; intercept: number } {
    const mx = x.reduce((a, c) => a + c, 0) / x.length;
    const my = y.reduce((a, c) => a + c, 0) / y.length;
    let sxy = 0;
    let syy = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      syy += (y[i]! - my) ** 2;
    }
    const slope = sxy / syy;
    return { slope, intercept: mx - slope * my };
  }

  it('beta is the OLS slope; subsets use the rows with y > 0 or y < 0', () => {
    close(beta(r, b), ols(r, b).slope, 1e-12);
    const up = b.map((v, i) => [r[i]!, v] as const).filter(([, v]) => v > 0);
    close(
      beta(r, b, { subset: 'benchmark_up' }),
      ols(
        up.map((p) => p[0]),
        up.map((p) => p[1]),
      ).slope,
      1e-12,
    );
    const dn = b.map((v, i) => [r[i]!, v] as const).filter(([, v]) => v < 0);
    close(
      beta(r, b, { subset: 'benchmark_down' }),
      ols(
        dn.map((p) => p[0]),
        dn.map((p) => p[1]),
      ).slope,
      1e-12,
    );
  });

  it('beta with a risk-free series regresses r - rf on b - rf', () => {
    const rf = [0.001, 0.002, 0.0015, 0.001, 0.003, 0.002];
    const x = r.map((v, i) => v - rf[i]!);
    const y = b.map((v, i) => v - rf[i]!);
    close(beta(r, b, { riskFree: rf }), ols(x, y).slope, 1e-12);
    close(alpha(r, b, { riskFree: rf, annualization: 'intercept' }), ols(x, y).intercept, 1e-14);
  });

  it('alpha annualizations: compound, intercept, arithmetic', () => {
    const a = ols(r, b).intercept;
    close(alpha(r, b, { annualization: 'intercept' }), a, 1e-14);
    close(alpha(r, b, { periodsPerYear: 12 }), Math.pow(1 + a, 12) - 1, 1e-13);
    close(alpha(r, b, { periodsPerYear: 12, annualization: 'arithmetic' }), a * 12, 1e-13);
  });

  it('pair metrics drop rows where either series is missing', () => {
    const r2 = [...r, NaN, 0.01];
    const b2 = [...b, 0.01, NaN];
    close(beta(r2, b2), beta(r, b), 1e-15);
    close(correlation(r2, b2), correlation(r, b), 1e-15);
    assert.ok(correlation(r, b) > 0.9 && correlation(r, b) <= 1);
  });
});

describe('risk engine: tail metrics', () => {
  const r = [-0.05, 0.01, -0.03, 0.02, -0.01, 0.0, 0.03, -0.02, 0.015];

  it('historical VaR is the type-7 quantile', () => {
    // sorted: -0.05 -0.03 -0.02 -0.01 0 0.01 0.015 0.02 0.03; h = 8*0.05 = 0.4
    close(historicalVar(r), -0.05 + 0.4 * 0.02, 1e-15);
    close(historicalVar(r, { tailProbability: 0.25 }), -0.02, 1e-15);
    close(historicalVar(r, { sign: 'positive_magnitude' }), 0.05 - 0.4 * 0.02, 1e-15);
  });

  it('CVaR rules differ when (n-1)α is an integer', () => {
    // α = 0.25, h = 2: k_smallest averages the 3 smallest; strictly_below_quantile the 2 below -0.02
    close(cvar(r, { tailProbability: 0.25 }), (-0.05 - 0.03 - 0.02) / 3, 1e-15);
    close(cvar(r, { tailProbability: 0.25, tailRule: 'strictly_below_quantile' }), (-0.05 - 0.03) / 2, 1e-15);
    close(cvar([0.02, 0.02, 0.05], { tailRule: 'strictly_below_quantile' }), 0.02, 1e-15, 'nothing strictly below: falls back to the quantile');
  });

  it('gaussian VaR, ES and the below_gaussian_var CVaR', () => {
    const m = r.reduce((a, c) => a + c, 0) / r.length;
    const sd1 = Math.sqrt(r.reduce((a, c) => a + (c - m) ** 2, 0) / (r.length - 1));
    const sd0 = Math.sqrt(r.reduce((a, c) => a + (c - m) ** 2, 0) / r.length);
    const z = normalInverseCdf(0.05);
    close(parametricVar(r), m + sd1 * z, 1e-14);
    close(parametricVar(r, { ddof: 0 }), m + sd0 * z, 1e-14);
    close(parametricEs(r, { ddof: 0 }), m - (sd0 * normalPdf(z)) / 0.05, 1e-14);
    const thr = m + sd1 * z;
    const below = r.filter((v) => v < thr);
    close(cvar(r, { tailRule: 'below_gaussian_var' }), below.reduce((a, c) => a + c, 0) / below.length, 1e-15);
  });

  it('Phi^-1 is accurate to ~1e-15 and symmetric', () => {
    close(normalInverseCdf(0.05), -1.6448536269514722, 1e-15);
    close(normalInverseCdf(0.975), 1.959963984540054, 1e-15);
    close(normalInverseCdf(1e-10), -6.361340902404056, 1e-14);
    close(normalInverseCdf(0.3), -0.5244005127080407, 1e-15);
    assert.equal(normalInverseCdf(0.5), 0);
    assert.equal(normalInverseCdf(0), -Infinity);
    close(normalPdf(0), 0.3989422804014327, 1e-16);
  });
});

describe('risk engine: rolling metrics (small, by hand)', () => {
  it('windows count rows: a NaN row takes a slot under drop and is a 0 under fill_zero', () => {
    const r = [NaN, 0.01, 0.02, 0.03, -0.01];
    const v = rollingVolatility(r, 3, { periodsPerYear: 1 });
    assert.equal(v.length, 3);
    close(v[0]!, annualizedVolatility([0.01, 0.02], { periodsPerYear: 1 }), 1e-15);
    const f = rollingVolatility(r, 3, { periodsPerYear: 1, nanPolicy: 'fill_zero' });
    close(f[0]!, annualizedVolatility([0, 0.01, 0.02], { periodsPerYear: 1 }), 1e-15);
    assert.deepEqual(rollingVolatility(r, 6), []);
    assert.ok(rollingVolatility(r, 1).every(isNaNValue), 'one row per window: n < 2');
  });

  it('rolling max drawdown restarts wealth at 1.0 in each window', () => {
    const m = rollingMaxDrawdown([-0.1, 0.2, -0.05, NaN], 2);
    assert.equal(m.length, 3);
    close(m[0]!, -0.1);
    close(m[1]!, -0.05);
    close(m[2]!, -0.05);
    close(rollingMaxDrawdown([-0.1, 0.2], 2, { sign: 'positive_magnitude' })[0]!, 0.1);
  });

  it('constant windows follow the Infinity/NaN rules exactly', () => {
    const r = [0.01, 0.01, 0.01, 0.02, 0, 0, 0];
    const s = rollingSharpeRatio(r, 3);
    assert.equal(s[0], Infinity);
    assert.ok(isNaNValue(s[4]!));
    const c = rollingCorrelation(r, [0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.4], 3);
    assert.ok(isNaNValue(c[0]!));
    assert.ok(isNaNValue(rollingBeta([0.1, 0.2, 0.3], [0.01, 0.01, 0.01], 3)[0]!));
  });
});
