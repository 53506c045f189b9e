// Benchmark (prints figures; not a test): in real VS Code (code-server) with 30 symbols (the
// universe plus a watchlist of snapshot symbols) on the embedded snapshot. In one code-server run,
// `--runs` times (3 at least): an empty baseline webview panel (what VS Code spends starting a
// webview; a bench-only command, registered when HASHPIVOT_BENCH=1), then the dashboard to its
// first chart drawn, the dashboard switched to ALL, and a ticker panel to its first chart. Each is
// started by a keybinding written into the test profile (the same way for all four), and timed
// from the key press to the wall-clock time the webview itself records when it has drawn
// (body[data-loaded-at], body[data-drawn-at]). The first run is the cold one (the snapshot loads,
// every report is computed); the figures are medians over the runs, the cold ones are given too.
// Also: the host-side view-model build per range (out/test/bench/dashboard.bench.js), extension
// host memory (RSS from /proc) before and after the first dashboard, and the activation time
// VS Code shows in Developer: Show Running Extensions.
//   node test/e2e/bench-dashboard.mjs [--json] [--runs=N]      (npm run bench:dashboard [-- --json])
// With --json, stdout carries one JSON object and nothing else; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSetup, launchBrowser, makeProfile, openWorkbench, packageExtension, repoRoot, startCodeServer } from './harness.mjs';
import { runCommand } from './scenario.mjs';

const JSON_OUT = process.argv.includes('--json');
const RUNS = Math.max(3, Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3) || 3);
const WATCHLIST = ['SPY', 'MSTR', 'COIN', 'ETH', 'XRP', 'BNB', 'SOL', 'DOGE', 'ADA', 'LINK', 'LTC', 'NVDA', 'AMZN', 'GOOGL', 'MSFT', 'CRWV'];
const KEYS = {
  baseline: 'ctrl+alt+shift+7',
  dashboard: 'ctrl+alt+shift+8',
  ticker: 'ctrl+alt+shift+9',
  closeAll: 'ctrl+alt+shift+0',
};
const PRESS = { baseline: 'Control+Alt+Shift+7', dashboard: 'Control+Alt+Shift+8', ticker: 'Control+Alt+Shift+9', closeAll: 'Control+Alt+Shift+0' };

// In --json mode everything but the final object goes to stderr (the harness logs to stdout).
const stdoutWrite = process.stdout.write.bind(process.stdout);
if (JSON_OUT) process.stdout.write = (chunk, ...rest) => process.stderr.write(chunk, ...rest);
const say = (line) => console.log(line);

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

/** Polls every frame of the page (webviews are two iframes deep) until `probe` returns a value. */
async function waitInFrames(page, probe, arg, label, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      try {
        const v = await f.evaluate(probe, arg);
        if (v !== null && v !== undefined) return { frame: f, value: v };
      } catch {
        // detached or cross-origin frame
      }
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Keyboard focus on the workbench (not inside a webview), then the keybinding. */
async function press(page, what) {
  await page.keyboard.press('Escape');
  await page.mouse.click(Math.round((page.viewportSize()?.width ?? 1400) / 2), 8);
  const t0 = Date.now();
  await page.keyboard.press(PRESS[what]);
  return t0;
}

/** Time from the key press to the webview's own record of its first draw with at least `min` charts plotted. */
async function timePanel(page, what, kind, min) {
  const t0 = await press(page, what);
  const { frame, value } = await waitInFrames(
    page,
    ({ kind, min, t0 }) => {
      const d = document.body?.dataset;
      if (!d || d.kind !== kind || Number(d.chartsDrawn ?? 0) < min) return null;
      const at = Number(d.drawnAt);
      return at >= t0 ? { at, charts: Number(d.chartsDrawn) } : null;
    },
    { kind, min, t0 },
    `${kind} charts`,
  );
  return { ms: value.at - t0, charts: value.charts, frame };
}

async function timeBaseline(page, seq) {
  const t0 = await press(page, 'baseline');
  const { value } = await waitInFrames(
    page,
    ({ seq, t0 }) => {
      const d = document.body?.dataset;
      if (!d || d.kind !== 'baseline' || d.seq !== String(seq) || !d.loadedAt) return null;
      const at = Number(d.loadedAt);
      return at >= t0 ? at : null;
    },
    { seq, t0 },
    'the baseline webview',
  );
  return value - t0;
}

async function timeSwitchAll(frame) {
  const before = await frame.evaluate(() => document.body.dataset.draws ?? '0');
  const t0 = Date.now();
  await frame.locator('vscode-button[data-range="ALL"]').click();
  await frame.waitForFunction(
    (before) => document.body.dataset.draws !== before && document.body.dataset.range === 'ALL' && document.body.dataset.chartsDrawn !== undefined,
    before,
    { timeout: 120_000, polling: 10 },
  );
  const at = Number(await frame.evaluate(() => document.body.dataset.drawnAt));
  // From the click as the webview's handler saw it (body[data-requested-at]): Playwright's own click latency is not the panel's.
  const clicked = Number(await frame.evaluate(() => document.body.dataset.requestedAt));
  return { ms: at - (clicked >= t0 ? clicked : t0), withDriverMs: at - t0 };
}

/** The extension host of this code-server: the process in its group started with --type=extensionHost. */
function extensionHostPid(serverPid) {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes('extensionHost')) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === serverPid) return Number(name);
    } catch {
      // gone
    }
  }
  return undefined;
}

