/**
 * Scenario engine: historical replays and hypothetical shocks through multi-factor betas, and
 * block-bootstrap VaR/ES of a weighted portfolio. Pure (no VS Code, no Node-only APIs).
 */
export * from './definitions';
export * from './types';
export * from './portfolio';
export * from './aggregate';
export * from './replay';
export * from './shock';
export * from './prng';
export * from './bootstrap';
export * from './portfolioVar';
export * from './parse';
