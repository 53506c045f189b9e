/** Dashboard panel: miners against BTC and the NASDAQ-100 — performance, drawdowns, rolling correlation, heatmap, risk table. */
import type { Chart } from 'chart.js';
import type { DashboardData, RiskRow } from '../../src/shared/protocol';
import { heatmapChart, idx, lineChart, num2, pct } from '../common/charts';
import { el, getState, setState } from '../common/host';
import { runPanel } from '../common/panel';
import { basisBar, chartCard, csvButton, header, rangeBar, riskTable } from '../common/ui';

runPanel<DashboardData>({
  kind: 'dashboard',
  render(app, d, requestRange) {
    const charts: Chart[] = [];
    const saved = getState();
    let bench = (saved.rollBench as 'BTC' | 'NDX') ?? 'BTC';
    let win = (saved.rollWindow as '30' | '90') ?? '90';
    const onHoldings = d.basis.kind === 'portfolio';
    app.append(
      header(
        onHoldings ? 'Your holdings vs BTC and the NASDAQ-100' : 'Bitcoin miners → AI data centers',
        onHoldings
          ? 'each position and the holdings as one line'
          : `${d.performance.filter((s) => s.role === 'miner').length} miners vs BTC and the NASDAQ-100`,
        d.data,
        d.asOf,
      ),
    );
    app.append(el('div', { class: 'toolbar' }, rangeBar(d.range, requestRange), basisBar(d.basis, 'Miners & watchlist')));
    const grid = el('div', { class: 'grid' });
    app.append(grid);

    let perf: Chart | undefined;
    const c1 = chartCard('performance', 'Performance (rebased to 100)', {
      note: onHoldings ? 'Portfolio: today’s holdings held through (quantities fixed, cash constant) · ▲ AI/HPC deals' : '▲ AI/HPC deal announcements',
      size: 'tall',
      wide: true,
      getChart: () => perf,
    });
    grid.append(c1.root);
    perf = lineChart(c1.canvas, d.performance, { x: d.xRanges.performance, yFormat: idx, markers: d.markers, logWhenWide: true });
    charts.push(perf);

    let dd: Chart | undefined;
    const c2 = chartCard('drawdown', 'Underwater (drawdown from peak)', { getChart: () => dd });
    grid.append(c2.root);
    dd = lineChart(c2.canvas, d.drawdown, { x: d.xRanges.drawdown, yFormat: pct, yMax: 0 });
    charts.push(dd);

    let roll: Chart | undefined;
    const select = el('vscode-single-select', { 'aria-label': 'Rolling correlation benchmark and window' });
    for (const [b, w] of [
      ['BTC', '30'],
      ['BTC', '90'],
      ['NDX', '30'],
      ['NDX', '90'],
    ] as const) {
      select.append(
        el('vscode-option', { value: `${b}:${w}`, ...(b === bench && w === win ? { selected: '' } : {}) }, `${b === 'BTC' ? 'BTC' : 'NASDAQ-100'}, ${w} days`),
      );
    }
    const c3 = chartCard('rolling', 'Rolling correlation', { getChart: () => roll });
    c3.head.insertBefore(select, c3.head.lastChild);
    grid.append(c3.root);
    const drawRoll = () => {
      roll?.destroy();
      roll = lineChart(c3.canvas, d.rolling[bench][win], { x: d.xRanges[`rolling-${bench}-${win}`], yFormat: num2, yMin: -1, yMax: 1 });
      charts.splice(2, 1, roll);
    };
    charts.push(undefined as unknown as Chart);
    drawRoll();
    select.addEventListener('change', () => {
      const [b, w] = String((select as unknown as { value: string }).value).split(':');
      bench = b === 'NDX' ? 'NDX' : 'BTC';
      win = w === '30' ? '30' : '90';
      setState({ rollBench: bench, rollWindow: win });
      drawRoll();
    });

    let heat: Chart | undefined;
    const c4 = chartCard('heatmap', 'Correlation of daily returns', { note: `over the range, aligned calendars`, size: 'square', getChart: () => heat });
    grid.append(c4.root);
    heat = heatmapChart(c4.canvas, d.heatmap);
    charts.push(heat);

    const tableCard = el('section', { class: 'card wide', 'data-chart': 'table' });
    const sortState = (saved.sort as { key: keyof RiskRow; dir: 1 | -1 }) ?? { key: 'change30d', dir: -1 };
    const drawTable = (s: { key: keyof RiskRow; dir: 1 | -1 }) => {
      setState({ sort: s });
      tableCard.replaceChildren(
        el(
          'div',
          { class: 'card-head' },
          el('h2', {}, 'Risk table'),
          el('span', { class: 'note' }, 'click a header to sort · click a ticker to open it'),
          csvButton(),
        ),
        riskTable(d.table, s, drawTable),
      );
    };
    drawTable(sortState);
    grid.append(tableCard);
    app.append(
      el(
        'p',
        { class: 'footer' },
        `Sent ${d.stats.pointsSent.toLocaleString()} of ${d.stats.pointsIn.toLocaleString()} points (long series are decimated for display; the points shown are exact observations). Beta, VaR and volatility from the latest 90/365 days; max drawdown over the range.`,
      ),
    );
    return charts;
  },
});
