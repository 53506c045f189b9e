/**
 * Pivot analytics: multi-factor OLS (plain and rolling) with classic and Newey–West (HAC) errors,
 * factor returns on aligned calendars, and the before/after view of a miner's betas around its first AI/HPC deal. Pure (no VS Code, no
 * Node-only APIs).
 */
export * from './regression';
export * from './hac';
export * from './factors';
export * from './pivot';
