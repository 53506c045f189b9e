/**
 * Runner for reference case files (RISK_CONVENTIONS.md, "Case files"). Each case is computed
 * from its `metric`, `params` and `inputs` alone, with exactly the closed vocabulary of the spec:
 * an unknown metric, param key, token or input name, a param or input not listed for the metric
 * (`dates` aside), a missing required input, series of unequal length, or a rate given both as a
 * param and as an input fail THAT case with a reason; the other cases still run, none is skipped.
 */
import { alpha, beta, correlation } from './benchmark';
import { isoDayOrNaN } from './dates';
import { calmarRatio, drawdownSeries, drawdownSeriesFromPrices, maxDrawdown, maxDrawdownFromPrices } from './drawdown';
import { downsideDeviation, informationRatio, omegaRatio, sharpeRatio, sortinoRatio } from './ratios';
import {
  annualizedVolatility,
  annualReturn,
  annualReturnFromPrices,
  cumulativeReturn,
  cumulativeReturns,
  logReturns,
  simpleReturns,
} from './returns';
import { rollingAlpha, rollingBeta, rollingCorrelation, rollingMaxDrawdown, rollingSharpeRatio, rollingVolatility } from './rolling';
import { cvar, historicalVar, parametricEs, parametricVar } from './tail';
import type {
  AlphaAnnualization,
  BetaSubset,
  Ddof,
  NanPolicy,
  RequiredReturnBasis,
  Sign,
  TailRule,
  YearBasis,
} from './types';

/** Outcome of one case. `expected` is the case's raw JSON value; `got` the computed number(s). */
export interface CaseResult {
  id: string;
  ok: boolean;
  metric: string;
  expected?: unknown;
  got?: unknown;
  reason?: string;
}

/** Outcome of a case file; `problems` are file-level (not an object, case_count mismatch, duplicate ids). */
export interface CaseFileResult {
  results: CaseResult[];
  passed: number;
  failed: number;
  problems: string[];
}

/** A reason a case cannot be computed (bad vocabulary or shape). */
class CaseError extends Error {}

// ---------------------------------------------------------------------------------------------
// Vocabulary

type ParamKey =
  | 'periods_per_year'
  | 'ddof'
  | 'nan_policy'
  | 'risk_free'
  | 'required_return'
  | 'required_return_basis'
  | 'annualize'
  | 'geometric'
  | 'annualization'
  | 'subset'
  | 'starting_value'
  | 'year_basis'
  | 'window'
  | 'tail_probability'
  | 'tail_rule'
  | 'sign';

type InputName = 'returns' | 'benchmark' | 'risk_free' | 'required_return' | 'prices' | 'dates';

const INPUT_NAMES: readonly InputName[] = ['returns', 'benchmark', 'risk_free', 'required_return', 'prices', 'dates'];

/** Decoded params (absent keys take the engine defaults). */
interface Params {
  periods_per_year?: number;
  ddof?: Ddof;
  nan_policy?: NanPolicy;
  risk_free?: number;
  required_return?: number;
  required_return_basis?: RequiredReturnBasis;
  annualize?: boolean;
  geometric?: boolean;
  annualization?: AlphaAnnualization;
  subset?: BetaSubset;
  starting_value?: number;
  year_basis?: YearBasis;
  window?: number;
  tail_probability?: number;
  tail_rule?: TailRule;
  sign?: Sign;
}

function tokenParam<T extends string>(allowed: readonly T[]) {
  return (key: string, v: unknown): T => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    throw new CaseError(`bad token for param ${key}: ${JSON.stringify(v)} (allowed: ${allowed.join(', ')})`);
  };
}

function numberParam(key: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CaseError(`param ${key} must be a finite number, got ${JSON.stringify(v)}`);
}

function boolParam(key: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new CaseError(`bad token for param ${key}: ${JSON.stringify(v)} (allowed: true, false)`);
}

