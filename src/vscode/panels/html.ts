/**
 * A panel's HTML and webview options. CSP: default-src 'none', scripts only with a per-load nonce
 * from crypto, styles only from the extension's own files, no inline script or style;
 * localResourceRoots limited to dist/webview and media.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { PanelKind } from '../../shared/protocol';

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
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
