/**
 * The benchmark's yardstick (`npm run bench:dashboard`): an empty webview panel, opened the way a
 * chart panel is (same options, same CSP), whose page only marks itself loaded. The time to it is
 * what VS Code itself spends starting a webview; the dashboard's first chart is measured against
 * it. Registered only when HASHPIVOT_BENCH=1 (src/vscode/panels/panels.ts), never contributed in
 * package.json, so users never see it.
 */
import * as vscode from 'vscode';
import type { Logger } from '../log';
import { nonce, webviewOptions } from './html';

export const BASELINE_COMMAND = 'hashpivot.bench.baselinePanel';
const VIEW_TYPE = 'hashpivot.bench.baseline';

export function registerBaselinePanel(context: vscode.ExtensionContext, log: Logger): vscode.Disposable {
  let count = 0;
  return vscode.commands.registerCommand(BASELINE_COMMAND, () => {
    const opened = Date.now();
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Baseline ${++count}`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    panel.webview.html = baselineHtml(panel.webview.cspSource, count);
    const sub = panel.webview.onDidReceiveMessage(() => log.info('webview', `baseline ${count}: loaded ${Date.now() - opened} ms after the command`));
    panel.onDidDispose(() => sub.dispose());
  });
}

export function baselineHtml(cspSource: string, seq: number): string {
  const n = nonce();
  const csp = [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${n}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Baseline</title>
</head>
<body data-kind="baseline" data-seq="${seq}">
<p>Baseline webview ${seq}</p>
<script nonce="${n}">
document.body.dataset.loadedAt = String(Date.now());
acquireVsCodeApi().postMessage({ type: 'loaded' });
</script>
</body>
</html>`;
}
