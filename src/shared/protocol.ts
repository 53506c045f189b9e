/**
 * The typed message protocol between the extension host and Hashpivot's webview panels, shared by
 * both sides. The host computes everything; webviews only render what they are sent. Every
 * message that crosses the boundary is checked with the guards below; unknown or malformed
 * messages are logged and dropped.
 */

export type PanelKind = 'dashboard' | 'ticker' | 'compare' | 'scenario' | 'economics' | 'flows';
export const PANEL_KINDS: readonly PanelKind[] = ['dashboard', 'ticker', 'compare', 'scenario', 'economics', 'flows'];
export const RANGES = ['1M', '3M', '6M', '1Y', '3Y', 'ALL'] as const;
export type RangeKey = (typeof RANGES)[number];

/** x: days since 1970-01-01 (UTC); y: the value. */
export type XY = [number, number];

/** A time chart's x-axis: the first and last day of the data it plots (days since 1970-01-01), so the axis ends where the data ends. */
export interface XRange {
  min: number;
  max: number;
}

export interface LineSeries {
  id: string;
  label: string;
  role: 'miner' | 'ai' | 'benchmark' | 'other' | 'portfolio';
  points: XY[];
}

/** What the dashboard and the scenario panel run on: the universe (equal-weight miners) or the user's holdings. */
export type Basis = 'universe' | 'portfolio';
export const isBasis = (v: unknown): v is Basis => v === 'universe' || v === 'portfolio';

export interface BasisInfo {
  kind: Basis;
  /** Whether the holdings can be used (positions with prices, net long); `note` says why not. */
  portfolioAvailable: boolean;
  /** One line on what the panel runs on (or why the holdings cannot be used). */
  note: string;
}

export interface DealMarker {
  symbol: string;
  x: number;
  y: number;
  date: string;
  label: string;
  value?: string;
}

export interface RiskRow {
  symbol: string;
  name: string;
  price: number | null;
  change30d: number | null;
  vol90d: number | null;
  maxDrawdown: number | null;
  betaBTC: number | null;
  betaNDX: number | null;
  var95: number | null;
  backlogUSD: number | null;
  pivotStatus: string | null;
}

export interface Heatmap {
  symbols: string[];
  /** Row-major correlations; null where not computable. */
  matrix: Array<Array<number | null>>;
}

export interface DataLabel {
  /** `live`, `cached 3 h ago`, `snapshot of 2026-05-29`, or a mix. */
  text: string;
  kind: 'live' | 'cache' | 'snapshot' | 'mixed';
  /** How BTC was priced for the pair figures shown (ρ and β to BTC), when the panel shows any. */
  pairs?: string;
}

export interface DashboardData {
  kind: 'dashboard';
  range: RangeKey;
  asOf: string;
  data: DataLabel;
  basis: BasisInfo;
  performance: LineSeries[];
  drawdown: LineSeries[];
  rolling: { BTC: { '30': LineSeries[]; '90': LineSeries[] }; NDX: { '30': LineSeries[]; '90': LineSeries[] } };
  heatmap: Heatmap;
  table: RiskRow[];
  markers: DealMarker[];
  /** Points before decimation / sent, for the footer. */
  stats: { pointsIn: number; pointsSent: number };
  /** The x-axis of each time chart (absent when the chart has no data). */
  xRanges: Partial<Record<'performance' | 'drawdown' | `rolling-${'BTC' | 'NDX'}-${'30' | '90'}`, XRange>>;
}

export interface Candle {
  x: number;
  o: number;
  h: number;
  l: number;
  c: number;
}

export interface Fact {
  label: string;
  value: string;
  source?: { title: string; url: string };
  asOf?: string;
}

