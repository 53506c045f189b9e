/**
 * A Sankey diagram with chartjs-chart-sankey (the chart.js maintainers' controller): nodes in
 * columns, flows between them as bands as wide as their weight. What this adds: one colour per
 * node, hatched grey flows for what has no size of its own (drawn at the weight they are given),
 * tooltips from the caller's lines, labels with a background (legible over the flows in light and
 * dark themes), and nodes that can be clicked — the controller only hit-tests flows, so the node
 * and label rectangles are computed here (`sankeyNodeRects`, the controller's own geometry) and
 * written on the canvas (`data-nodes`) for the e2e tests, with the flows' counts.
 */
import { Chart, type ChartConfiguration, type ChartEvent, type Plugin } from 'chart.js';
import { toFont } from 'chart.js/helpers';
import { Flow, SankeyController } from 'chartjs-chart-sankey';
import './charts'; // the linear scales, the tooltip and the stats plugin
import { palette, withAlpha } from './theme';

Chart.register(SankeyController, Flow);

export interface SankeyNodeSpec {
  id: string;
  /** Drawn beside the node; `\n` for a second line. */
  label: string;
  color: string;
  /** The node's tooltip, one entry per line. */
  tip: string[];
}

export interface SankeyLinkSpec {
  from: string;
  to: string;
  /** The band's width, in the diagram's units. */
  weight: number;
  /** Drawn grey and hatched: a flow whose size is not known (its weight is a drawing weight). */
  hatched: boolean;
  tip: string[];
}

export interface SankeyOptions {
  /** A node (or its label) was clicked. */
  onNodeClick?: (id: string) => void;
  /** Shown while the pointer is over a node (null: it left), at canvas CSS pixels. */
  onNodeHover?: (id: string | null, at: { x: number; y: number }) => void;
}

/** A node's rectangle and its label's, in canvas CSS pixels. */
export interface NodeRect {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The node with its label: what a click hits. */
  hit: { x: number; y: number; w: number; h: number };
}

const NODE_WIDTH = 12;
const NODE_PADDING = 36;
const NODE_MIN_SIZE = 4;
const LABEL_PADDING = 3;
const LABEL_FONT = { size: 11, lineHeight: 1.25 };

interface SankeyNodeState {
  key: string;
  x?: number;
  y?: number;
  in: number;
  out: number;
}
interface ControllerState {
  _nodes?: Map<string, SankeyNodeState>;
  _maxX?: number;
}

/** Diagonal grey stripes on a faint grey ground: what an undisclosed flow is filled with. */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const t = tile.getContext('2d');
  if (!t) return withAlpha(color, 0.35);
  t.fillStyle = withAlpha(color, 0.18);
  t.fillRect(0, 0, 8, 8);
  t.strokeStyle = withAlpha(color, 0.85);
  t.lineWidth = 1.6;
  t.beginPath();
  // Three strokes so the stripes join across tiles.
  for (const o of [-8, 0, 8]) {
    t.moveTo(o, 8);
    t.lineTo(o + 8, 0);
  }
  t.stroke();
  return ctx.createPattern(tile, 'repeat') ?? withAlpha(color, 0.35);
}

/**
 * Each node's rectangle as chartjs-chart-sankey 0.19.1 draws it (its getNodeRect: column pixel
 * less a share of the column padding, size the larger of in and out, at least nodeMinSize), and
 * its label's beside it (right of the node in the left half, left of it in the right half).
 */
export function sankeyNodeRects(chart: Chart, labels: Record<string, string>): NodeRect[] {
  const meta = chart.getDatasetMeta(0);
  const c = meta.controller as unknown as ControllerState;
  const xs = chart.scales.x;
  const ys = chart.scales.y;
  const area = chart.chartArea;
  if (!c._nodes || !xs || !ys || !area) return [];
  const maxX = c._maxX ?? 0;
  const columnPadding = Math.max(0, NODE_WIDTH + 3 - (chart.width - area.right));
  const font = toFont(LABEL_FONT);
  const ctx = chart.ctx;
  ctx.save();
  ctx.font = font.string;
  const out: NodeRect[] = [];
  for (const n of c._nodes.values()) {
    const col = n.x ?? 0;
    const x = maxX ? xs.getPixelForValue(col) - (col / maxX) * columnPadding : xs.getPixelForValue(col);
    const size = Math.max(n.in || n.out, n.out || n.in);
    const y1 = ys.getPixelForValue(n.y ?? 0);
    const y2 = ys.getPixelForValue((n.y ?? 0) + size);
    const natural = Math.abs(y2 - y1);
    const h = Math.max(natural, NODE_MIN_SIZE);
    const y = Math.min(y1, y2) - (h - natural) / 2;
    const lines = (labels[n.key] ?? n.key).split('\n');
    const textW = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 2 * LABEL_PADDING;
    const textH = lines.length * font.lineHeight + 2 * LABEL_PADDING;
    const right = x < (area.left + area.right) / 2;
    const lx = right ? x + NODE_WIDTH : x - textW - LABEL_PADDING;
    const top = Math.min(y, y + h / 2 - textH / 2);
    const bottom = Math.max(y + h, y + h / 2 + textH / 2);
    const left = Math.min(x, lx);
    const hitRight = Math.max(x + NODE_WIDTH, lx + textW + LABEL_PADDING);
    out.push({ id: n.key, x, y, w: NODE_WIDTH, h, hit: { x: left, y: top, w: hitRight - left, h: bottom - top } });
  }
  ctx.restore();
  return out;
}

