/** Ticker panel: price as line or candles with volume, drawdown, rolling volatility and beta, deals and catalog facts with sources. */
import type { Chart } from 'chart.js';
import type { TickerData } from '../../src/shared/protocol';
import { addEventLine, barChart, candleChart, lineChart, num2, pct, price as priceFmt } from '../common/charts';
import { el, getState, setState } from '../common/host';
import { runPanel } from '../common/panel';
import { chartCard, header, rangeBar, riskTable, tableCard } from '../common/ui';
import { formatPValue } from '../../src/shared/format';

runPanel<TickerData>({
  kind: 'ticker',
  render(app, d, requestRange) {
    const charts: Chart[] = [];
    let mode = (getState().priceMode as 'line' | 'candles') ?? 'line';
    if (!d.candles) mode = 'line';
    app.append(header(d.symbol, d.name, d.data, d.asOf));
    const modeBar = el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Price chart' }, el('span', { class: 'label' }, 'Price'));
    const modeButtons: HTMLElement[] = [];
    for (const m of ['line', 'candles'] as const) {
      const attrs: Record<string, string> = { 'data-mode': m, 'aria-pressed': String(m === mode) };
      if (m !== mode) attrs.secondary = '';
      if (m === 'candles' && !d.candles) {
        attrs.disabled = '';
        attrs.title = 'Candles need open/high/low data';
      }
      const b = el('vscode-button', attrs, m === 'line' ? 'Line' : 'Candles');
      modeButtons.push(b);
      modeBar.append(b);
    }
    app.append(el('div', { class: 'toolbar' }, rangeBar(d.range, requestRange), modeBar));
    const grid = el('div', { class: 'grid' });
    app.append(grid);

    let price: Chart | undefined;
    const candleTitle = `Price (${{ day: 'daily', week: 'weekly', month: 'monthly' }[d.candlePeriod]} candles)`;
    const c1 = chartCard('price', mode === 'candles' ? candleTitle : 'Price (close)', {
      note: '▲ AI/HPC deals',
      size: 'tall',
      wide: true,
      getChart: () => price,
    });
    grid.append(c1.root);
    const drawPrice = () => {
      price?.destroy();
      price =
        mode === 'candles' && d.candles
          ? candleChart(c1.canvas, d.candles, d.markers, d.xRanges.candles, d.candlePeriod)
          : lineChart(c1.canvas, [d.close], { x: d.xRanges.price, yFormat: priceFmt, markers: d.markers, legend: false });
      charts[0] = price;
      c1.canvas.dataset.mode = mode;
      (c1.head.querySelector('h2') as HTMLElement).textContent = mode === 'candles' ? candleTitle : 'Price (close)';
    };
    drawPrice();
    for (const b of modeButtons) {
      b.addEventListener('click', () => {
        const m = b.dataset.mode === 'candles' ? 'candles' : 'line';
        if (m === mode || (m === 'candles' && !d.candles)) return;
        mode = m;
        setState({ priceMode: mode });
        for (const x of modeButtons) {
          const on = x.dataset.mode === mode;
          x.toggleAttribute('secondary', !on);
          x.setAttribute('aria-pressed', String(on));
        }
        drawPrice();
      });
    }
    if (d.volume) {
      let vol: Chart | undefined;
      const cv = chartCard('volume', 'Volume', { size: 'short', wide: true, getChart: () => vol });
      grid.append(cv.root);
      vol = barChart(cv.canvas, 'Volume', d.volume, (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v.toFixed(0)), d.xRanges.volume);
      charts.push(vol);
    }
    let dd: Chart | undefined;
    const c2 = chartCard('drawdown', 'Drawdown from peak', { getChart: () => dd });
    grid.append(c2.root);
    dd = lineChart(c2.canvas, [d.drawdown], { x: d.xRanges.drawdown, yFormat: pct, yMax: 0, fill: true, legend: false });
    charts.push(dd);
    let rv: Chart | undefined;
    const c3 = chartCard('volatility', 'Rolling volatility (30 days, annualized)', { getChart: () => rv });
    grid.append(c3.root);
    rv = lineChart(c3.canvas, [d.rollingVol], { x: d.xRanges.volatility, yFormat: pct, legend: false });
    charts.push(rv);
    if (d.rollingBeta.length) {
      let rb: Chart | undefined;
      const c4 = chartCard('beta', 'Rolling beta (90 days)', { getChart: () => rb });
      grid.append(c4.root);
      rb = lineChart(c4.canvas, d.rollingBeta, { x: d.xRanges.beta, yFormat: num2 });
      charts.push(rb);
    }
    if (d.pivot) {
      const pv = d.pivot;
      let pc: Chart | undefined;
      const cp = chartCard('pivot', 'Pivot: two-factor betas to BTC and the NASDAQ-100', {
        note: pv.eventDate ? `first AI/HPC deal ${pv.eventDate}` : 'no AI/HPC deal in the catalog',
        wide: true,
        getChart: () => pc,
      });
      grid.append(cp.root);
      pc = lineChart(cp.canvas, pv.rolling, { x: d.xRanges.pivot, yFormat: num2 });
      if (pv.eventDate) addEventLine(pc, Math.round(Date.parse(pv.eventDate) / 86_400_000), 'first AI/HPC deal');
      charts.push(pc);
      const f = (v: number | null) => (v === null ? '–' : v.toFixed(2));
      cp.root.append(
        el(
          'table',
          { class: 'risk', id: 'pivot-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ...['Beta', 'Before the deal', 'After', 'Last 365 days', 'z (after − before, HAC)', 'p (two-sided)'].map((h, i) =>
                el('th', { class: i === 0 ? 'text' : '' }, h),
              ),
            ),
          ),
          el(
            'tbody',
            {},
            ...pv.rows.map((r) =>
              el(
                'tr',
                {},
                el('td', { class: 'text' }, r.factor),
                el('td', {}, f(r.before)),
                el('td', {}, f(r.after)),
                el('td', {}, f(r.current)),
                el('td', {}, f(r.z)),
                el('td', {}, formatPValue(r.p)),
              ),
            ),
            el(
              'tr',
              {},
              el('td', { class: 'text' }, 'R²'),
              el('td', {}, f(pv.r2.before)),
              el('td', {}, f(pv.r2.after)),
              el('td', {}, f(pv.r2.current)),
              el('td', {}, ''),
              el('td', {}, ''),
            ),
          ),
        ),
        el('p', { class: 'muted' }, pv.eventLabel),
        el('p', { class: 'muted', id: 'pivot-method' }, pv.method),
      );
    }
    if (d.row) {
      grid.append(
        tableCard(
          'Risk figures',
          undefined,
          riskTable([d.row], { key: 'symbol', dir: 1 }, () => undefined),
        ),
      );
    }
    if (d.deals.length) {
      grid.append(
        el(
          'section',
          { class: 'card wide' },
          el('div', { class: 'card-head' }, el('h2', {}, 'AI/HPC deals')),
          el(
            'ul',
            { class: 'facts' },
            ...d.deals.map((x) =>
              el(
                'li',
                {},
                `${x.date || 'date unknown'} — ${x.name} (${x.counterparty || 'counterparty undisclosed'}): ${x.value}, ${x.status} `,
                ...sourceLinks(x.sources),
              ),
            ),
          ),
        ),
      );
    }
    if (d.facts.length) {
      grid.append(
        el(
          'section',
          { class: 'card wide' },
          el('div', { class: 'card-head' }, el('h2', {}, 'Catalog facts and data sources')),
          el(
            'ul',
            { class: 'facts' },
            ...d.facts.map((f) =>
              el(
                'li',
                {},
                el('strong', {}, `${f.label}: `),
                f.value,
                f.asOf ? el('span', { class: 'muted' }, ` (as of ${f.asOf})`) : '',
                ...(f.source ? [' ', ...sourceLinks([f.source])] : []),
              ),
            ),
          ),
        ),
      );
    }
    return charts;
  },
});

function sourceLinks(sources: Array<{ title: string; url: string }>): HTMLElement[] {
  return sources.slice(0, 3).map((s, i) => {
    const safe = /^https?:\/\//.test(s.url) ? s.url : '#';
    return el('a', { href: safe, title: s.title, class: 'links' }, `[${i + 1}]`);
  });
}