export interface TickerData {
  kind: 'ticker';
  symbol: string;
  name: string;
  range: RangeKey;
  asOf: string;
  data: DataLabel;
  close: LineSeries;
  /** OHLC bars: daily, or weekly/monthly aggregates when the range has too many sessions to draw each day. */
  candles: Candle[] | null;
  candlePeriod: 'day' | 'week' | 'month';
  volume: XY[] | null;
  drawdown: LineSeries;
  rollingVol: LineSeries;
  rollingBeta: LineSeries[];
  deals: Array<{ id: string; name: string; date: string; value: string; status: string; counterparty: string; sources: Array<{ title: string; url: string }> }>;
  markers: DealMarker[];
  facts: Fact[];
  row: RiskRow | null;
  pivot: PivotView | null;
  /** The x-axis of each time chart (absent when the chart has no data). */
  xRanges: Partial<Record<'price' | 'candles' | 'volume' | 'drawdown' | 'volatility' | 'beta' | 'pivot', XRange>>;
}

export interface CompareData {
  kind: 'compare';
  symbols: string[];
  range: RangeKey;
  asOf: string;
  data: DataLabel;
  performance: LineSeries[];
  drawdown: LineSeries[];
  heatmap: Heatmap;
  table: RiskRow[];
  /** The x-axis of each time chart (absent when the chart has no data). */
  xRanges: Partial<Record<'performance' | 'drawdown', XRange>>;
}

/** A miner's betas before and after its first AI/HPC deal (two-factor regression on BTC and NDX). */
export interface PivotView {
  eventDate: string | null;
  eventLabel: string;
  /** Rolling two-factor betas (90 sessions). */
  rolling: LineSeries[];
  /** z and p of the change after − before with Newey–West (HAC) errors; p two-sided, normal approximation. */
  rows: Array<{ factor: string; before: number | null; after: number | null; current: number | null; z: number | null; p: number | null }>;
  r2: { before: number | null; after: number | null; current: number | null };
  /** How z and p are computed and what they are not (a single event chosen after the fact), with the number of tests shown. */
  method: string;
}

export interface ScenarioRow {
  symbol: string;
  status: string;
  note: string | null;
  actual: number | null;
  explained: number | null;
  unexplained: number | null;
  contributions: Array<{ factor: string; beta: number | null; value: number }>;
  /** Shock: the 90% band; `sdBetas` and `sdResidual` are the log-space sd of the betas' uncertainty and of the residual. */
  band: { low: number; high: number; sdBetas?: number; sdResidual?: number } | null;
  /** Shock: the date this row's betas are estimated to. */
  asOf?: string | null;
}

/** One miner under a counterparty default (src/core/exposure defaultScenario), for the scenario panel's card. */
export interface CounterpartyDefaultRow {
  symbol: string;
  /** The miner's known backlog; `backlogLowerBound` when some deals' values are undisclosed. */
  backlogUsd: number | null;
  backlogLowerBound: boolean;
  /** Lost with the undisclosed surviving backstops covering nothing (the upper bound) and covering all (low; null without a range). */
  atRiskUsd: number | null;
  atRiskLowUsd: number | null;
  /** Kept by the surviving guarantors' disclosed backstops on the hit deals. */
  coveredUsd: number;
  /** The rest of the known backlog: not hit. */
  notHitUsd: number | null;
  shareOfBacklog: number | null;
  shareOfBacklogLow: number | null;
  marketCapUsd: number | null;
  shareOfMarketCap: number | null;
  /** `168 MW critical IT`; "–" when no hit deal has a MW figure. */
  mwText: string;
  priceImpact: number | null;
  priceImpactLow: number | null;
  /** The hit deals in words: `cifr-fluidstack-barber-lake-2025 via counterparty: $3B, Google backstop $1.4B → $1.6B at risk`. */
  hits: string[];
  /** Why a figure is missing (no market cap, undisclosed values). */
  reasons: string[];
}

