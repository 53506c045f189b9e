/** Capital flows panel: a Sankey diagram backer → counterparty → miner of the contracted deals, and the parties' table; a click on a party filters the Deals view. */
import type { Chart } from 'chart.js';
import type { FlowLink, FlowNode, FlowNodeKind, FlowsData } from '../../src/shared/protocol';
import { el, post } from '../common/host';
import { runPanel } from '../common/panel';
import { sankeyChart, type SankeyLinkSpec, type SankeyNodeSpec } from '../common/sankey';
import { palette, type Palette } from '../common/theme';
import { chartCard, header, tableCard } from '../common/ui';
import { formatUsd } from '../../src/shared/format';

const KIND_LABEL: Record<FlowNodeKind, string> = { backer: 'Backer', counterparty: 'Counterparty', miner: 'Miner' };
const NO_BACKER_ID = 'backer:No backer';

/** A node's total: `$23.2B`, `$13.2B + 1 undisclosed`, `1 undisclosed` (known values only). */
function totalText(n: Pick<FlowNode, 'knownUsd' | 'unknownDeals'>): string {
  const known = n.knownUsd > 0 ? formatUsd(n.knownUsd) : '';
  if (!n.unknownDeals) return known || '$0';
  return known ? `${known} + ${n.unknownDeals} undisclosed` : `${n.unknownDeals} undisclosed`;
}

/** The name as drawn on the canvas: before its first " (", at most 30 characters (the table and tooltips have it whole). */
function shortName(label: string): string {
  const cut = label.indexOf(' (');
  const s = cut > 0 ? label.slice(0, cut) : label;
  return s.length > 30 ? `${s.slice(0, 29)}…` : s;
}

function colorOf(n: FlowNode, p: Palette): string {
  if (n.id === NO_BACKER_ID) return p.muted;
  return n.kind === 'backer' ? p.purple : n.kind === 'counterparty' ? p.blue : '#f7931a';
}

const dealsText = (ids: readonly string[]) => `${ids.length} deal${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`;

function linkTip(l: FlowLink, nodes: Map<string, FlowNode>): string[] {
  const from = nodes.get(l.from)!;
  const to = nodes.get(l.to)!;
  return [`${shortName(from.label)} → ${shortName(to.label)}: ${l.valueUsd === null ? 'value undisclosed' : formatUsd(l.valueUsd)}`, dealsText(l.dealIds)];
}

function nodeTip(n: FlowNode): string[] {
  return [`${KIND_LABEL[n.kind]}: ${n.label}`, totalText(n), dealsText(n.dealIds), 'Click to filter the Deals view'];
}

function filterDeals(n: FlowNode): void {
  post({ type: 'filterDeals', id: n.id, kind: n.kind, label: n.label });
}

function partiesTable(d: FlowsData): HTMLTableElement {
  const row = (n: FlowNode) => {
    const a = el('a', { role: 'link', tabindex: '0', title: `Show the deals of ${n.label} in the Deals view`, 'data-node': n.id }, 'Filter Deals');
    a.addEventListener('click', () => filterDeals(n));
    a.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        filterDeals(n);
      }
    });
    return el(
      'tr',
      { 'data-node': n.id },
      el('td', { class: 'text' }, KIND_LABEL[n.kind]),
      el('td', { class: 'text party' }, n.label),
      el('td', {}, n.knownUsd > 0 ? formatUsd(n.knownUsd) : '–'),
      el('td', {}, n.unknownDeals ? String(n.unknownDeals) : ''),
      el('td', { class: 'text muted' }, n.dealIds.join(', ')),
      el('td', { class: 'text' }, a),
    );
  };
  return el(
    'table',
    { class: 'risk', id: 'parties-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Column', 'Party', 'Known value', 'Undisclosed', 'Deals', ''].map((h, i) => el('th', { scope: 'col', class: i === 2 || i === 3 ? '' : 'text' }, h)),
      ),
    ),
    el('tbody', {}, ...d.nodes.map(row)),
  );
}

