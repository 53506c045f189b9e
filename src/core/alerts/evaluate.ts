/**
 * Evaluation of alert rules on market data and the catalog: pure, run on every data refresh.
 *
 * Metrics are those of the report (src/core/report.ts), as of the data date (the subject's last
 * close, or `options.asOf`), never with a price dated after it:
 * - price: the close on or before the data date;
 * - change over N days: that close against the close on or before (data date − N calendar days);
 * - drawdown: the close against the peak of the closes dated in the 365 days to the data date
 *   (or since the data starts, when it starts later);
 * - volatility: std (ddof 1) of the simple daily returns of the window's closes (from the close on
 *   or before data date − window), annualized with √252 for equities, indices, ETFs, √365 for
 *   crypto and baskets;
 * - correlation and beta: daily returns over the window on aligned calendars
 *   (alignedWindowReturns: the equity side's sessions, the other taken as of each one).
 *   A window that starts before the data does is an error (no partial windows).
 * - portfolio (`data.portfolio`: the holdings, and live quotes where the caller has them), with
 *   the Portfolio view's own function (src/core/portfolio `portfolioFigures`) at the data date
 *   (`options.asOf`, else the earliest last close among the positions): the value, cash included;
 *   the drawdown of today's holdings valued at the closes of the sessions they share in the 365
 *   days to the data date (`portfolioValueHistory`), the last session against the peak; the 1-day
 *   historical VaR 95% as a loss (USD, or a fraction of the value). The figures are computed once
 *   per evaluation for every portfolio rule.
 *
 * Rule semantics:
 * - disabled: status `disabled` (the value is still computed when it can be, for display); its
 *   memory is reset, so a re-enabled rule starts afresh.
 * - snoozed (`snoozedUntil` after `now`): status `snoozed` with value and distance; no event, and
 *   the memory is left as it was: a condition still true when the snooze ends notifies then.
 * - no data, unknown symbol, a window the data does not cover, a NaN metric: status `error` with a
 *   message; memory untouched (but for what the error carries to record, see counterparty). Each rule is evaluated in its own try/catch: one failing rule never
 *   stops the others.
 * - condition true: `triggered`; if the rule was armed, one `triggered` event and it is disarmed.
 *   While the condition stays true, no further event.
 * - condition false: `armed`; a disarmed rule is re-armed with a `cleared` event.
 * - An edited rule (its condition changed, see ruleKey) starts with fresh memory.
 * - beta crossing: the condition is "beta crossed X (in the rule's direction) between the previous
 *   data date evaluated and this one" — sign change of (beta − X). Re-evaluating the same data
 *   date compares with the same previous value (refreshes are idempotent); the first evaluation
 *   only records the beta (armed, with its distance). A crossing on a later data date is a new
 *   occurrence and notifies even if the rule was not re-armed in between.
 * - portfolio rules without holdings (no `data.portfolio`, or no position), or with a position
 *   that has no price at the data date: status `error` with a message (`data.whyNoHoldings`, or
 *   the no-price reason), never a partial value. VaR that cannot be computed (too little common
 *   history) is an error with portfolioRisk's reason.
 * - deal: the first evaluation records a fingerprint of each deal of the company (value, stage,
 *   status, announced, MW, term, counterparty): no trigger. Then a new deal id or a changed
 *   fingerprint triggers, naming the deal and what changed; the fingerprints are updated, so the
 *   next evaluation without a change clears it (re-arms). Each distinct change notifies. A deal
 *   that disappears from the catalog is forgotten silently.
 * - concentration (`data.exposure`: the exposure model of the catalog, src/core/exposure): the
 *   miner's largest counterparty and its share of the miner's known contracted backlog (the
 *   model's `concentration`); triggered while the share is above `above` (strictly), armed below,
 *   re-armed with a `cleared` event once it is back at or below. A miner without a known backlog
 *   (no contracted deal, or none of disclosed value) is an error with the model's reason; a
 *   backlog with deals of undisclosed value is a lower bound, and the text says so.
 * - counterparty: like a deal rule, over every deal of the catalog: the first evaluation records
 *   the deal ids (no trigger); then a deal id not seen at the previous evaluation whose
 *   counterparty (a named company; an undisclosed one is nobody to watch) has a contracted backlog
 *   across the universe, the new deal included when it counts, above `above` triggers, naming the
 *   deal, the company and its backlog. With `counterparty`, only deals with that company (resolved
 *   as the model's `resolveEntity`: any case, aliases). Each distinct set of such new deals
 *   notifies; the next evaluation without one clears it. A company the catalog does not name is
 *   an error listing the names it does; the deals are still recorded, so a deal that later brings
 *   the company into the catalog is a new one. A company named only as a backer or end user has no
 *   backlog as a counterparty (value 0). The state's value is the company's backlog (the largest
 *   named counterparty's without `counterparty`), its distance `above` − that backlog. The
 *   exposure model is built once per evaluation for every such rule.
 * - stale: the data was not live (cache or snapshot; for pair rules the weaker of the two series;
 *   for portfolio rules the weakest of the positions' series — for the value, only those of the
 *   positions not priced by a live quote); states and events carry it and the event message says
 *   so.
 */
