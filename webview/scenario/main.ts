/** Stress scenarios: historical replays and shocks through the betas, and the portfolio's bootstrap VaR. */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Chart } from 'chart.js';
import type { ScenarioData, ScenarioRow } from '../../src/shared/protocol';
import { convergenceChart, histogramChart, stackedBarChart } from '../common/charts';
import { el, post } from '../common/host';
import { runPanel } from '../common/panel';
import { basisBar, chartCard, csvButton, header } from '../common/ui';
import { formatMoney, formatPercentPlain } from '../../src/shared/format';

const pct = formatPercentPlain;
const money = formatMoney;
const interval = (i: { low: number; high: number } | null | undefined) => (i ? `${pct(i.low, 2)} … ${pct(i.high, 2)}` : '–');

runPanel<ScenarioData>({
  kind: 'scenario',
  render(app, d) {
    const charts: Chart[] = [];
    app.append(header('Stress scenarios', d.basis.kind === 'portfolio' ? 'your holdings' : 'equal-weight miner portfolio', d.data, d.asOf));
    app.append(basisBar(d.basis, 'Equal-weight miners'));
    const select = el('vscode-single-select', { 'aria-label': 'Scenario', id: 'scenario-select' });
    if (d.selected.startsWith('custom:')) select.append(el('vscode-option', { value: 'custom', selected: '', disabled: '' }, 'Custom shock (below)'));
    for (const s of d.scenarios)
      select.append(
        el('vscode-option', { value: s.id, ...(s.id === d.selected ? { selected: '' } : {}) }, `${s.kind === 'replay' ? 'Replay' : 'Shock'}: ${s.name}`),
      );
    select.addEventListener('change', () => {
      const id = String((select as unknown as { value: string }).value);
      if (id !== 'custom') post({ type: 'runScenario', id });
    });
    const shock = el('vscode-textfield', {
      id: 'shock-input',
      placeholder: 'BTC=-30%, NDX=-20%, AI=-35%',
      value: d.selected.startsWith('custom:') ? d.selected.slice(7) : '',
      'aria-label': 'Custom shock',
    });
    const run = el('vscode-button', { id: 'run-shock' }, 'Run shock');
    run.addEventListener('click', () => post({ type: 'runScenario', shock: String((shock as unknown as { value: string }).value ?? '') }));
    app.append(el('div', { class: 'toolbar' }, el('span', { class: 'label' }, 'Scenario'), select, el('span', { class: 'label' }, 'or'), shock, run));
    const r = d.result;
    const moves = Object.entries(r.factorMoves)
      .map(([f, v]) => `${f} ${pct(v)}`)
      .join(', ');
    app.append(el('p', { class: 'sub', id: 'scenario-title' }, `${r.name} — ${r.description} (${r.window}). Factor moves: ${moves}.`));
    if (r.kind === 'shock' && r.model) app.append(el('p', { class: 'sub', id: 'scenario-model' }, `Model: ${r.model}.`));
    if (r.coverage) app.append(el('p', { class: 'sub', id: 'scenario-coverage' }, r.coverage));
    const h = d.holdingsUsd;
    if (h)
      app.append(
        el(
          'ul',
          { class: 'facts', id: 'holdings-impact' },
          el(
            'li',
            {},
            `On your holdings: ${h.scenarioPnl === null ? 'no portfolio figure (see the notes)' : money(h.scenarioPnl, true)} on ${money(h.invested)} invested; the cash, ${money(h.cash)}, does not move (value ${money(h.value)}).`,
          ),
          ...h.var.map((v) =>
            el('li', {}, `1-day bootstrap VaR ${Math.round(v.confidence * 100)}%: ${money(v.var)}, expected shortfall ${money(v.es)}, on the invested amount.`),
          ),
        ),
      );
    const grid = el('div', { class: 'grid' });
    app.append(grid);

    const rows: ScenarioRow[] = [...r.rows.filter((x) => x.status === 'ok'), ...(r.portfolio ? [r.portfolio] : [])];
    const parts = [...r.factors, ...(r.kind === 'replay' ? ['unexplained'] : [])];
    let bars: Chart | undefined;
    const c1 = chartCard(
      'contributions',
      r.kind === 'replay' ? 'Return per symbol: factor contributions and the unexplained part' : 'Predicted return per symbol: factor contributions',
      { note: '✕ ' + (r.kind === 'replay' ? 'actual return' : 'predicted return'), size: 'tall', wide: true, getChart: () => bars },
    );
    grid.append(c1.root);
    bars = stackedBarChart(
      c1.canvas,
      rows.map((x) => ({
        label: x.symbol,
        parts: [
          ...x.contributions.map((c) => ({ name: c.factor, value: c.value })),
          ...(r.kind === 'replay' ? [{ name: 'unexplained', value: x.unexplained }] : []),
        ],
        marker: r.kind === 'replay' ? x.actual : x.explained,
      })),
      parts,
      r.kind === 'replay' ? 'Actual return' : 'Predicted return',
    );
    charts.push(bars);

    const main = (x: ScenarioRow) => (r.kind === 'replay' ? x.actual : x.explained);
    const table = el('table', { class: 'risk', id: 'scenario-table' });
    table.append(
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...[
            'Symbol',
            r.kind === 'replay' ? 'Actual' : 'Predicted',
            ...r.factors.map((f) => `β ${f}`),
            ...r.factors.map((f) => `${f} contr.`),
            r.kind === 'replay' ? 'Unexplained' : '90% band (betas + residual)',
            ...(r.kind === 'shock' ? ['Betas to'] : []),
            'Note',
          ].map((h, i) => el('th', { class: i === 0 || h === 'Note' ? 'text' : '' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        ...[...r.rows, ...(r.portfolio ? [r.portfolio] : [])].map((x) =>
          el(
            'tr',
            { 'data-symbol': x.symbol },
            el('td', { class: 'text' }, x.symbol),
            el('td', { class: (main(x) ?? 0) < 0 ? 'neg' : 'pos' }, pct(main(x))),
            ...r.factors.map((f) => el('td', {}, x.contributions.find((c) => c.factor === f)?.beta?.toFixed(2) ?? '–')),
            ...r.factors.map((f) => el('td', {}, pct(x.contributions.find((c) => c.factor === f)?.value))),
            el('td', {}, r.kind === 'replay' ? pct(x.unexplained) : x.band ? `${pct(x.band.low)} … ${pct(x.band.high)}` : '–'),
            ...(r.kind === 'shock' ? [el('td', {}, x.asOf ?? '')] : []),
            el('td', { class: 'text muted' }, x.status === 'ok' ? (x.note ?? '') : `${x.status}: ${x.note ?? ''}`),
          ),
        ),
      ),
    );
    grid.append(
      el(
        'section',
        { class: 'card wide', 'data-chart': 'table' },
        el(
          'div',
          { class: 'card-head' },
          el('h2', {}, 'Per symbol'),
          el('span', { class: 'note' }, r.weightsText ? `portfolio: ${r.weightsText}` : ''),
          csvButton(),
        ),
        table,
      ),
    );

    if ('error' in d.var) {
      grid.append(el('section', { class: 'card wide' }, el('h2', {}, 'Bootstrap VaR'), el('p', { class: 'error' }, d.var.error)));
    } else {
      const v = d.var;
      const conf = Math.round(v.estimates[0]!.confidence * 100);
      let conv: Chart | undefined;
      const c2 = chartCard('var-convergence', `VaR ${conf}% as paths grow`, {
        note: `± 1 s.e. across seeded replications (seed ${v.seed})`,
        getChart: () => conv,
      });
      grid.append(c2.root);
      conv = convergenceChart(c2.canvas, v.convergence.paths, v.convergence.var, v.convergence.varSe, `VaR ${conf}%`);
      charts.push(conv);
      let hist: Chart | undefined;
      const c3 = chartCard('var-histogram', `Bootstrap ${v.horizon}-day portfolio returns`, {
        note: `${v.paths.toLocaleString()} paths, blocks of ${v.blockLength}, ${v.sampleSize} days ${v.from} to ${v.to}`,
        getChart: () => hist,
      });
      grid.append(c3.root);
      hist = histogramChart(c3.canvas, v.histogram.edges, v.histogram.counts, 'paths');
      charts.push(hist);
      grid.append(
        el(
          'section',
          { class: 'card wide' },
          el('div', { class: 'card-head' }, el('h2', {}, 'Bootstrap VaR and expected shortfall')),
          el(
            'ul',
            { class: 'facts', id: 'var-estimates' },
            ...v.estimates.map((e) =>
              el(
                'li',
                {},
                `${Math.round(e.confidence * 100)}%: VaR ${pct(e.var, 2)} (95% interval from the data ${interval(e.varInterval)}; Monte Carlo ± ${pct(e.varSe, 2)}), ES ${pct(e.es, 2)} (${interval(e.esInterval)}; ± ${pct(e.esSe, 2)})`,
              ),
            ),
            el(
              'li',
              { class: 'muted' },
              `± is the Monte Carlo error of ${v.paths.toLocaleString()} paths (more paths shrink it). The interval is the sampling uncertainty${v.sampling ? `: ${v.sampling}` : ''} — only more history narrows it.`,
            ),
          ),
        ),
      );
    }
    if (r.notes.length) app.append(el('ul', { class: 'footer facts' }, ...r.notes.map((n) => el('li', {}, n))));
    return charts;
  },
});
