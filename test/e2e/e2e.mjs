// End-to-end tests: the packaged .vsix installed in code-server (real VS Code), offline on the
// embedded snapshot, on the sample notes workspace, driven by Playwright in Debian's Chromium.
// Screenshots of each scenario go to test-results/e2e/ (FAILED-<scenario>.png on failure).
//   node test/e2e/e2e.mjs        (npm run test:e2e)
import path from 'node:path';
import { ensureSetup, launchBrowser, log, makeProfile, openWorkbench, packageExtension, repoRoot, startCodeServer } from './harness.mjs';
import { ScenarioRunner, expectEventually, openHashpivot, runCommand, screenshot, viewRows, SCREENSHOTS } from './scenario.mjs';

async function main() {
  ensureSetup();
  const vsix = packageExtension();
  const profile = makeProfile({ vsixes: [vsix], settings: { 'hashpivot.dataSource': 'snapshot', 'workbench.colorTheme': 'Default Dark Modern' } });
  const server = await startCodeServer({ profile, workspace: path.join(repoRoot, 'sample/notes') });
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
        for (const m of ['CORZ', 'CLSK', 'IREN', 'WULF', 'MARA']) if (!rows.some((t) => t.startsWith(m))) throw new Error(`${m} missing from Miners: ${rows.join(' | ')}`);
      });
      await step('the view says it shows snapshot data', () =>
        expectEventually(() => page.locator('.pane-body .message').filter({ hasText: /Snapshot of \d{4}-\d{2}-\d{2}/ }).first().isVisible(), 'no "Snapshot of <date>" message in the Miners view'),
      );
      await step('the Deals and Alerts views show their welcome content', async () => {
        await expectEventually(() => page.getByText('No alerts yet').first().isVisible(), 'Alerts welcome text missing');
      });
      await step('screenshot', () => screenshot(page, 'sidebar'));
    });

    await runner.scenario('palette runs Refresh Data and Show Output', page, async (step) => {
      await step('run "Hashpivot: Refresh Data" from the palette', () => runCommand(page, 'Hashpivot: Refresh Data'));
      await step('the refresh finishes (Miners still listed)', () =>
        expectEventually(async () => (await viewRows(page, 'Miners')).some((t) => t.includes('IREN')), 'Miners emptied after refresh'),
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
