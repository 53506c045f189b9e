/**
 * Reloads for one workspace file (`.hashpivot/catalog.json`, `.hashpivot/portfolio.json`): file
 * events are debounced, so a burst of saves is read once after the file has been quiet for
 * {@link RELOAD_DEBOUNCE_MS}; trust being granted and the folders changing reload at once.
 */
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

/** Saves and file events closer together than this are read once, after the last. */
export const RELOAD_DEBOUNCE_MS = 300;

export class WorkspaceFileWatch extends Disposable {
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    relativePath: string,
    private readonly reload: () => Promise<void>,
  ) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${relativePath}`));
    for (const d of [
      watcher.onDidChange(() => this.schedule()),
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
    ])
      this._register(d);
    this._register({ dispose: () => clearTimeout(this.pending) });
  }

  /** A reload once the file has been quiet for {@link RELOAD_DEBOUNCE_MS}. */
  schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.reload();
    }, RELOAD_DEBOUNCE_MS);
  }
}