import { addDays, indexAtOrBefore, pricesToReturns } from '../calendar';
import { alignedWindowReturns, changeOver, closeAsOf, MAX_STALENESS_DAYS, windowPrices, type ReportSeries } from '../report';
import { annualizedVolatility, beta as betaOf, correlation, drawdownSeriesFromPrices } from '../risk';
import type { DailySeries, IsoDate } from '../types';
import { periodsPerYear } from '../universe';
import { portfolioFigures, portfolioValueHistory, type Holdings, type PortfolioFigures } from '../portfolio';
import { knownEntities, resolveEntity, UnknownEntityError, type EntityExposure, type ExposureModel, type ResolvedDeal } from '../exposure';
import { describeRule, measuredPercent, moneyText, percentText, pointsText, priceText, ratioText, shareText, usdText } from './describe';
import type {
  AlertDeal,
  AlertEvent,
  AlertMemory,
  AlertMemoryMap,
  AlertRule,
  AlertStale,
  AlertState,
  AlertStatus,
  AlertUnit,
  BetaRule,
  ConcentrationRule,
  CounterpartyRule,
  DealRule,
  PortfolioRule,
} from './types';
import { ruleSymbol } from './types';
import { ruleKey } from './validate';
import { messageOf } from '../../shared/errors';

/** What the rules are evaluated on. */
export interface AlertData {
  /** A symbol's daily closes with their asset class and origin; undefined when there are none. */
  series(symbol: string): ReportSeries | undefined;
  /** The benchmarks (default: series('BTC'), series('NDX')). */
  btc?: ReportSeries;
  ndx?: ReportSeries;
  /** Why a symbol has no series (e.g. the store's error), for the rule's message. */
  whyMissing?(symbol: string): string | undefined;
  /** The catalog deals of a company (Catalog.dealsOf); undefined when the company is not in the catalog. */
  deals?(company: string): readonly AlertDeal[] | undefined;
  /** The holdings portfolio rules watch; absent: those rules are errors ({@link whyNoHoldings}). */
  portfolio?: AlertPortfolio;
  /** The message of a portfolio rule when there are no holdings (default {@link NO_HOLDINGS}). */
  whyNoHoldings?: string;
  /**
   * The exposure model of the catalog (src/catalog `catalogExposure`) that concentration and
   * counterparty rules read; called at most once per evaluation. Absent or undefined: those rules
   * are errors ({@link whyNoExposure}).
   */
  exposure?(): ExposureModel | undefined;
  /** The message of a concentration or counterparty rule without an exposure model (default {@link NO_EXPOSURE}). */
  whyNoExposure?: string;
  now: Date;
}

/** What portfolio rules are evaluated on: the holdings; their prices come from {@link AlertData.series}. */
export interface AlertPortfolio {
  holdings: Holdings;
  /** A live quote over the closes (the Portfolio view's intraday price), when there is one. */
  live?: (symbol: string) => { price: number; time: string } | undefined;
}

export const NO_HOLDINGS = 'no holdings: add positions in .hashpivot/portfolio.json';
export const NO_EXPOSURE = 'no catalog to build the exposure model from';

export interface EvaluateOptions {
  /** Evaluate as of this date (closes on or before it) instead of each series' last date. */
  asOf?: IsoDate;
}

export interface EvaluationResult {
  /** One per rule, in the rules' order. */
  states: AlertState[];
  /** The input memory with the evaluated rules' entries updated (other ids kept: see pruneMemory). */
  memory: AlertMemoryMap;
  events: AlertEvent[];
}

/**
 * A rule the data cannot answer: becomes an `error` state with this message. `patch`: memory to
 * store all the same (a counterparty rule on an unknown company still records the deals it saw).
 */
export class AlertDataError extends Error {
  constructor(
    message: string,
    readonly patch?: Partial<AlertMemory>,
  ) {
    super(message);
    this.name = 'AlertDataError';
  }
}

interface Measure {
  condition: boolean;
  value?: number;
  threshold?: number;
  distance?: number;
  unit: AlertUnit;
  /** distanceText. */
  text: string;
  asOf: IsoDate;
  stale?: AlertStale;
  /** Memory fields to store after an evaluation that is not snoozed. */
  patch?: Partial<AlertMemory>;
  /** Identity of this occurrence of the condition: a new one triggers even when disarmed. */
  occurrence?: string;
}

const STALE_RANK = { snapshot: 0, cache: 1, live: 2 } as const;

function staleOf(...series: Array<ReportSeries | undefined>): AlertStale | undefined {
  let worst: ReportSeries['series']['origin'] | undefined;
  for (const s of series) {
    const o = s?.series.origin;
    if (o && o.kind !== 'live' && (!worst || STALE_RANK[o.kind] < STALE_RANK[worst.kind])) worst = o;
  }
  return worst && worst.kind !== 'live' ? { kind: worst.kind, asOf: worst.asOf } : undefined;
}

/** `on snapshot data of 2026-05-29`, `on cached data fetched 2026-06-01T10:00:00.000Z`. */
export function staleNote(stale: AlertStale): string {
  return stale.kind === 'snapshot' ? `on data from the snapshot of ${stale.asOf.slice(0, 10)}, not live` : `on cached data fetched ${stale.asOf}, not live`;
}

function seriesOf(symbol: string, data: AlertData): ReportSeries {
  const s = symbol === 'BTC' ? (data.btc ?? data.series('BTC')) : symbol === 'NDX' ? (data.ndx ?? data.series('NDX')) : data.series(symbol);
  if (!s || s.series.dates.length === 0) throw new AlertDataError(data.whyMissing?.(symbol) ?? `no price data for ${symbol}`);
  return s;
}

/** The data date: options.asOf, checked against the series' coverage, else its last date. */
function dataDate(symbol: string, s: ReportSeries, asOf: IsoDate | undefined): IsoDate {
  const first = s.series.dates[0]!;
  const last = s.series.dates.at(-1)!;
  if (asOf === undefined) return last;
  if (asOf < first) throw new AlertDataError(`${symbol}: ${asOf} is before its data starts (${first})`);
  if (addDays(last, MAX_STALENESS_DAYS) < asOf)
    throw new AlertDataError(`${symbol}: its data ends ${last}, more than ${MAX_STALENESS_DAYS} days before ${asOf}`);
  return asOf;
}

