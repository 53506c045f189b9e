// Runs the integration suite (test/integration/suite) inside the real extension host of
// code-server: packages Hashpivot and the test-only runner extension, installs both into a fresh
// profile, opens the workbench in headless Chromium (the extension host starts when a browser
// connects) and waits for the runner's JSON results.
//   node test/e2e/integration.mjs        (npm run test:integration builds first)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureSetup, launchBrowser, log, makeProfile, openWorkbench, packageExtension, repoRoot, startCodeServer } from './harness.mjs';

const RESULTS_TIMEOUT_MS = 180_000;

function packageRunner() {
  const dir = path.join(repoRoot, 'out/integration-runner');
  if (!existsSync(path.join(dir, 'suite.js'))) throw new Error('out/integration-runner is missing: run `node esbuild.mjs --tests` first');
  const out = path.join(repoRoot, 'out/hashpivot-test-runner.vsix');
  const vsce = path.join(repoRoot, 'node_modules/.bin/vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the runner failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

async function main() {
  ensureSetup();
  const vsix = packageExtension();
  const runner = packageRunner();
  const profile = makeProfile({ vsixes: [vsix, runner], settings: { 'hashpivot.dataSource': 'snapshot' } });
  const resultsDir = path.join(repoRoot, 'test-results/integration');
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, 'results.json');
  rmSync(resultsFile, { force: true });
  const server = await startCodeServer({
    profile,
    workspace: path.join(repoRoot, 'sample/notes'),
    env: { HASHPIVOT_TEST_RESULTS: resultsFile, HASHPIVOT_REPO_ROOT: repoRoot },
  });
  log(`code-server at ${server.url}`);
  const browser = await launchBrowser();
  let failed = 1;
  try {
    const page = await openWorkbench(browser, server.url);
    const deadline = Date.now() + RESULTS_TIMEOUT_MS;
    while (!existsSync(resultsFile)) {
      if (Date.now() > deadline) {
        await page.screenshot({ path: path.join(resultsDir, 'timeout.png') });
        throw new Error(
          `no integration results after ${RESULTS_TIMEOUT_MS / 1000} s (screenshot: test-results/integration/timeout.png)\n${server.output().slice(-4000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const o of results.outcomes) {
      const mark = o.state === 'passed' ? '✔' : o.state === 'pending' ? '-' : '✘';
      console.log(`  ${mark} ${o.title}`);
      if (o.error)
        console.log(
          o.error
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n'),
        );
    }
    console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
    failed = results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
    profile.dispose();
  }
  process.exitCode = failed;
}

main().catch((e) => {
  console.error(`integration: ${e.stack ?? e}`);
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
});
