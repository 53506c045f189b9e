/**
 * The layer rules of eslint.config.mjs (docs/ARCHITECTURE.md, Layers), checked on imports written
 * into each layer: the forbidden ones are rejected, the allowed ones pass.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = process.cwd();

async function restricted(file: string, spec: string): Promise<boolean> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(`import '${spec}';\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layers are enforced by lint', function () {
  this.timeout(60_000);
  const cases: Array<[file: string, spec: string, rejected: boolean]> = [
    ['src/core/pivot/probe.ts', '../../catalog/types', true],
    ['src/core/probe.ts', 'vscode', true],
    ['src/core/probe.ts', '../data/store', true],
    ['src/core/views/probe.ts', '../../shared/protocol', false],
    ['src/core/views/probe.ts', '../risk', false],
    ['src/shared/probe.ts', '../core/types', true],
    ['src/data/probe.ts', '../catalog', true],
    ['src/data/probe.ts', '../core/types', false],
    ['src/catalog/probe.ts', '../data/store', true],
    ['src/catalog/probe.ts', '../vscode/log', true],
    ['src/cli/probe.ts', '../vscode/log', true],
    ['src/cli/probe.ts', 'vscode', true],
    ['src/cli/probe.ts', '../catalog', false],
    ['src/tools/probe.ts', '../data/store', true],
    ['src/tools/probe.ts', '../cli/io', true],
    ['src/tools/probe.ts', 'vscode', true],
    ['src/tools/probe.ts', '../catalog', false],
    ['src/tools/probe.ts', '../core/report', false],
    ['src/core/probe.ts', '../tools/run', true],
    ['src/cli/probe.ts', '../tools/run', false],
    ['src/vscode/probe.ts', '../tools/run', false],
    ['src/vscode/probe.ts', '../cli/io', true],
    ['src/vscode/probe.ts', '../data/store', false],
    ['webview/common/probe.ts', '../../src/core/format', true],
    ['webview/common/probe.ts', '../../src/shared/protocol', false],
  ];
  for (const [file, spec, rejected] of cases) {
    it(`${file}: import '${spec}' is ${rejected ? 'rejected' : 'allowed'}`, async () => {
      assert.equal(await restricted(file, spec), rejected);
    });
  }
});
