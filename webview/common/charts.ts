/** chart.js set-up and the chart kinds the panels use: lines, deal markers, candles, bars, heatmap. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type ScriptableContext,
} from 'chart.js';
import type { Candle, DealMarker, Heatmap, LineSeries, XRange, XY } from '../../src/shared/protocol';
import { formatPrice } from '../../src/shared/format';
import { barRange, dayToIso, logTicks, tickLabel, timeTicks, wantsLogScale } from './axis';
import { chartStatsPlugin } from './stats';
import { palette, withAlpha, type Palette } from './theme';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  CategoryScale,
  Tooltip,
  Legend,
  Filler,
  BarController,
  BarElement,
  ScatterController,
);
Chart.register(chartStatsPlugin);
export { dayToIso };

export type Fmt = (v: number) => string;
export const pct: Fmt = (v) => `${(v * 100).toFixed(1)}%`;
export const pct2: Fmt = (v) => `${(v * 100).toFixed(2)}%`;
export const num2: Fmt = (v) => v.toFixed(2);
export const idx: Fmt = (v) => v.toFixed(1);
export const price: Fmt = (v) => (Math.abs(v) < 1e-12 ? '0' : formatPrice(v));

function colorFor(s: LineSeries, i: number, p: Palette): string {
  if (s.id === 'BTC') return '#f7931a'; // bitcoin orange, readable on light and dark
  if (s.id === 'NDX') return p.blue;
  if (s.role === 'portfolio') return '#d63af9'; // the holdings' own line: one fuchsia, thick, on light and dark
  return p.series(i);
}

export interface LineOptions {
  /** The x-axis range (the view model's, from the data); without it chart.js rounds the axis out to nice numbers. */
  x: XRange | undefined;
  yFormat: Fmt;
  markers?: DealMarker[];
  fill?: boolean;
  legend?: boolean;
  yMin?: number;
  yMax?: number;
  zeroLine?: boolean;
  /** A logarithmic y-axis when the values span more than 30× (rebased performance over many years). */
  logWhenWide?: boolean;
  /** The legend label of the markers (default: AI/HPC deals). */
  markerLabel?: string;
}

/** Options of a chart over time: the x-axis exactly `x` (when given) with ticks on calendar days or months. */
function baseOptions(p: Palette, x: XRange | undefined, yFormat: Fmt, legend: boolean): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { display: legend, position: 'bottom', labels: { color: p.fg, boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? dayToIso(items[0].parsed.x as number) : ''),
          label: (item) => {
            const raw = item.raw as { marker?: DealMarker };
            if (raw.marker) return `${raw.marker.symbol}: ${raw.marker.label}${raw.marker.value ? ` (${raw.marker.value})` : ''}`;
            return `${item.dataset.label}: ${yFormat(item.parsed.y as number)}`;
          },
        },
      },
    },
    scales: {
      x: {
        type: 'linear',
        min: x?.min,
        max: x?.max,
        offset: false,
        afterBuildTicks: (axis) => {
          axis.ticks = timeTicks(axis.min, axis.max).map((value) => ({ value }));
        },
        ticks: {
          color: p.muted,
          maxRotation: 0,
          autoSkip: true,
          maxTicksLimit: 8,
          callback(v) {
            return tickLabel(Number(v), this.max - this.min);
          },
        },
        grid: { color: p.grid, offset: false }, // bar charts would otherwise draw the grid between the ticks
      },
      y: { ticks: { color: p.muted, callback: (v) => yFormat(Number(v)) }, grid: { color: p.grid } },
    },
  };
}

