/**
 * Rendering a parsed block: the figures as an HTML fragment (every text escaped, no scripts, no
 * styles, links only to http(s)), a chart spec for chart blocks, and the dated Markdown the
 * "Freeze" action writes. Never throws: what cannot be shown (an unknown symbol, no data at the
 * as-of date, no holdings, an unknown scenario, a failure of an engine) is an error fragment. Pure.
 */
import { renderPortfolio, renderScenario } from './analytics';
import { renderChart } from './chart';
import { BlockRenderError, frame, type BlockBody, type BlockProblem, type RenderedBlock } from './common';
import type { BlockContext } from './context';
import { h } from './html';
import { renderDeals, renderMiners } from './listings';
import { formatBlockError, parseBlock, type Block, type BlockError } from './parse';
import { renderReport } from './reportBlock';
import { renderEconomics } from './economicsBlock';

function body(block: Block, ctx: BlockContext, now: Date): BlockBody {
  switch (block.kind) {
    case 'chart':
      return renderChart(block, ctx, now);
    case 'report':
      return renderReport(block, ctx, now);
    case 'deals':
      return renderDeals(block, ctx, now);
    case 'miners':
      return renderMiners(block, ctx, now);
    case 'economics':
      return renderEconomics(block, ctx, now);
    case 'scenario':
      return renderScenario(block, ctx, now);
    case 'portfolio':
      return renderPortfolio(block, ctx, now);
  }
}

/** Renders a parsed block from what the context holds; an error fragment (never an exception) when it cannot. */
export function renderBlock(block: Block, ctx: BlockContext, now: Date): RenderedBlock {
  try {
    return frame(block.kind, body(block, ctx, now), now);
  } catch (e) {
    if (e instanceof BlockRenderError) return renderProblem(e.problem, block);
    return renderProblem({ code: 'failed', message: `the block could not be rendered: ${e instanceof Error ? e.message : String(e)}` }, block);
  }
}

function isParseError(e: BlockError | BlockProblem): e is BlockError {
  return typeof (e as BlockError).line === 'number' && !('code' in e);
}

/** The error fragment of a parse error ({@link parseBlock}) or of a problem found while rendering. */
export function renderError(error: BlockError | BlockProblem, block?: Block): RenderedBlock {
  if (!isParseError(error)) return renderProblem(error, block);
  const span = { line: error.line, column: error.column, offset: error.offset, length: error.length };
  return renderProblem({ code: 'parse', message: formatBlockError(error), span, ...(error.token !== undefined ? { token: error.token } : {}) });
}

function renderProblem(p: BlockProblem, block?: Block): RenderedBlock {
  const where = p.code !== 'parse' && p.span ? `line ${p.span.line}, column ${p.span.column}: ` : '';
  const title = block ? `Hashpivot ${block.kind} block: cannot show it` : 'Hashpivot block: cannot read it';
  const html = h(
    'div',
    { class: 'hashpivot-block hashpivot-error', role: 'alert', 'data-kind': 'error' },
    h('div', { class: 'hashpivot-title' }, title),
    h('p', { class: 'hashpivot-message' }, `${where}${p.message}`),
    block ? h('p', { class: 'hashpivot-directive' }, h('code', null, block.directive)) : null,
  );
  return { ok: false, kind: block?.kind ?? null, title, html: html.value, markdown: null, error: p };
}

/** Parses and renders a block's content (the text between its fences). */
export function renderSource(source: string, ctx: BlockContext, now: Date): RenderedBlock {
  const parsed = parseBlock(source);
  return parsed.ok ? renderBlock(parsed.block, ctx, now) : renderError(parsed.error);
}
