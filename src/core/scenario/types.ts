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
/** Two-sided 90% normal quantile of the shock band. */
export const BAND_Z = 1.645;

export interface FactorContribution {
  factor: string;
  /** The beta used (estimated before a replay window / over the lookback to as-of for a shock). */
  beta: number;
  /** Its standard error. */
  se: number;
  /** Replay: the factor's return over the symbol's window. Shock: the shock (0 when not shocked). */
  move: number;
  /** beta × move. */
  contribution: number;
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
  /** Replay: close(end)/close(start) - 1. NaN for shocks. */
  actual: number;
  /** Σ contributions: the beta-implied return (shock: the predicted return). */
  explained: number;
  /** Replay: actual - explained (alpha, idiosyncratic moves and compounding). NaN for shocks. */
  unexplained: number;
  contributions: FactorContribution[];
  /** The regression the betas come from. */
  regression: PeriodRegression | null;
  /** Shock only: explained ± 1.645 × residual daily σ × √days (90%). */
  band: Band | null;
}

export interface Band {
  level: number;
  days: number;
  low: number;
  high: number;
}

export interface ScenarioPortfolioResult {
  /** The weights as given, normalised. */
  requested: Weight[];
  /** The weights used: the covered members', renormalised to sum to 1. */
  weights: Weight[];
  /** The share of the requested (normalised) weight that has a result. */
  coverage: number;
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
  /** Shock: the date the betas are estimated to. Replay: null (betas come from before the window). */
  asOf: IsoDate | null;
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
