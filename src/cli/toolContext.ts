/**
 * The tools' context on the command line (`hashpivot mcp`): the CLI's market store, the shipped
 * catalog with a --catalog file merged over it (loaded on first use, its problems on stderr), a
 * holdings file read at each call (so edits are seen), and the clock.
 */
import { existsSync } from 'node:fs';
import { WORKSPACE_PORTFOLIO_PATH } from '../core/portfolio';
import type { MarketStore } from '../data/store';
import { ToolError, type ToolCatalog, type ToolContext } from '../tools';
import { loadCliCatalog, type CatalogFiles } from './catalogFiles';
import { readHoldingsFile } from './holdings';
import { CliError, type Io } from './io';

export interface CliToolContextOptions extends CatalogFiles {
  store: MarketStore;
  /** Where warnings and logs go (stderr: stdout carries the protocol). */
  io: Io;
  /** A catalog override file merged over the shipped one. */
  catalogFile?: string;
  /** The holdings for basis "portfolio" (default ./.hashpivot/portfolio.json when it exists). */
  portfolioFile?: string;
  now?: () => number;
}

export function cliToolContext(o: CliToolContextOptions): ToolContext {
  let catalog: ToolCatalog | undefined;
  const loadCatalog = (): ToolCatalog => {
    try {
      const loaded = loadCliCatalog(o.catalogFile, o.io, o);
      const used = loaded.override !== undefined && loaded.sources.includes(loaded.override.file);
      return { catalog: loaded.catalog, label: `shipped${used ? ` + ${loaded.override!.file}` : ''}` };
    } catch (e) {
      if (e instanceof CliError) throw new ToolError('no-data', e.message);
      throw e;
    }
  };
  return {
    market: o.store,
    catalog: () => (catalog ??= loadCatalog()),
    holdings: () => {
      const file = o.portfolioFile ?? WORKSPACE_PORTFOLIO_PATH;
      if (o.portfolioFile === undefined && !existsSync(file)) return { reason: `no holdings file ${file} here (start the server with --portfolio FILE)` };
      try {
        return { label: file, holdings: readHoldingsFile(file, o.store, o.io) };
      } catch (e) {
        if (e instanceof CliError) return { reason: e.message };
        throw e;
      }
    },
    now: o.now ?? (() => Date.now()),
    log: (message) => o.io.err(`hashpivot mcp: ${message}`),
  };
}
