/**
 * Writing `hashpivot` blocks in Markdown notes: completions and hovers inside a block (kinds,
 * symbols, options and their values, from the grammar in src/core/blocks), **Insert Hashpivot
 * Block…**, and the **Freeze** code action that replaces a block with its current output as a
 * dated Markdown table (for notes that must not change).
 */
import * as vscode from 'vscode';
import {
  BLOCK_GRAMMAR,
  BLOCK_KINDS,
  BLOCK_LANGUAGE,
  blockAtLine,
  blockCompletions,
  blockHover,
  findBlocks,
  type BlockCompletionKind,
  noteHtmlDocument,
  type FencedBlock,
} from '../../core/blocks';
import type { Services } from '../services';
import type { NoteBlocks } from './blocks';
import { notify } from '../notify';

const SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }];

const ITEM_KIND: Record<BlockCompletionKind, vscode.CompletionItemKind> = {
  kind: vscode.CompletionItemKind.Keyword,
  option: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  symbol: vscode.CompletionItemKind.Constant,
  scenario: vscode.CompletionItemKind.Event,
  keyword: vscode.CompletionItemKind.Keyword,
  factor: vscode.CompletionItemKind.Variable,
};

/** Blocks are looked up once per document version (completions fire on every keystroke). */
const blocksOf = (() => {
  let last: { uri: string; version: number; blocks: FencedBlock[] } | undefined;
  return (doc: vscode.TextDocument): FencedBlock[] => {
    if (last?.uri !== doc.uri.toString() || last.version !== doc.version)
      last = { uri: doc.uri.toString(), version: doc.version, blocks: findBlocks(doc.getText()) };
    return last.blocks;
  };
})();

function suggestSymbols(s: Services) {
  return (prefix: string) => {
    const c = s.catalog.current();
    const known = [...new Set([...s.market.symbolsToLoad(), ...c.tickers()])];
    return known
      .filter((x) => x.startsWith(prefix))
      .slice(0, 100)
      .map((x) => ({ label: x, detail: c.miner(x)?.name ?? s.market.marketStore.entry(x)?.name }));
  };
}

class BlockCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly s: Services) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!blockAtLine(blocksOf(doc), pos.line)) return undefined;
    const line = doc.lineAt(pos.line).text;
    const r = blockCompletions(line, pos.character, suggestSymbols(this.s));
    const range = new vscode.Range(pos.line, r.start, pos.line, r.end);
    return r.items.map((it, i) => {
      const item = new vscode.CompletionItem(it.label, ITEM_KIND[it.kind]);
      item.insertText = it.insertText;
      item.range = range;
      item.detail = it.detail;
      if (it.doc) item.documentation = new vscode.MarkdownString().appendText(it.doc);
      item.sortText = String(i).padStart(4, '0');
      if (it.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'More' };
      return item;
    });
  }
}

class BlockHoverProvider implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!blockAtLine(blocksOf(doc), pos.line)) return undefined;
    const h = blockHover(doc.lineAt(pos.line).text, pos.character);
    if (!h) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    md.appendText(h.title);
    md.appendMarkdown('**\n\n');
    md.appendText(h.doc);
    return new vscode.Hover(md, new vscode.Range(pos.line, h.start, pos.line, h.end));
  }
}

import { Commands } from '../commands/ids';

const FREEZE_COMMAND = Commands.freezeBlock;

class FreezeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.RefactorRewrite];

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] | undefined {
    const block = blocksOf(doc).find((b) => range.start.line >= b.openLine && range.start.line <= b.closeLine);
    if (!block) return undefined;
    const action = new vscode.CodeAction('Freeze Hashpivot block as a dated table', vscode.CodeActionKind.RefactorRewrite);
    action.command = { command: FREEZE_COMMAND, title: 'Freeze', arguments: [doc.uri, block.openLine] };
    return [action];
  }
}

