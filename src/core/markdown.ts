/** Markdown helpers. Pure. */

/** Escapes text from data sources so that it renders as text, not Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  // Inline text: what could start emphasis, code, links, images, HTML or a table cell. Line-start
  // syntax (#, -, +, 1.) cannot trigger mid-line, and newlines are folded to spaces.
  return text.replace(/[\\`*_{}[\]()!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A cell of a Markdown table: pipes escaped, newlines folded. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.map(tableCell).join(' | ')} |`).join('\n');
}
