/**
 * Positions in JSON text, shared by the catalog and alert-rule validators (CLI `FILE:LINE:COL`
 * messages) and by the Problems-panel diagnostics. Pure.
 */
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';

export interface TextSpan {
  offset: number;
  length: number;
}

/**
 * Line starts of a text, computed once: each position is then a binary search, so placing p
 * problems in a text of n characters costs O(n + p log n), not O(n·p).
 */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = Uint32Array.from(starts);
  }

  /** Line and column (both 1-based) of an offset (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
}

let last: { text: string; index: LineIndex } | undefined;

/**
 * Line and column (both 1-based) of an offset in a text. The line index of the last text asked
 * about is kept, so a loop over the problems of one file indexes it once.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  if (last?.text !== text) last = { text, index: new LineIndex(text) };
  return last.index.position(offset);
}

/**
 * The span of the value at `path` in a parsed JSON tree, or of the nearest enclosing value that
 * exists (an object or array: its first character rather than all of it). With `key`, the span of
 * that property's name in the object at `path`, when it is there (for unknown fields).
 */
export function locateInJson(root: JsonNode | undefined, path: ReadonlyArray<string | number>, key?: string): TextSpan | undefined {
  if (!root) return undefined;
  if (key !== undefined) {
    const node = findNodeAtLocation(root, [...path, key]);
    const keyNode = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (keyNode) return { offset: keyNode.offset, length: keyNode.length };
  }
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return { offset: node.offset, length: node.type === 'object' || node.type === 'array' ? 1 : node.length };
  }
  return undefined;
}
