/**
 * What holdings are worth, what they made, and the risk they carry. Pure.
 *
 * Valuation, per position of `quantity` units at `price` (USD) with cost basis `c` per unit:
 * value = quantity × price (negative for a short); P&L = quantity × (price − c); P&L % = P&L ÷
 * |quantity × c|; day P&L = quantity × (price − previous close). The portfolio's value (NAV) is
 * the positions' values plus cash; a position's weight is its value ÷ NAV (negative for a short).
 * A figure that cannot be known (no price, no cost basis) is null and the position says why.
 *
 * Risk, from daily closes over the lookback (365 days to the as-of date), on the sessions every
 * priced position shares (src/core/scenario/portfolio.ts; BTC at its UTC-day close on each
 * session): the portfolio's daily return r = Σ wᵢ rᵢ with today's weights held fixed (cash earns
 * nothing), then
 * - historical VaR (type-7 quantile at α = 5%) and expected shortfall (mean of the k = ⌊(n−1)α⌋+1
 *   worst days), as returns and in USD (× NAV);
 * - component VaR (Euler, Gaussian): VaRᵢ = z · wᵢ (Σw)ᵢ ÷ σₚ · NAV with z = Φ⁻¹(1−α) and Σ the
 *   sample covariance (ddof 1) of the positions' returns; they add up to the Gaussian VaR
 *   z · σₚ · NAV, so each is the position's share of the portfolio's risk (negative: it hedges);
 * - expected-shortfall contributions: each position's mean P&L on the k worst portfolio days
 *   (they add up to the historical expected shortfall in USD);
 * - β to BTC and to the NASDAQ-100: the OLS slope of r on the benchmark's return between the same
 *   sessions (its close as of each session).
 */
import { valuesAsOf, addDays, dayNumber, indexAtOrBefore, pricesToReturns } from '../calendar';
import * as risk from '../risk';
import { equalWeights, portfolioReturns } from '../scenario/portfolio';
import type { PriceMap } from '../pivot/factors';
import type { IsoDate, SourceKind } from '../types';
import type { Holdings } from './holdings';
import { messageOf } from '../../shared/errors';

export interface PriceQuote {
  /** Last price, USD. */
  price: number;
  /** The close before it (for the day's change), when known. */
  previousClose?: number;
  /** Date (or ISO time) of the price. */
  time: string;
  source: SourceKind;
}

export interface PositionValue {
  symbol: string;
  quantity: number;
  short: boolean;
  price: number | null;
  priceTime: string | null;
  source: SourceKind | null;
  value: number | null;
  costBasis: number | null;
  /** quantity × cost basis (negative for a short: what the sale brought in). */
  costValue: number | null;
  pnl: number | null;
  pnlPct: number | null;
  dayPnl: number | null;
  dayPnlPct: number | null;
  /** value ÷ NAV. */
  weight: number | null;
  /** Why a null figure is null. */
  reasons: string[];
}

export interface PortfolioTotals {
  /** NAV: priced positions plus cash. */
  value: number;
  cash: number;
  /** Sum of the priced positions' values (net exposure). */
  invested: number;
  /** Sum of |value| (gross exposure). */
  gross: number;
  /** Cost of the positions that have a cost basis. */
  cost: number;
  /** P&L of the positions that have a price and a cost basis. */
  pnl: number | null;
  pnlPct: number | null;
  dayPnl: number | null;
  dayPnlPct: number | null;
  /** Symbols without a price (left out of the value). */
  unpriced: string[];
  /** Symbols without a cost basis (left out of the P&L). */
  noCost: string[];
  /** The weakest source among the prices: snapshot < cache < live. */
  source: SourceKind | null;
}

export interface PortfolioValuation {
  positions: PositionValue[];
  totals: PortfolioTotals;
}

const SOURCE_RANK: Record<SourceKind, number> = { snapshot: 0, cache: 1, live: 2 };

