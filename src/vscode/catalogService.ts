/**
 * The catalog in the extension host: the shipped catalog, merged with the workspace's
 * `.hashpivot/catalog.json` when the workspace is trusted. Invalid entries of the workspace file
 * go to the Problems panel (file, entry, field); the valid rest is used. In Restricted Mode the
 * workspace file is not read, and the user is told why once.
 */
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { Catalog, loadCatalog, loadCatalogOffThread, type CatalogProblem } from '../catalog';
import type { Logger } from './log';
import { refusedDiagnostic, toDiagnostics } from './diagnostics';
import { readWorkspaceText, statWorkspaceFile } from './files';
import { notify } from './notify';
import { Disposable } from './lifecycle';
import { WorkspaceFileWatch } from './workspaceWatch';
import { messageOf } from '../shared/errors';

export const WORKSPACE_CATALOG = '.hashpivot/catalog.json';
export const SHIPPED_CATALOG = 'media/catalog/catalog.json';

export class CatalogService extends Disposable {
  private catalog: Catalog | undefined;
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('hashpivot-catalog'));
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private toldRestricted = false;
  private generation = 0;
  /** How the last workspace file was checked (tests, logs). */
  lastCheck: { inWorker: boolean; ms: number } | undefined;
  /** Checks of the workspace file completed since activation (a burst of saves counts once). */
  checks = 0;
  /** The workspace file in use, if any. */
  workspaceFile: vscode.Uri | undefined;
  problems: CatalogProblem[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    super();
    this._register(new WorkspaceFileWatch(WORKSPACE_CATALOG, () => this.reload()));
  }

  /** The merged catalog; the shipped one until the workspace file is read (schema compiled on first use). */
  current(): Catalog {
    return (this.catalog ??= this.loadShippedOnly());
  }

  private shippedText(): { text: string; file: string } {
    const file = this.context.asAbsolutePath(SHIPPED_CATALOG);
    return { text: readFileSync(file, 'utf8'), file };
  }

  private loadShippedOnly(): Catalog {
    try {
      const loaded = loadCatalog(this.shippedText());
      for (const p of loaded.problems) this.log.error('catalog', `shipped catalog: ${p.field ?? p.entry ?? ''} ${p.message}`);
      return loaded.catalog;
    } catch (e) {
      this.log.error('catalog', `the shipped catalog could not be read: ${messageOf(e)}`);
      return new Catalog([], []);
    }
  }

  /**
   * Loads the shipped catalog and, in a trusted workspace, the workspace file over it. Trust is
   * checked before the file is read; a file that is not a regular file or is too large is refused.
   */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = folder ? vscode.Uri.joinPath(folder.uri, WORKSPACE_CATALOG) : undefined;
    const stat = uri ? await statWorkspaceFile(uri) : ({ kind: 'missing' } as const);
    if (generation !== this.generation) return; // a newer reload has started: it decides
    this.diagnostics.clear();
    this.problems = [];
    this.workspaceFile = undefined;
    if (stat.kind !== 'missing' && !vscode.workspace.isTrusted) {
      this.catalog = this.loadShippedOnly();
      this.log.warn('catalog', `${WORKSPACE_CATALOG} not loaded: the workspace is in Restricted Mode`);
      if (!this.toldRestricted) {
        this.toldRestricted = true;
        void notify
          .info(
            `Hashpivot did not load ${WORKSPACE_CATALOG}: this workspace is in Restricted Mode. Trust the workspace to use its catalog entries.`,
            'Manage Workspace Trust',
          )
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      }
      this.changed.fire();
      return;
    }
    let overrideText: string | undefined;
    if (uri && stat.kind === 'refused') {
      this.log.warn('catalog', `${WORKSPACE_CATALOG} not loaded: ${stat.reason}`);
      this.diagnostics.set(uri, [refusedDiagnostic(`Hashpivot did not read this catalog: ${stat.reason}.`)]);
    } else if (uri && stat.kind === 'file') {
      try {
        overrideText = await readWorkspaceText(uri);
      } catch (e) {
        this.log.warn('catalog', `${WORKSPACE_CATALOG} not loaded: ${messageOf(e)}`);
      }
    }
    try {
      const started = Date.now();
      const loaded = await loadCatalogOffThread(this.shippedText(), overrideText !== undefined && uri ? { text: overrideText, file: uri.fsPath } : undefined, {
        workerFile: this.context.asAbsolutePath('dist/catalogWorker.js'),
        onFallback: (reason) => this.log.warn('catalog', reason),
      });
      if (generation !== this.generation) return;
      this.lastCheck = { inWorker: loaded.inWorker, ms: Date.now() - started };
      this.checks++;
      this.catalog = loaded.catalog;
      this.problems = loaded.problems;
      this.workspaceFile = overrideText !== undefined ? uri : undefined;
      if (uri && overrideText !== undefined) {
        const diags = toDiagnostics(
          overrideText,
          loaded.problems.filter((p) => p.file === uri.fsPath),
          'entry',
          'Hashpivot catalog',
        );
        this.diagnostics.set(uri, diags);
        this.log.info(
          'catalog',
          `${WORKSPACE_CATALOG}: ${loaded.catalog.miners.length} miners, ${loaded.catalog.deals.length} deals after merge; ${diags.length} problem(s); checked in ${this.lastCheck.ms} ms${loaded.inWorker ? ' in a worker thread' : ''}`,
        );
      }
    } catch (e) {
      this.log.error('catalog', `catalog load failed: ${messageOf(e)}`);
    }
    this.changed.fire();
  }
}
