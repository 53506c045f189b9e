/**
 * The Model Context Protocol server behind `hashpivot mcp`: the official TypeScript SDK's
 * low-level Server with every tool of src/tools under the same name, description and input
 * schema as in VS Code, over stdio. Each call goes to the host's `call` (src/tools runTool): the
 * summary as text content, the figures with their source and date as structuredContent, isError
 * on an error result.
 *
 * Bundled on its own as dist/mcp.js (the SDK, zod and Ajv: about 280 KB minified) and required
 * by dist/cli.js only when `hashpivot mcp` starts, so that no other command parses it. It holds no
 * engine: the host brings the tools and runs them.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../tools/definitions';
import { resultText, structuredEnvelope, type ToolResult } from '../tools/result';

export interface McpToolHost {
  tools: readonly ToolDefinition[];
  /** Runs a tool; never throws (src/tools runTool). */
  call(name: string, args: unknown): Promise<ToolResult>;
  /** Whether the tools may reach the network (live market data); false in snapshot mode. */
  openWorld: boolean;
  version: string;
}

export const MCP_INSTRUCTIONS =
  "Hashpivot computes market-risk figures of bitcoin miners pivoting to AI/HPC data centers (report, compare, pivot betas, stress scenarios, VaR) and lists their AI/HPC deals from its catalog. Every tool only reads. Structured figures are fractions, not percent; quote each result's data source and as-of date with its figures.";

/** A tool as tools/list gives it. */
export function mcpTool(d: ToolDefinition, openWorld: boolean): Tool {
  return {
    name: d.name,
    title: d.displayName,
    description: d.modelDescription,
    inputSchema: d.inputSchema as Tool['inputSchema'],
    annotations: {
      title: d.displayName,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      // Live market data reaches the network; the catalog (deals) and snapshot mode do not.
      openWorldHint: openWorld && d.name !== 'hashpivot_deals',
    },
  };
}

/** A tool result as tools/call answers it. */
export function mcpResult(r: ToolResult): CallToolResult {
  return { content: [{ type: 'text', text: resultText(r) }], structuredContent: structuredEnvelope(r), ...(r.ok ? {} : { isError: true }) };
}

/** The server, not yet connected (serveStdio connects it to stdio; tests to an in-memory transport). */
export function createMcpServer(host: McpToolHost): Server {
  const server = new Server({ name: 'hashpivot', title: 'Hashpivot', version: host.version }, { capabilities: { tools: {} }, instructions: MCP_INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: host.tools.map((d) => mcpTool(d, host.openWorld)) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => mcpResult(await host.call(request.params.name, request.params.arguments)));
  return server;
}

/** Serves on this process's stdin/stdout until the client closes stdin (or the connection). */
export async function serveStdio(host: McpToolHost): Promise<void> {
  const server = createMcpServer(host);
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  // The transport does not end with its input: close when the client closes stdin.
  process.stdin.once('end', () => void server.close());
  await server.connect(new StdioServerTransport());
  await closed;
}