export function valueHoldings(holdings: Holdings, quotes: Readonly<Record<string, PriceQuote | undefined>>): PortfolioValuation {
  const rows: PositionValue[] = holdings.positions.map((p) => {
    const q = quotes[p.symbol];
    const reasons: string[] = [];
    const price = q && Number.isFinite(q.price) && q.price > 0 ? q.price : null;
    if (price === null) reasons.push(`no price for ${p.symbol}`);
    const costBasis = p.costBasis ?? null;
    if (costBasis === null) reasons.push('no cost basis in the holdings');
    const value = price === null ? null : p.quantity * price;
    const costValue = costBasis === null ? null : p.quantity * costBasis;
    const pnl = value === null || costValue === null ? null : value - costValue;
    const pnlPct = pnl === null || costValue === null || costValue === 0 ? null : pnl / Math.abs(costValue);
    const prev = q?.previousClose !== undefined && Number.isFinite(q.previousClose) && q.previousClose > 0 ? q.previousClose : null;
    if (price !== null && prev === null) reasons.push('no previous close for the day’s change');
    const dayPnl = price === null || prev === null ? null : p.quantity * (price - prev);
    const dayPnlPct = dayPnl === null || prev === null ? null : dayPnl / Math.abs(p.quantity * prev);
    return {
      symbol: p.symbol,
      quantity: p.quantity,
      short: p.quantity < 0,
      price,
      priceTime: price === null ? null : q!.time,
      source: price === null ? null : q!.source,
      value,
      costBasis,
      costValue,
      pnl,
      pnlPct,
      dayPnl,
      dayPnlPct,
      weight: null,
      reasons,
    };
  });
  const priced = rows.filter((r) => r.value !== null);
  const invested = priced.reduce((s, r) => s + r.value!, 0);
  const nav = invested + holdings.cash;
  for (const r of rows) {
    if (r.value === null) continue;
    if (nav > 0) r.weight = r.value / nav;
    else r.reasons.push('no weight: the portfolio’s value is not positive');
  }
  const withPnl = rows.filter((r) => r.pnl !== null);
  const pnl = withPnl.length ? withPnl.reduce((s, r) => s + r.pnl!, 0) : null;
  const cost = withPnl.reduce((s, r) => s + Math.abs(r.costValue!), 0);
  const withDay = rows.filter((r) => r.dayPnl !== null);
  const dayPnl = withDay.length ? withDay.reduce((s, r) => s + r.dayPnl!, 0) : null;
  const before = dayPnl === null ? null : nav - dayPnl;
  let source: SourceKind | null = null;
  for (const r of priced) if (source === null || SOURCE_RANK[r.source!] < SOURCE_RANK[source]) source = r.source;
  return {
    positions: rows,
    totals: {
      value: nav,
      cash: holdings.cash,
      invested,
      gross: priced.reduce((s, r) => s + Math.abs(r.value!), 0),
      cost,
      pnl,
      pnlPct: pnl === null || cost === 0 ? null : pnl / cost,
      dayPnl,
      dayPnlPct: dayPnl === null || before === null || before <= 0 ? null : dayPnl / before,
      unpriced: rows.filter((r) => r.price === null).map((r) => r.symbol),
      noCost: rows.filter((r) => r.costBasis === null).map((r) => r.symbol),
      source,
    },
  };
}

/** Last close and the one before it, from a daily series as of a date (the snapshot or cache path of {@link PriceQuote}). */
export function quoteFromCloses(
  series: { dates: readonly IsoDate[]; close: readonly number[] } | undefined,
  asOf: IsoDate,
  source: SourceKind,
): PriceQuote | undefined {
  if (!series) return undefined;
  let i = series.dates.length - 1;
  while (i >= 0 && series.dates[i]! > asOf) i--;
  while (i >= 0 && !(series.close[i]! > 0)) i--;
  if (i < 0 || addDays(series.dates[i]!, 7) < asOf) return undefined;
  let j = i - 1;
  while (j >= 0 && !(series.close[j]! > 0)) j--;
  return { price: series.close[i]!, previousClose: j >= 0 ? series.close[j] : undefined, time: series.dates[i]!, source };
}

/**
 * A live (intraday) quote over a daily series: its price, against the last close before the
 * quote's day as the previous close (the close of the quote's own day, if the series already has
 * one, is the day's close being updated). Undefined when the quote is older than the last close.
 */
