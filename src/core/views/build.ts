/**
 * View models of the chart panels, computed in the extension host (pure): the webviews draw what
 * they get. Series are cut to the chosen range and decimated for display (LTTB keeps real
 * observations, so tooltips show exact values); nothing outside the visible range is sent.
 */
import { addDays, dayNumber, fromDayNumber, indexAtOrBefore, pricesToReturns, valuesAsOf } from '../calendar';
import type { Deal } from '../deals';
import { lttb, type Point } from '../decimate';
import { describeOrigin } from '../format';
import { alignedWindowReturns, type SymbolReport } from '../report';
import { correlation, drawdownSeriesFromPrices, rollingBeta, rollingCorrelation, rollingVolatility } from '../risk';
import type { AssetClass, DailySeries, IsoDate } from '../types';
import { periodsPerYear } from '../universe';
import type { Candle, CompareData, DashboardData, DataLabel, DealMarker, Fact, Heatmap, LineSeries, PivotView, RangeKey, RiskRow, TickerData, XY } from '../../shared/protocol';

export interface ViewSymbol {
  symbol: string;
  name: string;
  role: LineSeries['role'];
  assetClass: AssetClass;
  series: DailySeries;
}

/** The deal fields the panels read (a catalog deal fits). */
export type ViewDeal = Pick<Deal, 'id' | 'name' | 'provider'> & Partial<Pick<Deal, 'counterparty' | 'announced' | 'valueUSD' | 'status' | 'sources'>>;

export interface ViewInput {
  symbols: ViewSymbol[];
  btc?: DailySeries;
  ndx?: DailySeries;
  reports: ReadonlyMap<string, SymbolReport>;
  deals: readonly ViewDeal[];
  backlogUSD: (symbol: string) => number | null;
  pivotStatus: (symbol: string) => string | null;
  now: number;
}

export const MAX_POINTS = 600;

const RANGE_DAYS: Record<RangeKey, number> = { '1M': 31, '3M': 92, '6M': 183, '1Y': 365, '3Y': 1096, ALL: Infinity };

/** First date of a range ending at asOf. */
export function rangeStart(range: RangeKey, asOf: IsoDate, earliest: IsoDate): IsoDate {
  const days = RANGE_DAYS[range];
  if (!Number.isFinite(days)) return earliest;
  const start = addDays(asOf, -days);
  return start < earliest ? earliest : start;
}

/** Index of the first date >= d. */
function firstAtOrAfter(dates: readonly IsoDate[], d: IsoDate): number {
  const i = indexAtOrBefore(dates, d);
  return i >= 0 && dates[i] === d ? i : i + 1;
}

function slice(series: { dates: readonly IsoDate[]; close: readonly number[] }, from: IsoDate, to: IsoDate): { dates: IsoDate[]; close: number[]; start: number } {
  const a = firstAtOrAfter(series.dates, from);
  const b = indexAtOrBefore(series.dates, to);
  return { dates: series.dates.slice(a, b + 1), close: series.close.slice(a, b + 1), start: a };
}

function toPoints(dates: readonly IsoDate[], values: readonly number[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < dates.length; i++) if (Number.isFinite(values[i]!)) out.push([dayNumber(dates[i]!), values[i]!]);
  return out;
}

class Counter {
  pointsIn = 0;
  pointsSent = 0;
  line(id: string, label: string, role: LineSeries['role'], pts: Point[], max = MAX_POINTS): LineSeries {
    this.pointsIn += pts.length;
    const kept = lttb(pts, max) as XY[];
    this.pointsSent += kept.length;
    return { id, label, role, points: kept.map(([x, y]) => [x, round(y)]) };
  }
}

/** 8 significant digits: plenty for display, smaller JSON. */
function round(v: number): number {
  return Number(v.toPrecision(8));
}

export function dataLabel(series: readonly DailySeries[], now: number): DataLabel {
  const kinds = new Set(series.map((s) => s.origin.kind));
  const texts = [...new Set(series.map((s) => describeOrigin(s.origin, now).replace(/ \(.*\)$/, '')))];
  const kind = kinds.size === 1 ? [...kinds][0]! : 'mixed';
  if (kind === 'snapshot') {
    const dates = series.map((s) => s.origin.asOf.slice(0, 10)).sort();
    return { kind, text: dates[0] === dates.at(-1) ? `snapshot of ${dates[0]}` : `snapshot, series ending ${dates[0]} to ${dates.at(-1)}` };
  }
  return { kind, text: texts.length > 3 ? `${texts.slice(0, 3).join('; ')}; …` : texts.join('; ') };
}

