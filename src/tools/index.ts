/**
 * The tool layer: Hashpivot's figures as tools for language models (VS Code's languageModelTools,
 * the `@hashpivot` chat participant, the `hashpivot mcp` server). Pure apart from what the host
 * gives it in a {@link ToolContext}: no VS Code, no Node-only modules.
 */
export * from './definitions';
export * from './context';
export * from './errors';
export { runTool } from './run';
export { structuredEnvelope, resultText, type ToolResult, type ToolSuccess, type ToolFailure } from './result';
export type { ToolMarket, ToolSource } from './market';
export type { NamedHoldings } from './figures';
