/**
 * Add to Watchlist, Remove from Watchlist, Move Up and Move Down (the user's `hashpivot.watchlist`
 * setting). Each writes the setting where it is defined now (the workspace's settings when it is
 * set there, else the user's), so that the change is seen and no other list is lost.
 */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import { addWatchSymbol, moveWatchSymbol, removeWatchSymbol, watchlistScope, watchlistSymbols, watchSymbolProblem } from '../../core/watchlist';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { symbolOf } from './args';
import { notify } from '../notify';

/** The watchlist as the setting holds it where it is defined, and the target to write it back to. */
function currentList(): { list: unknown[]; target: vscode.ConfigurationTarget } {
  const info = vscode.workspace.getConfiguration('hashpivot').inspect<unknown>('watchlist');
  const workspace = watchlistScope(info) === 'workspace';
  const value = workspace ? info?.workspaceValue : (info?.globalValue ?? info?.defaultValue);
  return {
    list: Array.isArray(value) ? [...(value as unknown[])] : [],
    target: workspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
  };
}

/** Writes the list, waits (up to 5 s) until the settings the extension uses have it, then loads what is missing. */
async function write(s: Services, next: unknown[], target: vscode.ConfigurationTarget, what: string): Promise<void> {
  await vscode.workspace.getConfiguration('hashpivot').update('watchlist', next, target);
  s.log.info('views', `watchlist: ${what} (${target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'} settings)`);
  const want = watchlistSymbols(next).join(',');
  const applied = () => s.settings.current.watchlist.join(',') === want;
  if (!applied())
    await new Promise<void>((resolve) => {
      const done = () => {
        listener.dispose();
        clearTimeout(timer);
        resolve();
      };
      const listener = s.settings.onDidChange(() => applied() && done());
      const timer = setTimeout(done, 5000);
    });
  void s.market.ensureLoaded();
}

/** Adds a ticker: the one passed (hover, Show Ticker's offer, a tree row), or one typed in a validated InputBox. */
export async function addToWatchlist(s: Services, symbolArg?: string): Promise<void> {
  const { list, target } = currentList();
  let input = symbolArg;
  if (input === undefined) {
    input = await vscode.window.showInputBox({
      title: 'Hashpivot: Add to Watchlist',
      prompt: 'A ticker as Yahoo Finance spells it',
      placeHolder: 'NVDA, MSTR, BRK-B, ETH…',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? watchSymbolProblem(v, list) : undefined),
    });
    if (!input?.trim()) return;
  }
  const problem = watchSymbolProblem(input, list);
  if (problem) {
    void (problem.endsWith('already on the watchlist.') ? notify.info(problem) : notify.error(problem));
    return;
  }
  const next = addWatchSymbol(list, input)!;
  await write(s, next, target, `added ${normaliseSymbol(input)}`);
}

async function removeFromWatchlist(s: Services, symbolArg?: string): Promise<void> {
  const { list, target } = currentList();
  const shown = watchlistSymbols(list);
  if (!shown.length) {
    void notify.info('The watchlist is empty.');
    return;
  }
  const sym = symbolArg ?? (await vscode.window.showQuickPick(shown, { title: 'Hashpivot: Remove from Watchlist', placeHolder: 'The ticker to remove' }));
  if (!sym) return;
  const next = removeWatchSymbol(list, sym);
  if (!next) {
    void notify.info(`${normaliseSymbol(sym)} is not on the watchlist.`);
    return;
  }
  await write(s, next, target, `removed ${normaliseSymbol(sym)}`);
}

async function moveInWatchlist(s: Services, symbolArg: string | undefined, by: -1 | 1): Promise<void> {
  const { list, target } = currentList();
  const sym =
    symbolArg ??
    (await vscode.window.showQuickPick(watchlistSymbols(list), {
      title: `Hashpivot: Move ${by < 0 ? 'Up' : 'Down'} in Watchlist`,
      placeHolder: 'The ticker to move',
    }));
  if (!sym) return;
  const next = moveWatchSymbol(list, sym, by);
  if (next) await write(s, next, target, `moved ${normaliseSymbol(sym)} ${by < 0 ? 'up' : 'down'}`);
}

export function watchlistCommands(
  s: Services,
): CommandHandlers<typeof Commands.addToWatchlist | typeof Commands.removeFromWatchlist | typeof Commands.moveWatchlistUp | typeof Commands.moveWatchlistDown> {
  return {
    [Commands.addToWatchlist]: (arg?: unknown) => addToWatchlist(s, symbolOf(arg)),
    [Commands.removeFromWatchlist]: (arg?: unknown) => removeFromWatchlist(s, symbolOf(arg)),
    [Commands.moveWatchlistUp]: (arg?: unknown) => moveInWatchlist(s, symbolOf(arg), -1),
    [Commands.moveWatchlistDown]: (arg?: unknown) => moveInWatchlist(s, symbolOf(arg), 1),
  };
}
