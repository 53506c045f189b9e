/**
 * `hashpivot mcp [--source …] [--cache-dir DIR] [--endpoint HOST=URL] [--portfolio FILE]
 * [--catalog FILE]`: a Model Context Protocol server on stdio with Hashpivot's tools
 * (src/cli/mcpServer.ts, bundled as dist/mcp.js and required only here). The tools run here, on the
 * CLI's store and catalog (src/cli/toolContext.ts). stdout carries nothing but the protocol;
 * logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { WORKSPACE_PORTFOLIO_PATH } from '../../core/portfolio';
import type { MarketStore } from '../../data/store';
import { runTool, TOOL_DEFINITIONS } from '../../tools';
import type { CatalogFiles } from '../catalogFiles';
import { createCliStore } from '../context';
import { CliError, type Io } from '../io';
import type * as McpServerModule from '../mcpServer';
import { CACHE_DIR_HELP, ENDPOINT_HELP, HELP_HELP, marketOptions, parseOptions, SOURCE_HELP } from '../options';
import { cliToolContext } from '../toolContext';

declare const __HASHPIVOT_VERSION__: string | undefined;

export const MCP_USAGE = `Usage: hashpivot mcp [options]

A Model Context Protocol server on stdin/stdout (JSON-RPC messages, one a line) with Hashpivot's
tools: ${TOOL_DEFINITIONS.map((d) => d.name).join(', ')}. Every tool only reads; each result
gives its data source and as-of date. stdout carries only the protocol; logs go to stderr.
Add it to an assistant as a stdio server: command "hashpivot" (or "node" with the path of
dist/cli.js), arguments ["mcp"] and any options below.

Options:
  --portfolio FILE         holdings for basis "portfolio", read at each call (default
                           ./${WORKSPACE_PORTFOLIO_PATH} when it exists)
  --catalog FILE           a catalog override file merged over the shipped one
${SOURCE_HELP}
${ENDPOINT_HELP}
${CACHE_DIR_HELP}
${HELP_HELP}`;

export interface McpCommandOptions extends CatalogFiles {
  /** Use this store instead of creating one from --source (tests). */
  store?: MarketStore;
}

/** dist/mcp.js, beside dist/cli.js (esbuild marks './mcp.js' external there). */
function loadMcpServer(): typeof McpServerModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./mcp.js') as typeof McpServerModule;
}

export async function mcpCommand(argv: string[], io: Io, opts: McpCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseOptions(argv, MCP_USAGE, {
    source: { type: 'string', default: 'auto' },
    endpoint: { type: 'string', multiple: true },
    'cache-dir': { type: 'string' },
    portfolio: { type: 'string' },
    catalog: { type: 'string' },
  });
  if (values.help) {
    io.out(MCP_USAGE);
    return 0;
  }
  if (positionals.length) throw new CliError(`mcp takes no positional arguments, got ${positionals.join(' ')}\n\n${MCP_USAGE}`);
  const c = marketOptions(values);
  if (values.catalog !== undefined && !existsSync(values.catalog)) throw new CliError(`cannot read catalog file ${values.catalog}: ENOENT`);
  if (values.portfolio !== undefined && !existsSync(values.portfolio)) throw new CliError(`cannot read holdings file ${values.portfolio}: ENOENT`);
  const { serveStdio } = loadMcpServer();
  // From here on stdout is the protocol's: everything else goes to stderr.
  const log: Io = { out: (line) => io.err(line), err: (line) => io.err(line) };
  const store = opts.store ?? createCliStore({ mode: c.mode, cacheDir: c.cacheDir, endpoints: c.endpoints, io: log });
  const ctx = cliToolContext({ store, io: log, catalogFile: values.catalog, portfolioFile: values.portfolio, shippedCatalog: opts.shippedCatalog });
  await serveStdio({
    tools: TOOL_DEFINITIONS,
    call: (name, args) => runTool(name, args, ctx),
    openWorld: c.mode !== 'snapshot',
    version: typeof __HASHPIVOT_VERSION__ === 'string' ? __HASHPIVOT_VERSION__ : 'dev',
  });
  return 0;
}
