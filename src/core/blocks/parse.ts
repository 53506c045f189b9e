/**
 * The parser of a `hashpivot` block's content (the text between the fences): blank lines and `#`
 * comments ignored (a comment may also end the directive's line), then exactly one directive:
 * a kind, its arguments and `name=value` options, separated by spaces (or commas). Symbols are
 * normalised as everywhere else (`$iren` → IREN, `^NDX` → NDX); whether one is known is the
 * renderer's business. Every error names the problem, the offending token and where it is
 * (line and column within the block, 1-based, and the offset and length in the source). Pure.
 */
import { dayNumber } from '../calendar';
import { AnalyticsError } from '../pivot/factors';
import { parseShocks } from '../scenario/parse';
import type { IsoDate } from '../types';
import { normaliseSymbol } from '../universe';
import type { RangeKey } from '../../shared/protocol';
import {
  BLOCK_GRAMMAR,
  BLOCK_KINDS,
  BLOCK_OPTIONS,
  isBlockKind,
  isOptionName,
  MAX_BLOCK_CHARS,
  MAX_BLOCK_SHOCKS,
  OPTION_NAMES,
  SHOCK_KEYWORD,
  type BlockKind,
  type BlockOptionName,
  type ChartMetric,
} from './grammar';

/** Where a token is: line and column within the block (1-based), offset in the source (0-based) and length. */
export interface SourceSpan {
  line: number;
  column: number;
  offset: number;
  length: number;
}

export interface BlockError extends SourceSpan {
  /** The problem, without its position (see {@link formatBlockError}). */
  message: string;
  /** The offending token as written, when there is one. */
  token?: string;
}

interface BlockBase {
  /** The directive as written (trimmed, comment dropped). */
  directive: string;
  /** Where the directive is. */
  span: SourceSpan;
  /** `as-of=`: closes on or before this date. */
  asOf?: IsoDate;
  asOfSpan?: SourceSpan;
}

export interface SymbolsBlock extends BlockBase {
  kind: 'chart' | 'report' | 'deals' | 'miners' | 'economics';
  /** Normalised symbols, in the order written, each once. */
  symbols: string[];
  symbolSpans: SourceSpan[];
}

export interface ChartBlock extends SymbolsBlock {
  kind: 'chart';
  range: RangeKey;
  metric: ChartMetric;
}

export interface ReportBlock extends SymbolsBlock {
  kind: 'report';
}

/** `deals SYMBOL`: `symbols` has exactly one. */
export interface DealsBlock extends SymbolsBlock {
  kind: 'deals';
}

/** `miners [SYMBOL...]`: every miner of the catalog when `symbols` is empty. */
export interface MinersBlock extends SymbolsBlock {
  kind: 'miners';
}

/** `economics [SYMBOL...]`: every miner of the catalog when `symbols` is empty. */
export interface EconomicsBlock extends SymbolsBlock {
  kind: 'economics';
}

export interface ScenarioBlock extends BlockBase {
  kind: 'scenario';
  /** A named scenario (lower case, as written; the renderer looks it up), or a custom shock (factor → move as a fraction). */
  scenario: { name: string } | { shocks: Record<string, number> };
  scenarioSpan: SourceSpan;
}

export interface PortfolioBlock extends BlockBase {
  kind: 'portfolio';
}

export type Block = ChartBlock | ReportBlock | DealsBlock | MinersBlock | EconomicsBlock | ScenarioBlock | PortfolioBlock;

export type ParseResult = { ok: true; block: Block } | { ok: false; error: BlockError };

/** `line 2, column 7: unknown option "rang" …`. */
export function formatBlockError(e: BlockError): string {
  return `line ${e.line}, column ${e.column}: ${e.message}`;
}

interface Token {
  text: string;
  span: SourceSpan;
}

class ParseFailure extends Error {
  constructor(readonly error: BlockError) {
    super(error.message);
  }
}

function fail(message: string, span: SourceSpan, token?: string): never {
  throw new ParseFailure({ message, ...span, ...(token !== undefined ? { token } : {}) });
}

