/** Picking a symbol: the known ones (universe, watchlist, catalog), and Yahoo's search as the user types. */
import * as vscode from 'vscode';
import { normaliseSymbol } from '../../core/universe';
import { formatPercent, formatPrice } from '../../core/format';
import type { Services } from '../services';
import { messageOf } from '../../shared/errors';

export interface SymbolPick extends vscode.QuickPickItem {
  symbol: string;
}

/** Known symbols as QuickPick items: universe, watchlist, catalog. */
export function knownItems(s: Services): SymbolPick[] {
  const seen = new Set<string>();
  const items: SymbolPick[] = [];
  const add = (symbol: string, group: string) => {
    if (seen.has(symbol)) return;
    seen.add(symbol);
    const r = s.market.report(symbol);
    const name = s.catalog.current().miner(symbol)?.name ?? s.market.marketStore.entry(symbol)?.name ?? '';
    items.push({
      symbol,
      label: symbol,
      description: name,
      detail: r ? `${formatPrice(r.close)} · 30d ${formatPercent(r.change['30d'])} · ${group}` : group,
    });
  };
  for (const sym of s.market.symbolsToLoad()) add(sym, s.market.currentSettings.watchlist.includes(sym) ? 'watchlist' : 'universe');
  for (const t of s.catalog.current().tickers()) add(t, 'catalog');
  return items;
}

/** A QuickPick over known symbols that also searches Yahoo as the user types (online). */
export async function pickSymbol(s: Services, title: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<SymbolPick>();
  qp.title = title;
  qp.placeholder =
    s.market.mode === 'snapshot' ? 'Type a ticker (offline: universe, watchlist and catalog)' : 'Type a ticker or a company name (searches Yahoo Finance too)';
  const known = knownItems(s);
  qp.items = known;
  qp.matchOnDescription = true;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  qp.onDidChangeValue((value) => {
    if (timer) clearTimeout(timer);
    controller?.abort();
    if (s.market.mode === 'snapshot' || value.trim().length < 2) {
      qp.items = known;
      return;
    }
    timer = setTimeout(async () => {
      controller = new AbortController();
      qp.busy = true;
      try {
        const found = await s.market.search(value, controller.signal);
        const extra = found
          .filter((f) => !known.some((k) => k.symbol === f.symbol))
          .map((f) => ({
            symbol: f.symbol,
            label: f.symbol,
            description: f.name ?? '',
            detail: `Yahoo Finance search · ${[f.exchange, f.type].filter(Boolean).join(' · ')}`,
            alwaysShow: true,
          }));
        qp.items = [...known, ...extra];
      } catch (e) {
        if (!controller.signal.aborted) s.log.warn('views', `symbol search "${value}" failed: ${messageOf(e)}`);
      } finally {
        qp.busy = false;
      }
    }, 350);
  });
  const picked = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0];
      resolve(sel?.symbol ?? (qp.value.trim() ? normaliseSymbol(qp.value) : undefined));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  controller?.abort();
  qp.dispose();
  return picked;
}
