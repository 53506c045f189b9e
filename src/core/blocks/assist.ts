/**
 * Editing help inside a `hashpivot` block, from the grammar (grammar.ts): what fits at the cursor
 * ({@link blockCompletions}: the kinds at the start, then the kind's arguments, option names and
 * their values; symbols come from the caller, who knows the market store) and the doc of the word
 * under the cursor ({@link blockHover}). Both work on one line of the block and a 0-based
 * character offset in it, and return offsets in that line. Pure.
 */
import { SCENARIOS } from '../scenario/definitions';
import { formatPercent } from '../format';
import { BLOCK_GRAMMAR, BLOCK_KINDS, BLOCK_OPTIONS, isBlockKind, isOptionName, SHOCK_DOC, SHOCK_FACTORS, SHOCK_KEYWORD, type BlockKind } from './grammar';
import { tokenize } from './parse';

export type BlockCompletionKind = 'kind' | 'option' | 'value' | 'symbol' | 'scenario' | 'keyword' | 'factor';

export interface BlockCompletion {
  label: string;
  /** What replaces the range [start, end) of {@link BlockCompletions}. */
  insertText: string;
  kind: BlockCompletionKind;
  /** One line: a synopsis, a value's meaning. */
  detail: string;
  /** A longer doc, when there is one. */
  doc?: string;
  /** Ask for completions again after inserting (an option name ends with `=`: its values follow). */
  retrigger?: boolean;
}

export interface BlockCompletions {
  /** The part of the line the items replace (offsets in the line). */
  start: number;
  end: number;
  items: BlockCompletion[];
}

/** Symbols for a typed prefix (upper case, without `$`): the caller's market store and catalog. */
export type SymbolSuggester = (prefix: string) => ReadonlyArray<{ label: string; detail?: string }>;

export interface BlockHover {
  /** The word the doc is about (offsets in the line). */
  start: number;
  end: number;
  /** A synopsis or a name, as text. */
  title: string;
  doc: string;
}

const SEPARATOR = /[\s,]/;

/** The word around `character`: from the separator before it to the one after it. */
function wordAt(line: string, character: number): { start: number; end: number } {
  let start = Math.max(0, Math.min(character, line.length));
  while (start > 0 && !SEPARATOR.test(line[start - 1]!)) start--;
  let end = Math.max(start, Math.min(character, line.length));
  while (end < line.length && !SEPARATOR.test(line[end]!)) end++;
  return { start, end };
}

/** Whether `character` is inside a `#` comment (a token starting with `#` and what follows it). */
function inComment(line: string, character: number): boolean {
  const re = /[^\s,]+/g;
  for (let m = re.exec(line); m && m.index < character; m = re.exec(line)) if (m[0].startsWith('#')) return true;
  return false;
}

const startsWithCI = (s: string, prefix: string) => s.toLowerCase().startsWith(prefix.toLowerCase());

function kindItems(prefix: string): BlockCompletion[] {
  return BLOCK_KINDS.filter((k) => startsWithCI(k, prefix)).map((k) => ({
    label: k,
    insertText: k,
    kind: 'kind',
    detail: BLOCK_GRAMMAR[k].synopsis,
    doc: `${BLOCK_GRAMMAR[k].doc} Example: ${BLOCK_GRAMMAR[k].example}`,
  }));
}

function optionItems(kind: BlockKind, used: ReadonlySet<string>, prefix: string): BlockCompletion[] {
  return BLOCK_GRAMMAR[kind].options
    .filter((o) => !used.has(o) && startsWithCI(`${o}=`, prefix))
    .map((o) => ({ label: `${o}=`, insertText: `${o}=`, kind: 'option', detail: BLOCK_OPTIONS[o].doc, doc: optionDoc(o), retrigger: true }));
}

function optionDoc(name: keyof typeof BLOCK_OPTIONS): string {
  const o = BLOCK_OPTIONS[name];
  const values = o.values ? `Values: ${o.values.map((v) => v.value).join(', ')}.` : `Written ${o.format}.`;
  return `${o.doc} ${values} Default: ${o.default}.`;
}

function scenarioDetail(s: (typeof SCENARIOS)[number]): string {
  return s.kind === 'replay'
    ? `replay ${s.start} → ${s.end}: ${s.name}`
    : `shock ${Object.entries(s.shocks)
        .map(([k, v]) => `${k} ${formatPercent(v, 0)}`)
        .join(', ')}: ${s.name}`;
}

