/** The webview side of the protocol: one VS Code API handle, validated incoming messages, state. */
import { parseWireHostMessage, type HostMessage, type RangeKey, type WebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Left by the page's inline boot script (src/vscode/panels/html.ts): the API handle, and host messages that came before the bundle listened. */
interface Boot {
  api: VsCodeApi;
  queue: unknown[];
  listening: boolean;
}
const boot = (window as unknown as { __hashpivot?: Boot }).__hashpivot;
const api = boot?.api ?? acquireVsCodeApi();

/** True when the boot script has already said `ready` for this page. */
export const readySent = !!boot;

// Errors in event handlers (a chart that fails to draw) reach the Hashpivot log instead of vanishing.
window.addEventListener('error', (e) => api.postMessage({ type: 'log', level: 'error', message: `${e.message} at ${e.filename}:${e.lineno}` }));
window.addEventListener('unhandledrejection', (e) => api.postMessage({ type: 'log', level: 'error', message: `unhandled rejection: ${String(e.reason)}` }));

export interface SavedState {
  kind: string;
  symbols: string[];
  range: RangeKey;
  [k: string]: unknown;
}

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function getState(): Partial<SavedState> {
  const s = api.getState();
  return s && typeof s === 'object' ? (s as Partial<SavedState>) : {};
}

export function setState(patch: Partial<SavedState>): void {
  api.setState({ ...getState(), ...patch });
}

export function onHostMessage(handler: (m: HostMessage) => void): void {
  const receive = (data: unknown) => {
    const parsed = parseWireHostMessage(data);
    if (!parsed.ok) {
      post({ type: 'log', level: 'warn', message: `dropped a host message: ${parsed.reason}` });
      return;
    }
    try {
      handler(parsed.message);
    } catch (e) {
      post({ type: 'log', level: 'error', message: `render failed: ${(e as Error).stack ?? String(e)}` });
      showError(`Could not draw this panel: ${(e as Error).message}`);
    }
  };
  window.addEventListener('message', (event: MessageEvent) => receive(event.data));
  if (boot) {
    // What arrived before the bundle listened, in order; from now on the listener above takes them.
    boot.listening = true;
    for (const data of boot.queue.splice(0)) receive(data);
  }
}

export function showError(message: string): void {
  const app = document.getElementById('app')!;
  app.replaceChildren(el('p', { class: 'error' }, message));
}

export function toast(message: string): void {
  const t = el('div', { class: 'toast', role: 'status' }, message);
  document.body.appendChild(t);
  setTimeout(() => t.remove(), 3500);
}

/** Tiny DOM builder (text only: never innerHTML with data). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Array<Node | string>): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Record<string, string>, ...children: Array<Node | string>): HTMLElement;
export function el(tag: string, attrs?: Record<string, string>, ...children: Array<Node | string>): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}