export function quoteOverCloses(
  series: { dates: readonly IsoDate[]; close: readonly number[] } | undefined,
  live: { price: number; time: string },
): PriceQuote | undefined {
  if (!(Number.isFinite(live.price) && live.price > 0)) return undefined;
  const day = live.time.slice(0, 10);
  if (!series || series.dates.length === 0) return { price: live.price, time: live.time, source: 'live' };
  if (series.dates.at(-1)! > day) return undefined;
  let i = series.dates.length - 1;
  while (i >= 0 && (series.dates[i]! >= day || !(series.close[i]! > 0))) i--;
  return { price: live.price, previousClose: i >= 0 ? series.close[i] : undefined, time: live.time, source: 'live' };
}

/**
 * The holdings valued at the closes on or before `asOf` (each series' own source kind), or at a
 * live quote over those closes where `live` has one for the symbol (see {@link quoteOverCloses}).
 */
export function valueAtCloses(
  holdings: Holdings,
  prices: Readonly<Record<string, (PriceSeriesLike & { origin?: { kind: SourceKind } }) | undefined>>,
  asOf: IsoDate,
  live?: (symbol: string) => { price: number; time: string } | undefined,
): PortfolioValuation {
  const quotes: Record<string, PriceQuote | undefined> = {};
  for (const p of holdings.positions) {
    const s = prices[p.symbol];
    const q = live?.(p.symbol);
    quotes[p.symbol] = (q && quoteOverCloses(s, q)) || quoteFromCloses(s, asOf, s?.origin?.kind ?? 'snapshot');
  }
  return valueHoldings(holdings, quotes);
}

type PriceSeriesLike = { dates: readonly IsoDate[]; close: readonly number[] };

export const PORTFOLIO_LOOKBACK_DAYS = 365;
export const PORTFOLIO_TAIL = 0.05;
/** Fewer common sessions than this give no risk figures (a reason instead). */
export const MIN_RISK_SESSIONS = 30;

export interface RiskContribution {
  symbol: string;
  weight: number;
  /** Euler component of the Gaussian VaR, USD (a loss positive); they add up to `parametricVarUsd`. */
  componentVarUsd: number;
  /** componentVarUsd ÷ parametricVarUsd. */
  componentVarShare: number;
  /** Mean P&L on the k worst portfolio days, USD (a loss negative); they add up to `esUsd`. */
  esContributionUsd: number;
}

export interface PortfolioRisk {
  asOf: IsoDate;
  from: IsoDate | null;
  to: IsoDate | null;
  sessions: number;
  tailProbability: number;
  /** Historical 1-day VaR and expected shortfall as returns (a loss negative), null with `reason` when unknown. */
  varReturn: number | null;
  esReturn: number | null;
  varUsd: number | null;
  esUsd: number | null;
  /** Gaussian VaR, USD (a loss positive): what the component VaRs add up to. */
  parametricVarUsd: number | null;
  volatilityAnnual: number | null;
  betaBtc: number | null;
  betaNdx: number | null;
  contributions: RiskContribution[];
  /** Positions left out of the risk (no price, no history), with why. */
  excluded: Array<{ symbol: string; reason: string }>;
  reason?: string;
}

/** Risk figures that could not be computed: every figure null, with the reason. */
export function riskUnknown(asOf: IsoDate, reason: string, tailProbability = PORTFOLIO_TAIL, excluded: PortfolioRisk['excluded'] = []): PortfolioRisk {
  return {
    asOf,
    from: null,
    to: null,
    sessions: 0,
    tailProbability,
    varReturn: null,
    esReturn: null,
    varUsd: null,
    esUsd: null,
    parametricVarUsd: null,
    volatilityAnnual: null,
    betaBtc: null,
    betaNdx: null,
    contributions: [],
    excluded,
    reason,
  };
}

export interface PortfolioRiskOptions {
  lookbackDays?: number;
  tailProbability?: number;
  /** Benchmark symbols in `prices` (default BTC and NDX). */
  btc?: string;
  ndx?: string;
}

