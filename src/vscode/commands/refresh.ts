import * as vscode from 'vscode';
import type { MarketService, RefreshResult } from '../market';
import type { Logger } from '../log';
import type { NetworkService } from '../network';
import type { NetworkResult } from '../../data/network';
import { messageOf } from '../../shared/errors';
import { Commands } from './ids';
import { notify } from '../notify';

/**
 * Hashpivot: Refresh Data — progress in a notification, cancellable; failures offer the output.
 * The network data (difficulty, fees) is refreshed beside the prices when something has loaded
 * it (the economics panel, a miner hover, a note's economics block).
 */
export async function refreshCommand(market: MarketService, log: Logger, network?: NetworkService): Promise<RefreshResult | undefined> {
  let networkRefresh: Promise<NetworkResult | Error> | undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Hashpivot: refreshing market data', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort(new Error('cancelled by the user')));
      if (network && (network.current || network.lastError))
        networkRefresh = network.refresh(controller.signal).catch((e: unknown) => (e instanceof Error ? e : new Error(messageOf(e))));
      try {
        let last = 0;
        return await market.refresh({
          force: true,
          signal: controller.signal,
          onProgress: (done, total, symbol) => {
            const pct = (done / total) * 100;
            progress.report({ message: `${symbol} (${done}/${total})`, increment: pct - last });
            last = pct;
          },
        });
      } finally {
        await networkRefresh;
        sub.dispose();
      }
    },
  );
  const net = await networkRefresh;
  if (!result) return undefined;
  // The command finishes when the data is in; the warning waits for the user on its own.
  const offerOutput = (message: string) =>
    void notify.warn(message, 'Show Output').then((choice) => choice === 'Show Output' && vscode.commands.executeCommand(Commands.showOutput));
  if (result.failed.length) {
    const names = result.failed.map((f) => f.symbol).join(', ');
    log.warn('data', `refresh failed for ${names}`);
    offerOutput(`Hashpivot could not load ${names}. The other symbols were refreshed.`);
  } else if (market.mode !== 'snapshot' && (result.kinds.snapshot || result.kinds.cache)) {
    offerOutput(`Hashpivot is offline or its sources failed: showing ${result.kinds.cache ? 'cached' : 'snapshot'} data.`);
  } else if (net instanceof Error) {
    offerOutput(`Hashpivot refreshed the prices but not the bitcoin network data: ${net.message}`);
  } else if (net?.problems.length) {
    offerOutput(`Hashpivot could not reach the bitcoin network data source: showing ${net.series.origin.kind} network data.`);
  }
  return result;
}
