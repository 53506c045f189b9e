/** Add to Watchlist and Remove from Watchlist (the user's `hashpivot.watchlist` setting). */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { symbolOf } from './args';
import { pickSymbol } from './picker';
import { notify } from '../notify';

export async function addToWatchlist(s: Services, symbolArg?: string): Promise<void> {
  const sym = symbolArg ? normaliseSymbol(symbolArg) : await pickSymbol(s, 'Hashpivot: Add to Watchlist');
  if (!sym) return;
  if (!/^[A-Z0-9^][A-Z0-9.^=/-]{0,14}$/.test(sym)) {
    void notify.error(`"${sym}" is not a ticker.`);
    return;
  }
  const cfg = vscode.workspace.getConfiguration('hashpivot');
  const list = cfg.get<string[]>('watchlist', []);
  if (list.map(normaliseSymbol).includes(sym)) {
    void notify.info(`${sym} is already on the watchlist.`);
    return;
  }
  await cfg.update('watchlist', [...list, sym], vscode.ConfigurationTarget.Global);
  s.log.info('views', `watchlist: added ${sym}`);
  void s.market.refresh({ force: false });
}

async function removeFromWatchlist(s: Services, symbolArg?: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('hashpivot');
  const list = cfg.get<string[]>('watchlist', []);
  if (!list.length) {
    void notify.info('The watchlist is empty.');
    return;
  }
  const sym = symbolArg ? normaliseSymbol(symbolArg) : (await vscode.window.showQuickPick(list, { title: 'Hashpivot: Remove from Watchlist' }))?.trim();
  if (!sym) return;
  const next = list.filter((x) => normaliseSymbol(x) !== normaliseSymbol(sym));
  if (next.length === list.length) {
    void notify.info(`${sym} is not on the watchlist.`);
    return;
  }
  await cfg.update('watchlist', next, vscode.ConfigurationTarget.Global);
  s.log.info('views', `watchlist: removed ${sym}`);
}

export function watchlistCommands(s: Services): CommandHandlers<typeof Commands.addToWatchlist | typeof Commands.removeFromWatchlist> {
  return {
    [Commands.addToWatchlist]: (arg?: unknown) => addToWatchlist(s, symbolOf(arg)),
    [Commands.removeFromWatchlist]: (arg?: unknown) => removeFromWatchlist(s, symbolOf(arg)),
  };
}
