// Types of the generated validators next to this file (scripts/build-tool-validators.mjs).
import type { ValidateFunction } from 'ajv';

export declare const hashpivot_report: ValidateFunction;
export declare const hashpivot_compare: ValidateFunction;
export declare const hashpivot_deals: ValidateFunction;
export declare const hashpivot_pivot: ValidateFunction;
export declare const hashpivot_scenario: ValidateFunction;
export declare const hashpivot_var: ValidateFunction;
