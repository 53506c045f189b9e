/** Alerts: rule types, validation, evaluation and descriptions (pure; issue 8). */
export * from './types';
export * from './validate';
export * from './evaluate';
export * from './describe';
