/** Shared panel UI: header with the data source, range buttons, chart cards with PNG export, the sortable risk table. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { Chart } from 'chart.js';
import { RANGES, type BasisInfo, type DataLabel, type RangeKey, type RiskRow } from '../../src/shared/protocol';
import { el, post } from './host';
import { DASH, formatNumber, formatPercentPlain, formatPrice, formatUsdShort } from '../../src/shared/format';

export function header(title: string, sub: string, data: DataLabel, asOf: string): HTMLElement {
  return el(
    'div',
    { class: 'header' },
    el('h1', {}, title),
    el('span', { class: 'sub' }, sub),
    el('span', { class: `badge ${data.kind}`, title: 'Where these prices come from' }, data.text),
    el('span', { class: 'sub' }, `as of ${asOf}`),
    ...(data.pairs ? [el('span', { class: 'sub pairs', 'data-pairs': '' }, data.pairs)] : []),
  );
}

/** Range buttons: the active one primary, the others secondary. */
export function rangeBar(active: RangeKey, onPick: (r: RangeKey) => void): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Range' }, el('span', { class: 'label' }, 'Range'));
  for (const r of RANGES) {
    const b = el('vscode-button', { 'data-range': r, ...(r === active ? {} : { secondary: '' }), 'aria-pressed': String(r === active) }, r);
    b.addEventListener('click', () => onPick(r));
    bar.append(b);
  }
  return bar;
}

/** What the panel runs on: the universe or the holdings (disabled, saying why, when the holdings cannot be used). */
export function basisBar(info: BasisInfo, universeLabel: string): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Run on', id: 'basis-bar' }, el('span', { class: 'label' }, 'Run on'));
  const options: Array<{ kind: BasisInfo['kind']; label: string }> = [
    { kind: 'universe', label: universeLabel },
    { kind: 'portfolio', label: 'My holdings' },
  ];
  for (const o of options) {
    const active = o.kind === info.kind;
    const unavailable = o.kind === 'portfolio' && !info.portfolioAvailable;
    const b = el(
      'vscode-button',
      {
        'data-basis': o.kind,
        ...(active ? {} : { secondary: '' }),
        ...(unavailable ? { disabled: '', title: info.note } : {}),
        'aria-pressed': String(active),
      },
      o.label,
    );
    if (!active && !unavailable)
      b.addEventListener('click', () => {
        bar.querySelectorAll('vscode-button').forEach((x) => x.toggleAttribute('disabled', true));
        post({ type: 'setBasis', basis: o.kind });
      });
    bar.append(b);
  }
  bar.append(el('span', { class: 'sub', id: 'basis-note' }, info.note));
  return bar;
}

export interface Card {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  head: HTMLElement;
}

/** A chart card with a title, an optional note and a PNG export button. */
export function chartCard(
  id: string,
  title: string,
  opts: { note?: string; size?: 'tall' | 'short' | 'square'; wide?: boolean; getChart: () => Chart | undefined },
): Card {
  const canvas = el('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': title });
  const exportBtn = el('vscode-button', { secondary: '', title: `Export "${title}" as PNG`, 'data-export': id }, 'PNG');
  exportBtn.addEventListener('click', () => {
    const chart = opts.getChart();
    if (chart) post({ type: 'exportPng', chart: id, dataUrl: chart.toBase64Image('image/png', 1) });
  });
  const head = el('div', { class: 'card-head' }, el('h2', {}, title), el('span', { class: 'note' }, opts.note ?? ''), exportBtn);
  const root = el(
    'section',
    { class: `card${opts.wide ? ' wide' : ''}`, 'data-chart': id },
    head,
    el('div', { class: `chart-box${opts.size ? ` ${opts.size}` : ''}` }, canvas),
  );
  return { root, canvas, head };
}

const fmtPct = formatPercentPlain;
const fmtNum = (v: number | null) => formatNumber(v);
const fmtPrice = formatPrice;
const fmtUsd = (v: number | null) => formatUsdShort(v) ?? DASH;