function needHistory(symbol: string, s: ReportSeries, asOf: IsoDate, days: number, what: string): void {
  const first = s.series.dates[0]!;
  if (first > addDays(asOf, -days)) throw new AlertDataError(`${symbol}: ${what} needs closes from ${addDays(asOf, -days)}; the data starts ${first}`);
}

function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new AlertDataError(`${what} cannot be computed from the data (too few prices, or constant ones)`);
  return v;
}

/** `0.13 below the 0.50 trigger`, `at the 0.50 trigger`. */
function position(diff: number, amount: string, trigger: string, words: [string, string] = ['above', 'below']): string {
  return diff === 0 ? `at the ${trigger} trigger` : `${amount} ${diff > 0 ? words[0] : words[1]} the ${trigger} trigger`;
}

function measurePrice(rule: Extract<AlertRule, { kind: 'price' }>, data: AlertData, asOfOpt: IsoDate | undefined): Measure {
  const s = seriesOf(rule.symbol, data);
  const asOf = dataDate(rule.symbol, s, asOfOpt);
  const p = finite(closeAsOf(s.series, asOf), `${rule.symbol} close`);
  const distance = rule.op === 'above' ? rule.value - p : p - rule.value;
  const rel = p / rule.value - 1;
  const text = `price ${priceText(p)}, ${position(rel, measuredPercent(Math.abs(rel)), priceText(rule.value))}`;
  return {
    condition: rule.op === 'above' ? p > rule.value : p < rule.value,
    value: p,
    threshold: rule.value,
    distance,
    unit: 'price',
    text,
    asOf,
    stale: staleOf(s),
  };
}

function measureChange(rule: Extract<AlertRule, { kind: 'change' }>, data: AlertData, asOfOpt: IsoDate | undefined): Measure {
  const s = seriesOf(rule.symbol, data);
  const asOf = dataDate(rule.symbol, s, asOfOpt);
  needHistory(rule.symbol, s, asOf, rule.days, `the ${rule.days}-day change`);
  const c = finite(changeOver(s.series, asOf, rule.days), `${rule.symbol} ${rule.days}-day change`);
  let distance: number;
  let condition: boolean;
  let trigger: string;
  if (rule.op === 'above') [distance, condition, trigger] = [rule.pct - c, c > rule.pct, `above ${percentText(rule.pct, true)}`];
  else if (rule.op === 'below') [distance, condition, trigger] = [c - rule.pct, c < rule.pct, `below ${percentText(rule.pct, true)}`];
  else [distance, condition, trigger] = [rule.pct - Math.abs(c), Math.abs(c) > rule.pct, `±${percentText(rule.pct)}`];
  const diff = rule.op === 'beyond' ? Math.abs(c) - rule.pct : c - rule.pct;
  const text = `${rule.days}-day change ${measuredPercent(c, true)}, ${position(diff, pointsText(diff), trigger, rule.op === 'beyond' ? ['beyond', 'short of'] : ['above', 'below'])}`;
  return { condition, value: c, threshold: rule.pct, distance, unit: 'fraction', text, asOf, stale: staleOf(s) };
}

function measureDrawdown(rule: Extract<AlertRule, { kind: 'drawdown' }>, data: AlertData, asOfOpt: IsoDate | undefined): Measure {
  const s = seriesOf(rule.symbol, data);
  const asOf = dataDate(rule.symbol, s, asOfOpt);
  const { dates, close } = s.series;
  const end = indexAtOrBefore(dates, asOf);
  const start = indexAtOrBefore(dates, addDays(asOf, -366)) + 1; // first date >= asOf - 365, as the report
  const prices: number[] = [];
  let peak = -Infinity;
  let peakDate = '';
  for (let i = start; i <= end; i++) {
    const p = close[i]!;
    if (!Number.isFinite(p)) continue;
    prices.push(p);
    if (p > peak) [peak, peakDate] = [p, dates[i]!];
  }
  const dd = drawdownSeriesFromPrices(prices);
  const current = finite(dd.length ? dd.at(-1)! : NaN, `${rule.symbol} drawdown`);
  const distance = current + rule.depth;
  const text = `drawdown ${measuredPercent(current)} from the ${priceText(peak)} peak of ${peakDate}, ${position(-distance, pointsText(distance), percentText(-rule.depth), ['deeper than', 'short of'])}`;
  return { condition: current < -rule.depth, value: current, threshold: -rule.depth, distance, unit: 'fraction', text, asOf, stale: staleOf(s) };
}

function measureVolatility(rule: Extract<AlertRule, { kind: 'volatility' }>, data: AlertData, asOfOpt: IsoDate | undefined): Measure {
  const s = seriesOf(rule.symbol, data);
  const asOf = dataDate(rule.symbol, s, asOfOpt);
  needHistory(rule.symbol, s, asOf, rule.window, `the ${rule.window}-day volatility`);
  const r = pricesToReturns(windowPrices(s.series, asOf, rule.window).close);
  const v = finite(annualizedVolatility(r, { periodsPerYear: periodsPerYear(s.assetClass) }), `${rule.symbol} ${rule.window}-day volatility`);
  const distance = rule.above - v;
  const text = `${rule.window}-day volatility ${measuredPercent(v)} a year, ${position(-distance, pointsText(distance), percentText(rule.above))}`;
  return { condition: v > rule.above, value: v, threshold: rule.above, distance, unit: 'fraction', text, asOf, stale: staleOf(s) };
}