const inRect = (r: { x: number; y: number; w: number; h: number }, px: number, py: number) => px >= r.x && px <= r.x + r.w && py >= r.y && py <= r.y + r.h;

/** The node under a point: the node rectangle itself first, then a label. */
function nodeAt(rects: readonly NodeRect[], px: number, py: number): string | null {
  return (rects.find((r) => inRect({ x: r.x - 2, y: r.y - 2, w: r.w + 4, h: r.h + 4 }, px, py)) ?? rects.find((r) => inRect(r.hit, px, py)))?.id ?? null;
}

interface SankeyPoint {
  from: string;
  to: string;
  flow: number;
  link: SankeyLinkSpec;
}

export function sankeyChart(canvas: HTMLCanvasElement, nodes: readonly SankeyNodeSpec[], links: readonly SankeyLinkSpec[], o: SankeyOptions = {}): Chart {
  const p = palette();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const labels = Object.fromEntries(nodes.map((n) => [n.id, n.label]));
  const ctx = canvas.getContext('2d');
  const pattern = ctx ? hatch(ctx, p.muted) : withAlpha(p.muted, 0.35);
  const data: SankeyPoint[] = links.map((l) => ({ from: l.from, to: l.to, flow: l.weight, link: l }));
  const colorOf = (id: string) => byId.get(id)?.color ?? p.muted;
  let rects: NodeRect[] = [];
  let hovered: string | null = null;
  const pointAt = (e: ChartEvent) => ({ x: e.x ?? -1, y: e.y ?? -1 });

  /** After each draw: the node rectangles (for clicks and the e2e tests) and the counts of flows drawn. */
  const report: Plugin = {
    id: 'hashpivotSankeyReport',
    afterRender(chart) {
      rects = sankeyNodeRects(chart, labels);
      const d = chart.canvas.dataset;
      d.flows = String(links.length);
      d.hatchedFlows = String(links.filter((l) => l.hatched).length);
      d.nodes = JSON.stringify(rects.map((r) => ({ id: r.id, x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) })));
    },
  };

  const config = {
    type: 'sankey',
    data: {
      datasets: [
        {
          label: 'flows',
          data,
          colorFrom: (c: { raw?: SankeyPoint }) => colorOf(c.raw?.from ?? ''),
          colorTo: (c: { raw?: SankeyPoint }) => colorOf(c.raw?.to ?? ''),
          // Known flows: the gradient from one node's colour to the other's; undisclosed ones: the hatch.
          flowColor: (c: { raw?: SankeyPoint }) => (c.raw?.link.hatched ? pattern : null),
          alpha: p.isLight ? 0.4 : 0.5,
          colorMode: 'gradient',
          borderWidth: 0,
          nodeWidth: NODE_WIDTH,
          nodePadding: NODE_PADDING,
          nodeMinSize: NODE_MIN_SIZE,
          labels,
          color: p.fg,
          font: LABEL_FONT,
          nodeLabels: { color: p.fg, backgroundColor: withAlpha(p.bg, 0.82), padding: LABEL_PADDING, borderRadius: 3, font: LABEL_FONT },
          size: 'max',
          nodePaddingMode: 'even',
          modeX: 'edge',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 6, bottom: 6, left: 4, right: 4 } },
      plugins: {
        legend: { display: false },
        tooltip: {
          // Over a node, the node's own tooltip shows instead.
          filter: () => hovered === null,
          callbacks: {
            title: () => '',
            label: (item: { raw: unknown }) => (item.raw as SankeyPoint).link.tip,
          },
        },
      },
      onHover: (e: ChartEvent) => {
        const at = pointAt(e);
        const id = e.type === 'mouseout' ? null : nodeAt(rects, at.x, at.y);
        canvas.style.cursor = id ? 'pointer' : 'default';
        if (id !== hovered || id) o.onNodeHover?.(id, at);
        hovered = id;
      },
      onClick: (e: ChartEvent) => {
        const at = pointAt(e);
        const id = nodeAt(rects, at.x, at.y);
        if (id) o.onNodeClick?.(id);
      },
    },
    plugins: [report],
  };
  // chart.js calls onHover inside the chart only: leaving the canvas ends a node's hover here.
  canvas.addEventListener('mouseleave', () => {
    if (hovered !== null) o.onNodeHover?.(null, { x: -1, y: -1 });
    hovered = null;
    canvas.style.cursor = 'default';
  });
  return new Chart(canvas, config as unknown as ChartConfiguration) as unknown as Chart;
}
