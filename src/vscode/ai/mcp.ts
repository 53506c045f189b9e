/**
 * `hashpivot mcp` for VS Code's own MCP clients (agent mode and others): a server definition
 * provider (contributes.mcpServerDefinitionProviders) that launches the bundled CLI's MCP server
 * with the editor's own Node (the extension host's executable, as Node), on the same data source,
 * endpoint overrides and disk cache as the extension. Any other assistant runs the same command
 * (README, "Hashpivot for AI assistants").
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { marketCacheDir } from '../market';

export const MCP_PROVIDER_ID = 'hashpivot.mcp';

/** The command line of the server, as the definition launches it (also shown in the README). */
export function mcpCommandLine(s: Services): { command: string; args: string[]; env: Record<string, string> } {
  const settings = s.market.currentSettings;
  const cli = vscode.Uri.joinPath(s.context.extensionUri, 'dist', 'cli.js').fsPath;
  const args = [cli, 'mcp', '--source', settings.dataSource, '--cache-dir', marketCacheDir(s.context)];
  for (const [host, url] of Object.entries(settings.endpoints)) args.push('--endpoint', `${host}=${url}`);
  // The extension host's executable is Electron in desktop VS Code: ELECTRON_RUN_AS_NODE makes it Node.
  return { command: process.execPath, args, env: { ELECTRON_RUN_AS_NODE: '1' } };
}

export function registerMcpProvider(s: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function') return [];
  const changed = new vscode.EventEmitter<void>();
  const sub = s.settings.onDidChange(() => changed.fire());
  const provider = vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const c = mcpCommandLine(s);
      const def = new vscode.McpStdioServerDefinition('Hashpivot', c.command, c.args, c.env, s.version);
      // In a trusted workspace the server starts in it, so it reads the notes' .hashpivot/portfolio.json (its default) for basis "portfolio".
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (folder && folder.uri.scheme === 'file' && vscode.workspace.isTrusted) def.cwd = folder.uri;
      return [def];
    },
  });
  return [provider, sub, changed];
}