/** Subject and benchmark series, the data date, and the window's aligned returns. */
function pairReturns(rule: { symbol: string; benchmark: 'BTC' | 'NDX'; window: number }, data: AlertData, asOfOpt: IsoDate | undefined) {
  const s = seriesOf(rule.symbol, data);
  const asOf = dataDate(rule.symbol, s, asOfOpt);
  const b = seriesOf(rule.benchmark, data);
  const bFirst = b.series.dates[0]!;
  const bLast = b.series.dates.at(-1)!;
  if (bFirst > addDays(asOf, -rule.window))
    throw new AlertDataError(
      `${rule.benchmark}: the ${rule.window}-day window to ${asOf} needs closes from ${addDays(asOf, -rule.window)}; its data starts ${bFirst}`,
    );
  if (addDays(bLast, MAX_STALENESS_DAYS) < asOf)
    throw new AlertDataError(`${rule.benchmark}: its data ends ${bLast}, more than ${MAX_STALENESS_DAYS} days before ${asOf}`);
  needHistory(rule.symbol, s, asOf, rule.window, `the ${rule.window}-day window`);
  const { r, b: rb } = alignedWindowReturns(s, b, asOf, rule.window);
  return { r, rb, asOf, stale: staleOf(s, b) };
}

function measureCorrelation(rule: Extract<AlertRule, { kind: 'correlation' }>, data: AlertData, asOfOpt: IsoDate | undefined): Measure {
  const { r, rb, asOf, stale } = pairReturns(rule, data, asOfOpt);
  const c = finite(correlation(r, rb), `${rule.symbol} correlation to ${rule.benchmark}`);
  const distance = rule.op === 'above' ? rule.value - c : c - rule.value;
  const text = `${rule.window}-day correlation to ${rule.benchmark} ${ratioText(c)}, ${position(c - rule.value, ratioText(Math.abs(c - rule.value)), ratioText(rule.value))}`;
  return { condition: rule.op === 'above' ? c > rule.value : c < rule.value, value: c, threshold: rule.value, distance, unit: 'ratio', text, asOf, stale };
}

function measureBeta(rule: BetaRule, data: AlertData, asOfOpt: IsoDate | undefined, mem: AlertMemory): Measure {
  const { r, rb, asOf, stale } = pairReturns(rule, data, asOfOpt);
  const cur = finite(betaOf(r, rb), `${rule.symbol} beta to ${rule.benchmark}`);
  const X = rule.crossing;
  const m = mem.beta;
  // The beta of the previous data date evaluated (a re-evaluation of the same date keeps it).
  const previous = m === undefined ? undefined : m.asOf === asOf ? m.previous : m.asOf < asOf ? m.value : undefined;
  const patch: Partial<AlertMemory> = { beta: { value: cur, asOf, previous } };
  const up = previous !== undefined && previous <= X && cur > X;
  const down = previous !== undefined && previous >= X && cur < X;
  const condition = rule.direction === 'up' ? up : rule.direction === 'down' ? down : up || down;
  const distance = rule.direction === 'up' ? X - cur : rule.direction === 'down' ? cur - X : Math.abs(cur - X);
  const was = previous === undefined ? 'first data date evaluated' : `${ratioText(previous)} on the previous data date`;
  let text: string;
  if (condition) text = `${rule.window}-day beta to ${rule.benchmark} ${ratioText(cur)} crossed ${ratioText(X)} ${cur > X ? 'upward' : 'downward'} (${was})`;
  else if (distance < 0 || (distance === 0 && rule.direction !== 'either'))
    text = `${rule.window}-day beta to ${rule.benchmark} ${ratioText(cur)} is ${cur > X ? 'above' : cur < X ? 'below' : 'at'} ${ratioText(X)}; a${rule.direction === 'up' ? 'n upward' : ' downward'} crossing needs it back ${rule.direction === 'up' ? 'at or below' : 'at or above'} first (${was})`;
  else
    text = `${rule.window}-day beta to ${rule.benchmark} ${ratioText(cur)}, ${ratioText(Math.abs(cur - X))} ${cur > X ? 'above' : cur < X ? 'below' : 'at'} the ${ratioText(X)} crossing (${was})`;
  return { condition, value: cur, threshold: X, distance, unit: 'ratio', text, asOf, stale, patch, occurrence: condition ? `beta:${asOf}` : undefined };
}

const DEAL_FIELDS = ['valueUSD', 'stage', 'status', 'announced', 'mw', 'termYears', 'counterparty'] as const;
type DealFields = Partial<Record<(typeof DEAL_FIELDS)[number], unknown>>;

/** The watched fields of a deal as JSON (not its name: a renamed deal is not a change). */
export function dealFingerprint(d: AlertDeal): string {
  const o: Record<string, unknown> = {};
  for (const f of DEAL_FIELDS) o[f] = d[f] ?? null;
  return JSON.stringify(o);
}

function fieldText(f: string, v: unknown): string {
  if (v === null || v === undefined) return 'unknown';
  if (f === 'valueUSD' && typeof v === 'number') return usdText(v);
  if (f === 'mw' && typeof v === 'number') return `${v} MW`;
  if (f === 'termYears' && typeof v === 'number') return `${v} years`;
  return typeof v === 'string' ? (v.length > 60 ? `"${v.slice(0, 59)}…"` : `"${v}"`) : String(v);
}

const FIELD_LABEL: Record<string, string> = {
  valueUSD: 'value',
  stage: 'stage',
  status: 'status',
  announced: 'announced',
  mw: 'MW',
  termYears: 'term',
  counterparty: 'counterparty',
};

