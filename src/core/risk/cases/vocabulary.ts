/**
 * The closed vocabulary of risk case files (docs/RISK_CONVENTIONS.md, "Case files"): metric ids,
 * param keys, input names, and for each metric its inputs, params, output shape and the engine
 * function that computes it.
 */
import { alpha, beta, correlation } from '../benchmark';
import { calmarRatio, drawdownSeries, drawdownSeriesFromPrices, maxDrawdown, maxDrawdownFromPrices } from '../drawdown';
import { downsideDeviation, informationRatio, omegaRatio, sharpeRatio, sortinoRatio } from '../ratios';
import { annualizedVolatility, annualReturn, annualReturnFromPrices, cumulativeReturn, cumulativeReturns, logReturns, simpleReturns } from '../returns';
import { rollingAlpha, rollingBeta, rollingCorrelation, rollingMaxDrawdown, rollingSharpeRatio, rollingVolatility } from '../rolling';
import { cvar, historicalVar, parametricEs, parametricVar } from '../tail';
import type { AlphaAnnualization, BetaSubset, Ddof, NanPolicy, RequiredReturnBasis, Sign, TailRule, YearBasis } from '../types';

/** A reason a case cannot be computed (bad vocabulary or shape). */
export class CaseError extends Error {}

export type ParamKey =
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

export type InputName = 'returns' | 'benchmark' | 'risk_free' | 'required_return' | 'prices' | 'dates';

export const INPUT_NAMES: readonly InputName[] = ['returns', 'benchmark', 'risk_free', 'required_return', 'prices', 'dates'];

/** Decoded params (absent keys take the engine defaults). */
export interface Params {
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

/** Decoded inputs: series are row-aligned (dated series joined on the union of dates), NaN = missing. */
export interface Inputs {
  returns?: number[];
  benchmark?: number[];
  riskFree?: number[];
  requiredReturn?: number[];
  prices?: number[];
  dates?: string[];
}

export type Output = 'array' | 'scalar';

export interface MetricSpec {
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

export const METRICS: Record<string, MetricSpec> = {
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
    run: (i, p) => rollingVolatility(i.returns!, req(p.window, 'param window'), { periodsPerYear: p.periods_per_year, ddof: p.ddof, nanPolicy: p.nan_policy }),
  },
  drawdown_series: {
    output: 'array',
    required: ['returns|prices'],
    optional: [],
    params: ['sign', NAN],
    run: (i, p) => (i.prices ? drawdownSeriesFromPrices(i.prices, { sign: p.sign }) : drawdownSeries(i.returns!, { sign: p.sign, nanPolicy: p.nan_policy })),
  },
  max_drawdown: {
    output: 'scalar',
    required: ['returns|prices'],
    optional: [],
    params: ['sign', NAN],
    run: (i, p) => (i.prices ? maxDrawdownFromPrices(i.prices, { sign: p.sign }) : maxDrawdown(i.returns!, { sign: p.sign, nanPolicy: p.nan_policy })),
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
    run: (i, p) => cvar(i.returns!, { tailProbability: p.tail_probability, tailRule: p.tail_rule, ddof: p.ddof, sign: p.sign, nanPolicy: p.nan_policy }),
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
