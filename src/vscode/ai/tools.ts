/**
 * Hashpivot's engine for language models in VS Code: every tool of src/tools registered with
 * `vscode.lm.registerTool` (contributed in package.json `languageModelTools`, kept equal to the
 * definitions by a unit test), run on the extension's own market store, catalog and holdings.
 * All tools only read, so none asks for confirmation; each result states its data source and
 * date, and bad input is an error result, never an exception.
 */
import * as vscode from 'vscode';
import { runTool, structuredEnvelope, resultText, TOOL_DEFINITIONS, type ToolContext, type ToolName, type ToolResult } from '../../tools';
import { WORKSPACE_PORTFOLIO_PATH } from '../../core/portfolio';
import type { Services } from '../services';
import { messageOf } from '../../shared/errors';

/** The tools' view of the extension: its market store, the merged catalog, the holdings of the Portfolio view. */
export function extensionToolContext(s: Services): ToolContext {
  return {
    market: s.market.marketStore,
    catalog: () => ({
      catalog: s.catalog.current(),
      label: s.catalog.workspaceFile ? `shipped + ${vscode.workspace.asRelativePath(s.catalog.workspaceFile)}` : 'shipped',
    }),
    holdings: () => {
      const p = s.portfolio.current;
      if (p.holdings.positions.length === 0) return { reason: s.portfolio.emptyReason() };
      return { label: p.origin === 'workspace' ? WORKSPACE_PORTFOLIO_PATH : 'holdings in user state', holdings: p.holdings };
    },
    now: () => Date.now(),
    log: (m) => s.log.warn('ai', m),
  };
}

/** Runs a tool for the chat participant, the API and the registered tool alike. */
export async function runExtensionTool(s: Services, name: ToolName, input: unknown): Promise<ToolResult> {
  await s.market.ensureLoaded().catch(() => undefined);
  return runTool(name, input, extensionToolContext(s));
}

/** A tool result for a model: the summary (with source and date), then the structured figures as JSON. */
export function toLmResult(r: ToolResult): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([
    new vscode.LanguageModelTextPart(resultText(r)),
    new vscode.LanguageModelTextPart(JSON.stringify(structuredEnvelope(r))),
  ]);
}

export function registerLmTools(s: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return TOOL_DEFINITIONS.map((def) =>
    vscode.lm.registerTool<unknown>(def.name, {
      prepareInvocation: () => ({ invocationMessage: `Hashpivot: ${def.displayName}` }),
      invoke: async (options) => {
        try {
          return toLmResult(await runExtensionTool(s, def.name, options.input));
        } catch (e) {
          // runTool never throws; this is a last guard so that a model gets a result, not an exception.
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`${def.name}: ${messageOf(e)}`)]);
        }
      },
    }),
  );
}
