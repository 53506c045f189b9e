/** Refresh Data, Show Output, Open Settings, Open Dashboard, Open Economics and the walkthrough's New Research Note. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { Commands } from './ids';
import type { CommandHandlers } from './registry';
import { refreshCommand } from './refresh';

const NOTE =
  '# Research note\n\nIREN signed about $9.7B with Microsoft. How much does $IREN still move with BTC?\nCompare CORZ and WULF against the NASDAQ-100 (NDX).\n\nHover a ticker above.\n';

async function newNote(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: NOTE });
  await vscode.window.showTextDocument(doc);
}

export function generalCommands(
  s: Services,
): CommandHandlers<
  | typeof Commands.refresh
  | typeof Commands.showOutput
  | typeof Commands.openSettings
  | typeof Commands.openDashboard
  | typeof Commands.openEconomics
  | typeof Commands.newNote
> {
  return {
    [Commands.refresh]: () => refreshCommand(s.market, s.log, s.network),
    [Commands.showOutput]: () => s.log.show(),
    [Commands.openSettings]: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${s.context.extension.id}`),
    [Commands.openDashboard]: () => s.panels.open('dashboard'),
    // Three years: the hashprice since before the 2024 halving.
    [Commands.openEconomics]: () => s.panels.open('economics', [], '3Y'),
    [Commands.newNote]: () => newNote(),
  };
}