const SYMBOL_RE = /^\^?[A-Z0-9][A-Z0-9.-]{0,19}$/;
const SCENARIO_NAME_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Characters of a token that are shown in a message; longer tokens are cut. */
const TOKEN_SHOWN = 40;

/** A token for a message: quoted, cut to {@link TOKEN_SHOWN} characters. */
export function quoteToken(text: string): string {
  return JSON.stringify(text.length > TOKEN_SHOWN ? `${text.slice(0, TOKEN_SHOWN - 1)}…` : text);
}

/** The lines of the source with their offsets (\n, \r\n and a lone \r end a line). */
function linesOf(source: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    out.push({ text: source.slice(start, m.index), offset: start });
    start = m.index + m[0].length;
  }
  out.push({ text: source.slice(start), offset: start });
  return out;
}

/** The tokens of a line (separators: white space and commas), up to a `#` that starts a token (a comment). */
export function tokenize(text: string, line: number, lineOffset: number): Token[] {
  const out: Token[] = [];
  const re = /[^\s,]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].startsWith('#')) break;
    out.push({ text: m[0], span: { line, column: m.index + 1, offset: lineOffset + m.index, length: m[0].length } });
  }
  return out;
}

function spanAt(source: string, offset: number, length: number): SourceSpan {
  const before = source.slice(0, offset);
  const lines = before.split(/\r\n|\n|\r/);
  return { line: lines.length, column: lines.at(-1)!.length + 1, offset, length };
}

