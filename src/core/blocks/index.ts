/**
 * Live notes: fenced `hashpivot` blocks (issue 17). The grammar as data, the parser, completions
 * and hovers, and the renderer (HTML, a chart spec, dated Markdown) over a {@link BlockContext}
 * the host implements. Pure: no VS Code, no Node-only APIs.
 */
export * from './grammar';
export {
  formatBlockError,
  parseBlock,
  quoteToken,
  type Block,
  type BlockError,
  type ChartBlock,
  type DealsBlock,
  type MinersBlock,
  type ParseResult,
  type PortfolioBlock,
  type ReportBlock,
  type ScenarioBlock,
  type SourceSpan,
  type SymbolsBlock,
} from './parse';
export {
  blockCompletions,
  blockHover,
  type BlockCompletion,
  type BlockCompletionKind,
  type BlockCompletions,
  type BlockHover,
  type SymbolSuggester,
} from './assist';
export type { BlockCatalog, BlockContext, BlockDeal, BlockMiner, BlockMinerFigures, BlockSource } from './context';
export type { BlockChartSpec, BlockProblem, BlockProblemCode, RenderedBlock } from './common';
export { renderBlock, renderError, renderSource } from './render';
export { BlockCache } from './cache';
export { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, escapeHtml, safeUrl } from './html';
export { MAX_CHART_POINTS } from './chart';
export { REPORT_NOTE } from './reportBlock';
export { blockAtLine, findBlocks, type FencedBlock } from './fences';
export { installBlockFence, isBlockFence, type MarkdownItLike } from './markdownIt';
export { chartSvg, chartsAsImages, noteHtmlDocument } from './export';
