/**
 * Runner for reference case files (docs/RISK_CONVENTIONS.md, "Case files"): the vocabulary
 * (vocabulary.ts), decoding a case (decode.ts), computing and comparing it (run.ts).
 */
export { runCase, runCaseFile, type CaseFileResult, type CaseResult } from './run';
export { METRIC_IDS } from './vocabulary';