export function portfolioRisk(valuation: PortfolioValuation, prices: PriceMap, asOf: IsoDate, options: PortfolioRiskOptions = {}): PortfolioRisk {
  const alpha = options.tailProbability ?? PORTFOLIO_TAIL;
  const lookback = options.lookbackDays ?? PORTFOLIO_LOOKBACK_DAYS;
  const nav = valuation.totals.value;
  const excluded: Array<{ symbol: string; reason: string }> = [];
  const members = valuation.positions.filter((p) => {
    if (p.weight === null) {
      excluded.push({ symbol: p.symbol, reason: p.reasons[0] ?? 'no weight' });
      return false;
    }
    const s = prices[p.symbol];
    if (!s || s.dates.length < 2 || s.dates[0]! > addDays(asOf, -30)) {
      excluded.push({ symbol: p.symbol, reason: `no daily history for ${p.symbol} over the lookback` });
      return false;
    }
    return true;
  });
  const empty = (reason: string) => riskUnknown(asOf, reason, alpha, excluded);
  if (!(nav > 0)) return empty('the portfolio’s value is not positive');
  if (members.length === 0) return empty('no position has both a price and a daily history');
  const pr = portfolioReturns(equalWeights(members.map((m) => m.symbol)), prices, addDays(asOf, -lookback + 1), asOf);
  const n = pr.returns.length;
  if (n < MIN_RISK_SESSIONS) return empty(`only ${n} common sessions of ${members.map((m) => m.symbol).join(', ')} in the ${lookback} days to ${asOf}`);
  const w = members.map((m) => m.weight!);
  const rp = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j]! * pr.memberReturns[j]![t]!;
    rp[t] = s;
  }
  const varReturn = risk.historicalVar(rp, { tailProbability: alpha });
  const esReturn = risk.cvar(rp, { tailProbability: alpha });

  // Covariance of the members' returns (ddof 1), Σw, σp.
  const means = pr.memberReturns.map((r) => r.reduce((a, b) => a + b, 0) / n);
  const sigmaW = w.map((_, i) => {
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      let c = 0;
      const ri = pr.memberReturns[i]!;
      const rj = pr.memberReturns[j]!;
      for (let t = 0; t < n; t++) c += (ri[t]! - means[i]!) * (rj[t]! - means[j]!);
      s += (c / (n - 1)) * w[j]!;
    }
    return s;
  });
  const variance = w.reduce((s, wi, i) => s + wi * sigmaW[i]!, 0);
  const sigma = Math.sqrt(Math.max(0, variance));
  const z = -risk.normalInverseCdf(alpha);
  const parametricVarUsd = z * sigma * nav;

  // The k worst portfolio days (the same k as the historical expected shortfall).
  const k = Math.min(n, Math.floor((n - 1) * alpha) + 1);
  const worst = [...rp.keys()].sort((a, b) => rp[a]! - rp[b]! || a - b).slice(0, k);
  const contributions: RiskContribution[] = members.map((m, i) => {
    const componentVarUsd = sigma > 0 ? ((z * w[i]! * sigmaW[i]!) / sigma) * nav : 0;
    const es = worst.reduce((s, t) => s + w[i]! * pr.memberReturns[i]![t]!, 0) / k;
    return {
      symbol: m.symbol,
      weight: w[i]!,
      componentVarUsd,
      componentVarShare: parametricVarUsd > 0 ? componentVarUsd / parametricVarUsd : 0,
      esContributionUsd: es * nav,
    };
  });

  const betaTo = (symbol: string | undefined): number | null => {
    const b = symbol ? prices[symbol] : undefined;
    if (!b || b.dates.length < 2 || b.dates[0]! > pr.sessions[0]! || addDays(b.dates.at(-1)!, 7) < asOf) return null;
    const rb = pricesToReturns(valuesAsOf(pr.sessions, b.dates, b.close));
    const beta = risk.beta(rp, rb);
    return Number.isFinite(beta) ? beta : null;
  };
  return {
    asOf,
    from: pr.dates[0]!,
    to: pr.dates.at(-1)!,
    sessions: n,
    tailProbability: alpha,
    varReturn,
    esReturn,
    varUsd: varReturn * nav,
    esUsd: esReturn * nav,
    parametricVarUsd,
    // Sessions on weekends mean a seven-day calendar (crypto only): 365 periods a year, else 252.
    volatilityAnnual: sigma * Math.sqrt(pr.dates.some((d) => ((dayNumber(d) + 4) % 7) % 6 === 0) ? 365 : 252),
    betaBtc: betaTo(options.btc ?? 'BTC'),
    betaNdx: betaTo(options.ndx ?? 'NDX'),
    contributions,
    excluded,
  };
}

