/**
 * Hypothetical shocks: an instantaneous move of one or more factors, pushed through each
 * symbol's current betas.
 *
 * Model — a factor model of LOG returns, so that no long position can lose more than 100%:
 *
 *   ln(1 + r) = α + Σ_f β_f ln(1 + F_f) + ε,
 *
 * fitted by OLS on the daily returns over the `lookbackDays` (365) calendar days to EACH SYMBOL'S
 * OWN last session (at most the as-of date, and not past the factors' data): a symbol whose data
 * ends earlier keeps its own, older betas (said in its note) rather than pulling every other
 * symbol's window back to its date. Factors: BTC and the NASDAQ-100 always (the two-factor
 * model), plus every other shocked factor (AI, or a user-defined symbol): shocking AI uses the
 * three-factor BTC + NDX + AI model; at most 4. A model factor the scenario does not shock is
 * held at 0 (ln 1): the shock is a partial move (BTC -30% with the NASDAQ-100 flat), not "BTC
 * -30% and whatever usually comes with it".
 *
 * Prediction, with x_f = ln(1 + shock_f) (0 when not shocked) and no intercept:
 *   L = Σ_f β_f x_f,  predicted = exp(L) − 1  (> −100% for any shock > −100%).
 * Contributions split the predicted simple return in proportion to the log terms β_f x_f
 * (Carino's linking coefficient (exp(L) − 1)/L), so they add up to it; `logContribution` keeps the
 * log term itself.
 *
 * Band: 90%, normal in log space, mapped through exp: exp(L ± 1.645 sd) − 1 with
 *   sd² = xᵀ Σ_β x + σ²_ε × days,
 * Σ_β the OLS covariance of the slopes (s² Cxx⁻¹: the uncertainty of the betas themselves, which
 * grows with the size of the shock) and σ_ε the residual daily σ over `bandDays` sessions (default
 * 1: the shock lands in one session). Betas are still estimated in calm and stress together, and
 * are not stable under stress (compare the replays).
 *
 * Portfolio: Σ w × (each member's predicted simple return) — exact for a buy-and-hold portfolio
 * at the instant of the shock, and above −100% for long-only weights. Its band is the same band
 * from the same log regression run on the portfolio's own daily returns (common sessions, to the
 * last date every member has), centred on the portfolio's prediction: (1 + predicted)·exp(±1.645
 * sd) − 1; it diversifies the idiosyncratic risk and keeps the members' correlated beta errors.
 */
import { addDays, dayNumber } from '../calendar';
import {
  AI_FACTOR,
  AnalyticsError,
  BTC_FACTOR,
  factorReturnsOn,
  factorSpec,
  logRows,
  MAX_STALENESS_DAYS,
  NDX_FACTOR,
  regressOver,
  regressRows,
  type FactorSpec,
  type PeriodRegression,
  type PriceMap,
} from '../pivot/factors';
import type { IsoDate } from '../types';
import { aggregatePortfolio } from './aggregate';
import { portfolioReturns, type Weight } from './portfolio';
import { checkFactors, closeIndexAtOrBefore } from './replay';
import {
  BAND_Z,
  DEFAULT_LOOKBACK_DAYS,
  DEFAULT_SCENARIO_MIN_ROWS,
  type Band,
  emptySymbolResult,
  type ScenarioResult,
  type ScenarioSymbolResult,
} from './types';

export interface ShockInput {
  /** Factor id (`BTC`, `NDX`, `AI`, or a symbol) -> move as a fraction. */
  shocks: Readonly<Record<string, number>>;
  id?: string;
  name?: string;
  description?: string;
  symbols: readonly string[];
  prices: PriceMap;
  /**
   * Each symbol's betas are estimated over the lookback to its own last session on or before this
   * date; default: the last date the model's factors all have.
   */
  asOf?: IsoDate;
  weights?: readonly Weight[];
  lookbackDays?: number;
  minRows?: number;
  /** Sessions the idiosyncratic band spans; default 1. */
  bandDays?: number;
}

/** The model's factors for a set of shocked factor ids: BTC, NDX, then the others shocked. */
export function shockFactors(shocked: readonly string[]): FactorSpec[] {
  const out: FactorSpec[] = [BTC_FACTOR, NDX_FACTOR];
  for (const id of shocked) {
    const f = factorSpec(id);
    if (!out.some((o) => o.id === f.id)) out.push(f.id === 'AI' ? AI_FACTOR : f);
  }
  return out;
}