/** The counterparty-default card of the scenario panel: the entities one can remove, and the result for the selected one. */
export interface CounterpartyDefaultCard {
  entities: Array<{ name: string; roles: string }>;
  selected: string | null;
  result: {
    entity: string;
    /** `counterparty of 5 deals; guarantor of 5 backstops`. */
    rolesText: string;
    rows: CounterpartyDefaultRow[];
    totals: { backlogUsd: number | null; atRiskUsd: number | null; atRiskLowUsd: number | null; shareOfBacklog: number | null; mwText: string };
    /** Backstops the entity gave that are lost with it. */
    backstopsLost: string[];
    method: string;
    notes: string[];
  } | null;
  /** Why there is no result (no entity picked, an unknown one). */
  reason?: string;
  /** Where the figures come from: the catalog's date, market caps. */
  source: string;
}

export interface ScenarioData {
  kind: 'scenario';
  range: RangeKey;
  asOf: string;
  data: DataLabel;
  scenarios: Array<{ id: string; name: string; kind: 'replay' | 'shock' }>;
  selected: string;
  basis: BasisInfo;
  /** What the miners' AI/HPC backlog loses if one counterparty, backer or end user fails (catalog-based; not on the holdings). */
  counterparty?: CounterpartyDefaultCard;
  /** On the holdings: the scenario's and the VaR's returns applied to the net exposure, in USD (cash does not move). */
  holdingsUsd?: { invested: number; cash: number; value: number; scenarioPnl: number | null; var: Array<{ confidence: number; var: number; es: number }> };
  result: {
    kind: 'replay' | 'shock';
    name: string;
    description: string;
    window: string;
    factors: string[];
    factorMoves: Record<string, number>;
    rows: ScenarioRow[];
    portfolio: ScenarioRow | null;
    weightsText: string;
    notes: string[];
    /** The model in words (shock: the log-return factor model). */
    model?: string;
    /** How much of the portfolio's weight the portfolio figure stands for (survivorship); null without a portfolio. */
    coverage?: string | null;
  };
  var:
    | {
        paths: number;
        seed: number;
        blockLength: number;
        horizon: number;
        sampleSize: number;
        from: string;
        to: string;
        /** varSe/esSe: Monte Carlo error; varInterval/esInterval: the 95% sampling interval over resampled histories. */
        estimates: Array<{
          confidence: number;
          var: number;
          es: number;
          varSe: number;
          esSe: number;
          varInterval?: { low: number; high: number } | null;
          esInterval?: { low: number; high: number } | null;
        }>;
        /** How the sampling intervals were made. */
        sampling?: string | null;
        convergence: { paths: number[]; var: number[]; varSe: number[]; es: number[] };
        histogram: { edges: number[]; counts: number[] };
      }
    | { error: string };
}

/** One miner's per-MW-year figures in the economics panel (src/core/economics minerEconomics); null where a fact is missing, with the reason. */
export interface EconomicsRow {
  symbol: string;
  name: string;
  efficiencyJTH: number | null;
  miningPerMwYearUsd: number | null;
  aiPerMwYearUsd: number | null;
  aiToMiningRatio: number | null;
  breakevenBtcUsd: number | null;
  miningAfterHalvingPerMwYearUsd: number | null;
  /** What the AI/HPC MW measures (critical IT, gross…), null without a figure. */
  aiMwBasis: string | null;
  /** `field: why it is null`, one per null figure. */
  reasons: string[];
}

