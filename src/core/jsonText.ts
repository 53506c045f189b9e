/**
 * Positions in JSON text, shared by the catalog and alert-rule validators (CLI `FILE:LINE:COL`
 * messages) and by the Problems-panel diagnostics. Pure.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { JsonOutline, OutlineSpan } from './jsonGuard';

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

/** A deep copy of a JSON value (plain objects, arrays and primitives), several times faster than a JSON round trip. */
export function copyJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyJson(v[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = copyJson(x);
  }
  return out as T;
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };
const SUBTREE_CACHE = 256;

/**
 * Spans of values in a JSON text for problems, at the cost of the entries that have problems:
 * with the outline that `scanJsonText` recorded, a path into a top-level array's element parses
 * only that element's text; anything else (or no outline) parses the whole text once. The
 * spans equal {@link locateInJson} over the whole text's tree.
 */
export class JsonLocator {
  private full: JsonNode | undefined | null = null;
  private readonly subtrees = new Map<OutlineSpan, JsonNode | undefined>();

  constructor(
    private readonly text: string | undefined,
    private readonly outline?: JsonOutline,
  ) {}

  /** The value at `path`, or the nearest enclosing value that exists. */
  value(path: ReadonlyArray<string | number>): TextSpan | undefined {
    return this.locate(path);
  }

  /** The property name `key` of the object at `path` (for unknown fields), else as {@link value}. */
  key(path: ReadonlyArray<string | number>, key: string): TextSpan | undefined {
    return this.locate(path, key);
  }

  private tree(): JsonNode | undefined {
    if (this.full === null) this.full = this.text === undefined ? undefined : parseTree(this.text, [], PARSE_OPTIONS);
    return this.full;
  }

  private valueSpan(span: OutlineSpan): TextSpan {
    const c = this.text!.charCodeAt(span.offset);
    return c === 123 || c === 91 ? { offset: span.offset, length: 1 } : { offset: span.offset, length: span.length };
  }

  private locate(path: ReadonlyArray<string | number>, key?: string): TextSpan | undefined {
    const o = this.outline;
    if (this.text === undefined) return undefined;
    if (!o) return locateInJson(this.tree(), path, key);
    const rootSpan = this.valueSpan(o.root);
    let elements: OutlineSpan[] | undefined;
    let index: string | number | undefined;
    let rest: ReadonlyArray<string | number>;
    let enclosing: TextSpan;
    if (o.properties) {
      if (path.length === 0) return key !== undefined ? (o.properties.get(key)?.key ?? rootSpan) : rootSpan;
      const prop = typeof path[0] === 'string' ? o.properties.get(path[0]) : undefined;
      if (!prop) return rootSpan;
      enclosing = this.valueSpan(prop.value);
      if (path.length === 1 && key === undefined) return enclosing;
      if (!prop.elements) return locateInJson(this.tree(), path, key);
      elements = prop.elements;
      index = path[1];
      rest = path.slice(2);
    } else if (o.elements) {
      if (path.length === 0) return key !== undefined ? locateInJson(this.tree(), path, key) : rootSpan;
      elements = o.elements;
      index = path[0];
      rest = path.slice(1);
      enclosing = rootSpan;
    } else return locateInJson(this.tree(), path, key);
    const element = typeof index === 'number' ? elements[index] : undefined;
    if (!element) return enclosing;
    if (rest.length === 0 && key === undefined) return this.valueSpan(element);
    let sub = this.subtrees.get(element);
    if (!this.subtrees.has(element)) {
      if (this.subtrees.size >= SUBTREE_CACHE) this.subtrees.clear();
      sub = parseTree(this.text.slice(element.offset, element.offset + element.length), [], PARSE_OPTIONS);
      this.subtrees.set(element, sub);
    }
    const span = locateInJson(sub, rest, key);
    return span ? { offset: span.offset + element.offset, length: span.length } : this.valueSpan(element);
  }
}
