/** What the block renderers share: their result, problems, the series checks and the frame every block's HTML and Markdown sit in. Pure. */
import { addDays } from '../calendar';
import { escapeMarkdown, markdownTable } from '../markdown';
import { MAX_STALENESS_DAYS } from '../report';
import type { DailySeries, IsoDate } from '../types';
import { roleOf } from '../views/input';
import { dataLabel, type ViewSymbol } from '../views/build/common';
import type { LineSeries, XRange } from '../../shared/protocol';
import type { BlockContext } from './context';
import type { BlockKind, ChartMetric } from './grammar';
import { h, safeUrl, type Child } from './html';
import type { SourceSpan } from './parse';

/** Why a block shows an error instead of its figures. */
export type BlockProblemCode = 'parse' | 'unknown-symbol' | 'no-data' | 'unknown-company' | 'unknown-scenario' | 'unknown-factor' | 'no-holdings' | 'failed';

export interface BlockProblem {
  code: BlockProblemCode;
  message: string;
  /** Where in the block's source the problem is, when it is one token (a symbol, the as-of). */
  span?: SourceSpan;
  token?: string;
}

/** What a chart block asks the preview script to draw (JSON-serialisable: no NaN, no functions). */
export interface BlockChartSpec {
  version: 1;
  metric: ChartMetric;
  /** `index`: rebased to 100; `percent`: fractions shown as percent; `number`: prices, ρ, β. */
  yFormat: 'index' | 'percent' | 'number';
  /** The y-axis title. */
  yLabel: string;
  /** Days since 1970-01-01: the first and last day plotted. */
  x: XRange;
  /** Each line LTTB-decimated: x in days since 1970-01-01, y the value. */
  series: LineSeries[];
  /** The first and last day of the range asked for (ISO). */
  from: IsoDate;
  asOf: IsoDate;
}

export interface RenderedBlock {
  ok: boolean;
  kind: BlockKind | null;
  /** The title line, as text. */
  title: string;
  /** A self-contained fragment: `<div class="hashpivot-block hashpivot-KIND">`, or `hashpivot-error`. */
  html: string;
  /** The block frozen as dated Markdown (the "Freeze" action); null for an error. */
  markdown: string | null;
  /** Chart blocks: what the preview script draws (also in the HTML's `data-chart`). */
  chart?: BlockChartSpec;
  /** The date the figures are as of. */
  asOf?: IsoDate;
  error?: BlockProblem;
}

/** Thrown inside a renderer for what the block cannot show; renderBlock turns it into an error fragment. */
export class BlockRenderError extends Error {
  constructor(readonly problem: BlockProblem) {
    super(problem.message);
  }
}

export function problem(code: BlockProblemCode, message: string, span?: SourceSpan, token?: string): never {
  throw new BlockRenderError({ code, message, ...(span ? { span } : {}), ...(token !== undefined ? { token } : {}) });
}

/** The series of a symbol the block names, or an error: unknown symbol, nothing in memory, or no name/asset class. */
export function needSymbol(ctx: BlockContext, symbol: string, span?: SourceSpan): ViewSymbol {
  const series = ctx.series(symbol);
  const entry = ctx.entry(symbol);
  if (!series && !ctx.isKnown(symbol))
    problem(
      'unknown-symbol',
      `unknown symbol ${symbol}: it is not in the universe, the watchlist or the snapshot (add it to the watchlist to load it)`,
      span,
      symbol,
    );
  if (!series || series.dates.length === 0)
    problem('no-data', `no price data for ${symbol} in memory yet (it may still be loading; Refresh Data loads it)`, span, symbol);
  if (!entry) problem('unknown-symbol', `unknown symbol ${symbol}`, span, symbol);
  return { symbol, name: entry.name, role: roleOf(symbol), assetClass: entry.assetClass, series };
}

/** An as-of date the series can answer: not before its first close, not more than {@link MAX_STALENESS_DAYS} after its last. */
export function checkCoverage(symbol: string, s: Pick<DailySeries, 'dates'>, asOf: IsoDate, span?: SourceSpan): void {
  const first = s.dates[0]!;
  const last = s.dates.at(-1)!;
  if (asOf < first) problem('no-data', `no data for ${symbol} at ${asOf}: its data starts ${first}`, span, symbol);
  if (addDays(last, MAX_STALENESS_DAYS) < asOf)
    problem('no-data', `no data for ${symbol} at ${asOf}: its data ends ${last}, more than ${MAX_STALENESS_DAYS} days before`, span, symbol);
}

