/**
 * Composition root. Activation stays cheap: no network, no heavy library loads here —
 * market data libraries are loaded on first use.
 */
import * as vscode from 'vscode';
import { Logger } from './vscode/log';
import { Commands } from './vscode/commands/ids';
import { EmptyTreeProvider } from './vscode/views/emptyTree';

export interface HashpivotApi {
  /** The version of the extension, from package.json. */
  readonly version: string;
}

export function activate(context: vscode.ExtensionContext): HashpivotApi {
  const log = new Logger();
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  log.info('main', `Hashpivot ${version} activating (VS Code ${vscode.version}, Node ${process.versions.node})`);

  for (const id of ['hashpivot.miners', 'hashpivot.deals', 'hashpivot.alerts']) {
    context.subscriptions.push(vscode.window.registerTreeDataProvider(id, new EmptyTreeProvider()));
  }
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showOutput, () => log.show()));

  log.info('main', 'activated');
  return { version };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
