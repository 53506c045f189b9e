// A tiny step runner for e2e scenarios: each step is named; when one fails, the output says which
// scenario and step, and a screenshot of that moment is kept next to the others.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness.mjs';

export const SCREENSHOTS = path.join(repoRoot, 'test-results/e2e');

export class ScenarioRunner {
  constructor() {
    this.results = [];
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Screenshots of an earlier run's failures would mislead.
    for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith('FAILED-')) rmSync(path.join(SCREENSHOTS, f));
  }

  /**
   * Runs `fn(step)` where `await step('what', async () => …)` names each action. With
   * HASHPIVOT_E2E_ONLY set (a regular expression), only the scenarios whose name matches run (for
   * working on one scenario: later scenarios may rely on what earlier ones did).
   */
  async scenario(name, page, fn) {
    const only = process.env.HASHPIVOT_E2E_ONLY;
    if (only && !new RegExp(only, 'i').test(name)) {
      this.results.push({ name, ok: true, skipped: true, ms: 0 });
      console.log(`  - ${name} (skipped: HASHPIVOT_E2E_ONLY)`);
      return;
    }
    const started = Date.now();
    let current = '(setup)';
    const step = async (label, action) => {
      current = label;
      return action();
    };
    try {
      await fn(step);
      this.results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${name}`);
    } catch (e) {
      const shot = path.join(SCREENSHOTS, `FAILED-${slug(name)}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      this.results.push({ name, ok: false, step: current, error: e, shot });
      console.log(
        `  ✘ ${name}\n      failed at step: ${current}\n      ${String(e?.message ?? e)
          .split('\n')
          .join('\n      ')}\n      screenshot: ${path.relative(repoRoot, shot)}`,
      );
    }
  }

  get failed() {
    return this.results.filter((r) => !r.ok).length;
  }
  get passed() {
    return this.results.filter((r) => r.ok && !r.skipped).length;
  }
  get skipped() {
    return this.results.filter((r) => r.skipped).length;
  }
}

export function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${slug(name)}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the palette: F1, type its title, Enter. */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  // A webview that (re)loads can take the focus back and close the palette just opened: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      // Keyboard focus may sit inside a webview's iframe, which does not pass F1 on: click the title bar first.
      await page.keyboard.press('Escape');
      await page.mouse.click(Math.round((page.viewportSize()?.width ?? 1400) / 2), 8);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  // The command whose label is the title itself, not the first match: "Run Stress Scenario..." also
  // matches "Run Stress Scenario on Holdings...", and the palette may rank that one first.
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const label = (
      await rows
        .nth(i)
        .locator('.label-name')
        .first()
        .innerText()
        .catch(() => '')
    ).trim();
    if (label === title) {
      await rows.nth(i).click();
      return;
    }
  }
  await page.keyboard.press('Enter');
}

