/**
 * Workspace files (`.hashpivot/*.json`) as the extension reads them: whether one is there, without
 * reading it (so that trust is checked before any byte is read), and its text when it is a
 * regular file of a reasonable size (src/data/files.ts sets the limit for every reader).
 */
import * as vscode from 'vscode';
import { MAX_TEXT_FILE_BYTES } from '../data/files';

export type WorkspaceFileStat = { kind: 'missing' } | { kind: 'file'; size: number } | { kind: 'refused'; reason: string };

export async function statWorkspaceFile(uri: vscode.Uri, maxBytes = MAX_TEXT_FILE_BYTES): Promise<WorkspaceFileStat> {
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch {
    return { kind: 'missing' };
  }
  // A symlink has the SymbolicLink bit set with the type of its target: the target must be a file.
  if ((st.type & vscode.FileType.File) === 0) return { kind: 'refused', reason: 'it is not a regular file' };
  if (st.size > maxBytes)
    return { kind: 'refused', reason: `it is too large (${st.size.toLocaleString('en-US')} bytes, more than ${maxBytes.toLocaleString('en-US')})` };
  return { kind: 'file', size: st.size };
}

/** The text of a file that `statWorkspaceFile` accepted; the size is checked again on what was read. */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes = MAX_TEXT_FILE_BYTES): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > maxBytes) throw new Error(`${uri.fsPath} is too large (more than ${maxBytes.toLocaleString('en-US')} bytes)`);
  return new TextDecoder().decode(bytes);
}
