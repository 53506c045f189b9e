/** Insert Hashpivot Block…, Freeze Hashpivot Block (the code action's command) and Export Note as HTML. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { exportNoteHtml, freezeBlock, insertBlock } from '../notes/editing';
import { notify } from '../notify';
import { findBlocks } from '../../core/blocks';

/** Freeze from the code action (uri, line of the opening fence), or for the block at the cursor. */
async function freeze(s: Services, uri: unknown, line: unknown): Promise<void> {
  if (uri instanceof vscode.Uri && typeof line === 'number' && Number.isInteger(line) && line >= 0) {
    await freezeBlock(s.notes, s, uri, line);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void notify.warn('Hashpivot: put the cursor in a hashpivot block of a Markdown note to freeze it.');
    return;
  }
  const at = editor.selection.active.line;
  const block = findBlocks(editor.document.getText()).find((b) => at >= b.openLine && at <= b.closeLine);
  if (!block) {
    void notify.warn('Hashpivot: the cursor is not in a hashpivot block.');
    return;
  }
  await freezeBlock(s.notes, s, editor.document.uri, block.openLine);
}

export function noteCommands(s: Services): CommandHandlers<typeof Commands.insertBlock | typeof Commands.freezeBlock | typeof Commands.exportNoteHtml> {
  return {
    [Commands.insertBlock]: () => insertBlock(),
    [Commands.freezeBlock]: (uri?: unknown, line?: unknown) => freeze(s, uri, line),
    [Commands.exportNoteHtml]: async (uri?: unknown, to?: unknown) => void (await exportNoteHtml(s, uri, to)),
  };
}
