/**
 * Results of the scenario engine (replays and shocks). Numbers are fractions (-0.3 = -30%);
 * NaN where a figure cannot be computed (JSON: null, see {@link analyticsToJson}).
 *
 * Chart-ready: `symbols[]` (and `portfolio`) with `contributions[]` + `unexplained` is a stacked
 * bar per symbol (one segment per factor, one for the unexplained part; `actual` the marker for
 * replays, `band` the whisker for shocks).
 */
import type { PeriodRegression } from '../pivot/factors';
import type { IsoDate } from '../types';
import type { Weight } from './portfolio';

export const DEFAULT_LOOKBACK_DAYS = 365;
export const DEFAULT_SCENARIO_MIN_ROWS = 60;
/** Two-sided 90% normal quantile of the shock band (in log space). */
export const BAND_Z = 1.645;

export interface FactorContribution {
  factor: string;
  /** The beta used (estimated before a replay window / over the lookback to as-of for a shock). */
  beta: number;
  /** Its standard error. */
  se: number;
  /** Replay: the factor's return over the symbol's window. Shock: the shock (0 when not shocked). */
  move: number;
  /**
   * Replay: beta × move (`linear`) or the compounded exposure. Shock: this factor's share of the
   * predicted simple return, in proportion to `logContribution` (Carino's linking, so that the
   * contributions add up to the prediction).
   */
  contribution: number;
  /** Shock: beta × ln(1 + move), the factor's term of the predicted log return. Replay: null. */
  logContribution: number | null;
}

/** `ok`; `no-data`: no prices for the window / as of; `no-model`: no betas or factor prices, so no decomposition. */
export type ScenarioStatus = 'ok' | 'no-data' | 'no-model';

export interface ScenarioSymbolResult {
  symbol: string;
  status: ScenarioStatus;
  note: string | null;
  /** Replay: the sessions whose closes the window runs between (null for shocks / no data). */
  start: IsoDate | null;
  end: IsoDate | null;
  /** Shock: the date this symbol's betas are estimated to (its own last session, at most the scenario's as-of). Replay: null. */
  asOf: IsoDate | null;
  /** Replay: close(end)/close(start) - 1. NaN for shocks. */
  actual: number;
  /** Σ contributions: the beta-implied return (shock: the predicted return). */
  explained: number;
  /** Replay: actual - explained (alpha, idiosyncratic moves and compounding). NaN for shocks. */
  unexplained: number;
  contributions: FactorContribution[];
  /** The regression the betas come from (shock: on daily log returns). */
  regression: PeriodRegression | null;
  /** Shock only: the 90% band of the predicted return (see {@link Band}). */
  band: Band | null;
}

/** A symbol's row before anything is known of it (no data yet); callers fill in what they find. */
export function emptySymbolResult(symbol: string): ScenarioSymbolResult {
  return {
    symbol,
    status: 'no-data',
    note: null,
    start: null,
    end: null,
    asOf: null,
    actual: NaN,
    explained: NaN,
    unexplained: NaN,
    contributions: [],
    regression: null,
    band: null,
  };
}

/**
 * A shock's 90% band: normal in log space, exp(L ± 1.645 × sd) − 1 around the predicted log return
 * L, with sd² = xᵀ Σ_β x + σ²_ε × days (the betas' estimation uncertainty for the shock vector x
 * of ln(1 + shock), plus the residual over `days` sessions). Stays above −100%.
 */
export interface Band {
  level: number;
  days: number;
  low: number;
  high: number;
  /** Total sd of the predicted log return. */
  sd: number;
  /** σ_ε × √days: the residual (idiosyncratic) part alone. */
  sdResidual: number;
  /** √(xᵀ Σ_β x): the betas' estimation uncertainty alone. */
  sdBetas: number;
}

export interface ScenarioPortfolioResult {
  /** The weights as given, normalised. */
  requested: Weight[];
  /** The weights used: the covered members', renormalised to sum to 1. */
  weights: Weight[];
  /** The share of the requested (normalised) weight that has a result. */
  coverage: number;
  /** The share of the requested weight with prices for the window (replay) / as of the date (shock), with or without betas. */
  dataCoverage: number;
  /** Members requested, and those with a result. */
  members: number;
  covered: number;
  /** In words: how much of the portfolio the result stands for (survivorship). */
  survivorship: string;
  /** Members left out, with why. */
  excluded: Array<{ symbol: string; reason: string }>;
  actual: number;
  explained: number;
  unexplained: number;
  contributions: Array<{ factor: string; contribution: number }>;
  band: Band | null;
  /** Shock: the regression of the portfolio's daily returns the band comes from. */
  regression: PeriodRegression | null;
}

/** How a replay splits a window's return among factors (see replay.ts). */
export type ReplayAttribution = 'linear' | 'compounded';

export interface ScenarioResult {
  kind: 'replay' | 'shock';
  id: string;
  name: string;
  description: string;
  /** Replay window as defined (each symbol's effective sessions are in its row). */
  start: IsoDate | null;
  end: IsoDate | null;
  /** Shock moves (fractions) of the shocked factors. */
  shocks: Record<string, number> | null;
  /** The factors of the beta model. */
  factors: string[];
  /** Replay: each factor's return over the window on the NASDAQ-100's sessions; shock: the moves (0 if unshocked). */
  factorMoves: Record<string, number>;
  /** Shock: the latest date the betas are estimated to (each symbol's own is in its row). Replay: null (betas come from before the window). */
  asOf: IsoDate | null;
  /** The model in words (shock: the log-return factor model and its band). */
  model: string;
  lookbackDays: number;
  /** Replay: how contributions are computed; null for shocks (always beta × shock). */
  attribution: ReplayAttribution | null;
  symbols: ScenarioSymbolResult[];
  portfolio: ScenarioPortfolioResult | null;
  notes: string[];
}

/** JSON with NaN and infinities as null (JSON has neither). */
export function analyticsToJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