function rssMB(pid) {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * VS Code's own activation time of the extension (loading its code and running activate()), as
 * Developer: Show Running Extensions shows it; null when it cannot be read.
 */
async function activationMs(page) {
  try {
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.monaco-list-row', { has: page.locator('.name', { hasText: /^Hashpivot$/ }) }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await row.locator('.activation-time').innerText({ timeout: 5_000 });
    const m = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function viewModelBench() {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'out/test/bench/dashboard.bench.js'), '--json'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the view-model benchmark failed (run node esbuild.mjs --tests first):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

async function main() {
  const viewModel = viewModelBench();
  say(
    'View-model build (host side, 30 symbols, snapshot data): ' +
      Object.entries(viewModel)
        .map(([r, f]) => `${r} ${f.buildMs} ms`)
        .join(', '),
  );
  ensureSetup();
  const vsix = packageExtension();
  const profile = makeProfile({ vsixes: [vsix], settings: { 'hashpivot.dataSource': 'snapshot', 'hashpivot.watchlist': WATCHLIST } });
  writeFileSync(
    path.join(profile.userData, 'User/keybindings.json'),
    JSON.stringify(
      [
        { key: KEYS.baseline, command: 'hashpivot.bench.baselinePanel' },
        { key: KEYS.dashboard, command: 'hashpivot.openDashboard' },
        { key: KEYS.ticker, command: 'hashpivot.showTicker', args: 'MARA' },
        { key: KEYS.closeAll, command: 'workbench.action.closeAllEditors' },
      ],
      null,
      2,
    ),
  );
  const server = await startCodeServer({ profile, workspace: path.join(repoRoot, 'sample/notes'), env: { HASHPIVOT_BENCH: '1' } });
  const browser = await launchBrowser();
  const runs = [];
  let memory = {};
  let activation = null;
  try {
    const page = await openWorkbench(browser, server.url);
    await page.waitForTimeout(4000);
    say(`Hashpivot dashboard benchmark in code-server: ${12 + WATCHLIST.length + 2} symbols (miners, watchlist, BTC, NDX), snapshot data, ${RUNS} runs`);
    const host = extensionHostPid(server.child.pid);
    for (let i = 1; i <= RUNS; i++) {
      await press(page, 'closeAll');
      await page.waitForTimeout(500);
      const baseline = await timeBaseline(page, i);
      await press(page, 'closeAll');
      await page.waitForTimeout(500);
      const rssBefore = rssMB(host);
      const dash = await timePanel(page, 'dashboard', 'dashboard', 3);
      if (i === 1) {
        await page.waitForTimeout(1500); // the ALL range is built ahead after the first post
        memory = { before: rssBefore, afterDashboard: rssMB(host) };
      }
      const all = await timeSwitchAll(dash.frame);
      const ticker = await timePanel(page, 'ticker', 'ticker', 3);
      const run = { baseline, dashboard: dash.ms, charts: dash.charts, switchAll: all.ms, switchAllWithDriver: all.withDriverMs, ticker: ticker.ms };
      runs.push(run);
      say(
        `run ${i}${i === 1 ? ' (cold)' : '       '}: baseline webview ${String(baseline).padStart(5)} ms | dashboard first chart ${String(dash.ms).padStart(5)} ms (${dash.charts} charts) | switch to ALL ${String(all.ms).padStart(5)} ms (${all.withDriverMs} from Playwright's click) | ticker MARA ${String(ticker.ms).padStart(5)} ms`,
      );
      await page.waitForTimeout(300);
    }
    memory.afterRuns = rssMB(host);
    activation = await activationMs(page);
  } finally {
    await browser.close();
    await server.stop();
  }
  profile.dispose();
  const m = (k) => median(runs.map((r) => r[k]));
  const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
  const result = {
    baselineWebviewMs: m('baseline'),
    dashboardFirstChartMs: m('dashboard'),
    switchAllMs: m('switchAll'),
    switchAllFromDriverClickMs: m('switchAllWithDriver'),
    tickerFirstChartMs: m('ticker'),
    // The first baseline is VS Code's cold webview start, so the differences are taken over the later (warm) runs,
    // and the cold dashboard is set against the warm baselines' median.
    firstChartOverBaselineMs: median(runs.slice(1).map((r) => r.dashboard - r.baseline)),
    coldDashboardFirstChartMs: runs[0]?.dashboard ?? null,
    coldFirstChartOverBaselineMs: runs[0] ? runs[0].dashboard - median(runs.slice(1).map((r) => r.baseline)) : null,
    coldSwitchAllMs: runs[0]?.switchAll ?? null,
    extensionHostMemoryDeltaMB: memory.before && memory.afterDashboard ? round1(memory.afterDashboard - memory.before) : null,
    extensionHostRssMB: { beforeDashboard: round1(memory.before), afterDashboard: round1(memory.afterDashboard), afterRuns: round1(memory.afterRuns) },
    activationMs: activation,
    runs: runs.length,
    perRun: runs,
    viewModelBuildMs: Object.fromEntries(Object.entries(viewModel).map(([r, f]) => [r, f.buildMs])),
  };
  if (JSON_OUT) stdoutWrite(`${JSON.stringify(result)}\n`);
  else {
    say(`medians over ${runs.length} runs: ${JSON.stringify({ ...result, perRun: undefined })}`);
  }
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exitCode = 1;
});