const COLUMNS: Array<{ key: keyof RiskRow; label: string; fmt: (r: RiskRow) => string; cls?: (r: RiskRow) => string; text?: boolean }> = [
  { key: 'symbol', label: 'Ticker', fmt: (r) => r.symbol, text: true },
  { key: 'name', label: 'Name', fmt: (r) => r.name, text: true },
  { key: 'price', label: 'Price', fmt: (r) => fmtPrice(r.price) },
  { key: 'change30d', label: '30d', fmt: (r) => fmtPct(r.change30d), cls: (r) => (r.change30d === null ? '' : r.change30d < 0 ? 'neg' : 'pos') },
  { key: 'vol90d', label: 'Vol 90d', fmt: (r) => fmtPct(r.vol90d, 0) },
  { key: 'maxDrawdown', label: 'Max DD', fmt: (r) => fmtPct(r.maxDrawdown, 0), cls: () => 'neg' },
  { key: 'betaBTC', label: 'β BTC', fmt: (r) => fmtNum(r.betaBTC) },
  { key: 'betaNDX', label: 'β NDX', fmt: (r) => fmtNum(r.betaNDX) },
  { key: 'var95', label: 'VaR95 1d', fmt: (r) => fmtPct(r.var95) },
  { key: 'backlogUSD', label: 'Backlog', fmt: (r) => fmtUsd(r.backlogUSD) },
  { key: 'pivotStatus', label: 'Pivot', fmt: (r) => r.pivotStatus ?? '–', text: true },
];

/** The risk table, sortable by clicking a header; ticker cells open the ticker panel. */
export function riskTable(
  rows: RiskRow[],
  sort: { key: keyof RiskRow; dir: 1 | -1 },
  onSort: (s: { key: keyof RiskRow; dir: 1 | -1 }) => void,
): HTMLTableElement {
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sort.dir;
  });
  const thead = el(
    'thead',
    {},
    el(
      'tr',
      {},
      ...COLUMNS.map((c) => {
        const th = el(
          'th',
          { scope: 'col', class: c.text ? 'text' : '', 'aria-sort': c.key === sort.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none' },
          c.label,
        );
        th.addEventListener('click', () => onSort({ key: c.key, dir: c.key === sort.key ? (-sort.dir as 1 | -1) : c.text ? 1 : -1 }));
        return th;
      }),
    ),
  );
  const tbody = el(
    'tbody',
    {},
    ...sorted.map((r) =>
      el(
        'tr',
        { 'data-symbol': r.symbol },
        ...COLUMNS.map((c) => {
          if (c.key === 'symbol') {
            const a = el('a', { title: `Open the ${r.symbol} panel`, role: 'link', tabindex: '0' }, r.symbol);
            a.addEventListener('click', () => post({ type: 'openTicker', symbol: r.symbol }));
            return el('td', { class: 'text' }, a);
          }
          return el('td', { class: `${c.text ? 'text ' : ''}${c.cls?.(r) ?? ''}` }, c.fmt(r));
        }),
      ),
    ),
  );
  return el('table', { class: 'risk' }, thead, tbody);
}

export function csvButton(): HTMLElement {
  const b = el('vscode-button', { secondary: '', title: 'Export the table as CSV', 'data-export': 'csv' }, 'CSV');
  b.addEventListener('click', () => post({ type: 'exportCsv' }));
  return b;
}

/** A wide card holding the panel's table, with its title, an optional note and the CSV export button (what Export CSV exports). */
export function tableCard(title: string, note: string | undefined, table: HTMLElement): HTMLElement {
  const head = el('div', { class: 'card-head' }, el('h2', {}, title), ...(note === undefined ? [] : [el('span', { class: 'note' }, note)]), csvButton());
  return el('section', { class: 'card wide', 'data-chart': 'table' }, head, table);
}
