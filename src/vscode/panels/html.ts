/**
 * A panel's HTML and webview options. CSP: default-src 'none', scripts only with a per-load nonce
 * from crypto, styles only from the extension's own files, no inline script or style;
 * localResourceRoots limited to dist/webview and media. A small inline script (same nonce) says
 * `ready` before the panel's bundle has loaded and keeps the host's messages until the bundle
 * listens (webview/common/host.ts), so the data travels while chart.js is still being parsed.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { RANGES, type PanelKind } from '../../shared/protocol';

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: PanelKind): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${kind}.js`));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'css', 'panel.css'));
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Hashpivot</title>
</head>
<body data-kind="${kind}">
<div id="app"><p class="status">Loading…</p></div>
<script nonce="${n}">${bootScript()}</script>
<script type="module" nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

/**
 * Runs first: takes the one VS Code API handle, queues host messages until the bundle drains them
 * (window.__hashpivot, read by webview/common/host.ts) and posts `ready` with the saved range.
 */
export function bootScript(): string {
  return `(function () {
  var api = acquireVsCodeApi();
  var boot = { api: api, queue: [], listening: false };
  window.__hashpivot = boot;
  window.addEventListener('message', function (e) { if (!boot.listening) boot.queue.push(e.data); });
  var s = api.getState();
  var range = s && typeof s === 'object' && ${JSON.stringify(RANGES)}.indexOf(s.range) >= 0 ? s.range : undefined;
  api.postMessage(range ? { type: 'ready', range: range } : { type: 'ready' });
})();`;
}