/** Opens the Hashpivot container from the activity bar. */
export async function openHashpivot(page) {
  const icon = page.locator('.activitybar [aria-label^="Hashpivot"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  const pane = page.locator('.pane-header[aria-label^="Miners"]');
  if (!(await pane.isVisible().catch(() => false))) await icon.click();
  await pane.waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * Collapses or expands a sidebar pane by its title (Hashpivot has five views; a tree's rows must be
 * on screen to be clicked, and VS Code's lists render only the visible ones).
 */
export async function setPaneExpanded(page, title, expanded) {
  const header = page.locator(`.pane-header[aria-label^="${title}"]`).first();
  await header.waitFor({ state: 'visible', timeout: 15_000 });
  if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
}

/** Text of every row of a tree view, found by its pane title. */
export async function viewRows(page, title) {
  const pane = page.locator('.pane', { has: page.locator(`.pane-header[aria-label^="${title}"]`) });
  return pane.locator('.monaco-list-row').allInnerTexts();
}

export async function expectEventually(fn, message, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${message}${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The frame of a Hashpivot webview panel of the given kind (webviews are two iframes deep). */
export async function panelFrame(page, kind, timeoutMs = 30_000) {
  return expectEventually(
    async () => {
      for (const f of page.frames()) {
        try {
          const k = await f.evaluate(() => document.body?.dataset?.kind ?? null);
          if (k === kind) return f;
        } catch {
          // detached or cross-origin frame
        }
      }
      return undefined;
    },
    `no ${kind} webview frame`,
    timeoutMs,
  );
}

/** Waits until the panel reports how many charts it drew, and returns that count. */
export async function chartsDrawn(frame, min, timeoutMs = 30_000) {
  return expectEventually(
    async () => {
      const n = Number(await frame.evaluate(() => document.body.dataset.chartsDrawn ?? '0'));
      return n >= min ? n : undefined;
    },
    `fewer than ${min} charts drawn`,
    timeoutMs,
  );
}

/**
 * What every chart of a panel plotted, as the panel reports it on each canvas (data-* attributes
 * written by chart.js's afterRender, webview/common/stats.ts), and the pixels inside each chart's
 * plot area that have one of the colours its data was drawn in. Axes, grid lines and labels are
 * grey and mostly outside the plot area: a chart that plots nothing has no such pixels, however
 * non-blank its canvas.
 */
export async function chartReport(frame) {
  return frame.evaluate(() => {
    const probe = document.createElement('canvas').getContext('2d');
    const rgbOf = (css) => {
      probe.fillStyle = '#010203';
      probe.fillStyle = css;
      const s = String(probe.fillStyle);
      if (s === '#010203' && css.trim().toLowerCase() !== '#010203') return null;
      const hex = /^#([0-9a-f]{6})$/i.exec(s);
      if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
      const m = /^rgba?\(([^)]+)\)$/.exec(s);
      return m
        ? m[1]
            .split(',')
            .slice(0, 3)
            .map((v) => Math.round(Number(v)))
        : null;
    };
    const chroma = ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b);
    const out = [];
    for (const c of document.querySelectorAll('canvas[id^="chart-"]')) {
      const d = c.dataset;
      const num = (v) => (v === undefined || v === '' ? null : Number(v));
      // Only saturated colours: grey data (an "unexplained" bar) could not be told from the grid.
      const colors = JSON.parse(d.colors ?? '[]')
        .map(rgbOf)
        .filter((rgb) => rgb && chroma(rgb) >= 40);
      let dataPixels = 0;
      let colouredPixels = 0;
      const area = (d.area ?? '').split(',').map(Number);
      const ctx = c.getContext('2d');
      if (ctx && area.length === 4 && area.every(Number.isFinite) && area[2] > area[0] && area[3] > area[1]) {
        const [l, t, r, b] = area;
        const px = ctx.getImageData(l, t, r - l, b - t).data;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] < 48) continue;
          const p = [px[i], px[i + 1], px[i + 2]];
          if (chroma(p) >= 40) colouredPixels++;
          if (colors.some((q) => Math.abs(q[0] - p[0]) <= 28 && Math.abs(q[1] - p[1]) <= 28 && Math.abs(q[2] - p[2]) <= 28)) dataPixels++;
        }
      }
      out.push({
        id: c.id.replace(/^chart-/, ''),
        mode: d.mode ?? null,
        points: num(d.points) ?? 0,
        xMin: num(d.xMin),
        xMax: num(d.xMax),
        yMin: num(d.yMin),
        yMax: num(d.yMax),
        scaleXMin: num(d.scaleXMin),
        scaleXMax: num(d.scaleXMax),
        colors: colors.length,
        dataPixels,
        colouredPixels,
      });
    }
    return out;
  });
}

export const RANGES = ['1M', '3M', '6M', '1Y', '3Y', 'ALL'];
const RANGE_DAYS = { '1M': 31, '3M': 92, '6M': 183, '1Y': 365, '3Y': 1096, ALL: Infinity };
/** Pixels of the data's colours a chart must have inside its plot area (the thinnest chart here has over a thousand). */
export const MIN_DATA_PIXELS = 300;

