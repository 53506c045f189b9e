/**
 * The pivot view of a miner: is it still a leveraged bet on BTC, or has its AI/HPC pivot made it
 * a tech stock? A two-factor regression of its daily returns on BTC and NASDAQ-100 returns (both
 * on the miner's own sessions, prices aligned first: see factors.ts), before and after its first
 * AI/HPC deal, plus the rolling betas for charts.
 *
 * "First AI/HPC deal": the earliest `announced` date among the catalog's deals of the miner
 * (Catalog.dealsOf) whose kind commits its capacity to an AI/HPC tenant or partner —
 * {@link PIVOT_DEAL_KINDS}: lease, colocation, cloud-services, joint-venture and
 * letter-of-intent (an LOI is not binding, but its announcement is the news the market prices).
 * Not counted: `acquisition` (M&A of or by the company — CoreWeave's terminated bid for Core
 * Scientific, MARA buying into Exaion — changes who owns what, not whom the sites serve),
 * `development-plan` (plans with no counterparty), `supply-agreement` (a cost), `other`. The
 * stage does not matter (a later-terminated deal was still announced). A month-only date
 * (`2024-09`) counts as the first of that month; a year-only one as 1 January. Deals announced
 * after the as-of date are ignored (no look-ahead). The kinds can be overridden.
 *
 * Windows (returns are counted by the session they end on):
 * - before: the `beforeDays` (365) calendar days before the announcement, up to the last session
 *   before it; fewer rows when the stock's data starts later (CORZ's relisting in 2024);
 * - the announcement session: the first session on or after the announcement date (the next
 *   session for a weekend or holiday date). Its return — the market's first reaction, a jump that
 *   is news, not beta — is in NEITHER window;
 * - after: from the session after the announcement session to the as-of date (an announcement
 *   made after that session's close moves the next one, which is then in "after");
 * - current: the 365 days to the as-of date;
 * - rolling: a trailing window of `window` (90) sessions over the last `rollingDays` (3 × 365)
 *   days, extended back to cover the before-window.
 * A window with fewer than `minRows` (40) complete rows is reported with NaN and a note.
 *
 * Change of each beta: `after - before`, `z = diff / sqrt(se_before² + se_after²)` with the
 * Newey–West (HAC) standard errors of each window (hac.ts: Bartlett kernel, L = floor(4 (n/100)^(2/9))
 * lags for that window's n rows, small-sample factor n/(n − 3)), which allow for the
 * heteroskedasticity and autocorrelation of daily returns; the two windows do not overlap, so
 * their errors are taken as independent. p: two-sided, normal approximation (2 Φ(-|z|)).
 * What it is NOT: a clean test. The event is a single date, and it was chosen after the fact —
 * the first AI deal, picked because the story says the betas moved then; anything else that
 * changed around it (BTC's regime, rates, the AI trade) lands in the same difference. Read p as
 * "how unusual this difference would be for one pre-chosen date under stable betas", a
 * description, and when several miners are shown, as one of that many tests (holmAdjust).
 */
import { formatPValue } from '../../shared/format';
import type { Deal, DealKind, DealStage } from '../deals';
import { addDays } from '../calendar';
import type { IsoDate } from '../types';
import {
  AnalyticsError,
  alignedFactorRows,
  BTC_FACTOR,
  EQUITY_PPY,
  indexAtOrAfter,
  MAX_STALENESS_DAYS,
  NDX_FACTOR,
  nanRegression,
  regressOver,
  type FactorSpec,
  type PeriodRegression,
  type PriceMap,
  type PriceSeries,
} from './factors';
import { holmAdjust, twoSidedP } from './hac';
import { rollingOls } from './regression';

export const PIVOT_DEAL_KINDS: readonly DealKind[] = ['lease', 'colocation', 'cloud-services', 'joint-venture', 'letter-of-intent'];
export const PIVOT_FACTORS: readonly FactorSpec[] = [BTC_FACTOR, NDX_FACTOR];

export const DEFAULT_PIVOT_WINDOW = 90;
export const DEFAULT_BEFORE_DAYS = 365;
export const DEFAULT_CURRENT_DAYS = 365;
export const DEFAULT_ROLLING_DAYS = 3 * 365;
export const DEFAULT_MIN_ROWS = 40;

