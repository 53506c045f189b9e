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
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type ScriptableContext,
} from 'chart.js';
import type { Candle, DealMarker, Heatmap, LineSeries, XY } from '../../src/shared/protocol';
import { palette, type Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler, BarController, BarElement, ScatterController);

const DAY = 86_400_000;
export function dayToIso(d: number): string {
  return new Date(d * DAY).toISOString().slice(0, 10);
}
function tickDate(d: number, spanDays: number): string {
  const iso = dayToIso(d);
  return spanDays > 400 ? iso.slice(0, 7) : iso.slice(5);
}

export type Fmt = (v: number) => string;
export const pct: Fmt = (v) => `${(v * 100).toFixed(1)}%`;
export const num2: Fmt = (v) => v.toFixed(2);
export const idx: Fmt = (v) => v.toFixed(1);

function colorFor(s: LineSeries, i: number, p: Palette): string {
  if (s.id === 'BTC') return '#f7931a'; // bitcoin orange, readable on light and dark
  if (s.id === 'NDX') return p.blue;
  return p.series(i);
}

function xSpan(series: readonly LineSeries[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const [x] of s.points) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  return hi - lo;
}

export interface LineOptions {
  yFormat: Fmt;
  markers?: DealMarker[];
  fill?: boolean;
  legend?: boolean;
  yMin?: number;
  yMax?: number;
  zeroLine?: boolean;
}

function baseOptions(p: Palette, span: number, yFormat: Fmt, legend: boolean): ChartConfiguration['options'] {
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
        ticks: { color: p.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 8, callback: (v) => tickDate(Number(v), span) },
        grid: { color: p.grid },
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
      backgroundColor: o.fill ? color.replace(/^hsl\((.*)\)$/, 'hsla($1 / 0.15)') : color,
      fill: o.fill ? 'origin' : false,
      borderWidth: bench ? 2.4 : 1.3,
      borderDash: s.id === 'NDX' ? [5, 3] : undefined,
      pointRadius: 0,
      pointHitRadius: 4,
      tension: 0,
      order: bench ? 0 : 1,
    } as ChartDataset<'line'>;
  });
  if (o.markers?.length) {
    datasets.push({
      type: 'scatter',
      label: 'AI/HPC deals',
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
  const opts = baseOptions(p, xSpan(series), o.yFormat, o.legend ?? true)!;
  if (o.yMin !== undefined) (opts.scales!.y as { min?: number }).min = o.yMin;
  if (o.yMax !== undefined) (opts.scales!.y as { max?: number }).max = o.yMax;
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: datasets as unknown as ChartDataset<'line'>[] },
    options: opts as ChartConfiguration<'line'>['options'],
  }) as unknown as Chart;
}

/** Candles as floating bars: a thin bar low→high (the wick) and a body open→close. */
export function candleChart(canvas: HTMLCanvasElement, candles: readonly Candle[], markers: DealMarker[]): Chart {
  const p = palette();
  const up = (c: Candle) => c.c >= c.o;
  const colors = candles.map((c) => (up(c) ? p.green : p.red));
  const opts = baseOptions(p, candles.length ? candles.at(-1)!.x - candles[0]!.x : 0, num2, false)!;
  opts.plugins!.tooltip!.callbacks!.label = (item) => {
    const raw = item.raw as { c?: Candle; marker?: DealMarker };
    if (raw.marker) return `${raw.marker.label}${raw.marker.value ? ` (${raw.marker.value})` : ''}`;
    const c = raw.c;
    return c ? `O ${c.o}  H ${c.h}  L ${c.l}  C ${c.c}` : '';
  };
  (opts as { interaction: unknown }).interaction = { mode: 'nearest', axis: 'x', intersect: false };
  const datasets = [
    { type: 'bar', label: 'range', data: candles.map((c) => ({ x: c.x, y: [c.l, c.h], c })), backgroundColor: colors, barThickness: 1, grouped: false },
    {
      type: 'bar',
      label: 'body',
      data: candles.map((c) => ({ x: c.x, y: [Math.min(c.o, c.c), Math.max(c.o, c.c) + 1e-9], c })),
      backgroundColor: colors,
      barPercentage: 0.8,
      categoryPercentage: 1,
      maxBarThickness: 10,
      grouped: false,
    },
    {
      type: 'scatter',
      label: 'AI/HPC deals',
      data: markers.map((m) => ({ x: m.x, y: m.y, marker: m })),
      pointStyle: 'triangle',
      pointRadius: 7,
      backgroundColor: p.yellow,
      borderColor: p.fg,
      borderWidth: 1,
    },
  ];
  return new Chart(canvas, {
    type: 'bar',
    data: { datasets: datasets as unknown as ChartDataset<'bar'>[] },
    options: opts as ChartConfiguration<'bar'>['options'],
  }) as unknown as Chart;
}

export function barChart(canvas: HTMLCanvasElement, label: string, points: readonly XY[], format: Fmt): Chart {
  const p = palette();
  const opts = baseOptions(p, points.length ? points.at(-1)![0] - points[0]![0] : 0, format, false)!;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      datasets: [{ label, data: points.map(([x, y]) => ({ x, y })), backgroundColor: p.muted, barPercentage: 1, categoryPercentage: 1, maxBarThickness: 6 }],
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
          ticks: { stepSize: 1, autoSkip: false, color: p.muted, maxRotation: 90, callback: (v) => h.symbols[Number(v)] ?? '' },
          grid: { display: false },
        },
        y: {
          type: 'linear',
          min: -0.5,
          max: n - 0.5,
          ticks: { stepSize: 1, autoSkip: false, color: p.muted, callback: (v) => h.symbols[n - 1 - Number(v)] ?? '' },
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
  const colors: Record<string, string> = { BTC: '#f7931a', NDX: p.blue, AI: p.purple, unexplained: p.muted };
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
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'bottom', labels: { color: p.fg, boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
        tooltip: { callbacks: { label: (item: { dataset: { label?: string }; raw: unknown }) => `${item.dataset.label}: ${pct(Number(item.raw))}` } },
      },
      scales: {
        x: { stacked: true, ticks: { color: p.muted, autoSkip: false, maxRotation: 60 }, grid: { display: false } },
        y: { stacked: true, ticks: { color: p.muted, callback: (v: number | string) => pct(Number(v)) }, grid: { color: p.grid } },
      },
    },
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
        y: { ticks: { color: p.muted, callback: (v: number | string) => pct(Number(v)) }, grid: { color: p.grid } },
      },
    },
  } as unknown as ChartConfiguration) as unknown as Chart;
}
