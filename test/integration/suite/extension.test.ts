/**
 * Integration suite: runs inside the real extension host (code-server here; VS Code desktop
 * through @vscode/test-cli elsewhere) and checks the wiring: activation, commands, views,
 * settings, the exported API. The test profile sets hashpivot.dataSource to "snapshot", so
 * nothing here reaches the network.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HashpivotApi } from '../../../src/extension';

const EXTENSION_ID = 'hashpivot.hashpivot';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

describe('Hashpivot in the extension host', function () {
  this.timeout(60_000);
  let ext: vscode.Extension<HashpivotApi>;
  let api: HashpivotApi;
  let manifest: Manifest;

  before(async () => {
    const found = vscode.extensions.getExtension<HashpivotApi>(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    ext = found;
    api = await ext.activate();
    manifest = ext.packageJSON as Manifest;
    // Offline: the embedded snapshot only (the code-server profile sets this too).
    if (api.settings().dataSource !== 'snapshot') {
      await vscode.workspace.getConfiguration('hashpivot').update('dataSource', 'snapshot', vscode.ConfigurationTarget.Global);
      for (let i = 0; i < 50 && api.settings().dataSource !== 'snapshot'; i++) await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('activates and exports its API', () => {
    assert.equal(ext.isActive, true);
    assert.equal(api.version, (ext.packageJSON as { version: string }).version);
  });

  it('registers every command that package.json contributes', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
  });

  it('has a provider for every contributed view', async () => {
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    assert.ok(views.length >= 3);
    assert.deepEqual([...api.registeredViews()].sort(), [...views].sort());
    for (const id of views) await vscode.commands.executeCommand(`${id}.focus`);
  });

  it('reads its settings, with the package.json defaults where the user set none', () => {
    const s = api.settings();
    const props = manifest.contributes.configuration.properties;
    assert.equal(s.dataSource, 'snapshot', 'the test profile sets snapshot');
    assert.equal(s.refreshIntervalMinutes, props['hashpivot.refreshIntervalMinutes']!.default);
    assert.equal(s.timeoutMs, (props['hashpivot.http.timeoutSeconds']!.default as number) * 1000);
    assert.deepEqual(
      s.sources.BTC.map((r) => `${r.provider.replace('ccxt:', '')} ${r.symbol}`),
      props['hashpivot.sources.btc']!.default,
    );
    assert.deepEqual(s.problems, []);
  });

  it('re-reads settings when they change', async () => {
    const config = vscode.workspace.getConfiguration('hashpivot');
    await config.update('refreshIntervalMinutes', 17, vscode.ConfigurationTarget.Global);
    try {
      for (let i = 0; i < 50 && api.settings().refreshIntervalMinutes !== 17; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(api.settings().refreshIntervalMinutes, 17);
    } finally {
      await config.update('refreshIntervalMinutes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('serves history from the embedded snapshot, saying so', async () => {
    const s = await api.history('IREN');
    assert.equal(s.origin.kind, 'snapshot');
    assert.ok(s.dates.length > 500);
    assert.ok(s.close.every((x) => Number.isFinite(x) && x > 0));
    const ndx = await api.history('NDX');
    assert.equal(ndx.origin.kind, 'snapshot');
  });

  it('refresh loads the miners and both benchmarks', async () => {
    const r = await api.refresh();
    assert.deepEqual(r.failed, []);
    assert.ok(r.ok.includes('BTC') && r.ok.includes('NDX') && r.ok.includes('IREN'));
    assert.equal(r.kinds.snapshot, r.ok.length);
  });

  it('runs its commands', async () => {
    await vscode.commands.executeCommand('hashpivot.showOutput');
    const r = (await vscode.commands.executeCommand('hashpivot.refresh')) as { ok: string[] } | undefined;
    assert.ok(r && r.ok.length >= 14);
  });
});
