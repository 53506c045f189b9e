/**
 * Counterparty exposure of the miners' contracted AI/HPC backlog: by counterparty, backer and end
 * user, per-miner concentration, backstops, a counterparty-default scenario and Sankey flows.
 * Pure; its inputs are structural (a catalog deal fits), so it imports nothing of src/catalog.
 */
export * from './types';
export { buildExposure, backersOf, entityKey, normSymbol, NO_BACKER_KEY, NO_BACKER_LABEL } from './model';
export * from './entities';
export * from './default';
export * from './flows';
