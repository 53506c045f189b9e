import assert from 'node:assert/strict';
import * as risk from '../../src/core/risk';
import { runCaseFile, type CaseResult } from '../../src/core/risk';

const R = [0.01, -0.02, 0.03, -0.01, 0.02];
const B = [0.005, -0.01, 0.02, -0.015, 0.01];

/** A valid case (annualized volatility of R) that other tests modify. */
function baseCase(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'base',
    source: { repo: 'x/y', commit: 'c', path: 'p', test: null, function: 'f', derivation: 'copied_from_test' },
    metric: 'annualized_volatility',
    params: { periods_per_year: 12 },
    inputs: { returns: R },
    expected: 0.07183313998427188,
    tolerance: 1e-12,
    notes: '',
    ...over,
  };
}

function fileOf(cases: unknown[], count: number = cases.length): Record<string, unknown> {
  return { description: 'test', encoding: 'test', case_count: count, cases };
}

/** Runs `c` next to the valid base case; asserts the base still passes and returns c's result. */
function runOne(c: Record<string, unknown>): CaseResult {
  const res = runCaseFile(fileOf([baseCase(), { ...c, id: c.id ?? 'case' }]));
  assert.equal(res.results.length, 2);
  assert.equal(res.results[0]!.ok, true, `base case: ${res.results[0]!.reason}`);
  assert.deepEqual(res.problems, []);
  return res.results[1]!;
}

function assertFails(c: Record<string, unknown>, reason: RegExp): void {
  const r = runOne(c);
  assert.equal(r.ok, false, 'case should fail');
  assert.match(r.reason ?? '', reason);
}

describe('case runner: valid cases', () => {
  it('computes a scalar within the absolute tolerance and counts passes and failures', () => {
    const res = runCaseFile(fileOf([baseCase(), baseCase({ id: 'off', expected: 0.0866 })]));
    assert.equal(res.passed, 1);
    assert.equal(res.failed, 1);
    assert.match(res.results[1]!.reason!, /tolerance/);
    assert.equal(typeof res.results[1]!.got, 'number');
  });

  it('expected null needs NaN, and NaN is not accepted for a number', () => {
    assert.equal(runOne(baseCase({ id: 'nan', inputs: { returns: [0.01] }, expected: null })).ok, true);
    const r = runOne(baseCase({ id: 'notnan', expected: null }));
    assert.equal(r.ok, false);
    assert.match(r.reason!, /expected NaN/);
    assert.equal(runOne(baseCase({ id: 'gotnan', inputs: { returns: [0.01] }, expected: 0 })).ok, false);
  });

  it('"Infinity" needs exactly +Infinity', () => {
    const c = { metric: 'sortino_ratio', params: {}, inputs: { returns: [0.01, 0.02] }, tolerance: 0 };
    assert.equal(runOne({ ...c, id: 'inf', expected: 'Infinity' }).ok, true);
    assert.equal(runOne({ ...c, id: 'neginf', expected: '-Infinity' }).ok, false);
    assert.equal(runOne({ ...c, id: 'num', expected: 1e308, tolerance: 1e308 }).ok, false);
  });

  it('arrays must match in length and elementwise', () => {
    const c = { metric: 'simple_returns', params: {}, inputs: { prices: [100, 110, 121] }, tolerance: 1e-12 };
    assert.equal(runOne({ ...c, id: 'ok', expected: [0.1, 0.1] }).ok, true);
    const short = runOne({ ...c, id: 'short', expected: [0.1] });
    assert.equal(short.ok, false);
    assert.match(short.reason!, /got 2 values, expected 1/);
    const off = runOne({ ...c, id: 'off', expected: [0.1, 0.2] });
    assert.equal(off.ok, false);
    assert.match(off.reason!, /element 1/);
    assert.match(runOne({ ...c, id: 'scalar', expected: 0.1 }).reason!, /expected must be an array/);
  });

  it('dated series are joined on the sorted union of dates, a missing date is null', () => {
    // benchmark lacks 2020-01-01; rows sorted even if given out of order.
    const c = {
      id: 'dated',
      metric: 'beta',
      params: {},
      inputs: {
        returns: { dates: ['2020-01-03', '2020-01-01', '2020-01-02', '2020-01-04'], values: [0.03, 0.5, 0.01, -0.02] },
        benchmark: { dates: ['2020-01-02', '2020-01-03', '2020-01-04'], values: [0.01, 0.02, -0.01] },
      },
      expected: 1.6428571428571428,
      tolerance: 1e-12,
    };
    const r = runOne(c);
    assert.equal(r.ok, true, r.reason);
    // With fill_zero the missing benchmark row is a 0 and 2020-01-01 counts.
    const f = runOne({ ...c, id: 'dated0', params: { nan_policy: 'fill_zero' } });
    assert.equal(f.ok, false);
  });

  it('a number benchmark is that return in every row', () => {
    const r = runOne({
      id: 'num',
      metric: 'information_ratio',
      params: {},
      inputs: { returns: [0.5, 0.25, 0.75], benchmark: 0.25 },
      expected: ((0.5 / 0.4330127018922193) * 0.5) / 0.5,
      tolerance: 1e-12,
    });
    // a = [0.25, 0, 0.5]: mean 0.25, std 0.25 -> 1
    assert.equal(r.got, 1);
  });

  it('calendar_days annual return reads dates and prices', () => {
    const r = runOne({
      id: 'cal',
      metric: 'annual_return',
      params: { year_basis: 'calendar_days' },
      inputs: { prices: [100, 121], dates: ['2020-01-01', '2021-12-31'] },
      expected: Math.pow(1.21, 365.25 / 730) - 1,
      tolerance: 1e-12,
    });
    assert.equal(r.ok, true, r.reason);
  });
});

