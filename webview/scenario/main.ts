/** Stress scenarios: historical replays and shocks through the betas, and the portfolio's bootstrap VaR. */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Chart } from 'chart.js';
import type { CounterpartyDefaultCard, ScenarioData, ScenarioRow } from '../../src/shared/protocol';
import { convergenceChart, groupedBarChart, histogramChart, stackedBarChart } from '../common/charts';
import { palette } from '../common/theme';
import { el, post } from '../common/host';
import { runPanel } from '../common/panel';
import { basisBar, chartCard, header, tableCard } from '../common/ui';
import { DASH, formatMoney, formatPercentPlain, formatUsdCompact } from '../../src/shared/format';

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
    grid.append(tableCard('Per symbol', r.weightsText ? `portfolio: ${r.weightsText}` : '', table));

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
    if (d.counterparty) counterpartyCard(grid, d.counterparty, charts);
    if (r.notes.length) app.append(el('ul', { class: 'footer facts' }, ...r.notes.map((n) => el('li', {}, n))));
    return charts;
  },
});

let scrolledTo: string | undefined;
const usd = (v: number | null | undefined) => (v === null || v === undefined ? DASH : formatUsdCompact(v));
const withLow = (v: number | null, low: number | null, f: (x: number | null) => string) => (low === null ? f(v) : `${f(v)} (${f(low)})`);

/** The counterparty-default card: pick an entity; what each miner's backlog loses, kept by surviving backstops, and keeps. */
function counterpartyCard(grid: HTMLElement, c: CounterpartyDefaultCard, charts: Chart[]): void {
  const select = el('vscode-single-select', { 'aria-label': 'Counterparty to remove', id: 'default-select' });
  if (!c.selected) select.append(el('vscode-option', { value: '', selected: '', disabled: '' }, 'Pick a counterparty, backer or end user…'));
  for (const e of c.entities)
    select.append(el('vscode-option', { value: e.name, ...(e.name === c.selected ? { selected: '' } : {}) }, `${e.name} (${e.roles})`));
  select.addEventListener('change', () => {
    const name = String((select as unknown as { value: string }).value);
    if (name) post({ type: 'runDefault', entity: name });
  });
  const card = el(
    'section',
    { class: 'card wide', id: 'counterparty-default' },
    el('div', { class: 'card-head' }, el('h2', {}, 'Counterparty default: the AI/HPC backlog at risk'), el('span', { class: 'note' }, c.source)),
    el('div', { class: 'toolbar' }, el('span', { class: 'label' }, 'Remove'), select),
  );
  grid.append(card);
  // Opened on a default (the palette's "… fails"): bring the card into view once per entity.
  if (c.selected && scrolledTo !== c.selected) {
    scrolledTo = c.selected;
    requestAnimationFrame(() => card.scrollIntoView({ block: 'start' }));
  }
  const r = c.result;
  if (!r) {
    card.append(el('p', { class: 'sub', id: 'default-reason' }, c.reason ?? ''));
    return;
  }
  const t = r.totals;
  card.append(
    el('p', { class: 'sub', id: 'default-title' }, `If ${r.entity} fails — ${r.rolesText || 'no backlog deal rests on it'}.`),
    el(
      'ul',
      { class: 'facts', id: 'default-totals' },
      el(
        'li',
        {},
        `Backlog at risk: ${withLow(t.atRiskUsd, t.atRiskLowUsd, usd)} of ${usd(t.backlogUsd)} contracted (${pct(t.shareOfBacklog)}); MW left without a tenant: ${t.mwText}.`,
      ),
      ...(t.atRiskLowUsd !== null ? [el('li', { class: 'muted' }, 'In brackets: with the backstops of undisclosed amount covering all they back.')] : []),
    ),
  );
  if (r.rows.length) {
    const p = palette();
    let bars: Chart | undefined;
    const c1 = chartCard('default-bars', `Contracted backlog per miner if ${r.entity} fails`, {
      note: 'at risk · kept by surviving backstops · not hit',
      wide: true,
      getChart: () => bars,
    });
    card.append(c1.root);
    bars = groupedBarChart(
      c1.canvas,
      r.rows.map((x) => x.symbol),
      [
        { label: 'At risk', values: r.rows.map((x) => x.atRiskUsd), color: p.red },
        { label: 'Kept by surviving backstops', values: r.rows.map((x) => (x.coveredUsd > 0 ? x.coveredUsd : null)), color: p.green },
        { label: 'Not hit', values: r.rows.map((x) => x.notHitUsd), color: p.muted },
      ],
      (v) => formatUsdCompact(v),
      { stacked: true },
    );
    charts.push(bars);
  }
  const head = ['Miner', 'Backlog', 'At risk', '% of backlog', 'Market cap', '% of market cap', 'MW without tenant', 'Price impact', 'Deals hit'];
  card.append(
    el(
      'table',
      { class: 'risk', id: 'default-table' },
      el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { class: i === 0 || i >= 6 ? 'text' : '' }, h)))),
      el(
        'tbody',
        {},
        ...r.rows.map((x) =>
          el(
            'tr',
            { 'data-symbol': x.symbol },
            el('td', { class: 'text' }, x.symbol),
            el('td', {}, `${usd(x.backlogUsd)}${x.backlogLowerBound ? '+' : ''}`),
            el('td', { class: 'neg' }, withLow(x.atRiskUsd, x.atRiskLowUsd, usd)),
            el(
              'td',
              {},
              withLow(x.shareOfBacklog, x.shareOfBacklogLow, (v) => pct(v)),
            ),
            el('td', {}, usd(x.marketCapUsd)),
            el('td', {}, pct(x.shareOfMarketCap)),
            el('td', { class: 'text' }, x.mwText),
            el('td', { class: 'text' }, x.priceImpact === null ? DASH : withLow(x.priceImpact, x.priceImpactLow, (v) => pct(v))),
            el('td', {}, String(x.hits.length)),
          ),
        ),
      ),
    ),
  );
  card.append(
    el(
      'ul',
      { class: 'facts', id: 'default-hits' },
      ...r.rows.map((x) => el('li', {}, `${x.symbol}: ${x.hits.join('; ')}${x.reasons.length ? ` — ${x.reasons.join('; ')}` : ''}.`)),
    ),
  );
  const notes = [
    ...(r.backstopsLost.length ? [`Backstops lost with ${r.entity}: ${r.backstopsLost.join('; ')}.`] : []),
    `Price impact: ${r.method}.`,
    ...r.notes,
  ];
  card.append(el('ul', { class: 'facts muted', id: 'default-notes' }, ...notes.map((n) => el('li', {}, n))));
}
