/** Every command of the `hashpivot` CLI, one module each. */
export * from './alerts';
export * from './catalog';
export * from './compare';
export * from './deals';
export * from './economics';
export * from './exposure';
export * from './mcp';
export * from './miners';
export * from './network';
export * from './pivot';
export * from './portfolio';
export * from './report';
export * from './riskCheck';
export * from './scenario';
export * from './var';
export type { AnalyticsCommandOptions } from '../marketData';
