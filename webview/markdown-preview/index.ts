/**
 * The Markdown preview's script (contributes.markdown.previewScripts): draws the charts of
 * `hashpivot` blocks from the spec each block carries in its canvas's `data-chart` (the host
 * computed it; this script only draws). Runs once per preview page and again on every content
 * update (`vscode.markdown.updateContent`, the preview's incremental DOM updates) and theme
 * change; chart.js keeps the charts sized to the preview (devicePixelRatio-aware, so crisp when
 * resized). A spec that does not check out is not drawn: the block's summary table stays.
 */
import type { Chart } from 'chart.js';
import { idx, lineChart, num2, pct } from '../common/charts';
import { onThemeChange } from '../common/theme';
import { readSpec } from './spec';

const charts = new Map<HTMLCanvasElement, Chart>();

function drawAll(): void {
  for (const [canvas, chart] of charts) {
    chart.destroy();
    charts.delete(canvas);
  }
  let n = 0;
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas.hashpivot-canvas[data-chart]')) {
    // An id per chart, as the panels have (chart-…): the e2e tests read every chart the same way.
    canvas.id = `chart-block-${++n}`;
    const spec = readSpec(canvas.dataset.chart);
    if (!spec || spec.series.every((s) => s.points.length === 0)) {
      canvas.closest('.hashpivot-chart-box')?.classList.add('hashpivot-no-chart');
      continue;
    }
    const yFormat = spec.yFormat === 'index' ? idx : spec.yFormat === 'percent' ? pct : num2;
    try {
      charts.set(canvas, lineChart(canvas, spec.series, { x: spec.x, yFormat, logWhenWide: spec.yFormat === 'index' }));
    } catch (e) {
      console.error('hashpivot: chart failed', e);
    }
  }
  document.body.dataset.hashpivotCharts = String(charts.size);
}

let pending = false;
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    drawAll();
  });
}

window.addEventListener('vscode.markdown.updateContent', schedule);
onThemeChange(schedule);
// The preview may put its first content in place after this script ran, or morph it in later
// without an event: block canvases arriving (or going) anywhere in the page redraw the charts.
const isBlockCanvas = (n: Node) => n instanceof Element && (n.matches('canvas.hashpivot-canvas') || !!n.querySelector('canvas.hashpivot-canvas'));
new MutationObserver((records) => {
  if (records.some((r) => [...r.addedNodes].some(isBlockCanvas) || [...r.removedNodes].some(isBlockCanvas))) schedule();
}).observe(document.documentElement, { childList: true, subtree: true });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', schedule);
else schedule();
window.addEventListener('load', schedule);
