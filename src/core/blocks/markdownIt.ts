/**
 * The markdown-it side of live notes, without VS Code: a fence whose info string is `hashpivot`
 * renders through `renderHtml` (its content as written, never executed); every other fence goes
 * to the renderer that was there before. Used by the extension's plugin (src/vscode/notes/blocks.ts)
 * and tested with markdown-it itself.
 */
import { BLOCK_LANGUAGE } from './grammar';
import { escapeHtml } from './html';

/** The part of markdown-it's API the plugin uses (markdown-it's own types are not a dependency of the extension). */
export interface FenceToken {
  info: string;
  content: string;
  map?: [number, number] | null;
}

export interface MarkdownItLike {
  renderer: {
    // Method syntax: markdown-it's own rule type (its Token) fits.
    rules: { fence?(tokens: FenceToken[], idx: number, ...rest: unknown[]): string };
  };
}

/** Whether a fence's info string names a Hashpivot block (`hashpivot`, any case; words after it ignored). */
export function isBlockFence(info: string): boolean {
  return info.trim().split(/\s+/, 1)[0]!.toLowerCase() === BLOCK_LANGUAGE;
}

/**
 * Installs the fence rule. `renderHtml` returns the block's HTML fragment (escaped by the
 * renderer); an exception becomes an inline error, and the rest of the note renders.
 */
export function installBlockFence<T extends MarkdownItLike>(md: T, renderHtml: (content: string) => string, onError?: (e: unknown) => void): T {
  const fallback = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens: FenceToken[], idx: number, ...rest: unknown[]) => {
    const token = tokens[idx]!;
    if (!isBlockFence(token.info))
      return fallback ? fallback.call(md.renderer.rules, tokens, idx, ...rest) : `<pre><code>${escapeHtml(token.content)}</code></pre>\n`;
    // code-line and data-line keep the preview's scroll sync working over the block.
    const line = token.map ? ` data-line="${token.map[0]}"` : '';
    let inner: string;
    try {
      inner = renderHtml(token.content);
    } catch (e) {
      onError?.(e);
      inner = `<div class="hashpivot-block hashpivot-error" role="alert">${escapeHtml(`Hashpivot could not render this block: ${e instanceof Error ? e.message : String(e)}`)}</div>`;
    }
    return `<div class="hashpivot-note-block code-line"${line}>${inner}</div>\n`;
  };
  return md;
}
