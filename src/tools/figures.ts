/**
 * The figures behind each tool and the CLI command that prints the same JSON: from checked
 * arguments to the result object (report, compare, deals, exposure, pivot, scenario, var). The CLI's
 * commands parse their flags and call these; the tools (src/tools/run.ts) check their JSON input
 * and call these; so `hashpivot report IREN --json` and `hashpivot_report {"symbols":["IREN"]}`
 * are one computation. Errors are {@link ToolError}s (the CLI turns them into exit statuses).
 */
import { backlogStatus, catalogExposure, type Catalog, type CatalogDeal } from '../catalog';
import {
  defaultScenario,
  knownEntities,
  resolveEntity,
  UnknownEntityError,
  type DefaultScenarioResult,
  type EntityExposure,
  type ExposureModel,
  type Figure,
} from '../core/exposure';
import { correlationMatrix, DEFAULT_COMPARE_DAYS, type CorrelationMatrix } from '../core/compare';
import { adjustAcross, AnalyticsError, factorSpec, pivotAnalysis, type FactorSpec, type PivotAnalysis } from '../core/pivot';
import { holdingsWeights, valueAtCloses, type Holdings } from '../core/portfolio';
import { computeReport, ReportError, type ReportSeries, type SymbolReport } from '../core/report';
import type { BtcSampling, HourlySeries } from '../core/sampling';
import {
  analyticsToJson,
  portfolioVar,
  runReplay,
  runShock,
  type BootstrapMethod,
  type PortfolioVarResult,
  type ReplayDefinition,
  type ScenarioDefinition,
  type ScenarioResult,
  type Weight,
} from '../core/scenario';
import type { DailySeries, IsoDate } from '../core/types';
import { normaliseSymbol } from '../core/universe';
import { messageOf } from '../shared/errors';
import { ToolError } from './errors';
import { checkKnown, commonAsOf, loadPrices, loadSeries, type LoadedSeries, type ToolMarket } from './market';

/** What the CLI's `--json` prints for a value: NaN and infinities as null. */
export function jsonValue(value: unknown): unknown {
  return JSON.parse(analyticsToJson(value));
}

/** `f()`, an error of the analysis (src/core AnalyticsError, ReportError) as an `analysis` ToolError. */
export function analysisErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError || e instanceof ReportError) throw new ToolError('analysis', e.message);
    throw e;
  }
}