describe('case runner: each vocabulary violation fails only its case, with a reason', () => {
  it('unknown metric', () => assertFails(baseCase({ id: 'm', metric: 'sharpe' }), /unknown metric "sharpe"/));
  it('unknown param key', () => assertFails(baseCase({ id: 'p', params: { periods: 12 } }), /unknown param "periods"/));
  it('bad token', () => {
    assertFails(baseCase({ id: 't', params: { nan_policy: 'skip' } }), /bad token for param nan_policy/);
    assertFails({ ...baseCase(), id: 't2', metric: 'cvar', params: { tail_rule: 'mean_below' }, expected: 0 }, /bad token for param tail_rule/);
    assertFails(baseCase({ id: 't3', params: { ddof: 2 } }), /bad token for param ddof/);
    assertFails({ ...baseCase(), id: 't4', metric: 'sortino_ratio', params: { annualize: 'yes' } }, /bad token for param annualize/);
  });
  it('bad param values', () => {
    assertFails(baseCase({ id: 'v1', params: { periods_per_year: 0 } }), /periods_per_year must be > 0/);
    assertFails({ ...baseCase(), id: 'v2', metric: 'historical_var', params: { tail_probability: 1 } }, /tail_probability must be in \(0, 1\)/);
    assertFails({ ...baseCase(), id: 'v3', metric: 'rolling_volatility', params: { window: 2.5 }, expected: [] }, /window must be an integer/);
  });
  it('param not allowed for the metric', () => {
    assertFails(baseCase({ id: 'na', params: { risk_free: 0 } }), /param risk_free is not allowed for metric annualized_volatility/);
    assertFails(
      { ...baseCase(), id: 'na2', metric: 'beta', params: { risk_free: 0.001 }, inputs: { returns: R, benchmark: B } },
      /param risk_free is not allowed for metric beta/,
    );
    assertFails(
      { ...baseCase(), id: 'na3', metric: 'rolling_sharpe_ratio', params: { window: 2, geometric: true }, expected: [] },
      /param geometric is not allowed/,
    );
  });
  it('missing required window', () => {
    assertFails({ ...baseCase(), id: 'w', metric: 'rolling_volatility', params: {}, expected: [] }, /missing required param window/);
  });
  it('missing required input', () => {
    assertFails(baseCase({ id: 'mi', inputs: {} }), /missing required input returns/);
    assertFails({ ...baseCase(), id: 'mi2', metric: 'beta', params: {}, inputs: { returns: R } }, /missing required input benchmark/);
    assertFails({ ...baseCase(), id: 'mi3', metric: 'max_drawdown', params: {}, inputs: {} }, /missing required input returns or prices/);
  });
  it('unknown input name', () => assertFails(baseCase({ id: 'ui', inputs: { returns: R, weights: R } }), /unknown input "weights"/));
  it('input not allowed for the metric', () => {
    assertFails(baseCase({ id: 'ai', inputs: { returns: R, benchmark: B } }), /input benchmark is not allowed for metric annualized_volatility/);
    assertFails(baseCase({ id: 'ai2', inputs: { prices: [1, 2, 3] } }), /input prices is not allowed/);
    assertFails(
      { ...baseCase(), id: 'ai3', metric: 'omega_ratio', params: {}, inputs: { returns: R, required_return: B } },
      /input required_return is not allowed for metric omega_ratio/,
    );
    assertFails({ ...baseCase(), id: 'ai4', metric: 'max_drawdown', params: {}, inputs: { returns: R, prices: [1, 2] } }, /either returns or prices/);
  });
  it('dates is allowed everywhere but must match the rows', () => {
    const dates = ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04', '2020-01-05'];
    assert.equal(runOne(baseCase({ id: 'd', inputs: { returns: R, dates } })).ok, true);
    assertFails(baseCase({ id: 'd2', inputs: { returns: R, dates: dates.slice(1) } }), /dates has 4 values but there are 5 rows/);
    assertFails(baseCase({ id: 'd3', inputs: { returns: R, dates: [...dates.slice(1), '2020-02-30'] } }), /not a YYYY-MM-DD date/);
  });
  it('arrays of unequal length', () => {
    assertFails(
      { ...baseCase(), id: 'ul', metric: 'correlation', params: {}, inputs: { returns: R, benchmark: B.slice(1) } },
      /arrays of unequal length: returns has 5 values but benchmark has 4/,
    );
    assertFails(
      { ...baseCase(), id: 'ul2', metric: 'sharpe_ratio', params: {}, inputs: { returns: R, risk_free: [0, 0] } },
      /returns has 5 values but risk_free has 2/,
    );
  });
  it('a dated series mixed with a plain array', () => {
    assertFails(
      {
        ...baseCase(),
        id: 'mix',
        metric: 'correlation',
        params: {},
        inputs: { returns: { dates: ['2020-01-01', '2020-01-02'], values: [0.01, 0.02] }, benchmark: [0.01, 0.02] },
      },
      /if any series is dated, all must be/,
    );
  });
  it('a rate given both in params and in inputs', () => {
    assertFails(
      { ...baseCase(), id: 'both', metric: 'sharpe_ratio', params: { risk_free: 0 }, inputs: { returns: R, risk_free: [0, 0, 0, 0, 0] } },
      /risk_free is given both in params and in inputs/,
    );
    assertFails(
      {
        ...baseCase(),
        id: 'both2',
        metric: 'sortino_ratio',
        params: { required_return: 0 },
        inputs: { returns: R, required_return: [0, 0, 0, 0, 0] },
      },
      /required_return is given both in params and in inputs/,
    );
  });
  it('bad input values and shapes', () => {
    assertFails(baseCase({ id: 'bv', inputs: { returns: [0.01, 'x'] } }), /returns\[1\] must be a number or null/);
    assertFails({ ...baseCase(), id: 'bp', metric: 'max_drawdown', params: {}, inputs: { prices: [1, null, 2] } }, /prices\[1\] must be a positive number/);
    assertFails(
      { ...baseCase(), id: 'rfnum', metric: 'sharpe_ratio', params: {}, inputs: { returns: R, risk_free: 0.001 } },
      /input risk_free must be a series/,
    );
    assertFails(baseCase({ id: 'ds', inputs: { returns: { dates: ['2020-01-01'], values: [0.1, 0.2] } } }), /1 dates but 2 values/);
  });
  it('calendar_days without prices and dates', () => {
    assertFails(
      { ...baseCase(), id: 'cal', metric: 'annual_return', params: { year_basis: 'calendar_days' }, inputs: { returns: R } },
      /calendar_days needs the prices and dates inputs/,
    );
  });
  it('bad expected and tolerance', () => {
    assertFails(baseCase({ id: 'e', expected: 'NaN' }), /expected must be a number, null/);
    assertFails(baseCase({ id: 'tol', tolerance: -1 }), /tolerance must be a finite number >= 0/);
    assertFails(baseCase({ id: 'tol2', tolerance: undefined }), /tolerance/);
  });
});

