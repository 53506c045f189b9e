/**
 * `chart SYMBOL... [range=…] [metric=…] [as-of=…]`: the lines the panels draw, from the same view
 * helpers (src/core/views/build/common.ts): closes (one symbol) or closes rebased to 100 (several),
 * drawdown from the running peak, rolling 30-day annualized volatility, rolling 90-day correlation
 * or beta to BTC. Each line LTTB-decimated for the preview script, with a first/last/min/max table
 * for readers without it and for the frozen Markdown. Pure.
 */
import { dayNumber as dayOf, fromDayNumber } from '../calendar';
import { formatMagnitude, formatNumber, formatPrice } from '../format';
import {
  Counter,
  drawdownPoints,
  finiteCols,
  MAX_POINTS,
  rangeStartDay,
  rebased,
  rollingPair,
  rollingVolatilityCols,
  spanOf,
  xRangeOf,
  type Cols,
  type ViewSymbol,
} from '../views/build/common';
import type { LineSeries } from '../../shared/protocol';
import { blockAsOf, dataText, mdTable, needSymbol, problem, type BlockBody, type BlockChartSpec } from './common';
import type { BlockContext } from './context';
import { PAIR_WINDOW, VOLATILITY_WINDOW } from './grammar';
import { h, table } from './html';
import type { ChartBlock } from './parse';

/** Most points sent for a whole chart: a chart in a note is a few hundred pixels wide. */
export const MAX_CHART_POINTS = 2400;

interface Summary {
  label: string;
  first: [number, number];
  last: [number, number];
  min: number;
  max: number;
}

function summaryOf(label: string, c: Cols): Summary | undefined {
  if (c.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < c.length; i++) {
    const y = c.y[i]!;
    if (y < min) min = y;
    if (y > max) max = y;
  }
  return { label, first: [c.x[0]!, c.y[0]!], last: [c.x[c.length - 1]!, c.y[c.length - 1]!], min, max };
}

export function renderChart(block: ChartBlock, ctx: BlockContext, now: Date): BlockBody {
  const syms = block.symbols.map((s, i) => needSymbol(ctx, s, block.symbolSpans[i]));
  const asOf = blockAsOf(block.asOf, syms, block.asOfSpan);
  const asOfDay = dayOf(asOf);
  const metric = block.metric;
  const several = syms.length > 1;
  // The range starts where every symbol has data (rebased lines then all start at 100 together).
  const earliest = Math.max(...syms.map((s) => dayOf(s.series.dates[0]!)));
  const from = rangeStartDay(block.range, asOfDay, earliest);
  const btc = metric === 'correlation' || metric === 'beta' ? ctx.series('BTC') : undefined;
  if ((metric === 'correlation' || metric === 'beta') && !btc) problem('no-data', `no BTC data in memory yet: the ${metric} is to BTC`);

  const notes: string[] = [];
  const plotted: Array<{ s: ViewSymbol; cols: Cols }> = [];
  for (const s of syms) {
    if (btc && s.symbol === 'BTC') {
      notes.push(`BTC is left out: its ${metric} to itself is 1.`);
      continue;
    }
    const cols = colsFor(metric, s, several, from, asOfDay, btc);
    if (cols.length < 2) notes.push(`${s.symbol}: no ${metric === 'price' ? 'prices' : `${metric} values`} between ${fromDayNumber(from)} and ${asOf}.`);
    else plotted.push({ s, cols });
  }
  if (plotted.length === 0) problem('no-data', `nothing to plot between ${fromDayNumber(from)} and ${asOf}${notes.length ? ` (${notes.join(' ')})` : ''}`);

  const counter = new Counter();
  const perLine = Math.max(50, Math.min(MAX_POINTS, Math.floor(MAX_CHART_POINTS / plotted.length)));
  const lines: LineSeries[] = plotted.map(({ s, cols }) => counter.line(s.symbol, lineLabel(metric, s, several), s.role, cols, perLine));
  const summaries = plotted.map(({ s, cols }) => summaryOf(s.symbol, cols)!);
  const yFormat: BlockChartSpec['yFormat'] =
    metric === 'price' ? (several ? 'index' : 'number') : metric === 'drawdown' || metric === 'volatility' ? 'percent' : 'number';
  const fmt = formatter(yFormat, metric);
  const title = chartTitle(
    block,
    plotted.map((p) => p.s.symbol),
    fromDayNumber(from),
  );
  const spec: BlockChartSpec = {
    version: 1,
    metric,
    yFormat,
    yLabel: yLabelOf(metric, several),
    x: xRangeOf(lines) ?? { min: from, max: asOfDay },
    series: lines,
    from: fromDayNumber(from),
    asOf,
  };
  if (metric === 'correlation' || metric === 'beta')
    notes.push(`Daily returns on each symbol's own sessions, BTC at the UTC-day close (the daily bar); ${PAIR_WINDOW} returns per window.`);
  if (metric === 'volatility')
    notes.push(`Standard deviation of the last ${VOLATILITY_WINDOW} daily returns, annualized (365 days a year for crypto, else 252).`);
  if (metric === 'drawdown') notes.push('Fall from the highest close since the start of the range.');
  const header = ['Series', 'First', 'Last', 'Min', 'Max'];
  const rows = summaries.map((x) => [
    x.label,
    `${fmt(x.first[1])} (${fromDayNumber(x.first[0])})`,
    `${fmt(x.last[1])} (${fromDayNumber(x.last[0])})`,
    fmt(x.min),
    fmt(x.max),
  ]);
  const json = JSON.stringify(spec);
  return {
    title,
    asOf,
    source: dataText(
      plotted.map((p) => p.s.series),
      now,
    ),
    content: [
      // The box gives the canvas its height (chart.js sizes a responsive chart to its parent).
      h(
        'div',
        { class: 'hashpivot-chart-box' },
        h('canvas', {
          class: 'hashpivot-canvas',
          'data-chart': json,
          role: 'img',
          'aria-label': `${title}: ${rows.map((r) => `${r[0]} from ${r[1]} to ${r[2]}`).join('; ')}`,
        }),
      ),
      table(
        header,
        rows.map((r) => [r[0]!, ...r.slice(1).map((text) => ({ text, num: true }))]),
        { className: 'hashpivot-chart-summary', rowHeaders: true },
      ),
    ],
    notes,
    markdownTable: markdownRows(header, rows),
    chart: spec,
  };
}

