/** Saving what a panel shows: a chart as PNG (drawn by the webview) and its table as CSV (built here). */
import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import type { HostMessage, PanelData } from '../../shared/protocol';
import { economicsCsv, flowsCsv, riskTableCsv } from '../../core/views/build';
import { scenarioCsv } from './analytics';
import type { PanelState } from './state';
import type { Logger } from '../log';
import { messageOf } from '../../shared/errors';
import { notify } from '../notify';

type Post = (message: HostMessage) => void;

function baseName(state: PanelState): string {
  return `hashpivot-${state.kind}${state.symbols.length ? `-${state.symbols.join('-')}` : ''}`;
}

function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

async function writeOrFs(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  if (uri.scheme === 'file') await writeFile(uri.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(uri, bytes);
}

/** Asks where to save, writes, and tells both the webview and (on failure) the user. */
async function saveAs(
  post: Post,
  name: string,
  filters: Record<string, string[]>,
  title: string,
  what: string,
  bytes: () => Uint8Array,
  log: Logger,
): Promise<void> {
  const uri = await vscode.window.showSaveDialog({ defaultUri: defaultUri(name), filters, title });
  if (!uri) return;
  try {
    await writeOrFs(uri, bytes());
    post({ type: 'exported', ok: true, message: `Saved ${uri.fsPath}` });
    log.info('webview', `exported ${uri.fsPath}`);
  } catch (e) {
    post({ type: 'exported', ok: false, message: `Could not save: ${messageOf(e)}` });
    void notify.error(`Hashpivot could not save the ${what}: ${messageOf(e)}`);
  }
}

export function exportPng(post: Post, state: PanelState, chart: string, dataUrl: string, log: Logger): Promise<void> {
  const bytes = () => Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
  return saveAs(post, `${baseName(state)}-${chart}.png`, { 'PNG image': ['png'] }, 'Export chart as PNG', 'chart', bytes, log);
}

export function panelCsv(data: PanelData): string {
  if (data.kind === 'scenario') return scenarioCsv(data);
  if (data.kind === 'economics') return economicsCsv(data);
  if (data.kind === 'flows') return flowsCsv(data);
  return riskTableCsv(data.kind === 'ticker' ? (data.row ? [data.row] : []) : data.table, data.asOf, data.data);
}

export function exportCsv(post: Post, state: PanelState, data: PanelData, log: Logger): Promise<void> {
  return saveAs(post, `${baseName(state)}-${data.range}.csv`, { CSV: ['csv'] }, 'Export table as CSV', 'table', () => Buffer.from(panelCsv(data), 'utf8'), log);
}