function rowOf(s: ViewSymbol, input: ViewInput, from: IsoDate, to: IsoDate): RiskRow {
  const r = input.reports.get(s.symbol);
  const win = slice(s.series, from, to);
  const dd = drawdownSeriesFromPrices(win.close.filter((x) => Number.isFinite(x)));
  const nn = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return {
    symbol: s.symbol,
    name: s.name,
    price: nn(r?.close),
    change30d: nn(r?.change['30d']),
    vol90d: nn(r?.volatility['90d']),
    maxDrawdown: dd.length ? Math.min(...dd) : null,
    betaBTC: nn(r?.beta.BTC['90d']),
    betaNDX: nn(r?.beta.NDX['90d']),
    var95: nn(r?.var95),
    backlogUSD: input.backlogUSD(s.symbol),
    pivotStatus: input.pivotStatus(s.symbol),
  };
}

function rebased(s: ViewSymbol, from: IsoDate, to: IsoDate): Point[] {
  const w = slice(s.series, from, to);
  const base = w.close.find((x) => Number.isFinite(x) && x > 0);
  if (!base) return [];
  return toPoints(w.dates, w.close.map((x) => (x / base) * 100));
}

function drawdownPoints(s: ViewSymbol, from: IsoDate, to: IsoDate): Point[] {
  const w = slice(s.series, from, to);
  const keep = w.close.map((x) => Number.isFinite(x));
  const dd = drawdownSeriesFromPrices(w.close.filter((_, i) => keep[i]));
  return toPoints(w.dates.filter((_, i) => keep[i]), dd);
}

/** Rolling correlation (or beta) of a symbol to a benchmark, prices aligned on the equity side's calendar. */
function rollingPair(s: ViewSymbol, bench: DailySeries, benchClass: AssetClass, window: number, from: IsoDate, to: IsoDate, what: 'corr' | 'beta'): Point[] {
  // Enough history before `from` to fill the first window.
  const lead = addDays(from, -Math.ceil(window * 1.6) - 10);
  const subjectSeven = s.assetClass === 'crypto' || s.assetClass === 'basket';
  const benchSeven = benchClass === 'crypto' || benchClass === 'basket';
  const calendar = subjectSeven && !benchSeven ? bench : s.series;
  const w = slice(calendar, lead, to);
  if (w.dates.length < window + 2) return [];
  const a = calendar === s.series ? w.close : valuesAsOf(w.dates, s.series.dates, s.series.close);
  const b = calendar === bench ? w.close : valuesAsOf(w.dates, bench.dates, bench.close);
  const ra = pricesToReturns(a);
  const rb = pricesToReturns(b);
  const vals = what === 'corr' ? rollingCorrelation(ra, rb, window) : rollingBeta(ra, rb, window);
  // value k covers returns k..k+window-1, i.e. ends at price index k+window.
  const dates = vals.map((_, k) => w.dates[k + window]!);
  const pts = toPoints(dates, vals);
  const f = dayNumber(from);
  return pts.filter((p) => p[0] >= f);
}

export function heatmapOf(symbols: readonly ViewSymbol[], asOf: IsoDate, days: number): Heatmap {
  const matrix = symbols.map(() => symbols.map((): number | null => null));
  for (let i = 0; i < symbols.length; i++) {
    matrix[i]![i] = 1;
    for (let j = i + 1; j < symbols.length; j++) {
      const a = symbols[i]!;
      const b = symbols[j]!;
      const { r, b: rb } = alignedWindowReturns({ assetClass: a.assetClass, series: a.series }, { assetClass: b.assetClass, series: b.series }, asOf, days);
      const c = r.length > 10 ? correlation(r, rb) : NaN;
      const v = Number.isFinite(c) ? round(c) : null;
      matrix[i]![j] = v;
      matrix[j]![i] = v;
    }
  }
  return { symbols: symbols.map((s) => s.symbol), matrix };
}

function formatUsdShort(v: number | null | undefined): string | undefined {
  if (v == null || !Number.isFinite(v)) return undefined;
  return v >= 1e9 ? `$${(v / 1e9).toFixed(1)}B` : `$${(v / 1e6).toFixed(0)}M`;
}

/** Deal announcements on the rebased price line of their company. */
function markersFor(input: ViewInput, perf: readonly LineSeries[], rawPerf: ReadonlyMap<string, Point[]>, from: IsoDate, to: IsoDate): DealMarker[] {
  const out: DealMarker[] = [];
  for (const d of input.deals) {
    if (!d.announced) continue;
    const date = d.announced.length === 7 ? `${d.announced}-01` : d.announced;
    if (date < from || date > to) continue;
    if (!perf.some((p) => p.id === d.provider)) continue;
    const pts = rawPerf.get(d.provider) ?? [];
    const x = dayNumber(date);
    let y: number | undefined;
    for (const p of pts) {
      if (p[0] <= x) y = p[1];
      else break;
    }
    if (y === undefined) continue;
    out.push({ symbol: d.provider, x, y: round(y), date: d.announced, label: d.name, value: formatUsdShort(d.valueUSD) });
  }
  return out;
}