/**
 * The 90% band of a predicted log return `center` (see the module doc): sd² = xᵀ Σ_β x + σ²_ε days.
 * Null when a figure is not finite.
 */
export function logBand(center: number, x: readonly number[], betaCov: readonly (readonly number[])[], residualStd: number, days: number): Band | null {
  let q = 0;
  for (let j = 0; j < x.length; j++) for (let l = 0; l < x.length; l++) q += x[j]! * betaCov[j]![l]! * x[l]!;
  const sdBetas = Math.sqrt(Math.max(0, q));
  const sdResidual = residualStd * Math.sqrt(days);
  const sd = Math.sqrt(q + sdResidual * sdResidual);
  if (![center, sd].every(Number.isFinite)) return null;
  return { level: 0.9, days, low: Math.expm1(center - BAND_Z * sd), high: Math.expm1(center + BAND_Z * sd), sd, sdResidual, sdBetas };
}

/** The last date every member of every factor can price: per factor, its latest member's last date; the earliest over factors. */
export function factorsLastDate(factors: readonly FactorSpec[], prices: PriceMap): IsoDate {
  return factors
    .map((f) =>
      f.members
        .map((m) => prices[m]?.dates.at(-1))
        .filter((d): d is IsoDate => d !== undefined)
        .sort()
        .at(-1)!,
    )
    .sort()[0]!;
}

/** The predicted simple return of log terms, and each term's Carino-linked share of it. */
function linkLogTerms(terms: readonly number[]): { predicted: number; shares: number[] } {
  const L = terms.reduce((a, b) => a + b, 0);
  const predicted = Math.expm1(L);
  const k = Math.abs(L) < 1e-12 ? 1 : predicted / L;
  return { predicted, shares: terms.map((t) => t * k) };
}