export function lineChart(canvas: HTMLCanvasElement, series: readonly LineSeries[], o: LineOptions): Chart {
  const p = palette();
  const datasets: ChartDataset<'line' | 'scatter'>[] = series.map((s, i) => {
    const color = colorFor(s, i, p);
    const bench = s.role === 'benchmark';
    return {
      type: 'line',
      label: s.label,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: color,
      backgroundColor: o.fill ? withAlpha(color, 0.15) : color,
      fill: o.fill ? 'origin' : false,
      borderWidth: s.role === 'portfolio' ? 3 : bench ? 2.4 : 1.3,
      borderDash: s.id === 'NDX' ? [5, 3] : undefined,
      pointRadius: 0,
      pointHitRadius: 4,
      tension: 0,
      order: s.role === 'portfolio' ? -1 : bench ? 0 : 1,
    } as ChartDataset<'line'>;
  });
  if (o.markers?.length) {
    datasets.push({
      type: 'scatter',
      label: o.markerLabel ?? 'AI/HPC deals',
      data: o.markers.map((m) => ({ x: m.x, y: m.y, marker: m })) as unknown as { x: number; y: number }[],
      pointStyle: 'triangle',
      pointRadius: 7,
      pointHoverRadius: 9,
      backgroundColor: p.yellow,
      borderColor: p.fg,
      borderWidth: 1,
      order: -1,
    } as ChartDataset<'scatter'>);
  }
  const opts = baseOptions(p, o.x, o.yFormat, o.legend ?? true)!;
  if (o.yMin !== undefined) (opts.scales!.y as { min?: number }).min = o.yMin;
  if (o.yMax !== undefined) (opts.scales!.y as { max?: number }).max = o.yMax;
  if (o.logWhenWide && wantsLogScale(series.flatMap((s) => s.points.map((q) => q[1])))) {
    Object.assign(opts.scales!.y!, {
      type: 'logarithmic',
      afterBuildTicks: (axis: { min: number; max: number; ticks: Array<{ value: number }> }) => {
        axis.ticks = logTicks(axis.min, axis.max).map((value) => ({ value }));
      },
      title: { display: true, text: 'log scale', color: p.muted },
    });
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: datasets as unknown as ChartDataset<'line'>[] },
    options: opts as ChartConfiguration<'line'>['options'],
  }) as unknown as Chart;
}

/**
 * Candles as chart.js floating bars (`y: [low, high]`, no plugin needed): a thin bar low→high (the
 * wick) and a wider one open→close (the body), green when the period closed at or above its open,
 * red below. Floating bars need chart.js to parse their `[start, end]` values, so these datasets
 * turn parsing back on (the panels' line charts send pre-parsed `{x, y}` points).
 */
export function candleChart(canvas: HTMLCanvasElement, candles: readonly Candle[], markers: DealMarker[], x: XRange | undefined, period: string): Chart {
  const p = palette();
  const up = (c: Candle) => c.c >= c.o;
  const colors = candles.map((c) => (up(c) ? p.green : p.red));
  const opts = baseOptions(
    p,
    barRange(
      x,
      candles.map((c) => c.x),
    ),
    price,
    false,
  )!;
  (opts.scales!.y as { beginAtZero?: boolean }).beginAtZero = false;
  const tooltip = opts.plugins!.tooltip!;
  tooltip.filter = (item) => item.dataset.label !== 'range';
  tooltip.callbacks!.title = (items) => (items[0] ? `${period === 'day' ? '' : `${period} to `}${dayToIso(items[0].parsed.x as number)}` : '');
  tooltip.callbacks!.label = (item) => {
    const raw = item.raw as { c?: Candle; marker?: DealMarker };
    if (raw.marker) return `${raw.marker.label}${raw.marker.value ? ` (${raw.marker.value})` : ''}`;
    const c = raw.c;
    return c ? `O ${price(c.o)}  H ${price(c.h)}  L ${price(c.l)}  C ${price(c.c)}` : '';
  };
  const datasets = [
    {
      type: 'bar',
      label: 'range',
      parsing: true,
      data: candles.map((c) => ({ x: c.x, y: [c.l, c.h], c })),
      backgroundColor: colors,
      barThickness: 1,
      grouped: false,
      order: 1,
    },
    {
      type: 'bar',
      label: 'body',
      parsing: true,
      data: candles.map((c) => ({ x: c.x, y: [Math.min(c.o, c.c), Math.max(c.o, c.c)], c })),
      backgroundColor: colors,
      barPercentage: 0.8,
      categoryPercentage: 1,
      maxBarThickness: 12,
      minBarLength: 1,
      grouped: false,
      order: 0,
    },
    ...(markers.length
      ? [
          {
            type: 'scatter',
            label: 'AI/HPC deals',
            data: markers.map((m) => ({ x: m.x, y: m.y, marker: m })),
            pointStyle: 'triangle',
            pointRadius: 7,
            backgroundColor: p.yellow,
            borderColor: p.fg,
            borderWidth: 1,
            order: -1,
          },
        ]
      : []),
  ];
  return new Chart(canvas, {
    type: 'bar',
    data: { datasets: datasets as unknown as ChartDataset<'bar'>[] },
    options: opts as ChartConfiguration<'bar'>['options'],
  }) as unknown as Chart;
}