/**
 * The dashboard's date: the median last date of the miners (of every symbol when there is no
 * miner), so one series that ends later (BTC trades on weekends) or earlier (a stale source) does
 * not leave the short ranges nearly empty.
 */
function commonAsOf(symbols: readonly ViewSymbol[]): IsoDate {
  const miners = symbols.filter((s) => s.role === 'miner');
  const dates = (miners.length ? miners : symbols).map((s) => s.series.dates.at(-1) ?? '0000-00-00').sort();
  return dates[Math.floor((dates.length - 1) / 2)]!;
}

function earliestOf(symbols: readonly ViewSymbol[]): IsoDate {
  return symbols.map((s) => s.series.dates[0] ?? '9999-12-31').sort()[0]!;
}

export function buildDashboard(input: ViewInput, range: RangeKey): DashboardData {
  const counter = new Counter();
  const withData = input.symbols.filter((s) => s.series.dates.length > 1);
  const asOf = commonAsOf(withData);
  const from = rangeStart(range, asOf, earliestOf(withData));
  const raw = new Map<string, Point[]>();
  const performance = withData.map((s) => {
    const pts = rebased(s, from, asOf);
    raw.set(s.symbol, pts);
    return counter.line(s.symbol, s.symbol, s.role, pts);
  }).filter((l) => l.points.length > 1);
  const miners = withData.filter((s) => s.role === 'miner');
  const drawdown = withData.filter((s) => s.role !== 'ai').map((s) => counter.line(s.symbol, s.symbol, s.role, drawdownPoints(s, from, asOf))).filter((l) => l.points.length > 1);
  const roll = (bench: DailySeries | undefined, cls: AssetClass, w: number) =>
    bench ? miners.map((s) => counter.line(s.symbol, s.symbol, s.role, rollingPair(s, bench, cls, w, from, asOf, 'corr'), 400)).filter((l) => l.points.length > 1) : [];
  const days = Math.max(30, Math.round(dayNumber(asOf) - dayNumber(from)));
  const heatSymbols = withData.filter((s) => s.role === 'miner' || s.role === 'benchmark');
  return {
    kind: 'dashboard',
    range,
    asOf,
    data: dataLabel(withData.map((s) => s.series), input.now),
    performance,
    drawdown,
    rolling: {
      BTC: { '30': roll(input.btc, 'crypto', 30), '90': roll(input.btc, 'crypto', 90) },
      NDX: { '30': roll(input.ndx, 'index', 30), '90': roll(input.ndx, 'index', 90) },
    },
    heatmap: heatmapOf(heatSymbols, asOf, days),
    table: withData.filter((s) => s.role !== 'benchmark' || true).map((s) => rowOf(s, input, from, asOf)),
    markers: markersFor(input, performance, raw, from, asOf),
    stats: { pointsIn: counter.pointsIn, pointsSent: counter.pointsSent },
  };
}

