/** Holdings with cost basis: checking them, valuing them, their P&L and their risk. Pure. */
export * from './holdings';
export * from './valuation';
export * from './snapshot';
export * from './history';
