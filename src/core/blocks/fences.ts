/**
 * Where the `hashpivot` blocks of a Markdown text are: CommonMark fences (three or more backticks
 * or tildes, up to three spaces of indent; closed by a fence of the same character at least as
 * long, or by the end of the text), so the editor's completions, hovers and the Freeze action
 * find the same blocks the preview renders. Pure.
 */
import { BLOCK_LANGUAGE } from './grammar';

export interface FencedBlock {
  /** Line of the opening fence (0-based). */
  openLine: number;
  /** Line of the closing fence; the last line of the text when the fence is not closed. */
  closeLine: number;
  /** Whether a closing fence was found. */
  closed: boolean;
  /** The block's content (the lines between the fences, joined with \n). */
  content: string;
  /** The fence's info string. */
  info: string;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Every fenced block whose info string starts with `hashpivot` (any case). */
export function findBlocks(text: string): FencedBlock[] {
  const lines = text.split(/\r?\n/);
  const out: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m) continue;
    const fence = m[1]!;
    const info = m[2]!.trim();
    // A backtick fence's info string may not contain backticks (CommonMark).
    if (fence[0] === '`' && info.includes('`')) continue;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!)) j++;
    const closed = j < lines.length;
    if (info.split(/\s+/, 1)[0]!.toLowerCase() === BLOCK_LANGUAGE)
      out.push({ openLine: i, closeLine: closed ? j : lines.length - 1, closed, content: lines.slice(i + 1, closed ? j : lines.length).join('\n'), info });
    i = j;
  }
  return out;
}

/** The block whose content contains `line` (not its fences), if any. */
export function blockAtLine(blocks: readonly FencedBlock[], line: number): FencedBlock | undefined {
  return blocks.find((b) => line > b.openLine && (b.closed ? line < b.closeLine : line <= b.closeLine));
}
