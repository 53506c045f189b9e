/** Economics panel: hashprice history with the halvings, mining against AI/HPC revenue per MW-year, the breakeven table, and the sensitivity to BTC and difficulty. */
import type { Chart } from 'chart.js';
import type { EconomicsData, EconomicsRow } from '../../src/shared/protocol';
import { categoryLineChart, groupedBarChart, lineChart, num2 } from '../common/charts';
import { el } from '../common/host';
import { runPanel } from '../common/panel';
import { palette } from '../common/theme';
import { chartCard, header, rangeBar, tableCard } from '../common/ui';
import { DASH, formatNumber, formatUsdCompact } from '../../src/shared/format';

const usd = (v: number | null) => (v === null ? DASH : formatUsdCompact(v));
const usdPh = (v: number) => `$${v.toFixed(v < 10 ? 2 : 1)}`;
const signedPct = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v * 100))}%`;

const COLUMNS: Array<{ label: string; fmt: (r: EconomicsRow) => string; text?: boolean; title?: string }> = [
  { label: 'Ticker', fmt: (r) => r.symbol, text: true },
  { label: 'J/TH', fmt: (r) => formatNumber(r.efficiencyJTH, 1) },
  { label: 'Mining/MW-y', fmt: (r) => usd(r.miningPerMwYearUsd) },
  { label: 'AI/MW-y', fmt: (r) => usd(r.aiPerMwYearUsd) },
  { label: 'AI÷mining', fmt: (r) => (r.aiToMiningRatio === null ? DASH : `${formatNumber(r.aiToMiningRatio, 2)}×`) },
  {
    label: 'Breakeven BTC',
    fmt: (r) => usd(r.breakevenBtcUsd),
    title: 'BTC price at which a MW earns as much mining as leased (fixed difficulty and fee share)',
  },
  { label: 'After halving', fmt: (r) => usd(r.miningAfterHalvingPerMwYearUsd), title: 'mining per MW-year after block 1,050,000' },
  { label: 'AI MW basis', fmt: (r) => r.aiMwBasis ?? DASH, text: true },
  // Drawn as one line per reason (breakevenTable).
  { label: 'Why "–"', fmt: (r) => r.reasons.join(' · '), text: true },
];

function breakevenTable(rows: readonly EconomicsRow[]): HTMLTableElement {
  return el(
    'table',
    { class: 'risk', id: 'economics-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...COLUMNS.map((c) => el('th', { scope: 'col', class: c.text ? 'text' : '', ...(c.title ? { title: c.title } : {}) }, c.label))),
    ),
    el(
      'tbody',
      {},
      ...rows.map((r) =>
        el(
          'tr',
          { 'data-symbol': r.symbol },
          ...COLUMNS.slice(0, -1).map((c) => el('td', { class: c.text ? 'text' : '' }, c.fmt(r))),
          el('td', { class: 'text muted reasons' }, ...r.reasons.map((why) => el('div', {}, why))),
        ),
      ),
    ),
  );
}

function sensitivityTable(d: EconomicsData): HTMLTableElement {
  const s = d.sensitivity;
  return el(
    'table',
    { class: 'risk', id: 'sensitivity-table' },
    el('thead', {}, el('tr', {}, el('th', { class: 'text' }, 'Difficulty growth'), ...s.btcMoves.map((m) => el('th', {}, `BTC ${signedPct(m)}`)))),
    el(
      'tbody',
      {},
      ...s.lines.map((l) => el('tr', {}, el('td', { class: 'text' }, `+${Math.round(l.growth * 100)}%`), ...l.values.map((v) => el('td', {}, usd(v))))),
    ),
  );
}

runPanel<EconomicsData>({
  kind: 'economics',
  render(app, d, requestRange) {
    const charts: Chart[] = [];
    const p = palette();
    const day = d.day;
    app.append(
      header(
        'Mining or leasing a MW',
        `hashprice ${usdPh(day.usdPerPhDay)}/PH/day on ${day.date}${day.feesKnown ? '' : ' (subsidy only)'} · BTC ${formatUsdCompact(day.btcUsd)}`,
        d.data,
        d.asOf,
      ),
    );
    app.append(el('div', { class: 'toolbar' }, rangeBar(d.range, requestRange)));
    const grid = el('div', { class: 'grid' });
    app.append(grid);

    let hp: Chart | undefined;
    const next = d.nextHalving;
    const c1 = chartCard('hashprice', 'Hashprice (USD per PH/s per day)', {
      note: `▲ halvings${next ? ` · next: block ${next.height.toLocaleString('en-US')} about ${next.estimatedDate} (estimate)` : ''}`,
      size: 'tall',
      wide: true,
      getChart: () => hp,
    });
    grid.append(c1.root);
    hp = lineChart(c1.canvas, d.hashprice, { x: d.xRanges.hashprice, yFormat: usdPh, markers: d.halvings, markerLabel: 'Halvings', legend: true });
    charts.push(hp);

    let bars: Chart | undefined;
    const c2 = chartCard('revenue', 'Revenue per MW-year: mining vs AI/HPC', { note: `at ${usdPh(day.usdPerPhDay)}/PH/day`, wide: true, getChart: () => bars });
    grid.append(c2.root);
    bars = groupedBarChart(
      c2.canvas,
      d.bars.map((b) => b.symbol),
      [
        { label: 'Mining', values: d.bars.map((b) => b.mining), color: '#f7931a' },
        { label: 'AI/HPC lease', values: d.bars.map((b) => b.ai), color: p.purple },
      ],
      (v) => formatUsdCompact(v),
    );
    charts.push(bars);
    if (d.leftOut.length)
      c2.root.append(
        el(
          'details',
          { class: 'note', id: 'left-out' },
          el('summary', {}, `${d.leftOut.length} figure(s) not drawn`),
          el('ul', {}, ...d.leftOut.map((x) => el('li', {}, `${x.symbol} ${x.figure === 'ai' ? 'AI/HPC' : 'mining'}: ${x.reason}`))),
        ),
      );

    let sens: Chart | undefined;
    const s = d.sensitivity;
    const c3 = chartCard('sensitivity', `Mining per MW-year at ${formatNumber(s.efficiencyJTH, 1)} J/TH`, {
      note: `${s.efficiencyBasis}; difficulty growth over one year`,
      wide: true,
      getChart: () => sens,
    });
    grid.append(c3.root);
    sens = categoryLineChart(
      c3.canvas,
      s.btcMoves.map(signedPct),
      [
        ...s.lines.map((l) => ({ label: `difficulty +${Math.round(l.growth * 100)}%`, values: l.values })),
        ...(s.aiMedianPerMwYearUsd !== null
          ? [{ label: 'AI/HPC lease (median)', values: s.btcMoves.map(() => s.aiMedianPerMwYearUsd), color: p.purple, dashed: true }]
          : []),
      ],
      (v) => formatUsdCompact(v),
      'BTC price change',
    );
    charts.push(sens);
    c3.root.append(sensitivityTable(d));

    grid.append(tableCard('Breakeven', '“–”: a fact is missing (the reason is in the last column)', breakevenTable(d.table)));
    app.append(
      el(
        'div',
        { class: 'footer' },
        ...d.notes.map((n) => el('p', {}, n)),
        el(
          'p',
          {},
          `Source: ${day.source}. Difficulty ${formatNumber(day.difficulty / 1e12, 2)} T; fees per block ${day.feesPerBlockBtc === null ? 'unknown' : `${num2(day.feesPerBlockBtc)} BTC`}.`,
        ),
        el(
          'p',
          {},
          `Sent ${d.stats.pointsSent.toLocaleString()} of ${d.stats.pointsIn.toLocaleString()} hashprice points (decimated for display; the points shown are exact days).`,
        ),
      ),
    );
    return charts;
  },
});