export function buildTicker(input: ViewInput, symbol: string, range: RangeKey, facts: Fact[], pivot: PivotView | null = null): TickerData {
  const counter = new Counter();
  const s = input.symbols.find((x) => x.symbol === symbol);
  if (!s || s.series.dates.length < 2) throw new Error(`no price data for ${symbol}`);
  const asOf = s.series.dates.at(-1)!;
  const from = rangeStart(range, asOf, s.series.dates[0]!);
  const w = slice(s.series, from, asOf);
  const closePts = toPoints(w.dates, w.close);
  // Candles: only when the range is short enough to draw each day (else the close line carries it).
  let candles: Candle[] | null = null;
  let volume: XY[] | null = null;
  const { open, high, low, volume: vol } = s.series;
  if (open && high && low && w.dates.length <= 400) {
    candles = [];
    for (let k = 0; k < w.dates.length; k++) {
      const i = w.start + k;
      const o = open[i]!;
      const h = high[i]!;
      const l = low[i]!;
      const c = s.series.close[i]!;
      if ([o, h, l, c].every(Number.isFinite)) candles.push({ x: dayNumber(w.dates[k]!), o: round(o), h: round(h), l: round(l), c: round(c) });
    }
  }
  if (vol) {
    const vpts = toPoints(w.dates, vol.slice(w.start, w.start + w.dates.length));
    volume = (w.dates.length > MAX_POINTS ? bucketMax(vpts, MAX_POINTS) : vpts) as XY[];
  }
  const ppy = periodsPerYear(s.assetClass);
  const lead = slice(s.series, addDays(from, -60), asOf);
  const rv = rollingVolatility(pricesToReturns(lead.close), 30, { periodsPerYear: ppy });
  const volPts = toPoints(rv.map((_, k) => lead.dates[k + 30]!), rv).filter((p) => p[0] >= dayNumber(from));
  const betas: LineSeries[] = [];
  if (input.btc && symbol !== 'BTC') betas.push(counter.line('BTC', 'β to BTC (90d)', 'benchmark', rollingPair(s, input.btc, 'crypto', 90, from, asOf, 'beta')));
  if (input.ndx && symbol !== 'NDX') betas.push(counter.line('NDX', 'β to NASDAQ-100 (90d)', 'benchmark', rollingPair(s, input.ndx, 'index', 90, from, asOf, 'beta')));
  const close = counter.line(symbol, `${symbol} close`, s.role, closePts);
  const deals = input.deals
    .filter((d) => d.provider === symbol)
    .map((d) => ({
      id: d.id,
      name: d.name,
      date: d.announced ?? '',
      value: formatUsdShort(d.valueUSD) ?? 'undisclosed',
      status: d.status ?? '',
      counterparty: d.counterparty ?? '',
      sources: (d.sources ?? []).slice(0, 5).map((x) => ({ title: x.title, url: x.url })),
    }));
  return {
    kind: 'ticker',
    symbol,
    name: s.name,
    range,
    asOf,
    data: dataLabel([s.series], input.now),
    close,
    candles,
    volume,
    drawdown: counter.line('drawdown', 'Drawdown', s.role, drawdownPoints(s, from, asOf)),
    rollingVol: counter.line('vol30', 'Volatility (30d, annualized)', s.role, volPts),
    rollingBeta: betas.filter((b) => b.points.length > 1),
    deals,
    markers: markersFor(input, [close].map((c) => ({ ...c, id: symbol })), new Map([[symbol, closePts]]), from, asOf),
    facts,
    row: rowOf(s, input, from, asOf),
    pivot,
  };
}

export function buildCompare(input: ViewInput, symbols: string[], range: RangeKey): CompareData {
  const counter = new Counter();
  const chosen = symbols.map((sym) => input.symbols.find((s) => s.symbol === sym)).filter((s): s is ViewSymbol => !!s && s.series.dates.length > 1);
  if (chosen.length < 2) throw new Error(`compare needs at least two symbols with price data (got ${chosen.map((c) => c.symbol).join(', ') || 'none'})`);
  const asOf = chosen.map((s) => s.series.dates.at(-1)!).sort()[0]!; // the latest date they all have
  const from = rangeStart(range, asOf, chosen.map((s) => s.series.dates[0]!).sort().at(-1)!);
  const days = Math.max(30, Math.round(dayNumber(asOf) - dayNumber(from)));
  return {
    kind: 'compare',
    symbols: chosen.map((c) => c.symbol),
    range,
    asOf,
    data: dataLabel(chosen.map((c) => c.series), input.now),
    performance: chosen.map((s) => counter.line(s.symbol, s.symbol, s.role, rebased(s, from, asOf))),
    drawdown: chosen.map((s) => counter.line(s.symbol, s.symbol, s.role, drawdownPoints(s, from, asOf))),
    heatmap: heatmapOf(chosen, asOf, days),
    table: chosen.map((s) => rowOf(s, input, from, asOf)),
  };
}

/** Volume bars decimated by keeping each bucket's largest bar (spikes stay visible). */
function bucketMax(points: readonly Point[], buckets: number): Point[] {
  const size = Math.ceil(points.length / buckets);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    let best = points[i]!;
    for (let j = i; j < Math.min(points.length, i + size); j++) if (points[j]![1] > best[1]) best = points[j]!;
    out.push(best);
  }
  return out;
}

/** The risk table as CSV (RFC 4180 quoting), fractions as decimals. */
export function riskTableCsv(rows: readonly RiskRow[], asOf: string, data: DataLabel): string {
  const head = ['symbol', 'name', 'price', 'change_30d', 'volatility_90d', 'max_drawdown_range', 'beta_btc_90d', 'beta_ndx_90d', 'var95_1d', 'backlog_usd', 'pivot_status'];
  const q = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) => [r.symbol, r.name, r.price, r.change30d, r.vol90d, r.maxDrawdown, r.betaBTC, r.betaNDX, r.var95, r.backlogUSD, r.pivotStatus].map(q).join(','));
  return `# Hashpivot risk table as of ${asOf}; data: ${data.text}\n${head.join(',')}\n${lines.join('\n')}\n`;
}

export { fromDayNumber };
