/**
 * What each chart plotted, read back from chart.js after it drew (not from the view model), and
 * written on the chart's canvas as data-* attributes: how many points lie inside the plot area,
 * their x and y extent, the x-axis extent, the plot area in canvas pixels and the colours the
 * data was drawn in. The e2e tests assert on these (and count pixels of those colours inside the
 * plot area), so a chart that draws only its axes cannot pass.
 */
import type { Chart, Plugin } from 'chart.js';

export interface ChartStats {
  points: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  colors: string[];
}

interface Parsed {
  x: number;
  y: number;
  _custom?: { min: number; max: number } | number;
}

function addColor(out: Set<string>, c: unknown): void {
  if (typeof c === 'string' && c !== 'transparent' && out.size < 32) out.add(c);
}

const hasWidth = (w: unknown) => (typeof w === 'number' ? w > 0 : typeof w === 'object' && w !== null && Object.values(w).some((v) => Number(v) > 0));

interface SankeyFlowElement {
  x: number;
  x2: number;
  height: number;
  from?: { x?: number };
  to?: { x?: number };
  options?: { colorFrom?: unknown; colorTo?: unknown; flowColor?: unknown };
}

/**
 * A Sankey's flows (chartjs-chart-sankey): each flow drawn inside the plot area is a point; x is
 * its columns (from the source's to the target's, so the extent is the columns the diagram
 * spans), y the weight it was drawn with; the colours are its nodes' (flows are those colours
 * at partial opacity, the nodes solid).
 */
function sankeyStats(chart: Chart): ChartStats {
  const area = chart.chartArea;
  const s: ChartStats = { points: 0, xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity, colors: [] };
  if (!area || !chart.isDatasetVisible(0)) return s;
  const colors = new Set<string>();
  const raw = chart.data.datasets[0]?.data as unknown as Array<{ flow?: number }> | undefined;
  chart.getDatasetMeta(0).data.forEach((el, j) => {
    const f = el as unknown as SankeyFlowElement;
    const weight = raw?.[j]?.flow;
    if (!f.from || !f.to || !(f.x2 > f.x) || !(f.height > 0) || typeof weight !== 'number') return;
    if (!(f.x >= area.left - 1 && f.x2 <= area.right + 1)) return;
    s.points++;
    s.xMin = Math.min(s.xMin, f.from.x ?? 0);
    s.xMax = Math.max(s.xMax, f.to.x ?? 0);
    s.yMin = Math.min(s.yMin, weight);
    s.yMax = Math.max(s.yMax, weight);
    addColor(colors, f.options?.colorFrom);
    addColor(colors, f.options?.colorTo);
    addColor(colors, f.options?.flowColor);
  });
  s.colors = [...colors];
  return s;
}

/** Points chart.js holds for the visible datasets, inside the plot area, with their extent and colours. */
export function chartStats(chart: Chart): ChartStats {
  if ((chart.config as { type?: string }).type === 'sankey') return sankeyStats(chart);
  const area = chart.chartArea;
  const s: ChartStats = { points: 0, xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity, colors: [] };
  if (!area) return s;
  const colors = new Set<string>();
  chart.data.datasets.forEach((_, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const meta = chart.getDatasetMeta(i);
    const controller = meta.controller as unknown as { getParsed(j: number): Parsed | undefined };
    let any = false;
    meta.data.forEach((el, j) => {
      const v = controller.getParsed(j);
      if (!v || !Number.isFinite(v.x) || !Number.isFinite(v.y)) return;
      const px = (el as unknown as { x: number }).x;
      if (!(px >= area.left - 1 && px <= area.right + 1)) return;
      const custom = typeof v._custom === 'object' ? v._custom : undefined;
      s.points++;
      any = true;
      s.xMin = Math.min(s.xMin, v.x);
      s.xMax = Math.max(s.xMax, v.x);
      s.yMin = Math.min(s.yMin, custom ? custom.min : v.y);
      s.yMax = Math.max(s.yMax, custom ? custom.max : v.y);
      const o = (el as unknown as { options?: { backgroundColor?: unknown; borderColor?: unknown; borderWidth?: unknown; radius?: number } }).options;
      // Line points drawn with radius 0 paint nothing: their line (below) carries the colour.
      if (o && (o.radius === undefined || o.radius > 0)) {
        addColor(colors, o.backgroundColor);
        if (hasWidth(o.borderWidth)) addColor(colors, o.borderColor);
      }
    });
    const line = meta.dataset as unknown as { options?: { borderColor?: unknown; backgroundColor?: unknown; fill?: unknown } } | undefined;
    if (any && line?.options) {
      addColor(colors, line.options.borderColor);
      if (line.options.fill) addColor(colors, line.options.backgroundColor);
    }
  });
  s.colors = [...colors];
  return s;
}

const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(8))) : '');

export const chartStatsPlugin: Plugin = {
  id: 'hashpivotStats',
  afterRender(chart: Chart) {
    const s = chartStats(chart);
    const d = chart.canvas.dataset;
    const area = chart.chartArea;
    const r = chart.currentDevicePixelRatio || 1;
    const x = chart.scales.x;
    d.points = String(s.points);
    d.xMin = fmt(s.xMin);
    d.xMax = fmt(s.xMax);
    d.yMin = fmt(s.yMin);
    d.yMax = fmt(s.yMax);
    d.scaleXMin = x ? fmt(x.min) : '';
    d.scaleXMax = x ? fmt(x.max) : '';
    d.area = area ? [area.left, area.top, area.right, area.bottom].map((v) => Math.round(v * r)).join(',') : '';
    d.colors = JSON.stringify(s.colors);
    d.renders = String(Number(d.renders ?? '0') + 1);
  },
};