export interface PortfolioFigures {
  asOf: IsoDate;
  valuation: PortfolioValuation;
  risk: PortfolioRisk;
}

export interface PortfolioFiguresOptions {
  /** Value at the closes on or before this date; default: the earliest last close among the positions that have data. */
  asOf?: IsoDate;
  /** The data date when no position has data (default: today, UTC). */
  fallbackAsOf?: IsoDate;
  /** A live (intraday) quote for a symbol, when there is one (see {@link valueAtCloses}). */
  live?: (symbol: string) => { price: number; time: string } | undefined;
  risk?: PortfolioRiskOptions;
}

/**
 * The holdings' value, P&L and risk as the Portfolio view shows them (and portfolio alert rules
 * read them): {@link valueAtCloses} at the common as-of date, then {@link portfolioRisk}; risk
 * that throws is {@link riskUnknown} with the error's message.
 */
export function portfolioFigures(
  holdings: Holdings,
  prices: Readonly<Record<string, (PriceSeriesLike & { origin?: { kind: SourceKind } }) | undefined>>,
  options: PortfolioFiguresOptions = {},
): PortfolioFigures {
  const lasts = holdings.positions.map((p) => prices[p.symbol]?.dates.at(-1)).filter((d): d is string => !!d);
  const asOf = options.asOf ?? (lasts.length ? lasts.sort()[0]! : (options.fallbackAsOf ?? new Date().toISOString().slice(0, 10)));
  const valuation = valueAtCloses(holdings, prices, asOf, options.live);
  let r: PortfolioRisk;
  try {
    r = portfolioRisk(valuation, prices, asOf, options.risk);
  } catch (e) {
    r = riskUnknown(asOf, messageOf(e), options.risk?.tailProbability);
  }
  return { asOf, valuation, risk: r };
}

export interface PortfolioValueHistory {
  /** The sessions every priced position has a close on, in the lookback to the as-of date. */
  dates: IsoDate[];
  /** Cash plus Σ quantity × close on each session: today's holdings at past closes. */
  values: number[];
  /** Priced positions left out (no daily history), with why. */
  excluded: Array<{ symbol: string; reason: string }>;
}

/**
 * Today's holdings valued at the closes of past sessions (quantities and cash held fixed), on the
 * sessions every priced position shares in the `lookbackDays` (365) to `asOf` — the sessions
 * {@link portfolioRisk} reads its returns on. Positions without a price are not in the valuation
 * and not here; a priced position without a daily history is left out and listed. No session
 * (nothing priced with a history): empty `dates`.
 */
export function portfolioValueHistory(
  valuation: PortfolioValuation,
  prices: PriceMap,
  asOf: IsoDate,
  /** Calendar days back from asOf; null: the whole shared history. */
  lookbackDays: number | null = PORTFOLIO_LOOKBACK_DAYS,
): PortfolioValueHistory {
  const excluded: PortfolioValueHistory['excluded'] = [];
  const from = lookbackDays === null ? '0000-01-01' : addDays(asOf, -lookbackDays);
  const members: Array<{ symbol: string; quantity: number }> = [];
  for (const p of valuation.positions) {
    if (p.value === null) continue;
    const s = prices[p.symbol];
    if (!s || s.dates.length === 0 || s.dates[0]! > asOf || s.dates.at(-1)! < from)
      excluded.push({ symbol: p.symbol, reason: `no daily history for ${p.symbol}` });
    else members.push({ symbol: p.symbol, quantity: p.quantity });
  }
  if (members.length === 0) return { dates: [], values: [], excluded };
  const sessions = portfolioReturns(equalWeights(members.map((m) => m.symbol)), prices, lookbackDays === null ? undefined : from, asOf).sessions.filter(
    (d) => d >= from,
  );
  const values = sessions.map((d) => {
    let v = valuation.totals.cash;
    for (const m of members) {
      const s = prices[m.symbol]!;
      v += m.quantity * s.close[indexAtOrBefore(s.dates, d)]!;
    }
    return v;
  });
  return { dates: sessions, values, excluded };
}
