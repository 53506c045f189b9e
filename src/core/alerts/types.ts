/**
 * Alert rules, their evaluated states and the memory that makes them notify once (issue 8;
 * portfolio rules: issue 16; concentration and counterparty rules: issue 20). Pure: no VS Code, no Node-only APIs. Fractions everywhere
 * (0.15 = 15%); prices in the symbol's quote currency (USD).
 */
import type { Deal } from '../deals';
import type { IsoDate, SourceKind } from '../types';

export type AlertKind = 'price' | 'change' | 'drawdown' | 'volatility' | 'correlation' | 'beta' | 'deal' | 'portfolio' | 'concentration' | 'counterparty';
export const ALERT_KINDS: readonly AlertKind[] = [
  'price',
  'change',
  'drawdown',
  'volatility',
  'correlation',
  'beta',
  'deal',
  'portfolio',
  'concentration',
  'counterparty',
];

/** What a portfolio rule watches. */
export type PortfolioMeasure = 'value' | 'drawdown' | 'var';
export const PORTFOLIO_MEASURES: readonly PortfolioMeasure[] = ['value', 'drawdown', 'var'];
/** How a portfolio rule's `value` is expressed: USD, or a fraction (of the peak for a drawdown, of the portfolio's value for VaR). */
export type PortfolioUnit = 'usd' | 'fraction';
export const PORTFOLIO_UNITS: readonly PortfolioUnit[] = ['usd', 'fraction'];
/** The `symbol` of a portfolio rule's states and events (a portfolio rule has no ticker: consumers test `kind`, not this). */
export const PORTFOLIO_SYMBOL = 'PORTFOLIO';
/** The `symbol` of a counterparty rule's states and events (it watches companies, not a ticker: consumers test `kind`). */
export const COUNTERPARTY_SYMBOL = 'COUNTERPARTY';

export type AlertBenchmark = 'BTC' | 'NDX';
export const ALERT_BENCHMARKS: readonly AlertBenchmark[] = ['BTC', 'NDX'];

/** Fields every rule has. */
export interface AlertRuleBase {
  /** Unique among the rules of one list (user rules, or one workspace file); keys the memory. */
  id: string;
  /** The user's own label; {@link describeRule} is used when absent. */
  name?: string;
  enabled: boolean;
  /** ISO timestamp: until then the rule is evaluated and shown but never notifies. */
  snoozedUntil?: string;
  /** ISO timestamp of creation (set by the UI; workspace-file rules may have none). */
  createdAt?: string;
  /** Free text kept with the rule. */
  note?: string;
}

/** Close (on or before the data date) above / below `value` (strictly). */
export interface PriceRule extends AlertRuleBase {
  kind: 'price';
  symbol: string;
  op: 'above' | 'below';
  /** Price, > 0. */
  value: number;
}

/**
 * Change over `days` calendar days (the close against the close on or before the data date
 * minus `days`, as in the report): above `pct`, below `pct`, or beyond ±`pct` (|change| > pct).
 */
export interface ChangeRule extends AlertRuleBase {
  kind: 'change';
  symbol: string;
  /** Whole calendar days, 1 to 365. */
  days: number;
  op: 'above' | 'below' | 'beyond';
  /** Fraction: 0.15 = 15%. For `beyond`, > 0. */
  pct: number;
}

/** Current drawdown from the peak of the 365 days to the data date deeper than −`depth`. */
export interface DrawdownRule extends AlertRuleBase {
  kind: 'drawdown';
  symbol: string;
  /** Positive magnitude in (0, 1): 0.3 triggers below −30%. */
  depth: number;
}

/** Annualized volatility of the daily returns over `window` calendar days above `above`. */
export interface VolatilityRule extends AlertRuleBase {
  kind: 'volatility';
  symbol: string;
  /** Calendar days, whole, 5 to 365 (30 and 90 as in the report). */
  window: number;
  /** Fraction: 0.9 = 90% a year. */
  above: number;
}