function markdownRows(header: string[], rows: string[][]): string {
  return mdTable(header, rows, ['l', 'r', 'r', 'r', 'r']);
}

function colsFor(metric: ChartBlock['metric'], s: ViewSymbol, several: boolean, from: number, to: number, btc: ViewSymbol['series'] | undefined): Cols {
  switch (metric) {
    case 'price': {
      if (several) return rebased(s, from, to);
      const w = spanOf(s.series, from, to);
      return finiteCols(w.days, w.start, w.end, s.series.close);
    }
    case 'drawdown':
      return drawdownPoints(s, from, to);
    case 'volatility':
      return rollingVolatilityCols(s, VOLATILITY_WINDOW, from, to);
    case 'correlation':
      return rollingPair(s, btc!, 'crypto', PAIR_WINDOW, from, to, 'corr');
    case 'beta':
      return rollingPair(s, btc!, 'crypto', PAIR_WINDOW, from, to, 'beta');
  }
}

function lineLabel(metric: ChartBlock['metric'], s: ViewSymbol, several: boolean): string {
  switch (metric) {
    case 'price':
      return several ? `${s.symbol} (rebased)` : `${s.symbol} close`;
    case 'drawdown':
      return `${s.symbol} drawdown`;
    case 'volatility':
      return `${s.symbol} volatility (${VOLATILITY_WINDOW}d)`;
    case 'correlation':
      return `${s.symbol} ρ to BTC (${PAIR_WINDOW}d)`;
    case 'beta':
      return `${s.symbol} β to BTC (${PAIR_WINDOW}d)`;
  }
}

function yLabelOf(metric: ChartBlock['metric'], several: boolean): string {
  switch (metric) {
    case 'price':
      return several ? 'Rebased to 100' : 'Close (USD)';
    case 'drawdown':
      return 'Drawdown';
    case 'volatility':
      return 'Volatility (annualized)';
    case 'correlation':
      return 'Correlation to BTC';
    case 'beta':
      return 'Beta to BTC';
  }
}

function chartTitle(block: ChartBlock, symbols: readonly string[], from: string): string {
  const list = symbols.join(', ');
  const span = `${block.range} from ${from}`;
  switch (block.metric) {
    case 'price':
      return symbols.length > 1 ? `${list} rebased to 100 on ${from} (${block.range})` : `${list} close (${span})`;
    case 'drawdown':
      return `Drawdown of ${list} from the peak in the range (${span})`;
    case 'volatility':
      return `${VOLATILITY_WINDOW}-day rolling volatility, annualized: ${list} (${span})`;
    case 'correlation':
      return `${PAIR_WINDOW}-day rolling correlation to BTC: ${list} (${span})`;
    case 'beta':
      return `${PAIR_WINDOW}-day rolling beta to BTC: ${list} (${span})`;
  }
}

function formatter(format: BlockChartSpec['yFormat'], metric: ChartBlock['metric']): (v: number) => string {
  if (format === 'index') return (v) => formatNumber(v, 1);
  if (format === 'percent') return (v) => formatMagnitude(v, 1);
  if (metric === 'price') return (v) => formatPrice(v);
  return (v) => formatNumber(v, 2);
}
