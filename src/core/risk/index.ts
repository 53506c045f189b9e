/**
 * Hashpivot risk engine: pure functions over numeric series (NaN = missing), following
 * docs/RISK_CONVENTIONS.md. No VS Code or Node-only imports: runs anywhere.
 *
 * Defaults: periodsPerYear 252, ddof 1, nanPolicy 'drop', riskFree 0, requiredReturn 0,
 * annualization 'compound', tailProbability 0.05, tailRule 'k_smallest', sign 'negative_fraction'.
 * Two series of different lengths throw a RangeError. A series may be a plain array, a Float64Array
 * or a series prepared once (`prepareSeries`, `prepareBenchmark`) for many metrics or symbols.
 */
export * from './types';
export { prepareSeries, prepareBenchmark, PreparedSeries, countMissing } from './columns';
export type { PreparedBenchmark, SeriesInput, RateInput, Values } from './columns';
export { sum, mean, variance, std, quantile, quantileSorted, normalPdf, normalInverseCdf, ratio } from './stats';
export { simpleReturns, logReturns, cumulativeReturns, cumulativeReturn, annualReturn, annualReturnFromPrices, annualizedVolatility } from './returns';
export type { CumulativeOptions, PriceCagrOptions } from './returns';
export { drawdownSeries, drawdownSeriesFromPrices, maxDrawdown, maxDrawdownFromPrices, calmarRatio } from './drawdown';
export { sharpeRatio, downsideDeviation, sortinoRatio, omegaRatio, informationRatio } from './ratios';
export type { SharpeOptions, DownsideOptions, OmegaOptions, InformationRatioOptions } from './ratios';
export { beta, alpha, correlation } from './benchmark';
export type { BetaOptions, AlphaOptions } from './benchmark';
export { historicalVar, cvar, tailRisk, parametricVar, parametricEs } from './tail';
export type { VarOptions, CvarOptions, ParametricOptions } from './tail';
export {
  rollingVolatility,
  rollingSharpeRatio,
  rollingVolatilityAndSharpe,
  rollingBeta,
  rollingAlpha,
  rollingCorrelation,
  rollingMaxDrawdown,
} from './rolling';
export type { RollingSharpeOptions, RollingBenchmarkOptions, RollingAlphaOptions } from './rolling';
export { runCaseFile, runCase, METRIC_IDS } from './cases';
export type { CaseResult, CaseFileResult } from './cases';