/** Correlation of daily returns to BTC or the NASDAQ-100 over `window` days, above / below `value`. */
export interface CorrelationRule extends AlertRuleBase {
  kind: 'correlation';
  symbol: string;
  benchmark: AlertBenchmark;
  window: number;
  op: 'above' | 'below';
  /** In [−1, 1]. */
  value: number;
}

/**
 * Beta to BTC or the NASDAQ-100 over `window` days crossing `crossing` (between the previous data
 * date evaluated and this one) upward, downward or either way.
 */
export interface BetaRule extends AlertRuleBase {
  kind: 'beta';
  symbol: string;
  benchmark: AlertBenchmark;
  window: number;
  crossing: number;
  direction: 'up' | 'down' | 'either';
}

/** A new deal, or a changed one (value, stage, status, dates, MW, term, counterparty), for a catalog company. */
export interface DealRule extends AlertRuleBase {
  kind: 'deal';
  /** Company ticker in the catalog. */
  symbol: string;
}

/**
 * The holdings (the extension's `.hashpivot/portfolio.json` or user holdings, the CLI's
 * `--portfolio FILE`), valued as the Portfolio view values them (src/core/portfolio
 * `portfolioFigures`):
 * - `value`: the market value, cash included (each position at its close on or before the data
 *   date, or a live quote over it), below `value` USD (strictly); unit `usd`.
 * - `drawdown`: today's holdings valued at the closes of each session they share in the 365 days
 *   to the data date (quantities and cash held fixed, the sessions `portfolioRisk` reads), the
 *   last session against the peak, deeper than −`value`; unit `fraction`, `value` in (0, 1).
 * - `var`: the 1-day historical VaR 95% (`portfolioRisk`, today's weights over the last 365 days)
 *   as a loss, above `value`: USD (unit `usd`, the default) or a fraction of the portfolio's
 *   value (unit `fraction`, in (0, 1)).
 * No holdings, or a position without a price: the rule is an error, never a partial value.
 */
export interface PortfolioRule extends AlertRuleBase {
  kind: 'portfolio';
  measure: PortfolioMeasure;
  /** `value`: usd; `drawdown`: fraction; `var`: either (default usd). */
  unit: PortfolioUnit;
  value: number;
}

/**
 * Counterparty concentration of a miner's contracted AI/HPC backlog (the exposure model of the
 * catalog, src/core/exposure): the largest counterparty's share of the miner's known backlog above
 * `above` (strictly). A miner without a known backlog is an error (the model's reason).
 */
export interface ConcentrationRule extends AlertRuleBase {
  kind: 'concentration';
  /** A company of the catalog. */
  symbol: string;
  /** Fraction in (0, 1): 0.6 triggers above 60% of the known backlog. */
  above: number;
}

/**
 * A new deal (an id the previous evaluation did not see, anywhere in the catalog) whose
 * counterparty's contracted backlog across the universe, the new deal included, is above `above`
 * USD. With `counterparty`, only deals with that company (names resolved as the exposure model
 * does: any case, aliases such as AWS or Alphabet). The first evaluation only records the deals.
 */
export interface CounterpartyRule extends AlertRuleBase {
  kind: 'counterparty';
  /** A company the catalog names; absent: every named counterparty. */
  counterparty?: string;
  /** USD, > 0. */
  above: number;
}

export type AlertRule =
  PriceRule | ChangeRule | DrawdownRule | VolatilityRule | CorrelationRule | BetaRule | DealRule | PortfolioRule | ConcentrationRule | CounterpartyRule;

/** The ticker a rule watches, or {@link PORTFOLIO_SYMBOL} / {@link COUNTERPARTY_SYMBOL} for rules without one. */
export function ruleSymbol(rule: AlertRule): string {
  return rule.kind === 'portfolio' ? PORTFOLIO_SYMBOL : rule.kind === 'counterparty' ? COUNTERPARTY_SYMBOL : rule.symbol;
}

export type AlertStatus = 'armed' | 'triggered' | 'snoozed' | 'disabled' | 'error';