/** The deal that marks the start of a miner's pivot. */
export interface PivotEvent {
  /** The announcement date as a full date (month-only dates: the 1st). */
  date: IsoDate;
  /** As the catalog gives it (`2024-09` or `2024-09-03`). */
  announced: string;
  dealId: string;
  dealName: string;
  kind: DealKind;
  stage: DealStage;
  counterparty: string | null;
}

/** `YYYY-MM-DD` as is, `YYYY-MM` -> the 1st, `YYYY` -> 1 January; undefined if not a date. */
export function partialDateStart(d: string | null | undefined): IsoDate | undefined {
  if (!d) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  if (/^\d{4}-\d{2}$/.test(d)) return `${d}-01`;
  if (/^\d{4}$/.test(d)) return `${d}-01-01`;
  return undefined;
}

/** The deal fields the pivot analysis reads (a catalog deal fits). */
export type PivotDeal = Pick<Deal, 'id' | 'name' | 'kind' | 'stage' | 'announced' | 'counterparty'>;

export interface FirstDealOptions {
  /** Ignore deals announced after this date. */
  asOf?: IsoDate;
  /** Deal kinds that count; default {@link PIVOT_DEAL_KINDS}. */
  kinds?: readonly DealKind[];
}

/** The earliest-announced AI/HPC deal among `deals` (ties: the first listed); undefined if none. */
export function firstAiDeal(deals: readonly PivotDeal[], options: FirstDealOptions = {}): PivotEvent | undefined {
  const kinds = new Set(options.kinds ?? PIVOT_DEAL_KINDS);
  let best: PivotEvent | undefined;
  for (const d of deals) {
    if (!kinds.has(d.kind)) continue;
    const date = partialDateStart(d.announced);
    if (!date || (options.asOf && date > options.asOf)) continue;
    if (!best || date < best.date) {
      best = { date, announced: d.announced!, dealId: d.id, dealName: d.name, kind: d.kind, stage: d.stage, counterparty: d.counterparty ?? null };
    }
  }
  return best;
}

export interface BetaChange {
  factor: string;
  before: number;
  after: number;
  /** after - before. */
  diff: number;
  /** sqrt(se_before² + se_after²) with the windows' Newey–West (HAC) standard errors. */
  se: number;
  /** diff / se. */
  z: number;
  /** Two-sided p-value of z, normal approximation: 2 Φ(-|z|). NaN when a window lacks data. */
  p: number;
  /** The same z with the classic OLS errors (for comparison: they ignore autocorrelation and heteroskedasticity). */
  zOls: number;
  /** p adjusted by Holm over the tests shown together: this analysis's betas, or every analysis passed to {@link adjustAcross}. */
  pHolm: number;
  note: string;
}

/** How the before/after changes are computed and what they are not (for every output that shows them). */
export const CHANGE_METHOD =
  'Δβ = after − before; z = Δβ / √(se₁² + se₂²) with Newey–West (HAC, Bartlett) standard errors, L = floor(4(n/100)^(2/9)) lags per window; p two-sided, normal approximation; the announcement session is in neither window. A single event chosen after the fact: p describes how unusual the change is, it is not a clean test.';

/** "N tests: at 5% about x false positives expected" for N finite p-values shown together. */
export function multipleTestsNote(tests: number): string {
  const expected = (0.05 * tests).toFixed(1);
  return `${tests} test${tests === 1 ? '' : 's'}: at 5% about ${expected} false positive${expected === '1.0' ? '' : 's'} expected by chance alone`;
}

/** Rolling two-factor fit, column-wise (chart-ready: x = dates, one line per factor). */
export interface RollingPivotSeries {
  /** Rows per window. */
  window: number;
  /** The session each window ends on. */
  dates: IsoDate[];
  beta: Record<string, number[]>;
  se: Record<string, number[]>;
  alpha: number[];
  r2: number[];
  /** Annualized residual volatility. */
  residualVol: number[];
  /** Complete rows in each window. */
  n: number[];
}