export function barChart(canvas: HTMLCanvasElement, label: string, points: readonly XY[], format: Fmt, x: XRange | undefined, color?: string): Chart {
  const p = palette();
  const opts = baseOptions(
    p,
    barRange(
      x,
      points.map(([px]) => px),
    ),
    format,
    false,
  )!;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      datasets: [
        {
          label,
          data: points.map(([x, y]) => ({ x, y })),
          backgroundColor: color ?? p.blue,
          barPercentage: 1,
          categoryPercentage: 1,
          maxBarThickness: 6,
          minBarLength: 1,
        },
      ],
    },
    options: opts as ChartConfiguration<'bar'>['options'],
  }) as unknown as Chart;
}

/** Correlation heatmap drawn by chart.js as square points on a grid, coloured red (−1) … blue (+1). */
export function heatmapChart(canvas: HTMLCanvasElement, h: Heatmap): Chart {
  const p = palette();
  const n = h.symbols.length;
  const cells: Array<{ x: number; y: number; v: number | null }> = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cells.push({ x: j, y: n - 1 - i, v: h.matrix[i]![j] ?? null });
  const cellTicks = (axis: { ticks: Array<{ value: number }> }) => {
    axis.ticks = h.symbols.map((_, i) => ({ value: i }));
  };
  const colorOf = (v: number | null) => {
    if (v === null) return p.isLight ? 'rgba(0,0,0,0.06)' : 'rgba(255,255,255,0.06)';
    const a = Math.min(1, Math.abs(v));
    return v >= 0 ? `hsla(210 80% ${p.isLight ? 45 : 55}% / ${0.12 + 0.88 * a})` : `hsla(0 75% ${p.isLight ? 50 : 58}% / ${0.12 + 0.88 * a})`;
  };
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'correlation',
          data: cells,
          pointStyle: 'rect',
          pointRadius: (ctx: ScriptableContext<'line'>) => {
            const area = ctx.chart.chartArea;
            if (!area) return 4;
            return Math.max(2, Math.min(area.width, area.height) / n / 2 - 1);
          },
          pointHoverRadius: (ctx: ScriptableContext<'line'>) => {
            const area = ctx.chart.chartArea;
            return area ? Math.max(2, Math.min(area.width, area.height) / n / 2) : 5;
          },
          backgroundColor: cells.map((c) => colorOf(c.v)),
          borderWidth: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => {
              const c = item.raw as { x: number; y: number; v: number | null };
              return `${h.symbols[n - 1 - c.y]} × ${h.symbols[c.x]}: ${c.v === null ? 'n/a' : c.v.toFixed(2)}`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: n - 0.5,
          // One tick per cell (chart.js would step from the -0.5 edge, and every label would be blank).
          afterBuildTicks: cellTicks,
          ticks: { autoSkip: false, color: p.muted, maxRotation: 90, callback: (v) => h.symbols[Number(v)] ?? '' },
          grid: { display: false },
        },
        y: {
          type: 'linear',
          min: -0.5,
          max: n - 0.5,
          afterBuildTicks: cellTicks,
          ticks: { autoSkip: false, color: p.muted, callback: (v) => h.symbols[n - 1 - Number(v)] ?? '' },
          grid: { display: false },
        },
      },
    },
  });
  return chart as unknown as Chart;
}

/** True when the chart painted something (its canvas has non-transparent pixels). */
export function drew(chart: Chart): boolean {
  const ctx = chart.canvas.getContext('2d');
  if (!ctx || chart.canvas.width === 0) return false;
  const data = ctx.getImageData(0, 0, chart.canvas.width, chart.canvas.height).data;
  for (let i = 3; i < data.length; i += 4 * 97) if (data[i]! > 0) return true;
  return false;
}