/** How `value`, `threshold` and `distance` of a state are expressed. */
export type AlertUnit = 'price' | 'fraction' | 'ratio' | 'count' | 'usd';

/** The data a state was computed on was not live. */
export interface AlertStale {
  kind: Exclude<SourceKind, 'live'>;
  /** cache: when the cached copy was fetched (ISO timestamp); snapshot: the snapshot's date. */
  asOf: string;
}

/** A rule's state after one evaluation: what the Alerts tree, the status bar and the CLI show. */
export interface AlertState {
  ruleId: string;
  kind: AlertKind;
  /** The rule's ticker; {@link PORTFOLIO_SYMBOL} / {@link COUNTERPARTY_SYMBOL} for rules without one (never a ticker to open). */
  symbol: string;
  /** describeRule(rule) (the rule's `name` is not used here). */
  description: string;
  status: AlertStatus;
  /**
   * The measured value: price, change, drawdown (negative), volatility, correlation, beta; deal
   * rules: how many deals the company has; portfolio rules: the value (USD), the drawdown
   * (negative), the VaR as a loss (positive, USD or a fraction of the value); concentration rules:
   * the largest counterparty's share of the known backlog; counterparty rules: the watched
   * company's contracted backlog in USD (the largest named counterparty's when none is set).
   */
  value?: number;
  /** The trigger level in the same units as `value` (drawdown: −depth; change beyond: +pct). */
  threshold?: number;
  /**
   * How far from triggering, in the units of `value` (price units, fractions, correlation or beta
   * units), positive while still away, ≤ 0 once the condition holds. Undefined for deal rules and
   * for beta before a second data date. Counterparty rules: `above` − the backlog, ≤ 0 when the
   * company is above the trigger (a new deal with it would notify).
   */
  distance?: number;
  unit?: AlertUnit;
  /** One line for people: `IREN price 41.12, 8.6% below the 45.00 trigger`. */
  distanceText: string;
  /** Why the rule is in error (or, for disabled rules, why its value could not be computed). */
  message?: string;
  /** Set when the data was not live (the UI says so). */
  stale?: AlertStale;
  /** The data date the rule was evaluated at (deal rules: the evaluation's date). */
  asOf: IsoDate;
  /** When the current trigger happened (status `triggered`; also kept while snoozed). */
  triggeredAt?: string;
  /** When the status last changed (ISO timestamp). */
  lastChangedAt: string;
}

/** What one rule remembers between evaluations (persisted by the extension and `--memory`). */
export interface AlertMemory {
  /** False after a trigger until the condition has cleared. */
  armed: boolean;
  lastTriggeredAt?: string;
  /** Status of the last evaluation and when it changed to it. */
  status?: AlertStatus;
  changedAt?: string;
  /** The rule's condition as of the last evaluation (see ruleFingerprint): an edited rule starts afresh. */
  ruleKey?: string;
  /** Beta rules: the beta at the last evaluation, its data date, and the beta of the data date before. */
  beta?: { value: number; asOf: IsoDate; previous?: number };
  /** Beta rules: the data date of the crossing that triggered. */
  triggeredAsOf?: IsoDate;
  /** Deal rules: deal id -> fingerprint (JSON of the watched fields). Counterparty rules: every deal id of the catalog -> its counterparty's key. */
  lastSeenDeals?: Record<string, string>;
}

/** Memory of every rule, by rule id. */
export type AlertMemoryMap = Record<string, AlertMemory>;

export interface AlertEvent {
  ruleId: string;
  kind: 'triggered' | 'cleared';
  /** A sentence for a notification, with the stale note when the data was not live. */
  message: string;
  /** The rule's ticker; {@link PORTFOLIO_SYMBOL} / {@link COUNTERPARTY_SYMBOL} for rules without one. */
  symbol: string;
  stale?: AlertStale;
}

/** The deal fields a deal rule reads (a catalog deal fits). */
export type AlertDeal = Pick<Deal, 'id' | 'name' | 'provider' | 'counterparty' | 'valueUSD' | 'stage' | 'status' | 'announced' | 'mw' | 'termYears'>;