export interface EconomicsData {
  kind: 'economics';
  range: RangeKey;
  asOf: string;
  data: DataLabel;
  /** The as-of day's hashprice and what it was computed from. */
  day: { date: string; usdPerPhDay: number; btcUsd: number; difficulty: number; feesPerBlockBtc: number | null; feesKnown: boolean; source: string };
  /** USD per PH/s per day, cut to the range and decimated (LTTB). */
  hashprice: LineSeries[];
  /** The past halvings within the range, on the hashprice line. */
  halvings: DealMarker[];
  nextHalving: { height: number; subsidyBtc: number; estimatedDate: string; basis: string } | null;
  /** Miners with at least one known figure; a null value is left out of its bar (and listed in `leftOut`). */
  bars: Array<{ symbol: string; mining: number | null; ai: number | null }>;
  leftOut: Array<{ symbol: string; figure: 'mining' | 'ai'; reason: string }>;
  table: EconomicsRow[];
  /** Mining revenue per MW-year of one reference efficiency across BTC price moves and difficulty growth. */
  sensitivity: {
    efficiencyJTH: number;
    efficiencyBasis: string;
    /** BTC price changes (−0.5 … 1). */
    btcMoves: number[];
    lines: Array<{ growth: number; values: Array<number | null> }>;
    /** The median AI/HPC revenue per MW-year of the miners that have one (a reference line), or null. */
    aiMedianPerMwYearUsd: number | null;
  };
  notes: string[];
  stats: { pointsIn: number; pointsSent: number };
  xRanges: Partial<Record<'hashprice', XRange>>;
}

/** A column of the capital-flows diagram: who backs the tenant, the tenant (counterparty), the miner that hosts it. */
export type FlowNodeKind = 'backer' | 'counterparty' | 'miner';
export const FLOW_NODE_KINDS: readonly FlowNodeKind[] = ['backer', 'counterparty', 'miner'];

/** One party of the flows diagram (src/core/views/build/flows.ts buildFlows). */
export interface FlowNode {
  /** `<kind>:<label>`, unique in the diagram. */
  id: string;
  /** The party's name as the catalog gives it (the Deals view filter matches on it). */
  label: string;
  kind: FlowNodeKind;
  /** Sum of the known values through the node (the larger of what flows in and out); undisclosed values are never in it. */
  knownUsd: number;
  /** Links of undisclosed value into or out of the node (the larger side). */
  unknownLinks: number;
  /** Deals through the node whose value is undisclosed. */
  unknownDeals: number;
  /** Every deal through the node. */
  dealIds: string[];
}

/** A flow between two nodes: the deals between them of known value summed, or (a link of its own) those of undisclosed value. */
export interface FlowLink {
  from: string;
  to: string;
  /** Null when the value is undisclosed (then `unknown` is true). */
  valueUsd: number | null;
  unknown: boolean;
  dealIds: string[];
}

export interface FlowsData {
  kind: 'flows';
  /** The flows are every contracted deal of the catalog, whatever its date: always ALL. */
  range: 'ALL';
  /** The catalog's as-of date. */
  asOf: string;
  data: DataLabel;
  nodes: FlowNode[];
  links: FlowLink[];
  /** The width an undisclosed link is drawn with, in the diagram's USD units: a drawing weight, not a value. */
  unknownWeight: number;
  totals: { knownUsd: number; deals: number; unknownDeals: number };
  notes: string[];
}

export type PanelData = DashboardData | TickerData | CompareData | ScenarioData | EconomicsData | FlowsData;