/** A vertical marker line (e.g. a miner's first AI/HPC deal): options.plugins.eventLine = { x, label }. */
const eventLinePlugin = {
  id: 'eventLine',
  afterDatasetsDraw(c: Chart, _args: unknown, opts: { x?: number; label?: string }) {
    if (opts?.x === undefined) return;
    const sx = c.scales.x;
    const area = c.chartArea;
    if (!sx || !area) return;
    const px = sx.getPixelForValue(opts.x);
    if (px < area.left || px > area.right) return;
    const p = palette();
    const ctx = c.ctx;
    const label = opts.label ?? '';
    ctx.save();
    ctx.strokeStyle = p.yellow;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.fillStyle = p.fg;
    ctx.font = '11px sans-serif';
    ctx.fillText(label, Math.min(px + 4, area.right - ctx.measureText(label).width), area.top + 12);
    ctx.restore();
  },
};
Chart.register(eventLinePlugin);

export function addEventLine(chart: Chart, x: number, label: string): void {
  (chart.options.plugins as Record<string, unknown>).eventLine = { x, label };
  chart.update();
}

export interface StackedBar {
  label: string;
  parts: Array<{ name: string; value: number | null }>;
  marker?: number | null;
}

/** Stacked bars per category (factor contributions), with an optional marker per bar (the actual return). */
export function stackedBarChart(canvas: HTMLCanvasElement, bars: readonly StackedBar[], partNames: readonly string[], markerLabel: string | null): Chart {
  const p = palette();
  const colors: Record<string, string> = { BTC: '#f7931a', NDX: p.blue, AI: p.purple, unexplained: withAlpha(p.muted, 0.35) };
  const datasets: ChartDataset<'bar' | 'line'>[] = partNames.map((name, i) => ({
    type: 'bar',
    label: name === 'unexplained' ? 'Unexplained' : `${name} contribution`,
    data: bars.map((b) => b.parts.find((x) => x.name === name)?.value ?? null),
    backgroundColor: colors[name] ?? p.series(i),
    stack: 'c',
  })) as ChartDataset<'bar' | 'line'>[];
  if (markerLabel) {
    datasets.push({
      type: 'line',
      label: markerLabel,
      data: bars.map((b) => b.marker ?? null),
      showLine: false,
      pointStyle: 'crossRot',
      pointRadius: 8,
      pointBorderWidth: 2,
      borderColor: p.fg,
      backgroundColor: p.fg,
    } as unknown as ChartDataset<'bar' | 'line'>);
  }
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: bars.map((b) => b.label), datasets: datasets as unknown as ChartDataset<'bar'>[] },
    options: categoryBarOptions(p, pct, { stacked: true }),
  } as unknown as ChartConfiguration) as unknown as Chart;
}

/** A plain category bar chart (a histogram). */
export function histogramChart(canvas: HTMLCanvasElement, edges: readonly number[], counts: readonly number[], label: string): Chart {
  const p = palette();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: counts.map((_, i) => pct((edges[i]! + edges[i + 1]!) / 2)),
      datasets: [{ label, data: [...counts], backgroundColor: p.blue, barPercentage: 1, categoryPercentage: 1 }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { color: p.muted, maxTicksLimit: 10 }, grid: { display: false } }, y: { ticks: { color: p.muted }, grid: { color: p.grid } } },
    },
  } as unknown as ChartConfiguration) as unknown as Chart;
}

