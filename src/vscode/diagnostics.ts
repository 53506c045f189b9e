import * as vscode from 'vscode';
import { LineIndex } from '../core/jsonText';

/** Line/character (0-based) of an offset, from a text's line index. */
export function positionAt(index: LineIndex, offset: number): vscode.Position {
  const { line, column } = index.position(offset);
  return new vscode.Position(line - 1, column - 1);
}

/** A problem of a workspace file (catalog or alert rules) as the validators report it. */
export interface FileProblem {
  entry?: string;
  field?: string;
  message: string;
  severity?: 'error' | 'warning';
  offset?: number;
  length?: number;
}

/** Problems panel entries naming the entry and the field, placed at their span in the file's text. */
export function toDiagnostics(text: string, problems: readonly FileProblem[], entryNoun: string, source: string): vscode.Diagnostic[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const start = positionAt(index, p.offset ?? 0);
    const end = positionAt(index, (p.offset ?? 0) + (p.length ?? 1));
    const where = [p.entry && `${entryNoun} ${p.entry}`, p.field && `field ${p.field}`].filter(Boolean).join(', ');
    const d = new vscode.Diagnostic(
      new vscode.Range(start, end),
      `${where ? `${where}: ` : ''}${p.message}`,
      p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
    );
    d.source = source;
    return d;
  });
}

/** One diagnostic at the start of a file that was not read (not a regular file, too large). */
export function refusedDiagnostic(message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Error);
  d.source = 'Hashpivot';
  return d;
}
