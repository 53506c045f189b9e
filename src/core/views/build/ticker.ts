/** View model of the ticker panel: one symbol's prices, candles, volume, risk lines and deals. */
import { fromDayNumber, seriesDays } from '../../calendar';
import type { Point } from '../../decimate';
import type { Candle, Fact, LineSeries, PivotView, RangeKey, TickerData, XY } from '../../../shared/protocol';
import type { DailySeries } from '../../types';
import {
  Counter,
  dataLabel,
  drawdownPoints,
  finiteCols,
  formatUsdShort,
  markersFor,
  MAX_POINTS,
  pointsOfCols,
  rangeStartDay,
  rollingPair,
  rollingVolatilityCols,
  round,
  spanOf,
  xRangesOf,
  type ViewInput,
  pairSamplingNote,
} from './common';
import type { SymbolReport } from '../../report';
import { rowOf } from './riskTable';

export function buildTicker(input: ViewInput, symbol: string, range: RangeKey, facts: Fact[], pivot: PivotView | null = null): TickerData {
  const counter = new Counter();
  const s = input.symbols.find((x) => x.symbol === symbol);
  if (!s || s.series.dates.length < 2) throw new Error(`no price data for ${symbol}`);
  const asOf = s.series.dates.at(-1)!;
  const days = seriesDays(s.series);
  const asOfDay = days[days.length - 1]!;
  const from = rangeStartDay(range, asOfDay, days[0]!);
  const w = spanOf(s.series, from, asOfDay);
  const n = w.end - w.start;
  const closePts = finiteCols(days, w.start, w.end, s.series.close);
  const { candles, period: candlePeriod } = candlesOf(s.series, w.start, n);
  let volume: XY[] | null = null;
  const vol = s.series.volume;
  if (vol) {
    const vpts = pointsOfCols(finiteCols(days, w.start, w.end, vol));
    volume = (n > MAX_POINTS ? bucketMax(vpts, MAX_POINTS) : vpts) as XY[];
  }
  const volPts = rollingVolatilityCols(s, 30, from, asOfDay);
  const betas: LineSeries[] = [];
  if (input.btc && symbol !== 'BTC')
    betas.push(counter.line('BTC', 'β to BTC (90d)', 'benchmark', rollingPair(s, input.btc, 'crypto', 90, from, asOfDay, 'beta')));
  if (input.ndx && symbol !== 'NDX')
    betas.push(counter.line('NDX', 'β to NASDAQ-100 (90d)', 'benchmark', rollingPair(s, input.ndx, 'index', 90, from, asOfDay, 'beta')));
  const close = counter.line(symbol, `${symbol} close`, s.role, closePts);
  const drawdown = counter.line('drawdown', 'Drawdown', s.role, drawdownPoints(s, from, asOfDay));
  const rollingVol = counter.line('vol30', 'Volatility (30d, annualized)', s.role, volPts);
  const rollingBeta = betas.filter((b) => b.points.length > 1);
  const markers = markersFor(
    input,
    [close].map((c) => ({ ...c, id: symbol })),
    new Map([[symbol, pointsOfCols(closePts)]]),
    fromDayNumber(from),
    asOf,
  );
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
    data: { ...dataLabel([s.series], input.now), pairs: pairSamplingNote([s].map((x) => input.reports.get(x.symbol)).filter((r): r is SymbolReport => !!r)) },
    close,
    candles,
    candlePeriod,
    volume,
    drawdown,
    rollingVol,
    rollingBeta,
    deals,
    markers,
    facts,
    row: rowOf(s, input, from, asOfDay),
    pivot,
    xRanges: xRangesOf({
      price: [[close], markers],
      candles: [candles ?? [], markers],
      volume: [volume ?? []],
      drawdown: [[drawdown]],
      volatility: [[rollingVol]],
      beta: [rollingBeta],
      pivot: [pivot?.rolling ?? []],
    }),
  };
}

/** Most candles drawn: beyond this many sessions, weekly (then monthly) candles. */
export const MAX_CANDLES = 400;

/**
 * OHLC candles of the sessions [start, start + n): one per session when there are at most
 * {@link MAX_CANDLES}, else one per week (Monday to Sunday), else one per calendar month. An
 * aggregate opens at its first session's open, closes at its last close, spans the highest high
 * and lowest low, and sits at its last session's date. Null without open/high/low data.
 */
export function candlesOf(series: DailySeries, start: number, n: number): { candles: Candle[] | null; period: TickerData['candlePeriod'] } {
  const { open, high, low, close } = series;
  if (!open || !high || !low) return { candles: null, period: 'day' };
  const dayOf = seriesDays(series);
  const days: Candle[] = [];
  for (let i = start; i < start + n; i++) {
    const [o, h, l, c] = [open[i]!, high[i]!, low[i]!, close[i]!];
    if ([o, h, l, c].every(Number.isFinite)) days.push({ x: dayOf[i]!, o, h, l, c });
  }
  if (!days.length) return { candles: null, period: 'day' };
  const period = (['day', 'week'] as const).find((p) => new Set(days.map((d) => PERIOD_OF[p](d.x))).size <= MAX_CANDLES) ?? 'month';
  const out: Candle[] = [];
  let key: number | string | undefined;
  for (const d of days) {
    const k = PERIOD_OF[period](d.x);
    const cur = out.at(-1);
    if (cur && k === key) {
      cur.h = Math.max(cur.h, d.h);
      cur.l = Math.min(cur.l, d.l);
      cur.c = d.c;
      cur.x = d.x;
    } else out.push({ ...d });
    key = k;
  }
  return { candles: out.map((c) => ({ x: c.x, o: round(c.o), h: round(c.h), l: round(c.l), c: round(c.c) })), period };
}

/** The period a day (days since 1970-01-01) falls in. Day 0 was a Thursday: +3 starts weeks on Monday. */
const PERIOD_OF: Record<TickerData['candlePeriod'], (x: number) => number | string> = {
  day: (x) => x,
  week: (x) => Math.floor((x + 3) / 7),
  month: (x) => fromDayNumber(x).slice(0, 7),
};

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
