// End-to-end tests: the packaged .vsix installed in code-server (real VS Code), offline on the
// embedded snapshot, on the sample notes workspace, driven by Playwright in Debian's Chromium.
// Screenshots of each scenario go to test-results/e2e/ (FAILED-<scenario>.png on failure).
//   node test/e2e/e2e.mjs        (npm run test:e2e)
import path from 'node:path';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureSetup, launchBrowser, log, makeProfile, openWorkbench, packageExtension, repoRoot, startCodeServer } from './harness.mjs';
import { ScenarioRunner, expectEventually, openHashpivot, runCommand, screenshot, viewRows, SCREENSHOTS } from './scenario.mjs';

async function main() {
  ensureSetup();
  const vsix = packageExtension();
  const profile = makeProfile({ vsixes: [vsix], settings: { 'hashpivot.dataSource': 'snapshot', 'workbench.colorTheme': 'Default Dark Modern' } });
  // A copy of the sample notes, with a workspace catalog that has one broken entry.
  const workspace = mkdtempSync(path.join(tmpdir(), 'hashpivot-notes-'));
  cpSync(path.join(repoRoot, 'sample/notes'), workspace, { recursive: true });
  mkdirSync(path.join(workspace, '.hashpivot'), { recursive: true });
  writeFileSync(
    path.join(workspace, '.hashpivot/catalog.json'),
    JSON.stringify(
      {
        deals: [
          {
            id: 'e2e-broken-deal',
            name: 'Broken test deal',
            provider: 'IREN',
            counterparty: 'Nobody',
            valueUSD: -5,
            announced: '2025-13-45',
            status: 'announced',
            confidence: 'low',
            sources: [{ title: 'test', url: 'https://example.com/e2e', publisher: 'e2e', date: '2025-01-01' }],
          },
        ],
      },
      null,
      2,
    ),
  );
  const server = await startCodeServer({ profile, workspace });
  log(`code-server at ${server.url}`);
  const browser = await launchBrowser();
  const runner = new ScenarioRunner();
  try {
    const page = await openWorkbench(browser, server.url);
    await page.waitForTimeout(3000); // the extension host starts after the workbench

    await runner.scenario('sidebar shows miners, deals and alerts', page, async (step) => {
      await step('open the Hashpivot container from the activity bar', () => openHashpivot(page));
      const rows = await step('wait for the miners to load', () =>
        expectEventually(async () => {
          const r = await viewRows(page, 'Miners');
          return r.some((t) => t.includes('IREN')) && r.some((t) => t.includes('$')) ? r : undefined;
        }, 'the Miners view never listed IREN with a price'),
      );
      await step('every default miner is listed', async () => {
        // The list is virtualised: check the first rows (sorted by ticker).
        for (const m of ['APLD', 'BITF', 'CLSK', 'CORZ', 'IREN']) if (!rows.some((t) => t.startsWith(m))) throw new Error(`${m} missing from Miners: ${rows.join(' | ')}`);
      });
      await step('the view says it shows snapshot data', () =>
        expectEventually(() => page.locator('.pane-body .message').filter({ hasText: /Snapshot of \d{4}-\d{2}-\d{2}/ }).first().isVisible(), 'no "Snapshot of <date>" message in the Miners view'),
      );
      await step('the Deals and Alerts views show their welcome content', async () => {
        await expectEventually(() => page.getByText('No alerts yet').first().isVisible(), 'Alerts welcome text missing');
      });
      await step('screenshot', () => screenshot(page, 'sidebar'));
    });

    await runner.scenario('a ticker in a note shows its risk hover', page, async (step) => {
      await step('open miners-ai-pivot.md with Quick Open', async () => {
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill('miners-ai-pivot.md');
        await page.waitForTimeout(1500);
        await page.keyboard.press('Enter');
        await page.locator('.editor-group-container .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
      });
      await step('put the cursor on $IREN (line 3, column 61) with Go to Line', async () => {
        await page.locator('.editor-group-container .view-lines').first().click();
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').fill(':3:61');
        await page.keyboard.press('Enter');
      });
      const text = await step('show the hover', () =>
        expectEventually(async () => {
          await runCommand(page, 'Show or Focus Hover');
          const t = await page.locator('.monaco-hover').first().innerText({ timeout: 3000 });
          return /IREN/.test(t) && /Drawdown/.test(t) ? t : undefined;
        }, 'no Hashpivot hover over $IREN'),
      );
      await step('the hover has price, changes, betas, deals and the data source', async () => {
        for (const want of [/30d/, /vs BTC/, /NASDAQ-100/, /VaR/, /Microsoft/i, /snapshot of \d{4}-\d{2}-\d{2}/]) if (!want.test(text)) throw new Error(`hover lacks ${want}: ${text}`);
      });
      await step('screenshot', async () => {
        await page.waitForTimeout(800); // the hover fades in
        await screenshot(page, 'hover-iren');
      });
      await page.keyboard.press('Escape');
    });

    await runner.scenario('status bar shows BTC and the data source', page, async (step) => {
      const item = page.locator('.statusbar-item', { hasText: /BTC\s+[\d,]+/ }).first();
      await step('the BTC item is there', () => item.waitFor({ state: 'visible', timeout: 15_000 }));
      await step('clicking it opens the BTC view', async () => {
        await item.click();
        await expectEventually(() => page.locator('.tab', { hasText: /BTC/ }).first().isVisible(), 'no BTC tab opened');
      });
      await step('screenshot', () => screenshot(page, 'status-bar-btc'));
    });

    await runner.scenario('Miners tree groups by pivot status and shows deals', page, async (step) => {
      await step('open the Hashpivot container', () => openHashpivot(page));
      await step('run "Hashpivot: Group Miners By..." and pick Pivot status', async () => {
        await runCommand(page, 'Hashpivot: Group Miners By...');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pivot status' }).first().click();
      });
      await step('the groups appear', () =>
        expectEventually(async () => (await viewRows(page, 'Miners')).some((t) => /Pivot: energized/.test(t)), 'no "Pivot: energized" group'),
      );
      await step('the Deals view lists deals by company, with value', () =>
        expectEventually(async () => (await viewRows(page, 'Deals')).some((t) => /APLD.*deals.*\$\d/.test(t.replace(/\n/g, ' '))), 'Deals view lacks the APLD group with its value'),
      );
      await step('screenshot', () => screenshot(page, 'miners-grouped-deals'));
      await runCommand(page, 'Hashpivot: Group Miners By...');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'No grouping' }).first().click();
    });

    await runner.scenario('a broken workspace catalog entry appears in Problems', page, async (step) => {
      await step('open the Problems panel', () => runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)'));
      const rows = await step('the catalog problems are listed', () =>
        expectEventually(async () => {
          const r = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
          return r.some((t) => /e2e-broken-deal/.test(t)) ? r : undefined;
        }, 'no Problems entry for the broken catalog entry'),
      );
      await step('they name the entry and the field', async () => {
        const joined = rows.join('\n');
        if (!/valueUSD/.test(joined) || !/announced/.test(joined)) throw new Error(`Problems lack the fields: ${joined}`);
      });
      await step('screenshot', () => screenshot(page, 'problems-catalog'));
    });

    await runner.scenario('palette runs Refresh Data and Show Output', page, async (step) => {
      await step('run "Hashpivot: Refresh Data" from the palette', () => runCommand(page, 'Hashpivot: Refresh Data'));
      await step('the refresh finishes (Miners still listed)', () =>
        expectEventually(async () => (await viewRows(page, 'Miners')).some((t) => t.includes('APLD')), 'Miners emptied after refresh'),
      );
      await step('run "Hashpivot: Show Output"', () => runCommand(page, 'Hashpivot: Show Output'));
      await step('the Hashpivot log shows the refresh', () =>
        expectEventually(
          () => page.locator('.panel .view-lines').filter({ hasText: /\[data\]\s+refresh:\s+\d+\s+loaded/ }).first().isVisible(),
          'the output panel does not show the Hashpivot log with a refresh line',
        ),
      );
      await step('screenshot', () => screenshot(page, 'palette-output'));
    });
  } finally {
    await browser.close();
    await server.stop();
    profile.dispose();
  }
  console.log(`screenshots: ${path.relative(repoRoot, SCREENSHOTS)}/`);
  console.log(`e2e: ${runner.passed} passed, ${runner.failed} failed`);
  process.exitCode = runner.failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`e2e: ${e.stack ?? e}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
