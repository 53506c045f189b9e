// Benchmark (prints figures; not a test): in real VS Code (code-server) with 30 symbols (the
// universe plus a watchlist of snapshot symbols) on the embedded snapshot, the time from running
// a command to its first chart drawn, for the dashboard, a ticker and a comparison, and the time
// to redraw the dashboard on the ALL range (10+ years).
//   node test/e2e/bench-dashboard.mjs      (npm run bench:dashboard)
import path from 'node:path';
import { ensureSetup, launchBrowser, log, makeProfile, openWorkbench, packageExtension, repoRoot, startCodeServer } from './harness.mjs';
import { chartsDrawn, panelFrame, runCommand } from './scenario.mjs';

const WATCHLIST = ['SPY', 'MSTR', 'COIN', 'ETH', 'XRP', 'BNB', 'SOL', 'DOGE', 'ADA', 'LINK', 'LTC', 'NVDA', 'AMZN', 'GOOGL', 'MSFT', 'CRWV'];

async function timeCommand(page, title, kind, before) {
  const t0 = Date.now();
  await runCommand(page, title);
  if (before) await before();
  const frame = await panelFrame(page, kind, 120_000);
  const n = await chartsDrawn(frame, 3, 120_000);
  return { ms: Date.now() - t0, charts: n, frame };
}

async function main() {
  ensureSetup();
  const vsix = packageExtension();
  const profile = makeProfile({ vsixes: [vsix], settings: { 'hashpivot.dataSource': 'snapshot', 'hashpivot.watchlist': WATCHLIST } });
  const server = await startCodeServer({ profile, workspace: path.join(repoRoot, 'sample/notes') });
  const browser = await launchBrowser();
  try {
    const page = await openWorkbench(browser, server.url);
    await page.waitForTimeout(4000);
    console.log(`Hashpivot dashboard benchmark in code-server: ${12 + WATCHLIST.length + 2} symbols (miners, watchlist, BTC, NDX), snapshot data`);
    // First open includes loading the snapshot and computing every report.
    const dash = await timeCommand(page, 'Hashpivot: Open Dashboard', 'dashboard');
    console.log(`dashboard, 1Y, first open:        ${String(dash.ms).padStart(6)} ms to ${dash.charts} charts drawn (command to pixels)`);
    const t0 = Date.now();
    await dash.frame.evaluate(() => delete document.body.dataset.chartsDrawn);
    await dash.frame.locator('vscode-button[data-range="ALL"]').click();
    await dash.frame.waitForFunction(() => document.querySelector('vscode-button[data-range="ALL"]')?.getAttribute('aria-pressed') === 'true', null, {
      timeout: 120_000,
    });
    const tAll = Date.now() - t0;
    const footer = await dash.frame.locator('.footer').innerText();
    console.log(`dashboard, switch to ALL:         ${String(tAll).padStart(6)} ms (${footer.split('(')[0].trim()})`);
    const responsive = await dash.frame.evaluate(async () => {
      const t = performance.now();
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      return performance.now() - t;
    });
    console.log(`webview frame after ALL:          ${responsive.toFixed(0).padStart(6)} ms to the next animation frame`);
    const ticker = await timeCommand(page, 'Hashpivot: Show Ticker...', 'ticker', async () => {
      await page.locator('.quick-input-widget input').fill('MARA');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'MARA' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
    });
    console.log(`ticker MARA, 1Y:                  ${String(ticker.ms).padStart(6)} ms to ${ticker.charts} charts drawn`);
  } finally {
    await browser.close();
    await server.stop();
    profile.dispose();
  }
  log('done');
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exitCode = 1;
});