/** A line over categories (path counts) with a ± band. */
export function convergenceChart(canvas: HTMLCanvasElement, xs: readonly number[], ys: readonly number[], se: readonly number[], label: string): Chart {
  const p = palette();
  const labels = xs.map((x) => (x >= 1000 ? `${x / 1000}k` : String(x)));
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: `${label} + 1 s.e.`,
          data: ys.map((y, i) => y + (se[i] ?? 0)),
          borderColor: 'transparent',
          backgroundColor: p.isLight ? 'rgba(0,100,200,0.12)' : 'rgba(80,160,255,0.18)',
          fill: '+1',
          pointRadius: 0,
        },
        { label: `${label} − 1 s.e.`, data: ys.map((y, i) => y - (se[i] ?? 0)), borderColor: 'transparent', pointRadius: 0, fill: false },
        { label, data: [...ys], borderColor: p.blue, backgroundColor: p.blue, pointRadius: 3, fill: false },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item: { dataset: { label?: string }; raw: unknown }) => `${item.dataset.label}: ${pct(Number(item.raw))}` } },
      },
      scales: {
        x: { title: { display: true, text: 'paths', color: p.muted }, ticks: { color: p.muted }, grid: { color: p.grid } },
        y: { ticks: { color: p.muted, callback: (v: number | string) => pct2(Number(v)) }, grid: { color: p.grid } },
      },
    },
  } as unknown as ChartConfiguration) as unknown as Chart;
}

export interface BarGroup {
  label: string;
  /** One value per category; null is left out (no bar). */
  values: ReadonlyArray<number | null>;
  color?: string;
}

/** Options of a bar chart over categories (tickers): the legend below, values in `format` on the axis and in the tooltip. */
function categoryBarOptions(p: Palette, format: Fmt, o: { stacked?: boolean; beginAtZero?: boolean }) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { position: 'bottom', labels: { color: p.fg, boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
      tooltip: { callbacks: { label: (item: { dataset: { label?: string }; raw: unknown }) => `${item.dataset.label}: ${format(Number(item.raw))}` } },
    },
    scales: {
      x: { ...(o.stacked ? { stacked: true } : {}), ticks: { color: p.muted, autoSkip: false, maxRotation: 60 }, grid: { display: false } },
      y: {
        ...(o.stacked ? { stacked: true } : {}),
        ...(o.beginAtZero ? { beginAtZero: true } : {}),
        ticks: { color: p.muted, callback: (v: number | string) => format(Number(v)) },
        grid: { color: p.grid },
      },
    },
  };
}
/** Bars side by side per category (one dataset per group), e.g. mining against AI/HPC revenue per miner; `stacked`: one bar per category, the groups stacked. */
export function groupedBarChart(
  canvas: HTMLCanvasElement,
  categories: readonly string[],
  groups: readonly BarGroup[],
  format: Fmt,
  o: { stacked?: boolean } = {},
): Chart {
  const p = palette();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...categories],
      datasets: groups.map((g, i) => ({ label: g.label, data: [...g.values], backgroundColor: g.color ?? p.series(i), borderWidth: 0 })),
    },
    options: categoryBarOptions(p, format, { beginAtZero: true, ...(o.stacked ? { stacked: true } : {}) }),
  } as unknown as ChartConfiguration) as unknown as Chart;
}

export interface CategoryLine {
  label: string;
  values: ReadonlyArray<number | null>;
  color?: string;
  dashed?: boolean;
}

/** Lines over categories (e.g. BTC price moves), with points on each category. */
export function categoryLineChart(
  canvas: HTMLCanvasElement,
  categories: readonly string[],
  lines: readonly CategoryLine[],
  format: Fmt,
  xTitle?: string,
): Chart {
  const p = palette();
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: [...categories],
      datasets: lines.map((l, i) => {
        const color = l.color ?? p.series(i);
        return {
          label: l.label,
          data: [...l.values],
          borderColor: color,
          backgroundColor: color,
          borderWidth: 2,
          borderDash: l.dashed ? [5, 3] : undefined,
          pointRadius: l.dashed ? 0 : 3,
          fill: false,
          tension: 0,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { color: p.fg, boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
        tooltip: { callbacks: { label: (item: { dataset: { label?: string }; raw: unknown }) => `${item.dataset.label}: ${format(Number(item.raw))}` } },
      },
      scales: {
        x: { ...(xTitle ? { title: { display: true, text: xTitle, color: p.muted } } : {}), ticks: { color: p.muted }, grid: { color: p.grid } },
        y: { ticks: { color: p.muted, callback: (v: number | string) => format(Number(v)) }, grid: { color: p.grid } },
      },
    },
  } as unknown as ChartConfiguration) as unknown as Chart;
}