const PARAM_DECODERS: { [K in ParamKey]: (key: string, v: unknown) => NonNullable<Params[K]> } = {
  periods_per_year: (k, v) => {
    const x = numberParam(k, v);
    if (x > 0) return x;
    throw new CaseError(`param ${k} must be > 0, got ${x}`);
  },
  ddof: (k, v) => {
    if (v === 0 || v === 1) return v;
    throw new CaseError(`bad token for param ${k}: ${JSON.stringify(v)} (allowed: 0, 1)`);
  },
  nan_policy: tokenParam<NanPolicy>(['drop', 'fill_zero']),
  risk_free: numberParam,
  required_return: numberParam,
  required_return_basis: tokenParam<RequiredReturnBasis>(['per_period', 'annual']),
  annualize: boolParam,
  geometric: boolParam,
  annualization: tokenParam<AlphaAnnualization>(['compound', 'intercept', 'arithmetic']),
  subset: tokenParam<BetaSubset>(['all', 'benchmark_up', 'benchmark_down']),
  starting_value: numberParam,
  year_basis: tokenParam<YearBasis>(['periods', 'calendar_days']),
  window: (k, v) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
    throw new CaseError(`param ${k} must be an integer >= 1, got ${JSON.stringify(v)}`);
  },
  tail_probability: (k, v) => {
    const x = numberParam(k, v);
    if (x > 0 && x < 1) return x;
    throw new CaseError(`param ${k} must be in (0, 1), got ${x}`);
  },
  tail_rule: tokenParam<TailRule>(['k_smallest', 'strictly_below_quantile', 'below_gaussian_var']),
  sign: tokenParam<Sign>(['negative_fraction', 'positive_magnitude']),
};

/** Decoded inputs: series are row-aligned (dated series joined on the union of dates), NaN = missing. */
interface Inputs {
  returns?: number[];
  benchmark?: number[];
  riskFree?: number[];
  requiredReturn?: number[];
  prices?: number[];
  dates?: string[];
}

type Output = 'array' | 'scalar';

interface MetricSpec {
  output: Output;
  /** Inputs that must be present (`returns|prices`: exactly one of them). */
  required: readonly (InputName | 'returns|prices')[];
  /** Inputs that may be present, besides `dates`. */
  optional: readonly InputName[];
  params: readonly ParamKey[];
  run: (i: Inputs, p: Params) => number | number[];
}

const NAN: ParamKey = 'nan_policy';
const PPY: ParamKey = 'periods_per_year';

function req<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new CaseError(`missing required ${what}`);
  return v;
}