export function runShock(input: ShockInput): ScenarioResult {
  const { prices } = input;
  const entries = Object.entries(input.shocks);
  if (entries.length === 0) throw new AnalyticsError('no shock given');
  const shocks: Record<string, number> = {};
  for (const [k, v] of entries) {
    const id = factorSpec(k).id;
    if (id in shocks) throw new AnalyticsError(`factor ${id} is shocked twice`);
    if (!Number.isFinite(v) || v <= -1) throw new AnalyticsError(`the shock of ${id} must be a return above -1 (-100%), got ${String(v)}`);
    shocks[id] = v;
  }
  const factors = shockFactors(Object.keys(shocks));
  checkFactors(factors, prices);
  const lookbackDays = input.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const minRows = input.minRows ?? DEFAULT_SCENARIO_MIN_ROWS;
  const bandDays = input.bandDays ?? 1;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 30)) throw new AnalyticsError(`lookback must be at least 30 days, got ${lookbackDays}`);
  if (!(Number.isInteger(bandDays) && bandDays >= 1)) throw new AnalyticsError(`the band's days must be a positive integer, got ${bandDays}`);
  const factorsEnd = factorsLastDate(factors, prices);
  const asOf = input.asOf ?? factorsEnd;
  const cap = factorsEnd < asOf ? factorsEnd : asOf;
  const moves = Object.fromEntries(factors.map((f) => [f.id, shocks[f.id] ?? 0]));
  const x = factors.map((f) => Math.log1p(moves[f.id]!));

  const symbols = [...new Set([...input.symbols, ...(input.weights ?? []).map((w) => w.symbol)])];
  const rows: ScenarioSymbolResult[] = symbols.map((symbol) => {
    const base = emptySymbolResult(symbol);
    const s = prices[symbol];
    if (!s || s.dates.length === 0) return { ...base, note: 'no price data' };
    if (s.dates[0]! > cap) return { ...base, note: `data starts ${s.dates[0]}, after ${cap}` };
    const own = s.dates[closeIndexAtOrBefore(s, cap)];
    if (own === undefined) return { ...base, note: `no close on or before ${cap}` };
    if (dayNumber(cap) - dayNumber(own) >= lookbackDays) return { ...base, note: `data ends ${own}, more than the ${lookbackDays}-day lookback before ${cap}` };
    const regression = regressOver(s, factors, prices, addDays(own, -lookbackDays + 1), own, minRows, 'log');
    const { predicted, shares } = linkLogTerms(factors.map((f, j) => regression.beta[f.id]! * x[j]!));
    const contributions = factors.map((f, j) => ({
      factor: f.id,
      beta: regression.beta[f.id]!,
      se: regression.se[f.id]!,
      move: moves[f.id]!,
      contribution: shares[j]!,
      logContribution: regression.beta[f.id]! * x[j]!,
    }));
    const ok = !regression.note;
    const stale = dayNumber(cap) - dayNumber(own) > MAX_STALENESS_DAYS ? `betas as of ${own} (its data ends there)` : null;
    return {
      ...base,
      status: ok ? 'ok' : 'no-model',
      note: ok ? stale : `no betas: ${regression.note}`,
      asOf: own,
      explained: predicted,
      contributions,
      regression,
      band: ok ? logBand(Math.log1p(predicted), x, regression.betaCov, regression.residualStd, bandDays) : null,
    };
  });

  const factorIds = factors.map((f) => f.id);
  let portfolio = null;
  let portfolioTo: IsoDate | null = null;
  if (input.weights) {
    portfolio = aggregatePortfolio(rows, input.weights, factorIds, 'shock');
    if (portfolio.weights.length > 0) {
      // The portfolio's own log regression, to the last date all its members have.
      portfolioTo = portfolio.weights.map((w) => rows.find((r) => r.symbol === w.symbol)!.asOf!).sort()[0]!;
      const reg = portfolioRegression(portfolio.weights, factors, prices, addDays(portfolioTo, -lookbackDays + 1), portfolioTo, minRows);
      portfolio.regression = reg;
      portfolio.band = reg.note || !(portfolio.explained > -1) ? null : logBand(Math.log1p(portfolio.explained), x, reg.betaCov, reg.residualStd, bandDays);
    }
  }
  const named = Object.entries(shocks)
    .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`)
    .join(', ');
  return {
    kind: 'shock',
    id: input.id ?? 'custom',
    name: input.name ?? named,
    description: input.description ?? `user-defined shock: ${named}`,
    start: null,
    end: null,
    shocks,
    factors: factorIds,
    factorMoves: moves,
    asOf: cap,
    model: `log-return factor model: ln(1 + r) = α + Σ β ln(1 + F) + ε on ${factorIds.join(' + ')}; predicted = exp(Σ β ln(1 + shock)) − 1, which stays above −100%`,
    lookbackDays,
    attribution: null,
    symbols: rows,
    portfolio,
    notes: [
      `betas: OLS of daily LOG returns on ${factorIds.join(' + ')} over the ${lookbackDays} days to each symbol's own last session (at most ${cap}); factors not shocked are held at 0`,
      'predicted = exp(Σ β ln(1 + shock)) − 1 (no intercept), never below −100%; contributions split it in proportion to β ln(1 + shock) (Carino linking), so they add up; a hypothetical shock has no unexplained part',
      `band (90%): exp(Σ β ln(1 + shock) ± ${BAND_Z} × sd) − 1, sd² = xᵀ Σ_β x + σ²_ε × ${bandDays} day${bandDays === 1 ? '' : 's'}: the betas' estimation uncertainty (their OLS covariance Σ_β, for the shock vector x = ln(1 + shock)) plus the residual`,
      ...(portfolio
        ? [
            `portfolio: Σ weight × member prediction; its band from the same log regression of the portfolio's own daily returns${portfolioTo ? ` to ${portfolioTo} (the last date all members have)` : ''}`,
          ]
        : []),
    ],
  };
}

/** The log-return regression of a portfolio's daily returns (common sessions in [from, to]) on the factors. */
function portfolioRegression(
  weights: readonly Weight[],
  factors: readonly FactorSpec[],
  prices: PriceMap,
  from: IsoDate,
  to: IsoDate,
  minRows: number,
): PeriodRegression {
  const pr = portfolioReturns(weights, prices, from, to);
  const x = factors.map((f) => factorReturnsOn(pr.sessions, f, prices));
  return regressRows(logRows({ dates: pr.dates, y: pr.returns, x, factors: factors.map((f) => f.id) }), minRows);
}
