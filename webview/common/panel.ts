/** The lifecycle every panel shares: ready → data → draw; range changes; theme redraws; first-draw timing. */
import type { Chart } from 'chart.js';
import type { PanelData, RangeKey } from '../../src/shared/protocol';
import { el, getState, onHostMessage, post, readySent, setState, showError, toast } from './host';
import { onThemeChange } from './theme';
import { drew } from './charts';
import { chartStats } from './stats';

const started = performance.now();
let reportedFirstDraw = false;
let draws = 0;

export interface PanelRenderer<T extends PanelData> {
  kind: T['kind'];
  /** Builds the DOM and charts for the data; returns the charts drawn. */
  render(app: HTMLElement, data: T, requestRange: (r: RangeKey) => void): Chart[];
}

export function runPanel<T extends PanelData>(renderer: PanelRenderer<T>): void {
  const app = document.getElementById('app')!;
  let charts: Chart[] = [];
  let last: T | undefined;
  const requestRange = (range: RangeKey) => {
    setState({ range });
    // Wall-clock time of the click (the benchmark times a range switch from it).
    document.body.dataset.requestedAt = String(Date.now());
    app.querySelectorAll('vscode-button[data-range]').forEach((b) => b.toggleAttribute('disabled', true));
    post({ type: 'setRange', range });
  };
  const draw = (data: T) => {
    for (const c of charts) c.destroy();
    charts = [];
    app.replaceChildren();
    charts = renderer.render(app, data, requestRange);
    const symbols = data.kind === 'ticker' ? [data.symbol] : data.kind === 'compare' ? data.symbols : [];
    setState({
      kind: data.kind,
      symbols,
      range: data.range,
      ...('basis' in data ? { basis: data.basis.kind } : {}),
      ...(data.kind === 'scenario' && data.counterparty?.selected ? { counterparty: data.counterparty.selected } : {}),
    });
    const seq = String(++draws);
    delete document.body.dataset.chartsDrawn;
    // After layout: the charts have painted. body[data-charts-drawn] counts the charts that plotted points and painted pixels.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const painted = charts.filter((c) => chartStats(c).points > 0 && drew(c)).length;
        document.body.dataset.range = data.range;
        document.body.dataset.asOf = data.asOf;
        document.body.dataset.draws = seq;
        // Wall-clock time of this draw (the benchmark compares it with when it clicked or ran a command).
        document.body.dataset.drawnAt = String(Date.now());
        document.body.dataset.chartsDrawn = String(painted);
        if (!reportedFirstDraw) post({ type: 'rendered', ms: performance.now() - started, charts: painted });
        reportedFirstDraw = true;
      }),
    );
  };
  onHostMessage((m) => {
    switch (m.type) {
      case 'loading':
        if (!last) app.replaceChildren(el('p', { class: 'status' }, m.message));
        return;
      case 'error':
        showError(m.message);
        return;
      case 'exported':
        toast(m.message);
        return;
      case 'data':
        if (m.payload.kind !== renderer.kind) return;
        last = m.payload as T;
        draw(last);
        return;
    }
  });
  onThemeChange(() => {
    if (last) draw(last);
  });
  // The page's boot script said `ready` already (before this bundle loaded); a page without it says it now.
  if (!readySent) post({ type: 'ready', range: getState().range });
}