/** Host -> webview. */
export type HostMessage =
  | { type: 'data'; payload: PanelData }
  | { type: 'loading'; message: string }
  | { type: 'error'; message: string }
  | { type: 'exported'; ok: boolean; message: string };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready'; range?: RangeKey }
  | { type: 'setRange'; range: RangeKey }
  | { type: 'exportPng'; chart: string; dataUrl: string }
  | { type: 'exportCsv' }
  | { type: 'openTicker'; symbol: string }
  | { type: 'runScenario'; id?: string; shock?: string }
  | { type: 'runDefault'; entity: string }
  | { type: 'setBasis'; basis: Basis }
  /** Flows panel: a node was clicked; the host filters the Deals view to that party. */
  | { type: 'filterDeals'; id: string; kind: FlowNodeKind; label: string }
  | { type: 'rendered'; ms: number; charts: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
export const isRange = (v: unknown): v is RangeKey => typeof v === 'string' && (RANGES as readonly string[]).includes(v);
export const isFlowNodeKind = (v: unknown): v is FlowNodeKind => typeof v === 'string' && (FLOW_NODE_KINDS as readonly string[]).includes(v);
/** The longest party name a flows node carries (src/core/views/build/flows.ts partyName cuts longer ones). */
export const MAX_PARTY_NAME = 300;
/** A party's name as a flows node carries it: 1 to MAX_PARTY_NAME characters, no control characters. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const isPartyName = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_PARTY_NAME && !CONTROL.test(v);

/** Validates a message from a webview; returns it typed, or a reason it was dropped. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewMessage } | { ok: false; reason: string } {
  if (!isObj(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not an object with a type' };
  switch (raw.type) {
    case 'ready':
      if (raw.range !== undefined && !isRange(raw.range)) return { ok: false, reason: 'ready: bad range' };
      return { ok: true, message: { type: 'ready', range: raw.range as RangeKey | undefined } };
    case 'setRange':
      return isRange(raw.range)
        ? { ok: true, message: { type: 'setRange', range: raw.range } }
        : { ok: false, reason: `setRange: bad range ${JSON.stringify(raw.range)}` };
    case 'exportPng':
      if (!isStr(raw.chart, 60) || !/^[\w-]+$/.test(raw.chart)) return { ok: false, reason: 'exportPng: bad chart id' };
      if (typeof raw.dataUrl !== 'string' || !raw.dataUrl.startsWith('data:image/png;base64,') || raw.dataUrl.length > 40_000_000)
        return { ok: false, reason: 'exportPng: not a PNG data URL' };
      return { ok: true, message: { type: 'exportPng', chart: raw.chart, dataUrl: raw.dataUrl } };
    case 'exportCsv':
      return { ok: true, message: { type: 'exportCsv' } };
    case 'runDefault': {
      const entity = raw.entity;
      if (!(
        typeof entity === 'string' &&
        entity.length >= 1 &&
        entity.length <= 80 &&
        ![...entity].some((ch) => ch < ' ' || ch === '\u007f' || ch === '<' || ch === '>')
      ))
        return { ok: false, reason: 'runDefault: bad entity' };
      return { ok: true, message: { type: 'runDefault', entity } };
    }
    case 'runScenario': {
      const id = raw.id;
      const shock = raw.shock;
      if (id !== undefined && !(typeof id === 'string' && /^[a-z0-9-]{1,40}$/.test(id))) return { ok: false, reason: 'runScenario: bad id' };
      if (shock !== undefined && !(typeof shock === 'string' && shock.length <= 200 && /^[A-Za-z0-9^=.,%\s+\-−]*$/.test(shock)))
        return { ok: false, reason: 'runScenario: bad shock text' };
      if (id === undefined && shock === undefined) return { ok: false, reason: 'runScenario: needs an id or a shock' };
      return { ok: true, message: { type: 'runScenario', id, shock } };
    }
    case 'setBasis':
      return isBasis(raw.basis) ? { ok: true, message: { type: 'setBasis', basis: raw.basis } } : { ok: false, reason: 'setBasis: bad basis' };
    case 'filterDeals':
      if (!isFlowNodeKind(raw.kind)) return { ok: false, reason: 'filterDeals: bad kind' };
      if (!isPartyName(raw.label)) return { ok: false, reason: 'filterDeals: bad label' };
      if (raw.id !== `${raw.kind}:${raw.label}`) return { ok: false, reason: 'filterDeals: the id is not <kind>:<label>' };
      return { ok: true, message: { type: 'filterDeals', id: raw.id, kind: raw.kind, label: raw.label } };
    case 'openTicker':
      return isStr(raw.symbol, 20) && /^[A-Z0-9^.=-]{1,20}$/.test(raw.symbol)
        ? { ok: true, message: { type: 'openTicker', symbol: raw.symbol } }
        : { ok: false, reason: 'openTicker: bad symbol' };
    case 'rendered':
      return typeof raw.ms === 'number' && Number.isFinite(raw.ms) && typeof raw.charts === 'number'
        ? { ok: true, message: { type: 'rendered', ms: raw.ms, charts: raw.charts } }
        : { ok: false, reason: 'rendered: bad fields' };
    case 'log':
      return (raw.level === 'info' || raw.level === 'warn' || raw.level === 'error') && isStr(raw.message, 2000)
        ? { ok: true, message: { type: 'log', level: raw.level, message: raw.message } }
        : { ok: false, reason: 'log: bad fields' };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type).slice(0, 40)}` };
  }
}

const isStrArray = (v: unknown, max: number, len = 1000): v is string[] => Array.isArray(v) && v.length <= max && v.every((x) => isStr(x, len));
const isUsd = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The shape of a flows payload: nodes of a known kind with finite totals, links between those nodes, a value exactly when known. */
function flowsProblem(p: Record<string, unknown>): string | undefined {
  if (p.range !== 'ALL') return 'range is not ALL';
  if (!Array.isArray(p.nodes) || !Array.isArray(p.links) || !isObj(p.totals) || !isStrArray(p.notes, 50)) return 'without nodes, links, totals or notes';
  if (!isUsd(p.unknownWeight)) return 'bad unknownWeight';
  const ids = new Set<string>();
  for (const n of p.nodes as unknown[]) {
    if (!isObj(n) || !isFlowNodeKind(n.kind) || !isPartyName(n.label) || n.id !== `${n.kind}:${n.label}`) return 'a bad node';
    if (!isUsd(n.knownUsd) || !Number.isSafeInteger(n.unknownLinks) || !Number.isSafeInteger(n.unknownDeals) || !isStrArray(n.dealIds, 10_000))
      return `node ${n.id}: bad figures`;
    ids.add(n.id);
  }
  for (const l of p.links as unknown[]) {
    if (!isObj(l) || typeof l.from !== 'string' || typeof l.to !== 'string' || !ids.has(l.from) || !ids.has(l.to)) return 'a link between unknown nodes';
    if (typeof l.unknown !== 'boolean' || (l.unknown ? l.valueUsd !== null : !isUsd(l.valueUsd)) || !isStrArray(l.dealIds, 10_000))
      return `link ${l.from} → ${l.to}: bad value`;
  }
  return undefined;
}

const isSeries = (v: unknown): boolean => isObj(v) && typeof v.id === 'string' && typeof v.label === 'string' && Array.isArray(v.points);

/** Validates a message from the host (the webview side's guard). */
export function parseHostMessage(raw: unknown): { ok: true; message: HostMessage } | { ok: false; reason: string } {
  if (!isObj(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not an object with a type' };
  switch (raw.type) {
    case 'data': {
      const p = raw.payload;
      if (!isObj(p) || !(PANEL_KINDS as readonly string[]).includes(String(p.kind))) return { ok: false, reason: 'data: unknown payload kind' };
      if (!isRange(p.range) || typeof p.asOf !== 'string' || !isObj(p.data)) return { ok: false, reason: 'data: missing range, asOf or data label' };
      if (p.kind === 'ticker' && (!isSeries(p.close) || !isSeries(p.drawdown))) return { ok: false, reason: 'data: ticker without series' };
      if (p.kind === 'scenario')
        return isObj(p.result) && Array.isArray((p.result as Record<string, unknown>).rows)
          ? { ok: true, message: raw as HostMessage }
          : { ok: false, reason: 'data: scenario without rows' };
      if (p.kind === 'flows') {
        const problem = flowsProblem(p);
        return problem ? { ok: false, reason: `data: flows ${problem}` } : { ok: true, message: raw as HostMessage };
      }
      if (p.kind === 'economics')
        return Array.isArray(p.hashprice) &&
          p.hashprice.every(isSeries) &&
          Array.isArray(p.bars) &&
          Array.isArray(p.table) &&
          isObj(p.sensitivity) &&
          isObj(p.day)
          ? { ok: true, message: raw as HostMessage }
          : { ok: false, reason: 'data: economics without hashprice, bars, table or sensitivity' };
      if (p.kind !== 'ticker' && (!Array.isArray(p.performance) || !p.performance.every(isSeries) || !Array.isArray(p.table)))
        return { ok: false, reason: 'data: bad series or table' };
      return { ok: true, message: raw as HostMessage };
    }
    case 'loading':
    case 'error':
      return isStr(raw.message, 5000) ? { ok: true, message: raw as HostMessage } : { ok: false, reason: `${raw.type}: bad message` };
    case 'exported':
      return typeof raw.ok === 'boolean' && isStr(raw.message, 5000)
        ? { ok: true, message: raw as HostMessage }
        : { ok: false, reason: 'exported: bad fields' };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(raw.type).slice(0, 40)}` };
  }
}

/**
 * The wire form of a host message (what `postMessage` carries; {@link HostMessage} stays the typed
 * contract on both sides). Every line's `points` ([x, y] pairs with integer x, i.e. day numbers)
 * travel as one flat array `packedPoints: [x0, y0, x1 - x0, y1, …]`: one array per line instead of
 * one per point, and short deltas instead of five-digit days, so the JSON the host writes and the
 * copies the browser makes (webview iframes are two deep) are smaller. Anything else is sent as it is.
 */
export type WireHostMessage = { readonly wire: unique symbol };

const PACKED = 'packedPoints';

function packable(points: unknown): points is XY[] {
  if (!Array.isArray(points) || points.length === 0) return false;
  for (const p of points) if (!Array.isArray(p) || p.length !== 2 || !Number.isSafeInteger(p[0]) || typeof p[1] !== 'number') return false;
  return true;
}

function packValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(packValue);
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'points' && packable(x)) {
      const flat = new Array<number>(x.length * 2);
      let prev = 0;
      for (let i = 0; i < x.length; i++) {
        flat[2 * i] = x[i]![0] - prev;
        flat[2 * i + 1] = x[i]![1];
        prev = x[i]![0];
      }
      out[PACKED] = flat;
    } else out[k] = packValue(x);
  }
  return out;
}

/** A host message in its wire form (see {@link WireHostMessage}). */
export function packHostMessage(m: HostMessage): WireHostMessage {
  return (m.type === 'data' ? { ...m, payload: packValue(m.payload) } : m) as unknown as WireHostMessage;
}

function unpackValue(v: unknown, depth: number): unknown {
  if (depth > 16) throw new Error('nested too deep');
  if (Array.isArray(v)) return v.map((x) => unpackValue(x, depth + 1));
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === PACKED) {
      if (!Array.isArray(x) || x.length % 2 !== 0 || 'points' in v) throw new Error('bad packed points');
      const points = new Array<XY>(x.length / 2);
      let at = 0;
      for (let i = 0; i < points.length; i++) {
        const dx = x[2 * i];
        const y = x[2 * i + 1];
        if (!Number.isSafeInteger(dx) || !(typeof y === 'number' || y === null)) throw new Error('bad packed points');
        at += dx as number;
        points[i] = [at, y as number]; // null stays null, as JSON would have sent a NaN
      }
      out.points = points;
    } else out[k] = unpackValue(x, depth + 1);
  }
  return out;
}

/** The webview side: a wire message back to its typed form, then {@link parseHostMessage}'s checks. */
export function parseWireHostMessage(raw: unknown): { ok: true; message: HostMessage } | { ok: false; reason: string } {
  if (!isObj(raw) || raw.type !== 'data') return parseHostMessage(raw);
  let unpacked: unknown;
  try {
    unpacked = { ...raw, payload: unpackValue(raw.payload, 0) };
  } catch (e) {
    return { ok: false, reason: `data: ${(e as Error).message}` };
  }
  return parseHostMessage(unpacked);
}
