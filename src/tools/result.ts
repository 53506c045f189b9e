/**
 * A tool call's result and the two forms transports carry it in: text, and a structured object
 * (MCP's `structuredContent` must be an object). Kept apart from run.ts so that a transport
 * (src/cli/mcpServer.ts, bundled on its own) needs none of the engine.
 */
import type { IsoDate } from '../core/types';
import type { ToolName } from './definitions';
import type { ToolErrorCode } from './errors';
import type { ToolSource } from './market';

export interface ToolSuccess {
  ok: true;
  tool: ToolName;
  /** The same object the equivalent CLI command prints with `--json` (NaN as null). */
  structured: unknown;
  /** A compact Markdown summary: what, as of when, from which data, a table, what the numbers mean. */
  text: string;
  /** Where the figures came from: live, cached with its age, the snapshot with its date, or the catalog. */
  source: ToolSource;
  /** The date the figures are as of (null when there is none, e.g. a catalog without one). */
  asOf: IsoDate | null;
}

export interface ToolFailure {
  ok: false;
  tool: string;
  error: { code: ToolErrorCode; message: string };
}

export type ToolResult = ToolSuccess | ToolFailure;

/** What a transport carries as the structured part of a result (MCP `structuredContent` must be an object). */
export function structuredEnvelope(r: ToolResult): Record<string, unknown> {
  return r.ok ? { tool: r.tool, source: r.source, asOf: r.asOf, result: r.structured } : { tool: r.tool, error: r.error };
}

/** The text of a result: the summary, or `hashpivot_report: unknown symbol "FOO" (…)`. */
export function resultText(r: ToolResult): string {
  return r.ok ? r.text : `${r.tool}: ${r.error.message}`;
}
