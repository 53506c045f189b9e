/** Compare panel: two to six tickers side by side. */
import type { Chart } from 'chart.js';
import type { CompareData, RiskRow } from '../../src/shared/protocol';
import { heatmapChart, idx, lineChart, pct } from '../common/charts';
import { el, getState } from '../common/host';
import { runPanel } from '../common/panel';
import { chartCard, csvButton, header, rangeBar, riskTable } from '../common/ui';

runPanel<CompareData>({
  kind: 'compare',
  render(app, d, requestRange) {
    const charts: Chart[] = [];
    app.append(header(`Compare ${d.symbols.join(', ')}`, 'rebased to 100 at the start of the range', d.data, d.asOf));
    app.append(el('div', { class: 'toolbar' }, rangeBar(d.range, requestRange)));
    const grid = el('div', { class: 'grid' });
    app.append(grid);
    let perf: Chart | undefined;
    const c1 = chartCard('performance', 'Performance (rebased to 100)', { size: 'tall', wide: true, getChart: () => perf });
    grid.append(c1.root);
    perf = lineChart(c1.canvas, d.performance, { x: d.xRanges.performance, yFormat: idx, logWhenWide: true });
    charts.push(perf);
    let dd: Chart | undefined;
    const c2 = chartCard('drawdown', 'Drawdown from peak', { getChart: () => dd });
    grid.append(c2.root);
    dd = lineChart(c2.canvas, d.drawdown, { x: d.xRanges.drawdown, yFormat: pct, yMax: 0 });
    charts.push(dd);
    let heat: Chart | undefined;
    const c3 = chartCard('heatmap', 'Correlation of daily returns', { getChart: () => heat });
    grid.append(c3.root);
    heat = heatmapChart(c3.canvas, d.heatmap);
    charts.push(heat);
    const tableCard = el('section', { class: 'card wide', 'data-chart': 'table' });
    const drawTable = (s: { key: keyof RiskRow; dir: 1 | -1 }) =>
      tableCard.replaceChildren(el('div', { class: 'card-head' }, el('h2', {}, 'Risk table'), csvButton()), riskTable(d.table, s, drawTable));
    drawTable((getState().sort as { key: keyof RiskRow; dir: 1 | -1 }) ?? { key: 'symbol', dir: 1 });
    grid.append(tableCard);
    return charts;
  },
});
