/**
 * Limits on JSON text from files a user or a cloned repository supplies (workspace catalogs, alert
 * rules, holdings, case files, alert memory), checked before anything parses it recursively:
 * size, nesting depth, keys that are duplicated in one object or that name an object's prototype
 * (`__proto__`, `constructor`, `prototype`), in one linear scan without recursion that also
 * records the text's outline for placing problems. Pure.
 */
export interface JsonLimits {
  /** Largest accepted text, in UTF-16 code units (about bytes for JSON). */
  maxChars: number;
  /** Deepest accepted nesting of objects and arrays. */
  maxDepth: number;
}

/** Generous for any hand-kept file: a 100,000-deal catalog is about 30 MB. */
export const FILE_JSON_LIMITS: JsonLimits = { maxChars: 64 * 1024 * 1024, maxDepth: 64 };

export interface JsonGuardProblem {
  message: string;
  offset: number;
  length: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Where a value is, in the outline of a JSON text (offset of its first character, length). */
export interface OutlineSpan {
  offset: number;
  length: number;
}

/** A top-level property of a root object: its key's span, its value's, and each element's when the value is an array. */
export interface OutlineProperty {
  key: OutlineSpan;
  value: OutlineSpan;
  elements?: OutlineSpan[];
}

/**
 * The first two levels of a JSON text, recorded by the same scan that checks its limits: the
 * root, its properties (a root object) or elements (a root array), and the elements of each
 * top-level array. A validator places a problem in entry `deals[41230]` by parsing only that
 * entry's text (see `JsonLocator` in jsonText.ts), not the whole file.
 */
export interface JsonOutline {
  root: OutlineSpan;
  properties?: Map<string, OutlineProperty>;
  elements?: OutlineSpan[];
}

export interface JsonScan {
  problems: JsonGuardProblem[];
  /** Absent when the text broke a limit or has no value. */
  outline?: JsonOutline;
}

const SMALL_OBJECT = 24;

/**
 * One pass over a JSON text (comments and trailing commas allowed, as the file parsers allow):
 * size, nesting depth, keys duplicated in one object or naming a prototype, and the outline.
 * Char codes only, no recursion, no callbacks; strings are sliced only for keys. Syntax errors
 * are not reported here (the parser that runs next says where they are); the scan just goes on.
 */
export function scanJsonText(text: string, limits: JsonLimits = FILE_JSON_LIMITS): JsonScan {
  if (text.length > limits.maxChars)
    return {
      problems: [
        {
          message: `too large: ${text.length.toLocaleString('en-US')} characters, more than ${limits.maxChars.toLocaleString('en-US')}; the file is not used`,
          offset: 0,
          length: 1,
        },
      ],
    };
  const max = limits.maxDepth;
  const problems: JsonGuardProblem[] = [];
  // Per open container (index = depth - 1): object or array, whether a key comes next, the keys seen.
  const isObject: number[] = [];
  const expectKey: number[] = [];
  const keyLists: string[][] = [];
  const keySets: Array<Set<string> | undefined> = [];
  // Outline: the element (or property value) being read at depth 1 and 2.
  let root: OutlineSpan | undefined;
  let properties: Map<string, OutlineProperty> | undefined;
  let rootElements: OutlineSpan[] | undefined;
  let current: OutlineProperty | undefined; // the top-level property being read
  let start1 = -1;
  let start2 = -1;
  let lastEnd = 0; // end of the last significant character
  let depth = 0;
  const n = text.length;

  const endElement = (d: number) => {
    if (d === 1 && start1 >= 0) {
      const span = { offset: start1, length: lastEnd - start1 };
      if (rootElements) rootElements.push(span);
      else if (current) current.value = span;
      start1 = -1;
    } else if (d === 2 && start2 >= 0) {
      current?.elements?.push({ offset: start2, length: lastEnd - start2 });
      start2 = -1;
    }
  };
  // A value starts at depth d (before an opening bracket raises the depth).
  const beginValue = (i: number) => {
    if (depth === 0) root ??= { offset: i, length: 1 };
    else if (depth === 1 && start1 < 0 && !expectKey[0]) start1 = i;
    else if (depth === 2 && start2 < 0 && !expectKey[1] && !isObject[1] && current?.elements) start2 = i;
  };

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (c === 47 && i + 1 < n) {
      const c2 = text.charCodeAt(i + 1);
      if (c2 === 47) {
        const eol = text.indexOf('\n', i + 2);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (c2 === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 1;
        continue;
      }
    }
    if (c === 34) {
      const begin = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) {
          escaped = true;
          i++;
        } else if (s === 34) break;
      }
      const top = depth - 1;
      if (depth > 0 && isObject[top] && expectKey[top]) {
        expectKey[top] = 0;
        let key = text.slice(begin + 1, i);
        if (escaped) {
          try {
            key = JSON.parse(text.slice(begin, i + 1)) as string;
          } catch {
            // a bad escape: the parser reports it
          }
        }
        const span = { offset: begin, length: i + 1 - begin };
        if (FORBIDDEN_KEYS.has(key)) problems.push({ message: `key "${key}" is not allowed in this file; the file is not used`, ...span });
        else {
          const list = keyLists[top]!;
          const set = keySets[top];
          const seen = set ? set.has(key) : list.includes(key);
          if (seen) problems.push({ message: `duplicate key "${key}" in one object (which value was meant is unclear); the file is not used`, ...span });
          else if (set) set.add(key);
          else if (list.push(key) > SMALL_OBJECT) keySets[top] = new Set(list);
        }
        if (depth === 1 && properties) {
          current = { key: span, value: { offset: i + 1, length: 0 } };
          if (!properties.has(key)) properties.set(key, current);
        }
      } else beginValue(begin);
      lastEnd = i + 1;
      continue;
    }
    if (c === 123 || c === 91) {
      beginValue(i);
      if (depth === 1 && c === 91 && current && !rootElements) current.elements = [];
      if (depth === 0) {
        if (c === 123) properties = new Map();
        else rootElements = [];
      }
      if (depth >= max) return { problems: [{ message: `nested deeper than ${max} levels; the file is not used`, offset: i, length: 1 }] };
      isObject[depth] = c === 123 ? 1 : 0;
      expectKey[depth] = c === 123 ? 1 : 0;
      if (c === 123) {
        (keyLists[depth] ??= []).length = 0;
        keySets[depth] = undefined;
      }
      depth++;
      lastEnd = i + 1;
      continue;
    }
    if (c === 125 || c === 93) {
      endElement(depth);
      if (depth > 0) depth--;
      lastEnd = i + 1;
      continue;
    }
    if (c === 44) {
      endElement(depth);
      if (depth > 0 && isObject[depth - 1]) expectKey[depth - 1] = 1;
      continue;
    }
    if (c === 58) continue;
    // a number or a literal (true, false, null), or stray text the parser will report
    beginValue(i);
    lastEnd = i + 1;
  }
  if (!root) return { problems };
  return { problems, outline: { root, properties, elements: rootElements } };
}

/** Every limit a text breaks, in the order they are checked; empty when it may be parsed. */
export function guardJsonText(text: string, limits: JsonLimits = FILE_JSON_LIMITS): JsonGuardProblem[] {
  return scanJsonText(text, limits).problems;
}

/** The first place where nesting goes deeper than `maxDepth` (strings, escapes and comments skipped). */
export function depthProblem(text: string, maxDepth: number): JsonGuardProblem | undefined {
  return scanJsonText(text, { maxChars: Infinity, maxDepth }).problems.find((p) => p.message.startsWith('nested deeper'));
}

/** Keys given twice in one object, and keys that name a prototype. */
export function keyProblems(text: string): JsonGuardProblem[] {
  return scanJsonText(text, { maxChars: Infinity, maxDepth: Infinity }).problems;
}
