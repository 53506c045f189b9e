// Types of the generated validator next to this file (scripts/build-schema-validator.mjs).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;
