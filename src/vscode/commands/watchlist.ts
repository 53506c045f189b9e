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

let queue: Promise<unknown> = Promise.resolve();

/**
 * Applies `change` to the list as it is when its turn comes, one change at a time, so that two
 * quick commands do not write over each other. `change` returns the new list, or a message that
 * says why there is nothing to write (shown as information).
 */
function edit(s: Services, what: string, change: (list: unknown[]) => unknown[] | string): Promise<void> {
  const run = async () => {
    const { list, target } = currentList();
    const next = change(list);
    if (typeof next === 'string') void notify.info(next);
    else await write(s, next, target, what);
  };
  const done = queue.then(run, run);
  queue = done.catch(() => undefined);
  return done;
}

/** Adds a ticker: the one passed (hover, Show Ticker's offer, a tree row), or one typed in a validated InputBox. */
export async function addToWatchlist(s: Services, symbolArg?: string): Promise<void> {
  let input = symbolArg;
  if (input === undefined) {
    const { list } = currentList();
    input = await vscode.window.showInputBox({
      title: 'Hashpivot: Add to Watchlist',
      prompt: 'A ticker as Yahoo Finance spells it',
      placeHolder: 'NVDA, MSTR, BRK-B, ETH…',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? watchSymbolProblem(v, list) : undefined),
    });
    if (!input?.trim()) return;
  }
  const sym = input;
  const notATicker = watchSymbolProblem(sym, []);
  if (notATicker) {
    void notify.error(notATicker);
    return;
  }
  await edit(s, `added ${normaliseSymbol(sym)}`, (list) => addWatchSymbol(list, sym) ?? watchSymbolProblem(sym, list)!);
}

async function removeFromWatchlist(s: Services, symbolArg?: string): Promise<void> {
  const shown = watchlistSymbols(currentList().list);
  if (!shown.length) {
    void notify.info('The watchlist is empty.');
    return;
  }
  const sym = symbolArg ?? (await vscode.window.showQuickPick(shown, { title: 'Hashpivot: Remove from Watchlist', placeHolder: 'The ticker to remove' }));
  if (!sym) return;
  await edit(s, `removed ${normaliseSymbol(sym)}`, (list) => removeWatchSymbol(list, sym) ?? `${normaliseSymbol(sym)} is not on the watchlist.`);
}

async function moveInWatchlist(s: Services, symbolArg: string | undefined, by: -1 | 1): Promise<void> {
  const way = by < 0 ? 'up' : 'down';
  const sym =
    symbolArg ??
    (await vscode.window.showQuickPick(watchlistSymbols(currentList().list), {
      title: `Hashpivot: Move ${by < 0 ? 'Up' : 'Down'} in Watchlist`,
      placeHolder: 'The ticker to move',
    }));
  if (!sym) return;
  const name = normaliseSymbol(sym);
  await edit(
    s,
    `moved ${name} ${way}`,
    (list) =>
      moveWatchSymbol(list, sym, by) ??
      (watchlistSymbols(list).includes(name) ? `${name} is already ${by < 0 ? 'first' : 'last'} on the watchlist.` : `${name} is not on the watchlist.`),
  );
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
