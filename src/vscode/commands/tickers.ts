/** Show Ticker…, Open Ticker Report, Compare Tickers… and Insert Risk Snapshot into Note. */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import { findTickers } from '../../core/tickers';
import { riskSnapshotMarkdown } from '../../core/riskSnapshot';
import { reportUri } from '../reportDocument';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { symbolOf, symbolsOf } from './args';
import { knownItems, pickSymbol } from './picker';
import { addToWatchlist } from './watchlist';
import { notify } from '../notify';

async function showTicker(s: Services, symbol?: string, asReport = false): Promise<void> {
  const sym = symbol ? normaliseSymbol(symbol) : await pickSymbol(s, asReport ? 'Hashpivot: Open Ticker Report (Markdown)' : 'Hashpivot: Show Ticker');
  if (!sym) return;
  if (!s.market.report(sym)) {
    if (!s.market.isKnown(sym)) {
      const add = await notify.warn(`${sym} is not in Hashpivot's universe. Add it to the watchlist to load its prices?`, 'Add to Watchlist');
      if (add) await addToWatchlist(s, sym);
      return;
    }
    await s.market.ensureLoaded();
  }
  if (asReport) await vscode.commands.executeCommand('markdown.showPreview', reportUri([sym]));
  else s.panels.open('ticker', [sym]);
}

async function compareTickers(s: Services, preselected?: string[]): Promise<void> {
  let symbols = preselected?.map(normaliseSymbol);
  if (!symbols || symbols.length < 2) {
    const picks = await vscode.window.showQuickPick(
      knownItems(s).map((i) => ({ ...i, picked: symbols?.includes(i.symbol) })),
      {
        title: 'Hashpivot: Compare Tickers (choose 2 to 6)',
        canPickMany: true,
        matchOnDescription: true,
      },
    );
    if (!picks) return;
    symbols = picks.map((p) => p.symbol);
  }
  if (symbols.length < 2 || symbols.length > 6) {
    void notify.warn(`Compare takes 2 to 6 tickers; you chose ${symbols.length}.`);
    return;
  }
  await s.market.ensureLoaded();
  s.panels.open('compare', symbols);
}

/** Inserts a dated risk table at the cursor (tickers of the note preselected). */
async function insertSnapshot(s: Services, symbolArg?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  await s.market.ensureLoaded();
  let symbols: string[] | undefined = symbolArg ? [normaliseSymbol(symbolArg)] : undefined;
  if (!symbols) {
    const inNote = new Set<string>();
    if (editor) {
      const isKnown = (x: string) => s.market.isKnown(x);
      for (let i = 0; i < editor.document.lineCount; i++)
        for (const t of findTickers(editor.document.lineAt(i).text, isKnown, s.market.currentSettings.hover.bareTickers)) inNote.add(normaliseSymbol(t.symbol));
    }
    const items = knownItems(s)
      .filter((i) => s.market.report(i.symbol))
      .map((i) => ({ ...i, picked: inNote.has(i.symbol) }));
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    const picks = await vscode.window.showQuickPick(items, {
      title: 'Hashpivot: Insert Risk Snapshot — tickers to include',
      canPickMany: true,
      matchOnDescription: true,
    });
    if (!picks?.length) return;
    symbols = picks.map((p) => p.symbol);
  }
  const rows = symbols
    .map((sym) => ({ report: s.market.report(sym), origin: s.market.peek(sym)?.origin }))
    .filter((r): r is { report: NonNullable<typeof r.report>; origin: NonNullable<typeof r.origin> } => !!r.report && !!r.origin);
  if (!rows.length) {
    void notify.warn(`No price data for ${symbols.join(', ')} yet.`);
    return;
  }
  const text = riskSnapshotMarkdown(rows, new Date());
  if (!editor || editor.document.isClosed) {
    await vscode.env.clipboard.writeText(text);
    void notify.info('No editor is open: the risk snapshot was copied to the clipboard.');
    return;
  }
  await editor.edit((b) => b.insert(editor.selection.active, text));
}

export function tickerCommands(
  s: Services,
): CommandHandlers<typeof Commands.showTicker | typeof Commands.showTickerReport | typeof Commands.compareTickers | typeof Commands.insertSnapshot> {
  return {
    [Commands.showTicker]: (arg?: unknown) => showTicker(s, symbolOf(arg)),
    [Commands.showTickerReport]: (arg?: unknown) => showTicker(s, symbolOf(arg), true),
    [Commands.compareTickers]: (arg?: unknown, all?: unknown) => compareTickers(s, symbolsOf(arg, all)),
    [Commands.insertSnapshot]: (arg?: unknown) => insertSnapshot(s, symbolOf(arg)),
  };
}
