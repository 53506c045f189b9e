/**
 * What a host gives the tools: market data, the catalog, the holdings when it has them, and the
 * clock. The CLI's MCP server builds one over its MarketStore, the shipped catalog (+ --catalog)
 * and a holdings file (src/cli/toolContext.ts); the extension builds one over its services.
 */
import type { Catalog } from '../catalog';
import type { NamedHoldings } from './figures';
import type { ToolMarket } from './market';

/** The catalog and how to name it in a result (`shipped`, `shipped + .hashpivot/catalog.json`). */
export interface ToolCatalog {
  catalog: Catalog;
  label: string;
}

export interface ToolContext {
  /** Market data (src/data `MarketStore` fits): every tool but deals reads it. */
  market: ToolMarket;
  /** The catalog of miners and deals (deals; the pivot's deal dates). */
  catalog(): ToolCatalog | Promise<ToolCatalog>;
  /** The user's holdings for basis "portfolio", or why there are none (no file, no positions, Restricted Mode); absent: the host has none. */
  holdings?(): NamedHoldings | { reason: string } | Promise<NamedHoldings | { reason: string }>;
  /** Milliseconds since 1970: the age of cached data. */
  now(): number;
  /** Where an internal error's stack goes (the result carries only its message). */
  log?(message: string): void;
}
