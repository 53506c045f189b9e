/** package.json's contributions and the code's registries name the same commands. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Commands } from '../../src/vscode/commands/ids';

const manifest = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>> };
};

describe('manifest (package.json) and command ids (src/vscode/commands/ids.ts)', () => {
  it('every contributed command has an id in ids.ts, and every id is contributed', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const ids = Object.values(Commands).sort();
    assert.deepEqual(ids, contributed);
  });

  it('every menu entry names a contributed command', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus))
      for (const e of entries) assert.ok(contributed.has(e.command), `${menu}: ${e.command}`);
  });
});