/** What fits at `character` (0-based) of a line of a block. */
export function blockCompletions(lineText: string, character: number, symbols?: SymbolSuggester): BlockCompletions {
  const { start, end } = wordAt(lineText, character);
  const none: BlockCompletions = { start, end, items: [] };
  if (inComment(lineText, start + 1) || lineText.slice(start, character).startsWith('#')) return none;
  const prefix = lineText.slice(start, Math.max(start, Math.min(character, lineText.length)));
  const before = tokenize(lineText.slice(0, start), 1, 0);
  if (before.length === 0) return { start, end, items: kindItems(prefix) };
  const kind = before[0]!.text.toLowerCase();
  if (!isBlockKind(kind)) return none;
  const spec = BLOCK_GRAMMAR[kind];
  const shockMode = kind === 'scenario' && before[1]?.text.toLowerCase() === SHOCK_KEYWORD;

  const eq = prefix.indexOf('=');
  if (eq >= 0) {
    const key = prefix.slice(0, eq).toLowerCase();
    const valuePrefix = prefix.slice(eq + 1);
    if (!isOptionName(key) || !spec.options.includes(key)) return none;
    const values = BLOCK_OPTIONS[key].values;
    if (!values) return none;
    return {
      start: start + eq + 1,
      end,
      items: values.filter((v) => startsWithCI(v.value, valuePrefix)).map((v) => ({ label: v.value, insertText: v.value, kind: 'value', detail: v.doc })),
    };
  }

  const used = new Set(before.map((t) => t.text.split('=')[0]!.toLowerCase()).filter(isOptionName));
  const items: BlockCompletion[] = [];
  if (kind === 'scenario') {
    if (before.length === 1) {
      for (const s of SCENARIOS)
        if (startsWithCI(s.id, prefix)) items.push({ label: s.id, insertText: s.id, kind: 'scenario', detail: scenarioDetail(s), doc: s.description });
      if (startsWithCI(SHOCK_KEYWORD, prefix))
        items.push({ label: SHOCK_KEYWORD, insertText: `${SHOCK_KEYWORD} `, kind: 'keyword', detail: SHOCK_DOC, retrigger: true });
    } else if (shockMode) {
      const shocked = new Set(before.slice(2).map((t) => t.text.split('=')[0]!.toUpperCase()));
      for (const f of SHOCK_FACTORS)
        if (!shocked.has(f.value) && startsWithCI(f.value, prefix))
          items.push({ label: `${f.value}=`, insertText: `${f.value}=`, kind: 'factor', detail: `a move of ${f.doc}, e.g. ${f.value}=-30%` });
    }
    return { start, end, items: [...items, ...(before.length > 1 ? optionItems(kind, used, prefix) : [])] };
  }
  if (spec.args?.kind === 'symbol' && symbols) {
    const given = before.slice(1).filter((t) => !t.text.includes('=')).length;
    if (given < spec.args.max) {
      const dollar = prefix.startsWith('$');
      const typed = (dollar ? prefix.slice(1) : prefix).toUpperCase();
      const taken = new Set(before.slice(1).map((t) => t.text.replace(/^\$/, '').toUpperCase()));
      for (const s of symbols(typed))
        if (!taken.has(s.label.toUpperCase()))
          items.push({ label: s.label, insertText: dollar ? `$${s.label}` : s.label, kind: 'symbol', detail: s.detail ?? spec.args.doc });
    }
  }
  return { start, end, items: [...items, ...optionItems(kind, used, prefix)] };
}

/** The doc of the word under `character` (0-based) of a line of a block; undefined for a symbol (the ticker hover has those) or outside a word. */
export function blockHover(lineText: string, character: number): BlockHover | undefined {
  if (character < 0 || character >= lineText.length || SEPARATOR.test(lineText[character]!) || inComment(lineText, character + 1)) return undefined;
  const tokens = tokenize(lineText, 1, 0);
  const i = tokens.findIndex((t) => t.span.offset <= character && character < t.span.offset + t.span.length);
  if (i < 0) return undefined;
  const t = tokens[i]!;
  const start = t.span.offset;
  const end = start + t.span.length;
  const kindWord = tokens[0]!.text.toLowerCase();
  if (i === 0) {
    if (!isBlockKind(kindWord)) return undefined;
    const spec = BLOCK_GRAMMAR[kindWord];
    return { start, end, title: spec.synopsis, doc: `${spec.doc} Example: ${spec.example}` };
  }
  if (!isBlockKind(kindWord)) return undefined;
  const eq = t.text.indexOf('=');
  if (eq >= 0) {
    const key = t.text.slice(0, eq).toLowerCase();
    if (isOptionName(key)) {
      const o = BLOCK_OPTIONS[key];
      const value = o.values?.find((v) => v.value.toLowerCase() === t.text.slice(eq + 1).toLowerCase());
      if (value && character > start + eq) return { start: start + eq + 1, end, title: `${key}=${value.value}`, doc: value.doc };
      return { start, end: start + eq + 1, title: `${key}=`, doc: optionDoc(key) };
    }
    if (kindWord === 'scenario' && tokens[1]?.text.toLowerCase() === SHOCK_KEYWORD) {
      const factor = SHOCK_FACTORS.find((f) => f.value === key.toUpperCase());
      return { start, end, title: t.text, doc: `A move of ${factor ? factor.doc : `${key.toUpperCase()} (a symbol as a factor)`}. ${SHOCK_DOC}` };
    }
    return undefined;
  }
  if (kindWord === 'scenario' && i === 1) {
    if (t.text.toLowerCase() === SHOCK_KEYWORD) return { start, end, title: SHOCK_KEYWORD, doc: SHOCK_DOC };
    const s = SCENARIOS.find((x) => x.id === t.text.toLowerCase());
    return s ? { start, end, title: s.name, doc: `${scenarioDetail(s)}. ${s.description}.` } : undefined;
  }
  return undefined;
}