function parseFingerprint(fp: string): DealFields {
  try {
    return JSON.parse(fp) as DealFields;
  } catch {
    return {};
  }
}

function measureDeal(rule: DealRule, data: AlertData, asOfOpt: IsoDate | undefined, mem: AlertMemory): Measure {
  const asOf = asOfOpt ?? data.now.toISOString().slice(0, 10);
  const deals = data.deals?.(rule.symbol);
  if (!deals) throw new AlertDataError(`${rule.symbol} is not a company of the catalog`);
  const fps: Record<string, string> = {};
  for (const d of deals) fps[d.id] = dealFingerprint(d);
  const n = deals.length;
  const count = `${n} deal${n === 1 ? '' : 's'}`;
  const patch: Partial<AlertMemory> = { lastSeenDeals: fps };
  const seen = mem.lastSeenDeals;
  if (!seen) return { condition: false, value: n, unit: 'count', text: `${count} recorded; watching for new or changed ones`, asOf, patch };

  const parts: string[] = [];
  for (const d of deals) {
    const before = seen[d.id];
    if (before === undefined) {
      const bits = [d.valueUSD != null ? usdText(d.valueUSD) : 'value undisclosed', d.stage, d.mw != null ? `${d.mw} MW` : undefined].filter(Boolean);
      parts.push(`new deal ${d.id} (${d.name}: ${bits.join(', ')})`);
    } else if (before !== fps[d.id]) {
      const a = parseFingerprint(before);
      const b = parseFingerprint(fps[d.id]!);
      const changes = DEAL_FIELDS.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null)).map(
        (f) => `${FIELD_LABEL[f]} ${fieldText(f, a[f])} → ${fieldText(f, b[f])}`,
      );
      parts.push(`${d.id} (${d.name}) changed: ${changes.join(', ') || 'details'}`);
    }
  }
  if (parts.length === 0) return { condition: false, value: n, unit: 'count', text: `${count}; no new or changed deal since the last check`, asOf, patch };
  return { condition: true, value: n, unit: 'count', text: parts.join('; '), asOf, patch, occurrence: `deals:${JSON.stringify(fps)}` };
}

function measureConcentration(rule: ConcentrationRule, exposure: () => ExposureModel, asOf: IsoDate): Measure {
  const m = exposure().miners.find((x) => x.symbol === rule.symbol);
  if (!m) throw new AlertDataError(`${rule.symbol} is not a company of the catalog`);
  const top = m.concentration.largest;
  if (!top || m.backlogUsd === null) throw new AlertDataError(`${rule.symbol}: ${m.concentration.reason ?? 'no known backlog'}`);
  const share = top.share;
  const diff = share - rule.above;
  const unknown = m.unknownValueDealIds;
  const lower = unknown.length
    ? ` (the backlog is a lower bound: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no disclosed value and ${unknown.length === 1 ? 'is' : 'are'} not in the shares)`
    : '';
  const text = `${rule.symbol}: ${top.label} ${shareText(share)} of the known backlog (${usdText(m.backlogUsd)}), ${position(diff, pointsText(diff), percentText(rule.above))}${lower}`;
  return { condition: share > rule.above, value: share, threshold: rule.above, distance: rule.above - share, unit: 'fraction', text, asOf };
}

/** `Fluidstack: $23.2B of contracted backlog (a lower bound), $13.2B above the $10B trigger`. */
function backlogLevel(label: string, row: EntityExposure, above: number): string {
  if (row.backlogUsd === null) return `${label}: contracted backlog unknown (no disclosed value: ${row.unknownValueDealIds.join(', ')})`;
  const diff = row.backlogUsd - above;
  return `${label}: ${usdText(row.backlogUsd)} of contracted backlog${row.lowerBound ? ' (a lower bound)' : ''}, ${position(diff, usdText(Math.abs(diff)), usdText(above))}`;
}

/** `new deal id (name: $2B)`, with why it is not backlog when it is not. */
function newDealText(d: ResolvedDeal): string {
  const value = d.valueUsd !== null ? usdText(d.valueUsd) : 'value undisclosed';
  return `new deal ${d.id} (${d.name ?? d.id}: ${value}${d.counts ? '' : `, not counted as backlog: ${d.reason}`})`;
}