export interface PivotAnalysis {
  symbol: string;
  asOf: IsoDate;
  factors: string[];
  /** The first AI/HPC deal, or null when the catalog has none (by the as-of date). */
  event: PivotEvent | null;
  /** Why there is no event, or which deal it is. */
  eventNote: string;
  current: PeriodRegression;
  /** null without an event. */
  before: PeriodRegression | null;
  after: PeriodRegression | null;
  /** The session whose return is left out of both windows (the first on or after the announcement); null without one. */
  announcementSession: IsoDate | null;
  /** How the changes are computed ({@link CHANGE_METHOD}). */
  changeMethod: string;
  /** The number of tests (finite p-values) `pHolm` adjusts for: this analysis's, or all those of {@link adjustAcross}. */
  tests: number;
  /** One per factor; empty without an event. */
  changes: BetaChange[];
  rolling: RollingPivotSeries;
}

export interface PivotInput {
  symbol: string;
  subject: PriceSeries;
  /** Must hold `BTC` and `NDX`. */
  prices: PriceMap;
  asOf: IsoDate;
  /** The miner's catalog deals (Catalog.dealsOf); the first AI/HPC one is the event. */
  deals?: readonly PivotDeal[];
  /** Use this event instead of looking in `deals` (null: none). */
  event?: PivotEvent | null;
  dealKinds?: readonly DealKind[];
  /** Rolling window in sessions; default 90. */
  window?: number;
  beforeDays?: number;
  currentDays?: number;
  rollingDays?: number;
  minRows?: number;
}

/** p as text: 3 decimals, `< 0.001` below (src/shared/format.ts). */
export const formatP = formatPValue;

/** Before/after change of one beta with its HAC z and p (see the module doc for what p is not). */
export function betaChange(factor: string, before: PeriodRegression, after: PeriodRegression): BetaChange {
  const b = before.beta[factor] ?? NaN;
  const a = after.beta[factor] ?? NaN;
  const se = Math.sqrt((before.hacSe[factor] ?? NaN) ** 2 + (after.hacSe[factor] ?? NaN) ** 2);
  const seOls = Math.sqrt((before.se[factor] ?? NaN) ** 2 + (after.se[factor] ?? NaN) ** 2);
  const diff = a - b;
  const z = diff / se;
  const p = twoSidedP(z);
  const dir = diff > 0 ? 'rose' : 'fell';
  const note = !Number.isFinite(z)
    ? 'not computable (a window lacks data)'
    : `β ${factor} ${dir} by ${Math.abs(diff).toFixed(2)} (z = ${z.toFixed(2)}, p = ${formatP(p)}, HAC errors; one event chosen after the fact, not a clean test)`;
  return { factor, before: b, after: a, diff, se, z, p, zOls: diff / seOls, pHolm: p, note };
}

/**
 * Holm-adjusts the changes' p-values over every analysis given — the tests shown together (a
 * table of 12 miners × 2 betas is 24 tests) — and sets each analysis's `tests` to their number.
 */
export function adjustAcross(list: readonly PivotAnalysis[]): PivotAnalysis[] {
  const adjusted = holmAdjust(list.flatMap((a) => a.changes.map((c) => c.p)));
  const tests = adjusted.filter((p) => Number.isFinite(p)).length;
  let i = 0;
  return list.map((a) => ({ ...a, tests, changes: a.changes.map((c) => ({ ...c, pHolm: adjusted[i++]! })) }));
}