/** `f()`, an AnalyticsError from a core parser or check (bad input) as an `invalid-input` ToolError. */
export function inputErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalyticsError) throw new ToolError('invalid-input', e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// report, compare

/** Hourly BTC bars for the US close, or why there are none (a failed hourly chain is not a failed report). */
async function loadHourly(market: ToolMarket, asOf: IsoDate | undefined): Promise<{ hourly?: HourlySeries; hourlyUnavailable?: string }> {
  try {
    return { hourly: await market.hourly('BTC', { needDate: asOf }) };
  } catch (e) {
    return { hourlyUnavailable: `no hourly bars (${e instanceof Error && e.name === 'NoDataError' ? e.message : messageOf(e)})` };
  }
}

export interface ReportOptions {
  /** Closes on or before this date (default: the latest date every symbol has). */
  asOf?: IsoDate;
  /** Start of the drawdown window (default: 365 days before the as-of date). */
  from?: IsoDate;
  btcSampling?: BtcSampling;
}

export interface ReportFigures {
  asOf: IsoDate;
  reports: SymbolReport[];
  /** Each symbol's series as the report read it (with BTC's hourly bars), in the order asked. */
  subjects: Array<ReportSeries & { symbol: string }>;
  /** Every daily series read (the symbols, BTC, the NASDAQ-100): where the numbers came from. */
  series: DailySeries[];
}

/** The report of each symbol (`hashpivot report`): symbols normalised and known; data errors as ToolErrors. */
export async function reportFigures(market: ToolMarket, symbols: readonly string[], o: ReportOptions = {}): Promise<ReportFigures> {
  const btcSampling = o.btcSampling ?? 'us-close';
  const load = (sym: string) => loadSeries(market, sym, o.asOf);
  const loaded = await Promise.all(symbols.map(load));
  const btcSeries = await load('BTC');
  const ndx = await load('NDX');
  const hourly = btcSampling === 'us-close' ? await loadHourly(market, o.asOf) : {};
  const btc: ReportSeries = { assetClass: 'crypto', series: btcSeries, ...hourly };
  const asOf = o.asOf ?? loaded.map((s) => s.dates.at(-1)!).sort()[0]!;
  const subjects = symbols.map((symbol, i) => ({
    symbol,
    assetClass: market.entry(symbol)!.assetClass,
    series: loaded[i]!,
    ...(symbol === 'BTC' ? hourly : {}),
  }));
  const reports = analysisErrors(() =>
    subjects.map((subject) =>
      computeReport({
        symbol: subject.symbol,
        subject,
        btc,
        ndx: { assetClass: 'index', series: ndx },
        asOf,
        from: o.from,
        btcSampling,
        basket: subject.symbol === 'CD20' ? market.basketComposition(asOf) : undefined,
      }),
    ),
  );
  return { asOf, reports, subjects, series: [...loaded, btcSeries, ndx] };
}

export interface CompareFigures extends ReportFigures {
  correlation: CorrelationMatrix;
}

/** The reports of two or more symbols and the correlations of their daily returns pair by pair (`hashpivot compare`). */
export async function compareFigures(
  market: ToolMarket,
  symbols: readonly string[],
  o: Omit<ReportOptions, 'from'> & { days?: number } = {},
): Promise<CompareFigures> {
  const f = await reportFigures(market, symbols, o);
  const correlation = correlationMatrix(f.subjects, f.asOf, o.days ?? DEFAULT_COMPARE_DAYS, o.btcSampling ?? 'us-close');
  return { ...f, correlation };
}

/** The JSON of `hashpivot compare --json`. */
export function compareJson(f: CompareFigures) {
  const { days, btcSampling, symbols, matrix } = f.correlation;
  return { asOf: f.asOf, symbols, correlation: { days, btcSampling, matrix }, reports: f.reports };
}

// ---------------------------------------------------------------------------------------------
// deals

/** A company the catalog knows: a miner, or the provider of a deal. */
export function isCatalogCompany(catalog: Catalog, symbol: string): boolean {
  return catalog.miner(symbol) !== undefined || catalog.deals.some((d) => normaliseSymbol(d.provider) === symbol);
}

/** Whether `text` names one of the deal's counterparties: the counterparty, its backer, the end user (case-insensitive, a part of the name is enough). */
export function matchesCounterparty(d: CatalogDeal, text: string): boolean {
  const q = text.trim().toLowerCase();
  return [d.counterparty, d.counterpartyBacker, d.endUser].some((v) => typeof v === 'string' && v.toLowerCase().includes(q));
}

/**
 * The deals of `picks` (tickers of catalog companies or deal ids; none: every deal), then those
 * whose counterparty matches `counterparty` when it is given.
 */
export function selectDeals(catalog: Catalog, picks: readonly string[], counterparty?: string): CatalogDeal[] {
  let deals: CatalogDeal[] = catalog.deals;
  if (picks.length) {
    const picked = new Map<string, CatalogDeal>();
    for (const arg of picks) {
      const byId = catalog.deal(arg);
      const t = normaliseSymbol(arg);
      const found = byId ? [byId] : isCatalogCompany(catalog, t) ? catalog.dealsOf(t) : undefined;
      if (!found) throw new ToolError('invalid-input', `"${arg}" is neither a ticker nor a deal id of the catalog (tickers: ${catalog.tickers().join(', ')})`);
      for (const d of found) picked.set(d.id, d);
    }
    deals = [...picked.values()];
  }
  if (counterparty !== undefined) {
    if (counterparty.trim() === '') throw new ToolError('invalid-input', 'the counterparty must name a company, got ""');
    deals = deals.filter((d) => matchesCounterparty(d, counterparty));
  }
  return deals;
}

/** The JSON of `hashpivot deals --json`: each deal with its sources and whether (and why) it counts as backlog. */
export function dealsJson(deals: readonly CatalogDeal[]) {
  return deals.map((d) => ({ ...d, backlog: backlogStatus(d) }));
}

// ---------------------------------------------------------------------------------------------
// exposure, counterparty default

/** What `hashpivot exposure --by` groups the backlog by. */
export type ExposureBy = 'counterparty' | 'backer' | 'end-user';
export const EXPOSURE_BY: readonly ExposureBy[] = ['counterparty', 'backer', 'end-user'];

/** One row of `hashpivot exposure --json`: the backlog resting on an entity and the miners it is with. */
export interface ExposureRow {
  /** The entity the row is about (a counterparty, or with --by a backer or an end user): its name, or `Undisclosed (<deal id>)`. */
  counterparty: string;
  /** Sum of the known values of its counted deals; null when none is disclosed. */
  backlogUsd: number | null;
  /** The guarantors backing these deals. */
  backers: string[];
  /** Each miner's part; `share` is of that miner's known backlog. */
  miners: Array<{ symbol: string; backlogUsd: number | null; share: number | null; dealIds: string[]; unknownValueDealIds: string[] }>;
  by: ExposureBy;
  /** The canonical name; null for an undisclosed counterparty, an unnamed end user or the No backer row. */
  entity: string | null;
  /** Some deals have no disclosed value: the backlog is at least this. */
  lowerBound: boolean;
  dealIds: string[];
  unknownValueDealIds: string[];
  counterparties?: string[];
  endUsers?: string[];
  backstopUsd?: number | null;
  undisclosedBackstopDealIds?: string[];
  reason?: string;
}

const rowsOf = (model: ExposureModel, by: ExposureBy): EntityExposure[] =>
  by === 'backer' ? model.backers : by === 'end-user' ? model.endUsers : model.counterparties;

/**
 * The rows of `hashpivot exposure` (every entity of the grouping, or those `picks` name: any case,
 * aliases such as AWS or Alphabet). A name the model does not know, or one with no row in this
 * grouping (Google is a backer, not a counterparty), is an `invalid-input` ToolError.
 */
export function exposureRows(model: ExposureModel, by: ExposureBy = 'counterparty', picks: readonly string[] = []): ExposureRow[] {
  let rows = rowsOf(model, by);
  if (picks.length) {
    const keys = new Set<string>();
    for (const p of picks) {
      const e = resolveEntity(model, p);
      if (!e)
        throw new ToolError(
          'invalid-input',
          `unknown ${by === 'counterparty' ? 'counterparty' : by === 'backer' ? 'backer' : 'end user'} "${p}" (known entities: ${knownEntities(model)
            .map((x) => x.name)
            .join(', ')})`,
        );
      if (!rows.some((r) => r.key === e.key)) {
        const other = EXPOSURE_BY.filter((b) => b !== by && rowsOf(model, b).some((r) => r.key === e.key));
        throw new ToolError(
          'invalid-input',
          `${e.name} has no backlog as ${by === 'end-user' ? 'an end user' : `a ${by}`}${other.length ? ` (try --by ${other.join(' or --by ')})` : ''}`,
        );
      }
      keys.add(e.key);
    }
    rows = rows.filter((r) => keys.has(r.key));
  }
  return rows.map((r) => ({
    counterparty: r.label,
    backlogUsd: r.backlogUsd,
    backers: r.backers,
    miners: r.miners.map((m) => ({
      symbol: m.symbol,
      backlogUsd: m.backlogUsd,
      share: m.share,
      dealIds: m.dealIds,
      unknownValueDealIds: m.unknownValueDealIds,
    })),
    by,
    entity: r.entity,
    lowerBound: r.lowerBound,
    dealIds: r.dealIds,
    unknownValueDealIds: r.unknownValueDealIds,
    ...(by !== 'counterparty' ? { counterparties: r.counterparties } : {}),
    ...(by !== 'end-user' ? { endUsers: r.endUsers } : {}),
    ...(r.backstopUsd !== undefined ? { backstopUsd: r.backstopUsd, undisclosedBackstopDealIds: r.undisclosedBackstopDealIds ?? [] } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
  }));
}

export interface DefaultRequest {
  /** The entity that fails (any case; aliases such as AWS, Alphabet, CRWV). */
  entity: string;
  /** Annual discount rate of the price impact, 0 to 1 (default 0.10). */
  discountRate?: number;
  /** Market caps per ticker, USD, with where each came from. */
  marketCaps?: Readonly<Record<string, Figure>>;
  /** Why a ticker without a market cap has none. */
  missingMarketCapReason?: string;
}

/**
 * `hashpivot scenario --default ENTITY`: the counterparty default over the catalog's exposure
 * model. An unknown entity is an `invalid-input` ToolError listing the known ones.
 */
export function defaultFigures(catalog: Catalog, req: DefaultRequest): DefaultScenarioResult {
  const model = catalogExposure(catalog, { marketCaps: req.marketCaps, missingMarketCapReason: req.missingMarketCapReason });
  try {
    return defaultScenario(model, req.entity, { discountRate: req.discountRate });
  } catch (e) {
    if (e instanceof UnknownEntityError) throw new ToolError('invalid-input', `unknown entity "${e.asked}" (known: ${e.known.join(', ')})`);
    if (e instanceof RangeError) throw new ToolError('invalid-input', e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// pivot

/** BTC and the NASDAQ-100 are the regression's factors, not subjects. */
export function checkPivotSubjects(symbols: readonly string[]): void {
  for (const s of symbols) if (s === 'BTC' || s === 'NDX') throw new ToolError('invalid-input', `${s} is a factor of the pivot regression, not a subject`);
}

export interface PivotFigures {
  analyses: PivotAnalysis[];
  prices: Record<string, LoadedSeries>;
}

/**
 * The pivot analysis of each symbol (`hashpivot pivot`): its two-factor betas before and after its
 * first AI/HPC deal in `catalog`, the last 365 days and rolling; p-values Holm-adjusted over all.
 * Each symbol's as-of date defaults to the latest date it, BTC and the NASDAQ-100 share.
 */
export async function pivotFigures(
  market: ToolMarket,
  catalog: Pick<Catalog, 'dealsOf'>,
  symbols: readonly string[],
  o: { asOf?: IsoDate; window?: number } = {},
): Promise<PivotFigures> {
  checkPivotSubjects(symbols);
  checkKnown(market, symbols);
  const prices = await loadPrices(market, [...symbols, 'BTC', 'NDX'], o.asOf);
  const single = symbols.map((symbol) =>
    analysisErrors(() =>
      pivotAnalysis({
        symbol,
        subject: prices[symbol]!,
        prices,
        asOf: o.asOf ?? commonAsOf(prices, [symbol, 'BTC', 'NDX']),
        deals: catalog.dealsOf(symbol),
        window: o.window,
      }),
    ),
  );
  return { analyses: adjustAcross(single), prices };
}

/** How much of the rolling betas the JSON carries: every window (`series`), or the last one with the count (`last`). */
export type RollingDetail = 'series' | 'last';

/** The JSON of `hashpivot pivot --json` (`--rolling last`: each rolling array cut to its last window, `windows` the count). */
export function pivotJson(analyses: readonly PivotAnalysis[], rolling: RollingDetail = 'series') {
  if (rolling === 'series') return analyses;
  return analyses.map((a) => {
    const r = a.rolling;
    const last = <T>(xs: readonly T[]) => xs.slice(-1);
    const each = (m: Record<string, readonly number[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, last(v)]));
    return {
      ...a,
      rolling: {
        window: r.window,
        windows: r.dates.length,
        dates: last(r.dates),
        beta: each(r.beta),
        se: each(r.se),
        alpha: last(r.alpha),
        r2: last(r.r2),
        residualVol: last(r.residualVol),
        n: last(r.n),
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// scenario, var on a portfolio

/** Holdings the host has (a file, the workspace's), with the name the results give them. */
export interface NamedHoldings {
  /** The file (or `workspace holdings`) the results name: `holdings.file` in the JSON. */
  label: string;
  holdings: Holdings;
}

interface HoldingsWeights {
  weights: Weight[];
  invested: number;
  value: number;
  cash: number;
  asOf: IsoDate;
  prices: Record<string, LoadedSeries>;
}

/** Weights from the holdings' market values on the as-of date (default: the latest date every position has). */
async function weightsOfHoldings(market: ToolMarket, h: Holdings, asOf: IsoDate | undefined): Promise<HoldingsWeights> {
  const symbols = h.positions.map((p) => p.symbol);
  if (symbols.length === 0) throw new ToolError('no-holdings', 'the holdings have no positions');
  checkKnown(market, symbols);
  const prices = await loadPrices(market, symbols, asOf);
  const valuedAt = asOf ?? commonAsOf(prices, symbols);
  const valuation = valueAtCloses(h, prices, valuedAt);
  const w = holdingsWeights(valuation);
  if (!w.ok) throw new ToolError('analysis', w.reason);
  return { weights: w.weights, invested: w.invested, value: valuation.totals.value, cash: valuation.totals.cash, asOf: valuedAt, prices };
}

export interface ScenarioRequest {
  /** A named scenario (src/core/scenario SCENARIOS). */
  def?: ScenarioDefinition;
  /** Factor moves (fractions) of a custom shock; a named shock's own when `def` is one. */
  shocks?: Record<string, number>;
  /** A replay of a window of your own. */
  window?: { start: IsoDate; end: IsoDate };
  /** The portfolio (ignored when `holdings` is given): weights, normalised by the engine. */
  weights: readonly Weight[];
  /** Run on these holdings: weights from their market values; the result also in USD. */
  holdings?: NamedHoldings;
  /** Replay factors (default BTC, NDX). */
  factors?: readonly FactorSpec[];
  lookbackDays?: number;
  /** Sessions the shock band's residual part spans (default 1). */
  horizon?: number;
  /** Replay contributions compounded daily instead of β × window return. */
  compound?: boolean;
  asOf?: IsoDate;
}

export interface ScenarioFigures {
  result: ScenarioResult;
  /** On holdings: what they were worth and what the scenario would make (USD). */
  holdings?: { file: string; invested: number; value: number; cash: number; asOf: IsoDate; pnlUsd: number | null };
  prices: Record<string, LoadedSeries>;
}

/** A replay or a shock through the betas, per symbol and for the portfolio (`hashpivot scenario`). */
export async function scenarioFigures(market: ToolMarket, req: ScenarioRequest): Promise<ScenarioFigures> {
  const def = req.def;
  const shocks = req.shocks ?? (def?.kind === 'shock' ? { ...def.shocks } : undefined);
  const replay: ReplayDefinition | { start: IsoDate; end: IsoDate } | undefined = def?.kind === 'replay' ? def : req.window;
  if (!shocks && !replay) throw new ToolError('invalid-input', 'a scenario needs a named scenario, a window or shocks');
  let weights = [...req.weights];
  let held: Omit<HoldingsWeights, 'prices' | 'weights'> | undefined;
  if (req.holdings) {
    const h = await weightsOfHoldings(market, req.holdings.holdings, req.asOf);
    weights = h.weights;
    held = h;
  }
  checkKnown(
    market,
    weights.map((w) => w.symbol),
  );
  const factorSpecs = req.factors ?? [factorSpec('BTC'), factorSpec('NDX')];
  const neededFactors: FactorSpec[] = shocks ? inputErrors(() => Object.keys(shocks).map((k) => factorSpec(k))) : [...factorSpecs];
  for (const f of neededFactors)
    if (f.id !== 'AI' && !market.isKnown(f.members[0]!))
      throw new ToolError('invalid-input', `unknown factor "${f.id}" (factors: BTC, NDX, AI, or a known symbol)`);
  const needed = [...weights.map((w) => w.symbol), 'BTC', 'NDX', ...neededFactors.flatMap((f) => f.members)];
  const prices = await loadPrices(market, needed, req.asOf);
  const symbols = weights.map((w) => w.symbol);
  const result = analysisErrors(() =>
    shocks
      ? // Each symbol's betas run to its own last date (at most the as-of date, and not past the factors' data).
        runShock({
          shocks,
          id: def?.id,
          name: def?.name,
          description: def?.description,
          symbols,
          prices,
          asOf: req.asOf,
          weights,
          lookbackDays: req.lookbackDays,
          bandDays: req.horizon,
        })
      : runReplay({
          scenario: replay!,
          symbols,
          prices,
          factors: factorSpecs,
          weights,
          lookbackDays: req.lookbackDays,
          attribution: req.compound ? 'compounded' : 'linear',
        }),
  );
  const move = result.portfolio
    ? result.kind === 'replay' && Number.isFinite(result.portfolio.actual)
      ? result.portfolio.actual
      : result.portfolio.explained
    : NaN;
  const holdings = held && {
    file: req.holdings!.label,
    invested: held.invested,
    value: held.value,
    cash: held.cash,
    asOf: held.asOf,
    pnlUsd: Number.isFinite(move) ? move * held.invested : null,
  };
  return { result, ...(holdings ? { holdings } : {}), prices };
}

/** The JSON of `hashpivot scenario --json`. */
export function scenarioJson(f: ScenarioFigures) {
  return f.holdings ? { ...f.result, holdings: f.holdings } : f.result;
}

export interface VarRequest {
  /** The portfolio (ignored when `holdings` is given). */
  weights: readonly Weight[];
  holdings?: NamedHoldings;
  asOf?: IsoDate;
  lookbackDays?: number;
  paths: number;
  seed: number;
  blockLength: number;
  horizon: number;
  method: BootstrapMethod;
  outer?: number;
}

export interface VarFigures {
  result: PortfolioVarResult;
  holdings?: { file: string; invested: number; value: number; cash: number; estimates: Array<{ confidence: number; varUsd: number; esUsd: number }> };
  prices: Record<string, LoadedSeries>;
}

/** Block-bootstrap VaR and expected shortfall of a weighted portfolio or of holdings (`hashpivot var`). */
export async function varFigures(market: ToolMarket, req: VarRequest): Promise<VarFigures> {
  let weights: Weight[];
  let prices: Record<string, LoadedSeries>;
  let asOf: IsoDate;
  let held: HoldingsWeights | undefined;
  if (req.holdings) {
    held = await weightsOfHoldings(market, req.holdings.holdings, req.asOf);
    ({ weights, prices, asOf } = held);
  } else {
    weights = [...req.weights];
    const symbols = weights.map((w) => w.symbol);
    checkKnown(market, symbols);
    prices = await loadPrices(market, symbols, req.asOf);
    asOf = req.asOf ?? commonAsOf(prices, symbols);
  }
  const result = analysisErrors(() =>
    portfolioVar({
      weights,
      prices,
      asOf,
      lookbackDays: req.lookbackDays,
      paths: req.paths,
      seed: req.seed,
      blockLength: req.blockLength,
      horizon: req.horizon,
      method: req.method,
      outer: req.outer,
    }),
  );
  const holdings = held && {
    file: req.holdings!.label,
    invested: held.invested,
    value: held.value,
    cash: held.cash,
    estimates: result.estimates.map((e) => ({ confidence: e.confidence, varUsd: e.var * held.invested, esUsd: e.es * held.invested })),
  };
  return { result, ...(holdings ? { holdings } : {}), prices };
}

/** The JSON of `hashpivot var --json`. */
export function varJson(f: VarFigures) {
  return f.holdings ? { ...f.result, holdings: f.holdings } : f.result;
}