function measureCounterparty(rule: CounterpartyRule, exposure: () => ExposureModel, asOf: IsoDate, mem: AlertMemory): Measure {
  const model = exposure();
  const seenNow: Record<string, string> = {};
  for (const d of model.deals) seenNow[d.id] = d.counterparty.key;
  const patch: Partial<AlertMemory> = { lastSeenDeals: seenNow };
  const watched = rule.counterparty === undefined ? undefined : resolveEntity(model, rule.counterparty);
  if (rule.counterparty !== undefined && !watched)
    throw new AlertDataError(
      new UnknownEntityError(
        rule.counterparty,
        knownEntities(model).map((e) => e.name),
      ).message,
      patch,
    );
  const rowOf = (key: string) => model.counterparties.find((r) => r.key === key);
  const above = rule.above;

  // The level: the watched company's backlog as a counterparty, or the largest named counterparty's.
  let level: string;
  let value: number | undefined;
  if (watched) {
    const row = rowOf(watched.key);
    if (row) {
      level = backlogLevel(row.label, row, above);
      value = row.backlogUsd ?? undefined;
    } else {
      const roles = watched.roles.filter((r) => r !== 'counterparty').map((r) => (r === 'backer' ? 'a backer' : 'an end user'));
      const why = watched.roles.includes('counterparty') ? 'none of its deals counts as backlog' : `the catalog names it as ${roles.join(' and ')} only`;
      level = `${watched.name}: no contracted backlog as a counterparty (${why})`;
      value = 0;
    }
  } else {
    const named = model.counterparties.filter((r) => r.entity !== null);
    const top = named[0];
    if (top) {
      const over = named.filter((r) => r.backlogUsd !== null && r.backlogUsd > above).map((r) => r.label);
      level = `largest counterparty ${backlogLevel(top.label, top, above)}${over.length ? ` (${over.length} above it: ${over.join(', ')})` : ''}`;
      value = top.backlogUsd ?? undefined;
    } else level = 'no named counterparty has contracted backlog';
  }
  const figures = { value, threshold: above, distance: value === undefined ? undefined : above - value, unit: 'usd' as const, asOf, patch };

  const seen = mem.lastSeenDeals;
  const n = model.deals.length;
  if (!seen) return { ...figures, condition: false, text: `${level}; ${n} deal${n === 1 ? '' : 's'} recorded, watching for new ones` };
  const fresh = model.deals.filter((d) => seen[d.id] === undefined);
  const hits: string[] = [];
  for (const d of fresh) {
    if (d.counterparty.entity === null) continue; // an undisclosed counterparty: nobody to watch
    if (watched && d.counterparty.key !== watched.key) continue;
    const row = rowOf(d.counterparty.key);
    const backlog = row?.backlogUsd ?? null;
    if (backlog === null || !(backlog > above)) continue;
    hits.push(
      `${newDealText(d)} with ${d.counterparty.label}, whose contracted backlog is ${d.counts && d.valueUsd !== null ? 'now ' : ''}${usdText(backlog)}${row!.lowerBound ? ' (a lower bound)' : ''}, ${usdText(backlog - above)} above the ${usdText(above)} trigger`,
    );
  }
  if (hits.length)
    return {
      ...figures,
      condition: true,
      text: hits.join('; '),
      occurrence: `counterparty:${fresh
        .map((d) => d.id)
        .sort()
        .join(',')}`,
    };
  if (!fresh.length) return { ...figures, condition: false, text: `${level}; no new deal since the last check` };
  const whom = watched ? `with ${watched.name} above the trigger` : 'with a counterparty above the trigger';
  return {
    ...figures,
    condition: false,
    text: `${level}; ${fresh.length} new deal${fresh.length === 1 ? '' : 's'} since the last check, none ${whom} (${fresh.map((d) => d.id).join(', ')})`,
  };
}

/** The portfolio's figures and the series they were computed on (one evaluation's). */
interface PortfolioInput {
  figures: PortfolioFigures;
  /** The positions' series (those that have one). */
  series: Map<string, ReportSeries>;
  prices: Record<string, DailySeries>;
}

function portfolioInputOf(data: AlertData, asOfOpt: IsoDate | undefined): PortfolioInput {
  const p = data.portfolio;
  if (!p || p.holdings.positions.length === 0) throw new AlertDataError(data.whyNoHoldings ?? NO_HOLDINGS);
  const series = new Map<string, ReportSeries>();
  const prices: Record<string, DailySeries> = {};
  for (const { symbol } of p.holdings.positions) {
    const s = symbol === 'BTC' ? (data.btc ?? data.series('BTC')) : symbol === 'NDX' ? (data.ndx ?? data.series('NDX')) : data.series(symbol);
    if (s && s.series.dates.length) {
      series.set(symbol, s);
      prices[symbol] = s.series;
    }
  }
  const figures = portfolioFigures(p.holdings, prices, { asOf: asOfOpt, fallbackAsOf: asOfOpt ?? data.now.toISOString().slice(0, 10), live: p.live });
  const unpriced = figures.valuation.totals.unpriced;
  if (unpriced.length) {
    const why = unpriced.map((sym) => {
      const s = series.get(sym);
      if (s) return `${sym} (its data ends ${s.series.dates.at(-1)!}, more than ${MAX_STALENESS_DAYS} days before ${figures.asOf})`;
      const reason = data.whyMissing?.(sym);
      return reason ? `${sym} (${reason})` : sym;
    });
    throw new AlertDataError(
      `no price at ${figures.asOf} for ${why.join(', ')}: the portfolio's value would leave ${unpriced.length === 1 ? 'it' : 'them'} out`,
    );
  }
  return { figures, series, prices };
}

/** `(without X: no daily history)` for positions a figure leaves out; '' when none. */
function withoutText(excluded: ReadonlyArray<{ symbol: string; reason: string }>): string {
  return excluded.length ? ` (without ${excluded.map((e) => `${e.symbol}: ${e.reason}`).join('; ')})` : '';
}