function checkPositiveInt(name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new AnalyticsError(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/** The full pivot analysis of one miner. Throws {@link AnalyticsError} when asOf is outside its data. */
export function pivotAnalysis(input: PivotInput): PivotAnalysis {
  const { symbol, subject, prices, asOf } = input;
  const window = checkPositiveInt('window', input.window ?? DEFAULT_PIVOT_WINDOW);
  if (window < 4) throw new AnalyticsError(`window must be at least 4 sessions for a two-factor regression, got ${window}`);
  const beforeDays = checkPositiveInt('beforeDays', input.beforeDays ?? DEFAULT_BEFORE_DAYS);
  const currentDays = checkPositiveInt('currentDays', input.currentDays ?? DEFAULT_CURRENT_DAYS);
  const rollingDays = checkPositiveInt('rollingDays', input.rollingDays ?? DEFAULT_ROLLING_DAYS);
  const minRows = checkPositiveInt('minRows', input.minRows ?? DEFAULT_MIN_ROWS);
  const first = subject.dates[0];
  const last = subject.dates.at(-1);
  if (first === undefined || last === undefined) throw new AnalyticsError(`${symbol}: no price data`);
  if (asOf < first) throw new AnalyticsError(`${symbol}: ${asOf} is before its data starts (${first})`);
  if (addDays(last, MAX_STALENESS_DAYS) < asOf) throw new AnalyticsError(`${symbol}: ${asOf} is after its data ends (${last})`);
  for (const f of PIVOT_FACTORS) if (!prices[f.id]?.dates.length) throw new AnalyticsError(`no price data for ${f.id}`);

  const factors = PIVOT_FACTORS.map((f) => f.id);
  const event = input.event !== undefined ? input.event : (firstAiDeal(input.deals ?? [], { asOf, kinds: input.dealKinds }) ?? null);
  const eventOk = event && event.date <= asOf ? event : null;

  const current = regressOver(subject, PIVOT_FACTORS, prices, addDays(asOf, -currentDays + 1), asOf, minRows);
  let before: PeriodRegression | null = null;
  let after: PeriodRegression | null = null;
  let announcementSession: IsoDate | null = null;
  let eventNote: string;
  if (!eventOk) {
    const later = input.event === undefined ? firstAiDeal(input.deals ?? [], { kinds: input.dealKinds }) : event;
    eventNote = later
      ? `the first AI/HPC deal (${later.dealId}, announced ${later.announced}) is after ${asOf}`
      : `no AI/HPC deal (${(input.dealKinds ?? PIVOT_DEAL_KINDS).join(', ')}) in the catalog`;
  } else {
    eventNote = `First AI/HPC deal: ${eventOk.dealName} (${eventOk.dealId}, ${eventOk.kind}, announced ${eventOk.announced})`;
    before =
      eventOk.date <= first
        ? nanRegression(factors, 0, `no data before ${eventOk.date} (data starts ${first})`)
        : regressOver(subject, PIVOT_FACTORS, prices, addDays(eventOk.date, -beforeDays), addDays(eventOk.date, -1), minRows);
    // The announcement session's return is left out: "after" starts with the next session's.
    const ia = indexAtOrAfter(subject.dates, eventOk.date);
    announcementSession = ia < subject.dates.length && subject.dates[ia]! <= asOf ? subject.dates[ia]! : null;
    const next = subject.dates[ia + 1];
    after =
      next !== undefined && next <= asOf
        ? regressOver(subject, PIVOT_FACTORS, prices, next, asOf, minRows)
        : nanRegression(factors, 0, `no session after the announcement session by ${asOf}`);
  }
  const changes = before && after ? factors.map((f) => betaChange(f, before!, after!)) : [];

  // Rolling series: the last rollingDays, extended back to the start of the before-window.
  let rollFrom = addDays(asOf, -rollingDays);
  if (eventOk) {
    const b = addDays(eventOk.date, -beforeDays);
    if (b < rollFrom) rollFrom = b;
  }
  const rows = alignedFactorRows(subject, PIVOT_FACTORS, prices, rollFrom, asOf);
  const roll = rollingOls(rows.y, rows.x, window, { periodsPerYear: EQUITY_PPY });
  const rolling: RollingPivotSeries = {
    window,
    dates: rows.dates.slice(window - 1),
    beta: Object.fromEntries(factors.map((f, j) => [f, roll.beta[j]!])),
    se: Object.fromEntries(factors.map((f, j) => [f, roll.se[j]!])),
    alpha: roll.alpha,
    r2: roll.r2,
    residualVol: roll.residualVol,
    n: roll.n,
  };
  const analysis = {
    symbol,
    asOf,
    factors,
    event: eventOk,
    eventNote,
    current,
    before,
    after,
    announcementSession,
    changeMethod: CHANGE_METHOD,
    tests: 0,
    changes,
    rolling,
  };
  return adjustAcross([analysis])[0]!;
}
