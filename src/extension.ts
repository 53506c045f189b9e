/**
 * Composition root: build the services, register the views, the providers and the commands,
 * return the API. Activation stays cheap: no network and no heavy library loads here; market
 * data (and ccxt / yahoo-finance2) load when a view first asks for it.
 * Where things live: docs/ARCHITECTURE.md.
 */
import * as vscode from 'vscode';
import { Services } from './vscode/services';
import { registerViews, VIEW_IDS } from './vscode/views/register';
import { registerTickerHover } from './vscode/hover';
import { REPORT_SCHEME } from './vscode/reportDocument';
import { commandTable, registerCommands } from './vscode/commands';
import { createApi, type HashpivotApi } from './vscode/api';
import { registerNoteEditing } from './vscode/notes/editing';
import { registerLmTools } from './vscode/ai/tools';
import { registerChatParticipant } from './vscode/ai/chat';
import { registerMcpProvider } from './vscode/ai/mcp';
import type { MarkdownItLike } from './core/blocks';

export type { HashpivotApi } from './vscode/api';
export { VIEW_IDS } from './vscode/views/register';

export function activate(context: vscode.ExtensionContext): HashpivotApi & { extendMarkdownIt<T extends MarkdownItLike>(md: T): T } {
  const services = new Services(context);
  const { log, settings } = services;
  log.info('main', `Hashpivot ${services.version} activating (VS Code ${vscode.version}, Node ${process.versions.node})`);
  context.subscriptions.push(
    services,
    ...registerViews(services),
    registerTickerHover(services.hover, settings),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, services.reports),
    ...registerCommands(commandTable(services)),
    ...registerNoteEditing(services),
    // The engine for AI assistants: language-model tools, @hashpivot, the MCP server definition.
    ...registerLmTools(services),
    ...registerChatParticipant(services),
    ...registerMcpProvider(services),
  );
  services.startDeferred();
  log.info('main', `activated (data source: ${settings.current.dataSource})`);
  // The Markdown preview's markdown-it plugin (contributes.markdown.markdownItPlugins) comes with the API.
  return Object.assign(createApi(services, VIEW_IDS), { extendMarkdownIt: <T extends MarkdownItLike>(md: T) => services.notes.extendMarkdownIt(md) });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
