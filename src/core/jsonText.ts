/**
 * Positions in JSON text, shared by the catalog and alert-rule validators (CLI `FILE:LINE:COL`
 * messages) and by the Problems-panel diagnostics. Pure.
 */
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';

export interface TextSpan {
  offset: number;
  length: number;
}

/** Line and column (both 1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
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