function measurePortfolio(rule: PortfolioRule, input: () => PortfolioInput): Measure {
  const { figures, series, prices } = input();
  const { asOf, valuation, risk } = figures;
  const X = rule.value;
  if (rule.measure === 'value') {
    const v = finite(valuation.totals.value, 'the portfolio value');
    const rel = v / X - 1;
    const text = `value ${moneyText(v)}, ${position(rel, measuredPercent(Math.abs(rel)), moneyText(X))}`;
    // Positions priced by a live quote are live, whatever their daily series is.
    const closes = valuation.positions.filter((p) => p.source !== 'live').map((p) => series.get(p.symbol));
    return { condition: v < X, value: v, threshold: X, distance: v - X, unit: 'usd', text, asOf, stale: staleOf(...closes) };
  }
  const stale = staleOf(...series.values());
  if (rule.measure === 'drawdown') {
    const h = portfolioValueHistory(valuation, prices, asOf);
    if (h.dates.length < 2)
      throw new AlertDataError(`the portfolio's drawdown needs closes of every position on at least 2 common sessions in the 365 days to ${asOf}`);
    let peak = -Infinity;
    let peakDate = '';
    h.values.forEach((v, i) => {
      if (v > peak) [peak, peakDate] = [v, h.dates[i]!];
    });
    if (!(peak > 0)) throw new AlertDataError(`the portfolio's value was not positive in the 365 days to ${asOf}: no drawdown`);
    const current = finite(h.values.at(-1)! / peak - 1, 'the portfolio drawdown');
    const distance = current + X;
    const since = h.dates[0]! > addDays(asOf, -358) ? ` (common closes from ${h.dates[0]!})` : '';
    const text =
      `drawdown ${measuredPercent(current)} of today's holdings at past closes, from the ${moneyText(peak)} peak of ${peakDate}${since}, ` +
      `${position(-distance, pointsText(distance), percentText(-X), ['deeper than', 'short of'])}${withoutText(h.excluded)}`;
    return { condition: current < -X, value: current, threshold: -X, distance, unit: 'fraction', text, asOf: h.dates.at(-1)!, stale };
  }
  if (risk.reason !== undefined || risk.varUsd === null || risk.varReturn === null)
    throw new AlertDataError(`the portfolio's VaR cannot be computed: ${risk.reason ?? 'no data'}`);
  const lossUsd = -risk.varUsd;
  const lossShare = -risk.varReturn;
  const var95 = `1-day VaR 95%`;
  if (rule.unit === 'fraction') {
    const diff = lossShare - X;
    const text = `${var95} ${measuredPercent(lossShare)} of the value (${moneyText(lossUsd)}), ${position(diff, pointsText(diff), percentText(X))}${withoutText(risk.excluded)}`;
    return { condition: lossShare > X, value: lossShare, threshold: X, distance: X - lossShare, unit: 'fraction', text, asOf, stale };
  }
  const rel = lossUsd / X - 1;
  const text = `${var95} ${moneyText(lossUsd)} (${measuredPercent(lossShare)} of the value), ${position(rel, measuredPercent(Math.abs(rel)), moneyText(X))}${withoutText(risk.excluded)}`;
  return { condition: lossUsd > X, value: lossUsd, threshold: X, distance: X - lossUsd, unit: 'usd', text, asOf, stale };
}

function measure(
  rule: AlertRule,
  data: AlertData,
  asOf: IsoDate | undefined,
  mem: AlertMemory,
  portfolio: () => PortfolioInput,
  exposure: () => ExposureModel,
): Measure {
  switch (rule.kind) {
    case 'price':
      return measurePrice(rule, data, asOf);
    case 'change':
      return measureChange(rule, data, asOf);
    case 'drawdown':
      return measureDrawdown(rule, data, asOf);
    case 'volatility':
      return measureVolatility(rule, data, asOf);
    case 'correlation':
      return measureCorrelation(rule, data, asOf);
    case 'beta':
      return measureBeta(rule, data, asOf, mem);
    case 'deal':
      return measureDeal(rule, data, asOf, mem);
    case 'portfolio':
      return measurePortfolio(rule, portfolio);
    case 'concentration':
      return measureConcentration(rule, exposure, asOf ?? data.now.toISOString().slice(0, 10));
    case 'counterparty':
      return measureCounterparty(rule, exposure, asOf ?? data.now.toISOString().slice(0, 10), mem);
    default:
      throw new AlertDataError(`unknown rule kind "${(rule as { kind: unknown }).kind}"`);
  }
}

function eventMessage(rule: AlertRule, kind: 'triggered' | 'cleared', m: Measure): string {
  const note = m.stale ? ` (${staleNote(m.stale)})` : '';
  const d = describeRule(rule);
  // Deal, concentration and counterparty texts name their subject themselves.
  const what =
    rule.kind === 'deal' || rule.kind === 'concentration' || rule.kind === 'counterparty'
      ? m.text
      : rule.kind === 'portfolio'
        ? `Portfolio ${m.text}`
        : `${rule.symbol} ${m.text}`;
  return kind === 'triggered' ? `${d}: ${what}${note}` : `${d}: cleared, re-armed (${what})${note}`;
}

/** True when the rule is snoozed at `now`. */
export function isSnoozed(rule: AlertRule, now: Date): boolean {
  return rule.snoozedUntil !== undefined && Date.parse(rule.snoozedUntil) > now.getTime();
}

/**
 * Evaluates every rule (see the module comment for the semantics). Pure: the input memory is not
 * modified; the new memory, states and events are returned.
 */