/** Waits until the panel has drawn (for `range`, when given): body[data-range] and body[data-charts-drawn] are set, every chart canvas has reported. */
export async function waitForDraw(frame, { range, timeoutMs = 30_000 } = {}) {
  return expectEventually(
    () =>
      frame.evaluate(
        (want) =>
          document.body.dataset.chartsDrawn !== undefined &&
          (!want || document.body.dataset.range === want) &&
          [...document.querySelectorAll('canvas[id^="chart-"]')].every((c) => c.dataset.points !== undefined),
        range ?? null,
      ),
    `the panel never finished drawing${range ? ` range ${range}` : ''}`,
    timeoutMs,
  );
}

/** Clicks a range button (unless it is the active one) and waits for the redraw. */
export async function pickRange(frame, range) {
  const button = frame.locator(`vscode-button[data-range="${range}"]`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await waitForDraw(frame, { range });
}

const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * Asserts that exactly the `expected` charts are there and each plotted data: points inside its
 * plot area, at least MIN_DATA_PIXELS pixels of its data's colours there, an x-axis that ends
 * where its data ends (no blank head or tail beyond 2% of the span, or a day), and finite y
 * extents within `yWithin[id]` when given. `primary` names the chart that must end on the
 * panel's as-of date and span no more than the range. Returns the charts' reports.
 */
export async function expectChartsPlotted(frame, { expected, label, primary, range, yWithin = {} }) {
  const report = await chartReport(frame);
  const ids = report.map((r) => r.id).sort();
  const problems = [];
  if (JSON.stringify(ids) !== JSON.stringify([...expected].sort())) problems.push(`charts ${ids.join(', ')}; expected ${[...expected].sort().join(', ')}`);
  const asOf = await frame.evaluate(() => document.body.dataset.asOf ?? null);
  for (const r of report) {
    const bad = (what) => problems.push(`${r.id}${r.mode ? ` (${r.mode})` : ''}: ${what}`);
    if (!(r.points > 0)) bad(`no points plotted (${r.points})`);
    if (!(r.colors > 0)) bad('no saturated data colour');
    if (!(r.dataPixels >= MIN_DATA_PIXELS)) bad(`only ${r.dataPixels} pixels of its data colours in the plot area (at least ${MIN_DATA_PIXELS})`);
    if (![r.xMin, r.xMax, r.yMin, r.yMax, r.scaleXMin, r.scaleXMax].every(Number.isFinite)) {
      bad(`extents not reported: ${JSON.stringify(r)}`);
      continue;
    }
    if (r.yMin > r.yMax || r.xMin > r.xMax) bad(`inverted extents ${JSON.stringify(r)}`);
    const slack = Math.max(1, 0.02 * (r.xMax - r.xMin));
    if (r.scaleXMax - r.xMax > slack) bad(`blank tail: the axis runs to ${r.scaleXMax}, the data ends at ${r.xMax}`);
    if (r.xMin - r.scaleXMin > slack) bad(`blank head: the axis starts at ${r.scaleXMin}, the data at ${r.xMin}`);
    const within = yWithin[r.id];
    if (within && (r.yMin < within[0] - 1e-9 || r.yMax > within[1] + 1e-9)) bad(`y ${r.yMin}…${r.yMax} outside ${within.join('…')}`);
    if (r.id === primary && asOf) {
      if (r.xMax !== dayOf(asOf)) bad(`ends on day ${r.xMax}, not on the as-of date ${asOf} (${dayOf(asOf)})`);
      if (range && r.xMax - r.xMin > RANGE_DAYS[range] + 1) bad(`spans ${r.xMax - r.xMin} days, more than ${range}`);
    }
  }
  if (problems.length) throw new Error(`${label}:\n  ${problems.join('\n  ')}`);
  return report.map((r) => ({ label, asOf, ...r }));
}

/** Screenshots of a webview panel from top to bottom (scrolling its document), as <name>-1.png, <name>-2.png, … */
export async function screenshotPanel(page, frame, name, { maxShots = 3 } = {}) {
  const { height, view } = await frame.evaluate(() => ({ height: document.documentElement.scrollHeight, view: window.innerHeight }));
  const files = [];
  for (let i = 0, y = 0; i < maxShots && (i === 0 || y < height); i++, y += view - 40) {
    await frame.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(150);
    files.push(await screenshot(page, `${name}-${i + 1}`));
  }
  await frame.evaluate(() => window.scrollTo(0, 0));
  return files;
}
