/** package.json's contributions and the code's registries name the same commands. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Commands } from '../../src/vscode/commands/ids';

const manifest = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command: string }>>;
    configuration: { properties: Record<string, { scope?: string }> };
  };
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[] };
    virtualWorkspaces?: { supported: boolean | 'limited' };
  };
};

/** Settings that decide where requests go or which data is trusted: never from a workspace. */
const ROUTING = ['hashpivot.endpoints', 'hashpivot.sources.btc', 'hashpivot.sources.ndx', 'hashpivot.dataSource', 'hashpivot.http.timeoutSeconds'];

describe('manifest (package.json) and command ids (src/vscode/commands/ids.ts)', () => {
  it('every contributed command has an id in ids.ts, and every id is contributed', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const ids = Object.values(Commands).sort();
    assert.deepEqual(ids, contributed);
  });

  it('contributes the @hashpivot participant with its five commands and the MCP server definition provider', () => {
    const pkg = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8'));
    assert.deepEqual(
      pkg.contributes.chatParticipants[0].commands.map((c: { name: string }) => c.name),
      ['report', 'compare', 'deals', 'scenario', 'pivot'],
    );
    assert.equal(pkg.contributes.mcpServerDefinitionProviders[0].id, 'hashpivot.mcp');
  });

  it('every menu entry names a contributed command', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus))
      for (const e of entries) assert.ok(contributed.has(e.command), `${menu}: ${e.command}`);
  });

  it('every setting has a scope; routing settings are machine or application, and restricted in untrusted workspaces', () => {
    const props = manifest.contributes.configuration.properties;
    for (const [key, p] of Object.entries(props)) assert.ok(p.scope, `${key} has no scope`);
    for (const key of ROUTING) {
      assert.ok(props[key], key);
      assert.ok(['machine', 'application'].includes(props[key]!.scope!), `${key}: ${props[key]!.scope}`);
    }
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited', 'Restricted Mode runs the extension, with its own trust checks');
    assert.deepEqual([...(trust?.restrictedConfigurations ?? [])].sort(), [...ROUTING].sort());
    assert.ok(manifest.capabilities?.virtualWorkspaces, 'virtual workspaces declared');
  });
});

describe('package contents (.vscodeignore, as vsce reads it)', () => {
  it('ships the bundles, the snapshot and its origin notes, and no source map even when dist/ holds stale ones', async function () {
    this.timeout(60_000);
    // A stale map where an older build could leave one (the dev build writes maps next to every bundle).
    const stale = path.join(process.cwd(), 'dist/webview/zz-stale.js.map');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, '{}');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const vsce = require('@vscode/vsce') as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };
      const files = await vsce.listFiles({ cwd: process.cwd(), packageManager: vsce.PackageManager.None });
      assert.deepEqual(
        files.filter((f) => f.endsWith('.map')),
        [],
      );
      for (const f of [
        'dist/extension.js',
        'dist/cli.js',
        'dist/providers.js',
        'dist/mcp.js',
        'dist/preview.js',
        'media/css/preview.css',
        'media/snapshot/prices.snap',
        'media/snapshot/ORIGIN.md',
        'media/snapshot/network.json',
        'LICENSE',
      ])
        assert.ok(files.includes(f), `${f} is packaged`);
      assert.ok(
        files.some((f) => /^dist\/webview\/\w+\.js$/.test(f)),
        'the webview bundles are packaged',
      );
      assert.ok(!files.some((f) => /^(src|test|fixtures|docs|out|node_modules)\//.test(f)), files.join('\n'));
    } finally {
      rmSync(stale, { force: true });
    }
  });
});