/** Replaces the block opening at `openLine` with its output as Markdown (or says why it cannot). */
export async function freezeBlock(notes: NoteBlocks, s: Services, uri: vscode.Uri, openLine: number): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const block = findBlocks(doc.getText()).find((b) => b.openLine === openLine);
  if (!block) {
    void notify.warn('Hashpivot: there is no block there any more.');
    return false;
  }
  await s.market.ensureLoaded();
  const out = notes.render(block.content);
  if (!out.ok || !('markdown' in out) || !out.markdown) {
    const why = 'error' in out && out.error ? out.error.message : 'the block did not render';
    void notify.warn(`Hashpivot: this block cannot be frozen: ${why}.`);
    return false;
  }
  const end = doc.lineAt(block.closeLine).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    uri,
    new vscode.Range(block.openLine, 0, end.line, end.character),
    `<!-- hashpivot (frozen): ${block.content.replace(/--/g, '‐‐').trim()} -->\n${out.markdown.trim()}`,
  );
  return vscode.workspace.applyEdit(edit);
}

/** Insert Hashpivot Block…: pick a kind, get its example, at the cursor in a fence of its own. */
export async function insertBlock(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void notify.warn('Hashpivot: open a Markdown note to insert a block.');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    BLOCK_KINDS.map((k) => ({ label: k, description: BLOCK_GRAMMAR[k].synopsis, detail: BLOCK_GRAMMAR[k].doc, blockKind: k })),
    { title: 'Hashpivot: Insert Block', matchOnDescription: true },
  );
  if (!pick) return;
  const example = BLOCK_GRAMMAR[pick.blockKind].example;
  const at = editor.selection.active;
  const lead = at.character > 0 ? '\n\n' : '';
  const snippet = new vscode.SnippetString(`${lead}\`\`\`${BLOCK_LANGUAGE}\n\${1:${example.replace(/[$}\\]/g, '\\$&')}}\n\`\`\`\n$0`);
  await editor.insertSnippet(snippet, at);
}

export function registerNoteEditing(s: Services): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(SELECTOR, new BlockCompletionProvider(s), ' ', '=', '$'),
    vscode.languages.registerHoverProvider(SELECTOR, new BlockHoverProvider()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FreezeActionProvider(), { providedCodeActionKinds: FreezeActionProvider.kinds }),
  ];
}

/**
 * Export Note as HTML: the note rendered by the Markdown preview's own engine (with Hashpivot's
 * blocks), block charts as SVG images, no script; saved where the user picks (beside the note by
 * default; a target URI as the second argument writes there without asking).
 */
export async function exportNoteHtml(s: Services, arg?: unknown, to?: unknown): Promise<vscode.Uri | undefined> {
  const doc =
    arg instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(arg)
      : vscode.window.activeTextEditor?.document.languageId === 'markdown'
        ? vscode.window.activeTextEditor.document
        : undefined;
  if (!doc) {
    void notify.warn('Hashpivot: open a Markdown note to export it.');
    return undefined;
  }
  await s.market.ensureLoaded();
  const body = await vscode.commands.executeCommand<string>('markdown.api.render', doc);
  if (typeof body !== 'string') {
    void notify.error('Hashpivot: the Markdown preview could not render this note.');
    return undefined;
  }
  const css = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(s.context.extensionUri, 'media', 'css', 'preview.css')));
  const name =
    doc.uri.path
      .split('/')
      .pop()!
      .replace(/\.(md|markdown)$/i, '') || 'note';
  // A second argument (a URI) is where to write, without asking (scripts, tests).
  const target =
    to instanceof vscode.Uri
      ? to
      : await vscode.window.showSaveDialog({
          defaultUri: doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..', `${name}.html`) : undefined,
          filters: { HTML: ['html'] },
          title: 'Hashpivot: Export Note as HTML',
        });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(noteHtmlDocument(name, body, css, new Date())));
  void notify.info(`Hashpivot: exported ${name} to ${target.fsPath}.`, 'Open').then((c) => c && vscode.env.openExternal(target));
  return target;
}