const METRICS: Record<string, MetricSpec> = {
  simple_returns: { output: 'array', required: ['prices'], optional: [], params: [], run: (i) => simpleReturns(i.prices!) },
  log_returns: { output: 'array', required: ['prices'], optional: [], params: [], run: (i) => logReturns(i.prices!) },
  cumulative_returns: {
    output: 'array',
    required: ['returns'],
    optional: [],
    params: ['starting_value', NAN],
    run: (i, p) => cumulativeReturns(i.returns!, { startingValue: p.starting_value, nanPolicy: p.nan_policy }),
  },
  cumulative_return: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: ['starting_value', NAN],
    run: (i, p) => cumulativeReturn(i.returns!, { startingValue: p.starting_value, nanPolicy: p.nan_policy }),
  },
  annual_return: {
    output: 'scalar',
    required: ['returns|prices'],
    optional: [],
    params: [PPY, 'year_basis', NAN],
    run: (i, p) => {
      if (p.year_basis === 'calendar_days') {
        if (!i.prices || !i.dates) throw new CaseError('year_basis calendar_days needs the prices and dates inputs');
        return annualReturnFromPrices(i.prices, { yearBasis: 'calendar_days', dates: i.dates });
      }
      if (i.prices) return annualReturnFromPrices(i.prices, { periodsPerYear: p.periods_per_year });
      return annualReturn(i.returns!, { periodsPerYear: p.periods_per_year, nanPolicy: p.nan_policy });
    },
  },
  annualized_volatility: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: [PPY, 'ddof', NAN],
    run: (i, p) => annualizedVolatility(i.returns!, { periodsPerYear: p.periods_per_year, ddof: p.ddof, nanPolicy: p.nan_policy }),
  },
  rolling_volatility: {
    output: 'array',
    required: ['returns'],
    optional: [],
    params: ['window', PPY, 'ddof', NAN],
    run: (i, p) =>
      rollingVolatility(i.returns!, req(p.window, 'param window'), { periodsPerYear: p.periods_per_year, ddof: p.ddof, nanPolicy: p.nan_policy }),
  },
  drawdown_series: {
    output: 'array',
    required: ['returns|prices'],
    optional: [],
    params: ['sign', NAN],
    run: (i, p) =>
      i.prices ? drawdownSeriesFromPrices(i.prices, { sign: p.sign }) : drawdownSeries(i.returns!, { sign: p.sign, nanPolicy: p.nan_policy }),
  },
  max_drawdown: {
    output: 'scalar',
    required: ['returns|prices'],
    optional: [],
    params: ['sign', NAN],
    run: (i, p) =>
      i.prices ? maxDrawdownFromPrices(i.prices, { sign: p.sign }) : maxDrawdown(i.returns!, { sign: p.sign, nanPolicy: p.nan_policy }),
  },
  rolling_max_drawdown: {
    output: 'array',
    required: ['returns'],
    optional: [],
    params: ['window', 'sign', NAN],
    run: (i, p) => rollingMaxDrawdown(i.returns!, req(p.window, 'param window'), { sign: p.sign, nanPolicy: p.nan_policy }),
  },
  calmar_ratio: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: [PPY, NAN],
    run: (i, p) => calmarRatio(i.returns!, { periodsPerYear: p.periods_per_year, nanPolicy: p.nan_policy }),
  },
  sharpe_ratio: {
    output: 'scalar',
    required: ['returns'],
    optional: ['risk_free'],
    params: [PPY, 'risk_free', 'ddof', 'geometric', NAN],
    run: (i, p) =>
      sharpeRatio(i.returns!, {
        periodsPerYear: p.periods_per_year,
        riskFree: i.riskFree ?? p.risk_free,
        ddof: p.ddof,
        geometric: p.geometric,
        nanPolicy: p.nan_policy,
      }),
  },
  rolling_sharpe_ratio: {
    output: 'array',
    required: ['returns'],
    optional: ['risk_free'],
    params: ['window', PPY, 'risk_free', 'ddof', NAN],
    run: (i, p) =>
      rollingSharpeRatio(i.returns!, req(p.window, 'param window'), {
        periodsPerYear: p.periods_per_year,
        riskFree: i.riskFree ?? p.risk_free,
        ddof: p.ddof,
        nanPolicy: p.nan_policy,
      }),
  },
  downside_deviation: {
    output: 'scalar',
    required: ['returns'],
    optional: ['required_return'],
    params: [PPY, 'required_return', 'annualize', NAN],
    run: (i, p) =>
      downsideDeviation(i.returns!, {
        periodsPerYear: p.periods_per_year,
        requiredReturn: i.requiredReturn ?? p.required_return,
        annualize: p.annualize,
        nanPolicy: p.nan_policy,
      }),
  },
  sortino_ratio: {
    output: 'scalar',
    required: ['returns'],
    optional: ['required_return'],
    params: [PPY, 'required_return', 'annualize', NAN],
    run: (i, p) =>
      sortinoRatio(i.returns!, {
        periodsPerYear: p.periods_per_year,
        requiredReturn: i.requiredReturn ?? p.required_return,
        annualize: p.annualize,
        nanPolicy: p.nan_policy,
      }),
  },
  omega_ratio: {
    output: 'scalar',
    required: ['returns'],
    optional: ['risk_free'],
    params: [PPY, 'risk_free', 'required_return', 'required_return_basis', NAN],
    run: (i, p) =>
      omegaRatio(i.returns!, {
        periodsPerYear: p.periods_per_year,
        riskFree: i.riskFree ?? p.risk_free,
        requiredReturn: p.required_return,
        requiredReturnBasis: p.required_return_basis,
        nanPolicy: p.nan_policy,
      }),
  },
  information_ratio: {
    output: 'scalar',
    required: ['returns', 'benchmark'],
    optional: [],
    params: ['ddof', NAN],
    run: (i, p) => informationRatio(i.returns!, i.benchmark!, { ddof: p.ddof, nanPolicy: p.nan_policy }),
  },
  beta: {
    output: 'scalar',
    required: ['returns', 'benchmark'],
    optional: ['risk_free'],
    params: ['subset', NAN],
    run: (i, p) => beta(i.returns!, i.benchmark!, { riskFree: i.riskFree, subset: p.subset, nanPolicy: p.nan_policy }),
  },
  rolling_beta: {
    output: 'array',
    required: ['returns', 'benchmark'],
    optional: ['risk_free'],
    params: ['window', NAN],
    run: (i, p) => rollingBeta(i.returns!, i.benchmark!, req(p.window, 'param window'), { riskFree: i.riskFree, nanPolicy: p.nan_policy }),
  },
  alpha: {
    output: 'scalar',
    required: ['returns', 'benchmark'],
    optional: ['risk_free'],
    params: [PPY, 'risk_free', 'annualization', NAN],
    run: (i, p) =>
      alpha(i.returns!, i.benchmark!, {
        periodsPerYear: p.periods_per_year,
        riskFree: i.riskFree ?? p.risk_free,
        annualization: p.annualization,
        nanPolicy: p.nan_policy,
      }),
  },
  rolling_alpha: {
    output: 'array',
    required: ['returns', 'benchmark'],
    optional: ['risk_free'],
    params: ['window', PPY, 'risk_free', 'annualization', NAN],
    run: (i, p) =>
      rollingAlpha(i.returns!, i.benchmark!, req(p.window, 'param window'), {
        periodsPerYear: p.periods_per_year,
        riskFree: i.riskFree ?? p.risk_free,
        annualization: p.annualization,
        nanPolicy: p.nan_policy,
      }),
  },
  correlation: {
    output: 'scalar',
    required: ['returns', 'benchmark'],
    optional: [],
    params: [NAN],
    run: (i, p) => correlation(i.returns!, i.benchmark!, { nanPolicy: p.nan_policy }),
  },
  rolling_correlation: {
    output: 'array',
    required: ['returns', 'benchmark'],
    optional: [],
    params: ['window', NAN],
    run: (i, p) => rollingCorrelation(i.returns!, i.benchmark!, req(p.window, 'param window'), { nanPolicy: p.nan_policy }),
  },
  historical_var: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: ['tail_probability', 'sign', NAN],
    run: (i, p) => historicalVar(i.returns!, { tailProbability: p.tail_probability, sign: p.sign, nanPolicy: p.nan_policy }),
  },
  cvar: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: ['tail_probability', 'tail_rule', 'ddof', 'sign', NAN],
    run: (i, p) =>
      cvar(i.returns!, { tailProbability: p.tail_probability, tailRule: p.tail_rule, ddof: p.ddof, sign: p.sign, nanPolicy: p.nan_policy }),
  },
  parametric_var: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: ['tail_probability', 'ddof', 'sign', NAN],
    run: (i, p) => parametricVar(i.returns!, { tailProbability: p.tail_probability, ddof: p.ddof, sign: p.sign, nanPolicy: p.nan_policy }),
  },
  parametric_es: {
    output: 'scalar',
    required: ['returns'],
    optional: [],
    params: ['tail_probability', 'ddof', 'sign', NAN],
    run: (i, p) => parametricEs(i.returns!, { tailProbability: p.tail_probability, ddof: p.ddof, sign: p.sign, nanPolicy: p.nan_policy }),
  },
};

