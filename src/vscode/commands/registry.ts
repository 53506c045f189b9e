/**
 * Every command is registered here, from one table keyed by the ids in ./ids.ts (the pattern of
 * Error Lens' `src/commands.ts`). The table's type lists every id, so a command without a handler,
 * or a handler without a contributed id, does not compile.
 */
import * as vscode from 'vscode';
import type { CommandId } from './ids';

export type CommandHandler = (...args: unknown[]) => unknown;

/** Handlers for some command ids (one command family). */
export type CommandHandlers<K extends CommandId> = { readonly [P in K]: CommandHandler };

/** Handlers for every command id. */
export type CommandTable = CommandHandlers<CommandId>;

export function registerCommands(table: CommandTable): vscode.Disposable[] {
  return (Object.keys(table) as CommandId[]).map((id) => vscode.commands.registerCommand(id, table[id]));
}
