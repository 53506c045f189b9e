/** Per-MW-year economics of miners: mining against AI/HPC leasing. Pure; hashprice is an input. */
export * from './perMw';
export * from './miner';
export * from './summary';
