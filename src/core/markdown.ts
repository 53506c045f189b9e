/** Markdown helpers. Pure. */

/** Line breaks of every kind (a lone \r too) and other control characters: folded to one space. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Escapes text from data sources so that it renders as text, not Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  // Inline text: what could start emphasis, code, links, images, HTML or a table cell. Line-start
  // syntax (#, -, +, 1.) cannot trigger mid-line, and line breaks are folded to spaces.
  return text.replace(/[\\`*_{}[\]()!|<>~&]/g, (c) => `\\${c}`).replace(BREAKS_AND_CONTROLS, ' ');
}

/**
 * Text from data sources for a notification, a log line or a status message: one line, no control
 * characters, at most `max` characters, and no `[label](target)` that VS Code would turn into a
 * clickable link (notifications render `[x](command:…)` as a command link; a zero-width space
 * between `]` and `(` keeps the text and breaks the link).
 */
export function plainText(text: string, max = 500): string {
  const one = text.replace(BREAKS_AND_CONTROLS, ' ').replace(/\]\(/g, ']\u200b(');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A cell of a Markdown table: pipes escaped, newlines folded. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(BREAKS_AND_CONTROLS, ' ');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.map(tableCell).join(' | ')} |`).join('\n');
}
