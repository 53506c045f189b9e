/**
 * Limits on JSON text from files a user or a cloned repository supplies (workspace catalogs, alert
 * rules, holdings, case files, alert memory), checked before anything parses it recursively:
 * size, nesting depth (a linear scan, no recursion), then keys that are duplicated in one object
 * or that name an object's prototype (`__proto__`, `constructor`, `prototype`). Pure.
 */
import { visit } from 'jsonc-parser';

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

/** The first place where nesting goes deeper than `maxDepth` (strings and escapes skipped). */
export function depthProblem(text: string, maxDepth: number): JsonGuardProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return { message: `nested deeper than ${maxDepth} levels; the file is not used`, offset: i, length: 1 };
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** Keys given twice in one object, and keys that name a prototype. */
export function keyProblems(text: string): JsonGuardProblem[] {
  const out: JsonGuardProblem[] = [];
  const stack: Array<Set<string> | null> = [];
  visit(
    text,
    {
      onObjectBegin: () => void stack.push(new Set()),
      onObjectEnd: () => void stack.pop(),
      onArrayBegin: () => void stack.push(null),
      onArrayEnd: () => void stack.pop(),
      onObjectProperty: (key, offset, length) => {
        const keys = stack.at(-1);
        if (FORBIDDEN_KEYS.has(key)) out.push({ message: `key "${key}" is not allowed in this file; the file is not used`, offset, length });
        else if (keys?.has(key))
          out.push({ message: `duplicate key "${key}" in one object (which value was meant is unclear); the file is not used`, offset, length });
        keys?.add(key);
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return out;
}

/** Every limit a text breaks, in the order they are checked; empty when it may be parsed. */
export function guardJsonText(text: string, limits: JsonLimits = FILE_JSON_LIMITS): JsonGuardProblem[] {
  if (text.length > limits.maxChars)
    return [
      {
        message: `too large: ${text.length.toLocaleString('en-US')} characters, more than ${limits.maxChars.toLocaleString('en-US')}; the file is not used`,
        offset: 0,
        length: 1,
      },
    ];
  const deep = depthProblem(text, limits.maxDepth);
  if (deep) return [deep];
  return keyProblems(text);
}
