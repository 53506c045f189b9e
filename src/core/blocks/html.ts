/**
 * HTML for the blocks, built so that text cannot become markup: {@link h} takes a tag from a fixed
 * list, attributes from a fixed list (no event handlers, no `style`), escapes every attribute
 * value and every string child, and inserts raw only what another {@link h} built. Links only to
 * http(s) URLs. Pure.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '\u0000': '\ufffd' };

/** Text as HTML text or as an attribute value: `& < > " ' \`` as entities, NUL replaced. */
export function escapeHtml(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is replaced, as an HTML parser would
  return String(text).replace(/[&<>"'`\u0000]/g, (c) => ESCAPES[c]!);
}

/** Markup built by {@link h}: the only thing inserted without escaping. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = string | number | Html | null | undefined | false | readonly Child[];

export const ALLOWED_TAGS = [
  'div',
  'span',
  'p',
  'strong',
  'em',
  'small',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'caption',
  'canvas',
  'a',
  'ul',
  'li',
  'code',
] as const;
export type Tag = (typeof ALLOWED_TAGS)[number];

export const ALLOWED_ATTRIBUTES = ['class', 'title', 'href', 'rel', 'role', 'aria-label', 'data-chart', 'data-kind', 'data-as-of', 'scope'] as const;
export type Attribute = (typeof ALLOWED_ATTRIBUTES)[number];
export type Attrs = Partial<Record<Attribute, string | undefined>>;

/** An http(s) URL as written, or undefined for anything else (javascript:, data:, relative, malformed). */
export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > 2000) return undefined;
  const t = url.trim();
  if (!/^https?:\/\//i.test(t)) return undefined;
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function childHtml(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (c instanceof Html) return c.value;
  if (Array.isArray(c)) return (c as readonly Child[]).map(childHtml).join('');
  return escapeHtml(String(c));
}

/** `<tag attrs>children</tag>`: attribute values and string children escaped; `href` only when {@link safeUrl} accepts it. */
export function h(tag: Tag, attrs: Attrs | null, ...children: Child[]): Html {
  let a = '';
  for (const name of ALLOWED_ATTRIBUTES) {
    let v = attrs?.[name];
    if (v === undefined) continue;
    if (name === 'href') {
      v = safeUrl(v);
      if (v === undefined) continue;
    }
    a += ` ${name}="${escapeHtml(v)}"`;
  }
  return new Html(`<${tag}${a}>${children.map(childHtml).join('')}</${tag}>`);
}

/** A link to an http(s) URL, or the text alone when the URL is not one. */
export function link(text: string, url: string | undefined): Html {
  const href = safeUrl(url);
  return href ? h('a', { href, rel: 'noopener noreferrer', title: href }, text) : new Html(escapeHtml(text));
}

/** A table cell: text, optionally with why (a tooltip) and right-aligned (numbers). */
export interface Cell {
  text: string;
  title?: string;
  num?: boolean;
  href?: string;
}

export type CellInput = string | Cell;

const cellOf = (c: CellInput): Cell => (typeof c === 'string' ? { text: c } : c);

/** A table with a header row; `rowHeaders`: the first cell of each row is a header. */
export function table(
  header: readonly CellInput[],
  rows: readonly (readonly CellInput[])[],
  opts: { className?: string; rowHeaders?: boolean; caption?: string } = {},
): Html {
  const th = (c: Cell, scope: string) => h('th', { scope, class: c.num ? 'num' : undefined, title: c.title }, c.text);
  const td = (c: Cell) => h('td', { class: c.num ? 'num' : undefined, title: c.title }, c.href ? link(c.text, c.href) : c.text);
  return h(
    'table',
    { class: ['hashpivot-table', opts.className].filter(Boolean).join(' ') },
    opts.caption ? h('caption', null, opts.caption) : null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        header.map((c) => th(cellOf(c), 'col')),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          r.map((c, i) => (opts.rowHeaders && i === 0 ? th(cellOf(c), 'row') : td(cellOf(c)))),
        ),
      ),
    ),
  );
}
