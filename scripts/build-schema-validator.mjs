#!/usr/bin/env node
// Precompiles the catalog JSON Schema (media/catalog/catalog.schema.json) into a standalone
// validator (Ajv's standalone code), so neither the CLI nor the extension compiles the schema at
// run time. The output is generated; do not edit it by hand.
//
//   npm run build:schema-validator           write src/catalog/generated/catalogSchemaValidator.js
//   node scripts/build-schema-validator.mjs --check
//                                            exit 1 when the file is missing or differs from what
//                                            the schema gives (a unit test runs this)
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedModule, writeOrCheck } from './generated-code.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = path.join(root, 'media/catalog/catalog.schema.json');
const outFile = path.join(root, 'src/catalog/generated/catalogSchemaValidator.js');

/** VS Code's JSON schema extensions: annotations, no validation. */
const VSCODE_KEYWORDS = [
  'markdownDescription',
  'patternErrorMessage',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'allowComments',
  'allowTrailingCommas',
  'doNotSuggest',
  'deprecationMessage',
  'errorMessage',
];

const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
// allErrors: every problem of a file at once; verbose: errors carry data and parentSchema (the messages use both).
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true, logger: false, code: { source: true } });
for (const k of VSCODE_KEYWORDS) ajv.addKeyword(k);
const validate = ajv.compile(schema);
const code = generatedModule(root, 'scripts/build-schema-validator.mjs', 'media/catalog/catalog.schema.json', 'the schema', standaloneCode(ajv, validate));
writeOrCheck(root, outFile, code);