/** Edit distance (for "did you mean"), capped: the words here are short. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** ` (did you mean "x"?)` when a candidate is close, else empty. */
function didYouMean(word: string, candidates: readonly string[], ignoreCase = false): string {
  if (word.length > 30) return '';
  const norm = (x: string) => (ignoreCase ? x.toLowerCase() : x);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const [w, k] = [norm(word), norm(c)];
    const d = k.startsWith(w) && w.length >= 2 ? 0.5 : distance(w, k);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

const optionList = (kind: BlockKind) => BLOCK_GRAMMAR[kind].options.map((o) => `${o}=`).join(', ');

/** Parses a block's content; never throws. */
export function parseBlock(source: string): ParseResult {
  try {
    return { ok: true, block: parseOrThrow(source) };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    // Not expected: the parser's own failure, reported as a block error rather than thrown.
    return {
      ok: false,
      error: { message: `could not read the block (${e instanceof Error ? e.message : String(e)})`, line: 1, column: 1, offset: 0, length: 0 },
    };
  }
}

function parseOrThrow(source: string): Block {
  if (typeof source !== 'string') fail('the block is not text', { line: 1, column: 1, offset: 0, length: 0 });
  if (source.length > MAX_BLOCK_CHARS)
    fail(
      `the block is ${source.length.toLocaleString('en-US')} characters long, more than ${MAX_BLOCK_CHARS.toLocaleString('en-US')}: a block holds one short directive`,
      spanAt(source, MAX_BLOCK_CHARS, source.length - MAX_BLOCK_CHARS),
    );
  let directive: { tokens: Token[]; text: string; span: SourceSpan } | undefined;
  linesOf(source).forEach((l, i) => {
    const tokens = tokenize(l.text, i + 1, l.offset);
    if (tokens.length === 0) return;
    if (directive) {
      const t = tokens[0]!;
      fail(
        `a block holds one directive; a second one starts here (the first is on line ${directive.span.line}; write each in its own block, or make this line a # comment)`,
        t.span,
        t.text,
      );
    }
    const first = tokens[0]!.span;
    const last = tokens.at(-1)!.span;
    const length = last.offset + last.length - first.offset;
    directive = { tokens, text: source.slice(first.offset, first.offset + length), span: { ...first, length } };
  });
  if (!directive)
    fail(`the block is empty: write one directive, e.g. ${BLOCK_KINDS.map((k) => `"${BLOCK_GRAMMAR[k].example}"`).join(', ')}`, {
      line: 1,
      column: 1,
      offset: 0,
      length: 0,
    });
  return parseDirective(directive.tokens, directive.text, directive.span);
}

function parseDirective(tokens: readonly Token[], text: string, span: SourceSpan): Block {
  const head = tokens[0]!;
  const kind = head.text.toLowerCase();
  if (!isBlockKind(kind)) {
    if (head.text.includes('=')) fail(`a directive starts with its kind (${BLOCK_KINDS.join(', ')}), not with an option`, head.span, head.text);
    fail(`unknown block kind ${quoteToken(head.text)}${didYouMean(kind, BLOCK_KINDS)}; the kinds are ${BLOCK_KINDS.join(', ')}`, head.span, head.text);
  }
  const spec = BLOCK_GRAMMAR[kind];
  const options = new Map<BlockOptionName, { value: string; token: Token }>();
  const positionals: Token[] = [];
  const shockTokens: Token[] = [];
  const shockMode = kind === 'scenario' && tokens[1]?.text.toLowerCase() === SHOCK_KEYWORD;

  for (const t of tokens.slice(shockMode ? 2 : 1)) {
    const eq = t.text.indexOf('=');
    if (eq < 0) {
      positionals.push(t);
      continue;
    }
    const key = t.text.slice(0, eq).toLowerCase();
    if (!isOptionName(key)) {
      if (shockMode) {
        shockTokens.push(t);
        continue;
      }
      if (eq === 0) fail(`${quoteToken(t.text)}: an option needs a name before "=" (${kind} takes ${optionList(kind)})`, t.span, t.text);
      fail(`unknown option ${quoteToken(t.text.slice(0, eq))}${didYouMean(key, OPTION_NAMES)}; ${kind} takes ${optionList(kind)}`, t.span, t.text);
    }
    if (!spec.options.includes(key)) fail(`${key}= is not an option of ${kind}; ${kind} takes ${optionList(kind)}`, t.span, t.text);
    const earlier = options.get(key);
    if (earlier) fail(`${key}= is given twice (first at column ${earlier.token.span.column} of line ${earlier.token.span.line})`, t.span, t.text);
    options.set(key, { value: checkOption(key, t.text.slice(eq + 1), t), token: t });
  }

  const asOf = options.get('as-of');
  const base: BlockBase = { directive: text, span, ...(asOf ? { asOf: asOf.value, asOfSpan: asOf.token.span } : {}) };

  if (kind === 'scenario') {
    if (shockMode) {
      if (positionals.length)
        fail(`${quoteToken(positionals[0]!.text)}: a shock is FACTOR=MOVE pairs, e.g. BTC=-30% NDX=-20%`, positionals[0]!.span, positionals[0]!.text);
      return { kind, ...base, scenario: { shocks: parseShockTokens(shockTokens, tokens[1]!) }, scenarioSpan: tokens[1]!.span };
    }
    const name = positionals[0];
    if (!name) fail(`scenario needs a scenario name (e.g. crypto-winter-2022, btc-crash) or "shock FACTOR=MOVE…"`, head.span, head.text);
    if (positionals.length > 1)
      fail(
        `scenario takes one name; ${quoteToken(positionals[1]!.text)} is one too many (a custom shock: scenario shock BTC=-30%)`,
        positionals[1]!.span,
        positionals[1]!.text,
      );
    const id = name.text.toLowerCase();
    if (!SCENARIO_NAME_RE.test(id))
      fail(`${quoteToken(name.text)} is not a scenario name (lower-case letters, digits and dashes, e.g. crypto-winter-2022)`, name.span, name.text);
    return { kind, ...base, scenario: { name: id }, scenarioSpan: name.span };
  }

  if (kind === 'portfolio') {
    if (positionals.length)
      fail(
        `portfolio takes no arguments, got ${quoteToken(positionals[0]!.text)} (the holdings come from the Portfolio view)`,
        positionals[0]!.span,
        positionals[0]!.text,
      );
    return { kind, ...base };
  }

  const args = spec.args!;
  const symbols: string[] = [];
  const symbolSpans: SourceSpan[] = [];
  for (const t of positionals) {
    const symbol = normaliseSymbol(t.text);
    if (!SYMBOL_RE.test(symbol))
      fail(`${quoteToken(t.text)} is not a symbol (a ticker such as IREN, $IREN, BTC: letters, digits, "." and "-")`, t.span, t.text);
    const at = symbols.indexOf(symbol);
    if (at >= 0) fail(`${symbol} is given twice (first at column ${symbolSpans[at]!.column})`, t.span, t.text);
    if (symbols.length >= args.max)
      fail(
        args.max === 1
          ? `${kind} takes one symbol; ${quoteToken(t.text)} is one too many`
          : `${kind} takes at most ${args.max} symbols; ${quoteToken(t.text)} is the ${args.max + 1}th`,
        t.span,
        t.text,
      );
    symbols.push(symbol);
    symbolSpans.push(t.span);
  }
  if (symbols.length < args.min) fail(`${kind} needs ${args.max === 1 ? 'a symbol' : 'at least one symbol'}, e.g. "${spec.example}"`, head.span, head.text);
  if (kind === 'chart') {
    const range = (options.get('range')?.value ?? BLOCK_OPTIONS.range.default) as RangeKey;
    const metric = (options.get('metric')?.value ?? BLOCK_OPTIONS.metric.default) as ChartMetric;
    return { kind, ...base, symbols, symbolSpans, range, metric };
  }
  return { kind, ...base, symbols, symbolSpans };
}

/** An option's value, checked and in its canonical case. */
function checkOption(name: BlockOptionName, raw: string, t: Token): string {
  const spec = BLOCK_OPTIONS[name];
  if (raw === '') fail(`${name}= needs a value: ${spec.values ? spec.values.map((v) => v.value).join(', ') : spec.format}`, t.span, t.text);
  if (spec.values) {
    const found = spec.values.find((v) => v.value.toLowerCase() === raw.toLowerCase());
    if (!found)
      fail(
        `${quoteToken(raw)} is not a ${name}${didYouMean(
          raw,
          spec.values.map((v) => v.value),
          true,
        )}; ${name}= takes ${spec.values.map((v) => v.value).join(', ')}`,
        t.span,
        t.text,
      );
    return found.value;
  }
  // as-of
  if (!DATE_RE.test(raw)) fail(`${quoteToken(raw)} is not a date: write as-of=YYYY-MM-DD`, t.span, t.text);
  try {
    dayNumber(raw);
  } catch {
    fail(`${raw} is not a calendar date`, t.span, t.text);
  }
  return raw;
}

/** `BTC=-30% NDX=-0.2` → factor → move, with src/core/scenario parseShocks's checks, each error at its token. */
function parseShockTokens(tokens: readonly Token[], keyword: Token): Record<string, number> {
  if (tokens.length === 0)
    fail(`${SHOCK_KEYWORD} needs at least one FACTOR=MOVE, e.g. "scenario shock BTC=-30%" or "scenario shock BTC=-30% NDX=-20%"`, keyword.span, keyword.text);
  const out: Record<string, number> = {};
  const at = new Map<string, Token>();
  for (const t of tokens) {
    let one: Record<string, number>;
    try {
      one = parseShocks(t.text);
    } catch (e) {
      if (e instanceof AnalyticsError) fail(e.message, t.span, t.text);
      throw e;
    }
    for (const [factor, move] of Object.entries(one)) {
      const earlier = at.get(factor);
      if (earlier) fail(`${factor} is shocked twice (first at column ${earlier.span.column})`, t.span, t.text);
      if (at.size >= MAX_BLOCK_SHOCKS) fail(`a shock moves at most ${MAX_BLOCK_SHOCKS} factors`, t.span, t.text);
      at.set(factor, t);
      out[factor] = move;
    }
  }
  return out;
}