/** The latest date every series has (the block's as-of when none is given). */
export function commonLastDate(series: ReadonlyArray<Pick<DailySeries, 'dates'>>): IsoDate {
  return series.map((s) => s.dates.at(-1)!).sort()[0]!;
}

/** `as-of` if given, else the latest date the series all have; checked against each. */
export function blockAsOf(asked: IsoDate | undefined, syms: readonly ViewSymbol[], span?: SourceSpan): IsoDate {
  const asOf = asked ?? commonLastDate(syms.map((s) => s.series));
  for (const s of syms) checkCoverage(s.symbol, s.series, asOf, span);
  return asOf;
}

/** `snapshot of 2026-05-29`, `cached 3 h ago`, `live`: where the series came from. */
export function dataText(series: readonly DailySeries[], now: Date): string {
  return series.length ? dataLabel(series, now.getTime()).text : 'no market data';
}

/** What a renderer gives the frame. */
export interface BlockBody {
  title: string;
  asOf: IsoDate;
  /** Where the figures come from (market data label, the catalog, both). */
  source: string;
  content: Child;
  /** Lines under the table (how a figure is defined, why one is unknown). */
  notes: readonly string[];
  /** The Markdown table of the frozen block. */
  markdownTable: string;
  /** The whole frozen Markdown, when the block has its own (the portfolio snapshot). */
  markdown?: string;
  chart?: BlockChartSpec;
}

/** Today as the frozen line dates it (UTC). */
export const isoDay = (now: Date): IsoDate => now.toISOString().slice(0, 10);

export function frame(kind: BlockKind, body: BlockBody, now: Date): RenderedBlock {
  const html = h(
    'div',
    { class: `hashpivot-block hashpivot-${kind}`, 'data-kind': kind, 'data-as-of': body.asOf },
    h('div', { class: 'hashpivot-title' }, body.title),
    body.content,
    body.notes.length
      ? h(
          'ul',
          { class: 'hashpivot-notes' },
          body.notes.map((n) => h('li', null, n)),
        )
      : null,
    h('div', { class: 'hashpivot-footer' }, `Hashpivot · as of ${body.asOf} · ${body.source}`),
  );
  const markdown =
    body.markdown ??
    [
      `*Hashpivot ${escapeMarkdown(body.title)}, as of ${body.asOf} (${escapeMarkdown(body.source)}), frozen ${isoDay(now)}*`,
      '',
      body.markdownTable,
      ...(body.notes.length ? ['', ...body.notes.map((n) => `*${escapeMarkdown(n)}*  `)] : []),
      '',
    ].join('\n');
  return { ok: true, kind, title: body.title, html: html.value, markdown, asOf: body.asOf, ...(body.chart ? { chart: body.chart } : {}) };
}

/** A Markdown table cell from text (catalog names, notes): Markdown and HTML escaped, the pipe left to {@link markdownTable}. */
export function mdText(text: string): string {
  return escapeMarkdown(text).replace(/\\\|/g, '|');
}

/** A Markdown cell written by the renderer itself (a link), inserted as it is. */
export interface RawMarkdown {
  md: string;
}

/** {@link markdownTable} over cells that may be text from data sources (escaped) or {@link RawMarkdown}. */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | RawMarkdown)[])[], align?: readonly ('l' | 'r')[]): string {
  return markdownTable(
    header.map(mdText),
    rows.map((r) => r.map((c) => (typeof c === 'string' ? mdText(c) : c.md))),
    align,
  );
}

/** `[title](url)` for an http(s) URL (parentheses and spaces encoded), else the title alone; both escaped. */
export function mdLink(title: string, url: string | undefined): RawMarkdown {
  const href = safeUrl(url);
  if (!href) return { md: mdText(title) };
  return { md: `[${mdText(title)}](${href.replace(/[()\s<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` };
}