function legend(p: Palette): HTMLElement {
  const item = (cls: string, text: string, color?: string) => {
    const sw = el('span', { class: `swatch ${cls}` });
    if (color) sw.style.background = color;
    return el('span', { class: 'legend-item' }, sw, text);
  };
  return el(
    'div',
    { class: 'flow-legend', id: 'flow-legend' },
    item('', 'Backer', p.purple),
    item('', 'Counterparty', p.blue),
    item('', 'Miner', '#f7931a'),
    item('', 'No backer', p.muted),
    item('hatched', 'value undisclosed (fixed width, not a value)'),
  );
}

runPanel<FlowsData>({
  kind: 'flows',
  render(app, d) {
    const p = palette();
    const nodes = new Map(d.nodes.map((n) => [n.id, n]));
    const t = d.totals;
    app.append(
      header(
        'Capital flows',
        `backer → counterparty → miner · ${formatUsd(t.knownUsd)} contracted, known${t.unknownDeals ? `, + ${t.unknownDeals} undisclosed` : ''} · ${t.deals} deals`,
        d.data,
        d.asOf,
      ),
    );
    const grid = el('div', { class: 'grid' });
    app.append(grid);
    let chart: Chart | undefined;
    const card = chartCard('flows', 'Contracted value: backer → counterparty → miner', {
      note: 'click a party to filter the Deals view',
      wide: true,
      getChart: () => chart,
    });
    grid.append(card.root);
    if (!d.links.length) {
      card.root.append(el('p', { class: 'status' }, 'The catalog has no contracted deal to draw.'));
      return [];
    }
    // As tall as the fullest column needs: two label lines and a gap per node.
    const perColumn = Math.max(...(['backer', 'counterparty', 'miner'] as const).map((k) => d.nodes.filter((n) => n.kind === k).length));
    const box = card.canvas.parentElement!;
    box.style.height = `${Math.max(320, 64 * perColumn + 40)}px`;
    const tip = el('div', { class: 'flow-tip hidden', role: 'tooltip', id: 'flow-tip' });
    box.append(tip);
    const nodeSpecs: SankeyNodeSpec[] = d.nodes.map((n) => ({
      id: n.id,
      label: `${shortName(n.label)}\n${totalText(n)}`,
      color: colorOf(n, p),
      tip: nodeTip(n),
    }));
    const linkSpecs: SankeyLinkSpec[] = d.links.map((l) => ({
      from: l.from,
      to: l.to,
      weight: l.valueUsd ?? d.unknownWeight,
      hatched: l.unknown,
      tip: linkTip(l, nodes),
    }));
    chart = sankeyChart(card.canvas, nodeSpecs, linkSpecs, {
      onNodeClick: (id) => {
        const n = nodes.get(id);
        if (n) filterDeals(n);
      },
      onNodeHover: (id, at) => {
        const n = id ? nodes.get(id) : undefined;
        if (!n) {
          tip.classList.add('hidden');
          return;
        }
        tip.replaceChildren(...nodeTip(n).map((line, i) => el('div', i === 0 ? { class: 'strong' } : {}, line)));
        tip.classList.remove('hidden');
        // Beside the pointer, kept inside the box.
        const left = Math.min(at.x + 14, box.clientWidth - tip.offsetWidth - 4);
        tip.style.left = `${Math.max(0, left)}px`;
        tip.style.top = `${Math.max(0, Math.min(at.y + 14, box.clientHeight - tip.offsetHeight - 4))}px`;
      },
    });
    card.root.append(legend(p));
    grid.append(tableCard('Parties', 'known values only; undisclosed deals counted apart', partiesTable(d)));
    app.append(el('div', { class: 'footer' }, ...d.notes.map((n) => el('p', {}, n))));
    return [chart];
  },
});
