/** View model of the ticker panel: one symbol's prices, candles, volume, risk lines and deals. */
import { addDays, dayNumber, pricesToReturns } from '../../calendar';
import type { Point } from '../../decimate';
import { rollingVolatility } from '../../risk';
import { periodsPerYear } from '../../universe';
import type { Candle, Fact, LineSeries, PivotView, RangeKey, TickerData, XY } from '../../../shared/protocol';
import {
  Counter,
  dataLabel,
  drawdownPoints,
  formatUsdShort,
  markersFor,
  MAX_POINTS,
  rangeStart,
  rollingPair,
  round,
  slice,
  toPoints,
  type ViewInput,
} from './common';
import { rowOf } from './riskTable';

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
  const volPts = toPoints(
    rv.map((_, k) => lead.dates[k + 30]!),
    rv,
  ).filter((p) => p[0] >= dayNumber(from));
  const betas: LineSeries[] = [];
  if (input.btc && symbol !== 'BTC')
    betas.push(counter.line('BTC', 'β to BTC (90d)', 'benchmark', rollingPair(s, input.btc, 'crypto', 90, from, asOf, 'beta')));
  if (input.ndx && symbol !== 'NDX')
    betas.push(counter.line('NDX', 'β to NASDAQ-100 (90d)', 'benchmark', rollingPair(s, input.ndx, 'index', 90, from, asOf, 'beta')));
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
    markers: markersFor(
      input,
      [close].map((c) => ({ ...c, id: symbol })),
      new Map([[symbol, closePts]]),
      from,
      asOf,
    ),
    facts,
    row: rowOf(s, input, from, asOf),
    pivot,
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