export function evaluateRules(rules: readonly AlertRule[], memory: Readonly<AlertMemoryMap>, data: AlertData, options: EvaluateOptions = {}): EvaluationResult {
  const nowIso = data.now.toISOString();
  const fallbackAsOf = options.asOf ?? nowIso.slice(0, 10);
  const out: AlertMemoryMap = { ...memory };
  const states: AlertState[] = [];
  const events: AlertEvent[] = [];
  // The portfolio's figures, computed on first use and shared by every portfolio rule (an error too).
  let portfolio: { value: PortfolioInput } | { error: unknown } | undefined;
  const portfolioInput = (): PortfolioInput => {
    if (!portfolio) {
      try {
        portfolio = { value: portfolioInputOf(data, options.asOf) };
      } catch (e) {
        portfolio = { error: e };
      }
    }
    if ('error' in portfolio) throw portfolio.error;
    return portfolio.value;
  };
  // The exposure model, likewise built on first use for every concentration and counterparty rule.
  let exposure: { value: ExposureModel } | { error: unknown } | undefined;
  const exposureInput = (): ExposureModel => {
    if (!exposure) {
      try {
        const model = data.exposure?.();
        exposure = model ? { value: model } : { error: new AlertDataError(data.whyNoExposure ?? NO_EXPOSURE) };
      } catch (e) {
        exposure = { error: e };
      }
    }
    if ('error' in exposure) throw exposure.error;
    return exposure.value;
  };

  for (const rule of rules) {
    const key = ruleKey(rule);
    const prev = memory[rule.id];
    const fresh = !prev || prev.ruleKey !== key;
    const mem: AlertMemory = fresh ? { armed: true, ruleKey: key } : { ...prev, lastSeenDeals: prev.lastSeenDeals ? { ...prev.lastSeenDeals } : undefined };
    if (mem.lastSeenDeals === undefined) delete mem.lastSeenDeals;
    const description = (() => {
      try {
        return describeRule(rule);
      } catch {
        return `${String((rule as { kind?: unknown }).kind)} rule ${rule.id}`;
      }
    })();

    let m: Measure | undefined;
    let error: string | undefined;
    let errorPatch: Partial<AlertMemory> | undefined;
    try {
      m = measure(rule, data, options.asOf, mem, portfolioInput, exposureInput);
    } catch (e) {
      error = messageOf(e);
      if (e instanceof AlertDataError) errorPatch = e.patch;
    }

    let status: AlertStatus;
    let next: AlertMemory;
    if (!rule.enabled) {
      status = 'disabled';
      next = { armed: true, ruleKey: key, status: mem.status, changedAt: mem.changedAt };
    } else if (m === undefined) {
      status = 'error';
      next = errorPatch && !isSnoozed(rule, data.now) ? { ...mem, ...errorPatch } : mem;
    } else if (isSnoozed(rule, data.now)) {
      status = 'snoozed';
      next = mem;
    } else {
      next = { ...mem, ...m.patch };
      const newOccurrence = m.occurrence !== undefined && m.occurrence !== mem.triggeredAsOf;
      if (m.condition) {
        status = 'triggered';
        if (mem.armed || newOccurrence) {
          next.armed = false;
          next.lastTriggeredAt = nowIso;
          if (m.occurrence !== undefined) next.triggeredAsOf = m.occurrence;
          events.push({
            ruleId: rule.id,
            kind: 'triggered',
            symbol: ruleSymbol(rule),
            message: eventMessage(rule, 'triggered', m),
            ...(m.stale ? { stale: m.stale } : {}),
          });
        }
      } else {
        status = 'armed';
        if (!mem.armed) {
          next.armed = true;
          events.push({
            ruleId: rule.id,
            kind: 'cleared',
            symbol: ruleSymbol(rule),
            message: eventMessage(rule, 'cleared', m),
            ...(m.stale ? { stale: m.stale } : {}),
          });
        }
      }
    }
    next.ruleKey = key;
    if (next.status !== status || next.changedAt === undefined) {
      next.status = status;
      next.changedAt = nowIso;
    }
    out[rule.id] = next;

    const state: AlertState = {
      ruleId: rule.id,
      kind: rule.kind,
      symbol: ruleSymbol(rule),
      description,
      status,
      distanceText: m ? m.text : status === 'disabled' ? 'disabled' : `error: ${error}`,
      asOf: m?.asOf ?? fallbackAsOf,
      lastChangedAt: next.changedAt!,
    };
    if (m) {
      if (m.value !== undefined) state.value = m.value;
      if (m.threshold !== undefined) state.threshold = m.threshold;
      if (m.distance !== undefined) state.distance = m.distance;
      state.unit = m.unit;
      if (m.stale) state.stale = m.stale;
    }
    if (error !== undefined) state.message = error;
    if ((status === 'triggered' || status === 'snoozed') && !next.armed && next.lastTriggeredAt) state.triggeredAt = next.lastTriggeredAt;
    states.push(state);
  }
  return { states, memory: out, events };
}

/** The memory of the given rule ids only (drop deleted rules' entries). */
export function pruneMemory(memory: Readonly<AlertMemoryMap>, ruleIds: Iterable<string>): AlertMemoryMap {
  const keep = new Set(ruleIds);
  const out: AlertMemoryMap = {};
  for (const [id, m] of Object.entries(memory)) if (keep.has(id)) out[id] = m;
  return out;
}

/**
 * Memory read back from storage: anything malformed is dropped (the rule starts afresh), never a
 * crash. Returns the memory and what was dropped.
 */
export function parseMemory(value: unknown): { memory: AlertMemoryMap; dropped: string[] } {
  const memory: AlertMemoryMap = {};
  const dropped: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { memory, dropped: value === undefined ? [] : ['(the whole memory: not an object)'] };
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    const m = raw as Partial<AlertMemory> | null;
    const okDeals =
      m?.lastSeenDeals === undefined ||
      (typeof m.lastSeenDeals === 'object' && m.lastSeenDeals !== null && Object.values(m.lastSeenDeals).every((v) => typeof v === 'string'));
    const okBeta =
      m?.beta === undefined || (typeof m.beta === 'object' && m.beta !== null && typeof m.beta.value === 'number' && typeof m.beta.asOf === 'string');
    if (!m || typeof m !== 'object' || typeof m.armed !== 'boolean' || !okDeals || !okBeta) {
      dropped.push(id);
      continue;
    }
    memory[id] = m as AlertMemory;
  }
  return { memory, dropped };
}

/** Counts by status, and how many states are on stale data (the status bar). */
export function summarizeStates(states: readonly AlertState[]): Record<AlertStatus, number> & { stale: number; total: number } {
  const out = { armed: 0, triggered: 0, snoozed: 0, disabled: 0, error: 0, stale: 0, total: states.length };
  for (const s of states) {
    out[s.status]++;
    if (s.stale) out.stale++;
  }
  return out;
}