describe('case runner: file-level problems', () => {
  it('not an object', () => {
    const res = runCaseFile([1, 2]);
    assert.deepEqual(res.results, []);
    assert.match(res.problems[0]!, /not a JSON object/);
  });
  it('case_count mismatch', () => {
    const res = runCaseFile(fileOf([baseCase()], 2));
    assert.equal(res.passed, 1);
    assert.match(res.problems[0]!, /case_count is 2 but the file has 1 cases/);
  });
  it('duplicate ids', () => {
    const res = runCaseFile(fileOf([baseCase(), baseCase()]));
    assert.equal(res.results.length, 2);
    assert.match(res.problems[0]!, /duplicate case id "base"/);
  });
  it('a case that is not an object fails on its own', () => {
    const res = runCaseFile(fileOf([baseCase(), 42]));
    assert.equal(res.passed, 1);
    assert.equal(res.failed, 1);
    assert.equal(res.results[1]!.id, '#1');
  });
});

describe('case runner: every param and input reaches the engine', () => {
  // 12 rows with missing values; rf and MAR series with a missing value too.
  const r = [0.012, NaN, -0.021, 0.034, -0.008, 0.015, -0.03, 0.022, 0.005, -0.011, 0.018, -0.004];
  const b = [0.01, 0.004, -0.015, 0.02, NaN, 0.012, -0.025, 0.015, 0.001, -0.009, 0.011, -0.006];
  const rf = [0.001, 0.001, 0.0012, NaN, 0.0011, 0.001, 0.0009, 0.001, 0.001, 0.0011, 0.001, 0.001];
  const prices = [100, 101, 99.5, 102, 101.2, 103, 100.1];
  const json = (a: number[]) => a.map((v) => (Number.isNaN(v) ? null : v));
  const enc = (v: number | number[]) => (Array.isArray(v) ? v.map(enc1) : enc1(v));
  const enc1 = (v: number) => (Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
  const F = { nanPolicy: 'fill_zero' } as const;

  const table: [string, Record<string, unknown>, Record<string, unknown>, () => number | number[]][] = [
    [
      'cumulative_returns',
      { starting_value: 100, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.cumulativeReturns(r, { startingValue: 100, ...F }),
    ],
    ['cumulative_return', { starting_value: 2 }, { returns: json(r) }, () => risk.cumulativeReturn(r, { startingValue: 2 })],
    ['annual_return', { periods_per_year: 52 }, { prices }, () => risk.annualReturnFromPrices(prices, { periodsPerYear: 52 })],
    ['annual_return', { periods_per_year: 12, nan_policy: 'fill_zero' }, { returns: json(r) }, () => risk.annualReturn(r, { periodsPerYear: 12, ...F })],
    [
      'annualized_volatility',
      { ddof: 0, periods_per_year: 365, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.annualizedVolatility(r, { ddof: 0, periodsPerYear: 365, ...F }),
    ],
    [
      'rolling_volatility',
      { window: 4, ddof: 0, periods_per_year: 12, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.rollingVolatility(r, 4, { ddof: 0, periodsPerYear: 12, ...F }),
    ],
    [
      'drawdown_series',
      { sign: 'positive_magnitude', nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.drawdownSeries(r, { sign: 'positive_magnitude', ...F }),
    ],
    ['drawdown_series', { sign: 'positive_magnitude' }, { prices }, () => risk.drawdownSeriesFromPrices(prices, { sign: 'positive_magnitude' })],
    ['max_drawdown', { sign: 'positive_magnitude' }, { prices }, () => risk.maxDrawdownFromPrices(prices, { sign: 'positive_magnitude' })],
    [
      'rolling_max_drawdown',
      { window: 3, sign: 'positive_magnitude', nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.rollingMaxDrawdown(r, 3, { sign: 'positive_magnitude', ...F }),
    ],
    ['calmar_ratio', { periods_per_year: 12 }, { returns: json(r) }, () => risk.calmarRatio(r, { periodsPerYear: 12 })],
    [
      'sharpe_ratio',
      { periods_per_year: 12, risk_free: 0.001, ddof: 0, geometric: true, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.sharpeRatio(r, { periodsPerYear: 12, riskFree: 0.001, ddof: 0, geometric: true, ...F }),
    ],
    ['sharpe_ratio', { geometric: true }, { returns: json(r), risk_free: json(rf) }, () => risk.sharpeRatio(r, { riskFree: rf, geometric: true })],
    [
      'rolling_sharpe_ratio',
      { window: 5, periods_per_year: 12, ddof: 0 },
      { returns: json(r), risk_free: json(rf) },
      () => risk.rollingSharpeRatio(r, 5, { periodsPerYear: 12, ddof: 0, riskFree: rf }),
    ],
    [
      'rolling_sharpe_ratio',
      { window: 5, risk_free: 0.002, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.rollingSharpeRatio(r, 5, { riskFree: 0.002, ...F }),
    ],
    [
      'downside_deviation',
      { periods_per_year: 52, annualize: true },
      { returns: json(r), required_return: json(rf) },
      () => risk.downsideDeviation(r, { periodsPerYear: 52, requiredReturn: rf }),
    ],
    [
      'downside_deviation',
      { required_return: 0.004, annualize: false, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.downsideDeviation(r, { requiredReturn: 0.004, annualize: false, ...F }),
    ],
    [
      'sortino_ratio',
      { periods_per_year: 12, required_return: 0.002 },
      { returns: json(r) },
      () => risk.sortinoRatio(r, { periodsPerYear: 12, requiredReturn: 0.002 }),
    ],
    [
      'sortino_ratio',
      { annualize: false, nan_policy: 'fill_zero' },
      { returns: json(r), required_return: json(rf) },
      () => risk.sortinoRatio(r, { annualize: false, requiredReturn: rf, ...F }),
    ],
    [
      'omega_ratio',
      { periods_per_year: 12, required_return: 0.05, required_return_basis: 'annual' },
      { returns: json(r), risk_free: json(rf) },
      () => risk.omegaRatio(r, { periodsPerYear: 12, requiredReturn: 0.05, requiredReturnBasis: 'annual', riskFree: rf }),
    ],
    [
      'omega_ratio',
      { risk_free: 0.001, required_return: 0.002, nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.omegaRatio(r, { riskFree: 0.001, requiredReturn: 0.002, ...F }),
    ],
    ['information_ratio', { ddof: 0, nan_policy: 'fill_zero' }, { returns: json(r), benchmark: json(b) }, () => risk.informationRatio(r, b, { ddof: 0, ...F })],
    [
      'beta',
      { subset: 'benchmark_up', nan_policy: 'fill_zero' },
      { returns: json(r), benchmark: json(b), risk_free: json(rf) },
      () => risk.beta(r, b, { subset: 'benchmark_up', riskFree: rf, ...F }),
    ],
    [
      'rolling_beta',
      { window: 6, nan_policy: 'fill_zero' },
      { returns: json(r), benchmark: json(b), risk_free: json(rf) },
      () => risk.rollingBeta(r, b, 6, { riskFree: rf, ...F }),
    ],
    [
      'alpha',
      { periods_per_year: 12, annualization: 'arithmetic' },
      { returns: json(r), benchmark: json(b), risk_free: json(rf) },
      () => risk.alpha(r, b, { periodsPerYear: 12, annualization: 'arithmetic', riskFree: rf }),
    ],
    [
      'alpha',
      { risk_free: 0.001, annualization: 'compound', nan_policy: 'fill_zero' },
      { returns: json(r), benchmark: json(b) },
      () => risk.alpha(r, b, { riskFree: 0.001, ...F }),
    ],
    [
      'rolling_alpha',
      { window: 6, periods_per_year: 52, annualization: 'intercept' },
      { returns: json(r), benchmark: json(b), risk_free: json(rf) },
      () => risk.rollingAlpha(r, b, 6, { periodsPerYear: 52, annualization: 'intercept', riskFree: rf }),
    ],
    [
      'rolling_alpha',
      { window: 6, risk_free: 0.001, annualization: 'arithmetic', nan_policy: 'fill_zero' },
      { returns: json(r), benchmark: json(b) },
      () => risk.rollingAlpha(r, b, 6, { riskFree: 0.001, annualization: 'arithmetic', ...F }),
    ],
    ['correlation', { nan_policy: 'fill_zero' }, { returns: json(r), benchmark: json(b) }, () => risk.correlation(r, b, F)],
    ['rolling_correlation', { window: 5, nan_policy: 'fill_zero' }, { returns: json(r), benchmark: json(b) }, () => risk.rollingCorrelation(r, b, 5, F)],
    [
      'historical_var',
      { tail_probability: 0.2, sign: 'positive_magnitude', nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.historicalVar(r, { tailProbability: 0.2, sign: 'positive_magnitude', ...F }),
    ],
    [
      'cvar',
      { tail_probability: 0.3, tail_rule: 'below_gaussian_var', ddof: 0, sign: 'positive_magnitude' },
      { returns: json(r) },
      () => risk.cvar(r, { tailProbability: 0.3, tailRule: 'below_gaussian_var', ddof: 0, sign: 'positive_magnitude' }),
    ],
    [
      'cvar',
      { tail_probability: 0.3, tail_rule: 'strictly_below_quantile', nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.cvar(r, { tailProbability: 0.3, tailRule: 'strictly_below_quantile', ...F }),
    ],
    [
      'parametric_var',
      { tail_probability: 0.01, ddof: 0, sign: 'positive_magnitude', nan_policy: 'fill_zero' },
      { returns: json(r) },
      () => risk.parametricVar(r, { tailProbability: 0.01, ddof: 0, sign: 'positive_magnitude', ...F }),
    ],
    [
      'parametric_es',
      { tail_probability: 0.1, ddof: 1, sign: 'positive_magnitude' },
      { returns: json(r) },
      () => risk.parametricEs(r, { tailProbability: 0.1, ddof: 1, sign: 'positive_magnitude' }),
    ],
  ];

  it('each table row gives the value of the direct API call, and differs from the all-defaults value', () => {
    const cases = table.map(([metric, params, inputs, fn], i) => ({ id: `w${i}`, metric, params, inputs, expected: enc(fn()), tolerance: 0 }));
    const res = runCaseFile(fileOf(cases));
    assert.deepEqual(
      res.results.filter((x) => !x.ok).map((x) => `${x.id} ${x.metric}: ${x.reason}`),
      [],
    );
    // The same cases with params reset to defaults must not all pass: the params were read.
    const defaults = table.map(([metric, params, inputs, fn], i) => ({
      id: `d${i}`,
      metric,
      params: 'window' in params ? { window: params.window } : {},
      inputs,
      expected: enc(fn()),
      tolerance: 0,
    }));
    const res2 = runCaseFile(fileOf(defaults));
    const unchanged = res2.results.filter((x) => x.ok).map((x) => x.id);
    assert.deepEqual(unchanged, [], 'every row uses a non-default param value that changes the result');
  });

  it('covers every metric id of the vocabulary', () => {
    const used = new Set(table.map((t) => t[0]));
    const missing = risk.METRIC_IDS.filter((m) => !used.has(m) && m !== 'simple_returns' && m !== 'log_returns');
    assert.deepEqual(missing, []);
  });
});
