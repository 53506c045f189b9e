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

  /** Runs `fn(step)` where `await step('what', async () => …)` names each action. */
  async scenario(name, page, fn) {
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
    return this.results.filter((r) => r.ok).length;
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
  // Keyboard focus may sit inside a webview's iframe, which does not pass F1 on: click the title bar first.
  await page.keyboard.press('Escape');
  await page.mouse.click(Math.round((page.viewportSize()?.width ?? 1400) / 2), 8);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
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

/** Every canvas in the frame has painted pixels (none blank). */
export async function blankCanvases(frame) {
  return frame.evaluate(() => {
    const blank = [];
    for (const c of document.querySelectorAll('canvas')) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) {
        blank.push(c.id);
        continue;
      }
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let painted = false;
      for (let i = 3; i < d.length; i += 4 * 53)
        if (d[i] > 0) {
          painted = true;
          break;
        }
      if (!painted) blank.push(c.id);
    }
    return blank;
  });
}