/** The metric ids of the case-file vocabulary. */
export const METRIC_IDS: readonly string[] = Object.keys(METRICS);

// ---------------------------------------------------------------------------------------------
// Decoding

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function decodeParams(metric: string, spec: MetricSpec, raw: unknown): Params {
  if (!isPlainObject(raw)) throw new CaseError('params must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!hasOwn(PARAM_DECODERS, key)) throw new CaseError(`unknown param ${JSON.stringify(key)}`);
    const k = key as ParamKey;
    if (!spec.params.includes(k)) throw new CaseError(`param ${k} is not allowed for metric ${metric}`);
    out[k] = PARAM_DECODERS[k](k, value);
  }
  if (spec.params.includes('window') && out.window === undefined) throw new CaseError('missing required param window');
  return out as Params;
}

/** A series as given in a case: a plain array, or dated values. */
type RawSeries = { kind: 'array'; values: number[] } | { kind: 'dated'; dates: string[]; values: number[] };

function decodeValues(name: string, arr: unknown[]): number[] {
  return arr.map((v, i) => {
    if (v === null) return NaN;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new CaseError(`${name}[${i}] must be a number or null, got ${JSON.stringify(v)}`);
  });
}

function decodeDates(name: string, raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new CaseError(`${name} must be an array of YYYY-MM-DD dates`);
  return raw.map((d, i) => {
    if (typeof d !== 'string' || Number.isNaN(isoDayOrNaN(d))) throw new CaseError(`${name}[${i}] is not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
    return d;
  });
}

function decodeSeries(name: string, raw: unknown): RawSeries {
  if (Array.isArray(raw)) return { kind: 'array', values: decodeValues(name, raw) };
  if (isPlainObject(raw)) {
    for (const k of Object.keys(raw)) {
      if (k !== 'dates' && k !== 'values') throw new CaseError(`dated series ${name} has an unknown key ${JSON.stringify(k)} (allowed: dates, values)`);
    }
    if (!hasOwn(raw, 'dates') || !hasOwn(raw, 'values')) throw new CaseError(`dated series ${name} needs both dates and values`);
    const dates = decodeDates(`${name}.dates`, raw.dates);
    if (!Array.isArray(raw.values)) throw new CaseError(`${name}.values must be an array`);
    const values = decodeValues(`${name}.values`, raw.values);
    if (dates.length !== values.length) throw new CaseError(`dated series ${name} has ${dates.length} dates but ${values.length} values`);
    const seen = new Set<string>();
    for (const d of dates) {
      if (seen.has(d)) throw new CaseError(`dated series ${name} repeats the date ${d}`);
      seen.add(d);
    }
    return { kind: 'dated', dates, values };
  }
  throw new CaseError(`input ${name} must be an array of numbers/null or {dates, values}, got ${JSON.stringify(raw)}`);
}

function decodeInputs(metric: string, spec: MetricSpec, raw: unknown, params: Params): Inputs {
  if (!isPlainObject(raw)) throw new CaseError('inputs must be an object');
  for (const key of Object.keys(raw)) {
    if (!(INPUT_NAMES as readonly string[]).includes(key)) throw new CaseError(`unknown input ${JSON.stringify(key)}`);
    const k = key as InputName;
    const allowed =
      k === 'dates' ||
      spec.optional.includes(k) ||
      spec.required.includes(k) ||
      ((k === 'returns' || k === 'prices') && spec.required.includes('returns|prices'));
    if (!allowed) throw new CaseError(`input ${k} is not allowed for metric ${metric}`);
  }
  for (const r of spec.required) {
    if (r === 'returns|prices') {
      const hasR = hasOwn(raw, 'returns');
      const hasP = hasOwn(raw, 'prices');
      if (!hasR && !hasP) throw new CaseError('missing required input returns or prices');
      if (hasR && hasP) throw new CaseError('give either returns or prices, not both');
    } else if (!hasOwn(raw, r)) throw new CaseError(`missing required input ${r}`);
  }
  if (hasOwn(raw, 'risk_free') && params.risk_free !== undefined) throw new CaseError('risk_free is given both in params and in inputs');
  if (hasOwn(raw, 'required_return') && params.required_return !== undefined) {
    throw new CaseError('required_return is given both in params and in inputs');
  }

  const out: Inputs = {};
  if (hasOwn(raw, 'prices')) {
    const p = raw.prices;
    if (!Array.isArray(p)) throw new CaseError('input prices must be an array of positive numbers');
    out.prices = p.map((v, i) => {
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
      throw new CaseError(`prices[${i}] must be a positive number, got ${JSON.stringify(v)}`);
    });
  }

  // Row-aligned series: returns, benchmark (or a number), risk_free, required_return.
  const named: [InputName, keyof Inputs][] = [
    ['returns', 'returns'],
    ['benchmark', 'benchmark'],
    ['risk_free', 'riskFree'],
    ['required_return', 'requiredReturn'],
  ];
  const series: { name: InputName; key: keyof Inputs; s: RawSeries }[] = [];
  let constBenchmark: number | undefined;
  for (const [name, key] of named) {
    if (!hasOwn(raw, name)) continue;
    const v = raw[name];
    if (name === 'benchmark' && typeof v === 'number') {
      if (!Number.isFinite(v)) throw new CaseError('benchmark must be a finite number');
      constBenchmark = v;
      continue;
    }
    if (typeof v === 'number') throw new CaseError(`input ${name} must be a series; give a constant ${name} in params`);
    series.push({ name, key, s: decodeSeries(name, v) });
  }
  let rows = 0;
  if (series.length > 0) {
    const dated = series.filter((x) => x.s.kind === 'dated');
    if (dated.length > 0 && dated.length < series.length) {
      const plain = series.find((x) => x.s.kind === 'array')!;
      throw new CaseError(`${dated[0]!.name} is a dated series but ${plain.name} is a plain array: if any series is dated, all must be`);
    }
    if (dated.length === 0) {
      const first = series[0]!;
      rows = first.s.values.length;
      for (const x of series) {
        if (x.s.values.length !== rows) {
          throw new CaseError(`arrays of unequal length: ${first.name} has ${rows} values but ${x.name} has ${x.s.values.length}`);
        }
        (out[x.key] as number[]) = x.s.values;
      }
    } else {
      const union = new Set<string>();
      for (const x of series) if (x.s.kind === 'dated') for (const d of x.s.dates) union.add(d);
      const dates = [...union].sort();
      const index = new Map(dates.map((d, i) => [d, i] as const));
      rows = dates.length;
      for (const x of series) {
        if (x.s.kind !== 'dated') continue;
        const v = new Array<number>(rows).fill(NaN);
        x.s.dates.forEach((d, i) => (v[index.get(d)!] = x.s.values[i]!));
        (out[x.key] as number[]) = v;
      }
    }
  }
  if (constBenchmark !== undefined) out.benchmark = new Array<number>(rows).fill(constBenchmark);

  if (hasOwn(raw, 'dates')) {
    const dates = decodeDates('dates', raw.dates);
    const target = out.prices ? out.prices.length : rows;
    const what = out.prices ? 'prices' : 'rows';
    if (dates.length !== target) throw new CaseError(`dates has ${dates.length} values but there are ${target} ${what}`);
    out.dates = dates;
  }
  return out;
}

/** Decodes an expected scalar: number, null (NaN) or "Infinity"/"-Infinity". */
function decodeExpectedScalar(v: unknown, where: string): number {
  if (v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CaseError(`${where} must be a number, null, "Infinity" or "-Infinity", got ${JSON.stringify(v)}`);
}

function decodeExpected(output: Output, v: unknown): number | number[] {
  if (output === 'array') {
    if (!Array.isArray(v)) throw new CaseError(`expected must be an array for this metric, got ${JSON.stringify(v)}`);
    return v.map((x, i) => decodeExpectedScalar(x, `expected[${i}]`));
  }
  if (Array.isArray(v)) throw new CaseError('expected must be a scalar for this metric, got an array');
  return decodeExpectedScalar(v, 'expected');
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** null when `got` passes against `expected`, else the reason. */
function compareScalar(got: number, expected: number, tolerance: number): string | null {
  if (Number.isNaN(expected)) return Number.isNaN(got) ? null : `expected NaN, got ${got}`;
  if (!Number.isFinite(expected)) return got === expected ? null : `expected ${expected}, got ${got}`;
  if (Number.isNaN(got)) return `expected ${expected}, got NaN`;
  const diff = Math.abs(got - expected);
  return diff <= tolerance ? null : `|got - expected| = ${diff} > tolerance ${tolerance} (got ${got}, expected ${expected})`;
}

function compare(got: number | number[], expected: number | number[], tolerance: number): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return 'expected an array, got a scalar';
    if (got.length !== expected.length) return `got ${got.length} values, expected ${expected.length}`;
    let first: string | null = null;
    let bad = 0;
    for (let i = 0; i < expected.length; i++) {
      const r = compareScalar(got[i]!, expected[i]!, tolerance);
      if (r !== null) {
        bad++;
        first ??= `element ${i}: ${r}`;
      }
    }
    return first === null ? null : bad > 1 ? `${first} (and ${bad - 1} more elements)` : first;
  }
  if (Array.isArray(got)) return 'expected a scalar, got an array';
  return compareScalar(got, expected, tolerance);
}

// ---------------------------------------------------------------------------------------------
// Runner

/** Computes one case; never throws. */
export function runCase(c: unknown, index = 0): CaseResult {
  if (!isPlainObject(c)) return { id: `#${index}`, ok: false, metric: '', reason: 'case is not an object' };
  const id = typeof c.id === 'string' && c.id !== '' ? c.id : `#${index}`;
  const metric = typeof c.metric === 'string' ? c.metric : '';
  const result: CaseResult = { id, ok: false, metric, expected: c.expected };
  try {
    if (typeof c.id !== 'string' || c.id === '') throw new CaseError('case id must be a non-empty string');
    if (typeof c.metric !== 'string') throw new CaseError('metric must be a string');
    if (!hasOwn(METRICS, metric)) throw new CaseError(`unknown metric ${JSON.stringify(metric)}`);
    const spec = METRICS[metric]!;
    if (!hasOwn(c, 'params')) throw new CaseError('missing params (use {} for none)');
    const params = decodeParams(metric, spec, c.params);
    if (!hasOwn(c, 'inputs')) throw new CaseError('missing inputs');
    const inputs = decodeInputs(metric, spec, c.inputs, params);
    if (!hasOwn(c, 'expected')) throw new CaseError('missing expected');
    const expected = decodeExpected(spec.output, c.expected);
    const tol = c.tolerance;
    if (!(typeof tol === 'number' && Number.isFinite(tol) && tol >= 0)) {
      throw new CaseError(`tolerance must be a finite number >= 0, got ${JSON.stringify(tol)}`);
    }
    let got: number | number[];
    try {
      got = spec.run(inputs, params);
    } catch (e) {
      if (e instanceof CaseError) throw e;
      throw new CaseError(`computation failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    result.got = got;
    const why = compare(got, expected, tol);
    if (why === null) result.ok = true;
    else result.reason = why;
  } catch (e) {
    result.reason = e instanceof Error ? e.message : String(e);
  }
  return result;
}

/**
 * Runs every case of a case file (`{description, encoding, case_count, cases}`). File-level
 * problems (not an object, no cases array, case_count mismatch, duplicate ids) go to `problems`;
 * each case passes or fails on its own.
 */
export function runCaseFile(file: unknown): CaseFileResult {
  const problems: string[] = [];
  const results: CaseResult[] = [];
  if (!isPlainObject(file)) {
    problems.push('case file is not a JSON object');
    return { results, passed: 0, failed: 0, problems };
  }
  const cases = file.cases;
  if (!Array.isArray(cases)) {
    problems.push('case file has no cases array');
    return { results, passed: 0, failed: 0, problems };
  }
  if (!hasOwn(file, 'case_count')) problems.push(`case_count is missing (the file has ${cases.length} cases)`);
  else if (file.case_count !== cases.length) {
    problems.push(`case_count is ${JSON.stringify(file.case_count)} but the file has ${cases.length} cases`);
  }
  const firstIndex = new Map<string, number>();
  cases.forEach((c: unknown, i: number) => {
    if (isPlainObject(c) && typeof c.id === 'string') {
      const prev = firstIndex.get(c.id);
      if (prev !== undefined) problems.push(`duplicate case id ${JSON.stringify(c.id)} (cases ${prev} and ${i})`);
      else firstIndex.set(c.id, i);
    }
    results.push(runCase(c, i));
  });
  const passed = results.filter((r) => r.ok).length;
  return { results, passed, failed: results.length - passed, problems };
}
