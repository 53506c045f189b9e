#!/usr/bin/env node
// Precompiles the input schemas of the language-model tools (src/tools/definitions.ts) into
// standalone Ajv validators, one export per tool, so that neither the extension nor the CLI's MCP
// server compiles a schema at run time (nor bundles Ajv's compiler). The output is generated; do
// not edit it by hand.
//
//   node scripts/build-tool-validators.mjs               write src/tools/generated/toolInputValidators.js
//   node scripts/build-tool-validators.mjs --check       exit 1 when the file is missing or differs from
//                                                        what the definitions give (a unit test runs this)
//   node scripts/build-tool-validators.mjs --contributes print package.json's contributes.languageModelTools
//   node scripts/build-tool-validators.mjs --write-manifest  write them into package.json
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedModule, writeOrCheck } from './generated-code.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'src/tools/generated/toolInputValidators.js');

/** src/tools/definitions.ts, bundled in memory and evaluated. */
function loadDefinitions() {
  const built = buildSync({
    entryPoints: [path.join(root, 'src/tools/definitions.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

const defs = loadDefinitions();

if (process.argv.includes('--contributes')) {
  console.log(JSON.stringify(defs.languageModelToolsContribution(), null, 2));
  process.exit(0);
}
// --write-manifest: put them in package.json (a unit test keeps package.json equal to the definitions).
if (process.argv.includes('--write-manifest')) {
  const file = new URL('../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.contributes.languageModelTools = defs.languageModelToolsContribution();
  writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json: ${pkg.contributes.languageModelTools.length} languageModelTools`);
  process.exit(0);
}

/** The schema without its descriptions: they do not validate, and the generated code would carry them. */
function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'description' && typeof v === 'string'))
      .map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutDescriptions(s)])) : withoutDescriptions(v)]),
  );
}

// allErrors: every problem of an input at once (src/tools/validate.ts words the first few).
const ajv = new Ajv({ allErrors: true, strict: true, logger: false, code: { source: true } });
const exports = {};
for (const d of defs.TOOL_DEFINITIONS) {
  ajv.addSchema(withoutDescriptions(d.inputSchema), d.name);
  exports[d.name] = d.name;
}
const code = generatedModule(root, 'scripts/build-tool-validators.mjs', 'src/tools/definitions.ts', 'the definitions', standaloneCode(ajv, exports));
writeOrCheck(root, outFile, code);
