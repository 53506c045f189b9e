// One build for everything: the extension host bundle, the CLI, each webview's browser bundle
// and (with --tests) the test and benchmark bundles.
//   node esbuild.mjs               development build
//   node esbuild.mjs --production  minified, no source maps
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       also build test/ into out/test
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/** ccxt exports only its root; this alias reaches single exchange classes (see docs/DESIGN.md, "What probing the two data libraries showed"). */
const alias = {
  'ccxt-src': path.join(root, 'node_modules/ccxt/js/src'),
  // jsonc-parser's UMD entry requires its parts at run time, which breaks in a bundle; its ESM build bundles.
  'jsonc-parser': path.join(root, 'node_modules/jsonc-parser/lib/esm/main.js'),
};
/** Optional ccxt peers: protobufjs is never used; undici is replaced by the injected fetch. */
const ccxtExternals = ['protobufjs', 'undici'];

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  define: { __HASHPIVOT_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  metafile: true,
  alias,
  legalComments: 'none',
};

function walk(dir, pred) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'node_modules' || name === 'e2e') continue;
      out.push(...walk(p, pred));
    } else if (pred(p)) out.push(p);
  }
  return out;
}

/** Webview front-ends: webview/<name>/main.ts -> dist/webview/<name>.js */
const webviewEntries = existsSync(path.join(root, 'webview'))
  ? readdirSync(path.join(root, 'webview'))
      .filter((n) => existsSync(path.join(root, 'webview', n, 'main.ts')))
      .map((n) => ({ in: path.join(root, 'webview', n, 'main.ts'), out: n }))
  : [];

const builds = [
  {
    ...common,
    entryPoints: [{ in: 'src/extension.ts', out: 'extension' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './providers.js', ...ccxtExternals],
  },
  {
    // The catalog check for large workspace catalogs, off the extension host's thread (src/catalog/workerClient.ts).
    ...common,
    entryPoints: [{ in: 'src/catalog/worker.ts', out: 'catalogWorker' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // ccxt exchange classes and yahoo-finance2, loaded on the first live request (src/data/lazyProviders.ts).
    ...common,
    entryPoints: [{ in: 'src/data/providers/index.ts', out: 'providers' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...ccxtExternals],
  },
  {
    ...common,
    entryPoints: [{ in: 'src/cli/main.ts', out: 'cli' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // undici is bundled here: the CLI fetches through it when HTTPS_PROXY/HTTP_PROXY is set (src/cli/proxy.ts).
    external: ['vscode', './providers.js', './mcp.js', 'protobufjs'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The MCP server (the @modelcontextprotocol/sdk, zod, Ajv), required by dist/cli.js only for `hashpivot mcp`.
    ...common,
    entryPoints: [{ in: 'src/cli/mcpServer.ts', out: 'mcp' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
];
if (webviewEntries.length) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    // ES modules with shared chunks: chart.js and the elements ship once for the four panels, not
    // in each bundle (a module script's imports inherit its CSP nonce).
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: 'es2022',
    loader: { '.css': 'text' },
  });
}
// The Markdown preview's script (contributes.markdown.previewScripts): a classic script, chart.js inside.
builds.push({
  ...common,
  entryPoints: [{ in: 'webview/markdown-preview/index.ts', out: 'preview' }],
  outdir: 'dist',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
});
if (tests) {
  const testEntries = walk(path.join(root, 'test'), (p) => /\.(test|bench)\.ts$/.test(p) || /test[\\/]integration[\\/]index\.ts$/.test(p)).map((p) => ({
    in: p,
    out: path.relative(path.join(root, 'test'), p).replace(/\.ts$/, ''),
  }));
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: testEntries,
    outdir: 'out/test',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // dist/providers.js and dist/mcp.js are loaded at run time (src/data/lazyProviders.ts, src/cli/commands/mcp.ts); tests that reach them use dist/.
    external: ['vscode', './providers.js', './mcp.js'],
  });
}

if (tests) {
  // The code-server integration runner: a test-only extension with the suite bundled beside it.
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: [
      { in: 'test/integration/runner/extension.ts', out: 'extension' },
      { in: 'test/integration/suite/index.ts', out: 'suite' },
    ],
    outdir: 'out/integration-runner',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function report(result, label) {
  const outputs = Object.entries(result.metafile?.outputs ?? {}).filter(([f]) => !f.endsWith('.map'));
  if (label === 'tests') {
    const total = outputs.reduce((s, [, o]) => s + o.bytes, 0);
    const dir = (outputs[0]?.[0] ?? 'out/tests').split('/').slice(0, 2).join('/');
    console.log(`  ${dir.padEnd(34)} ${String(outputs.length).padStart(3)} files, ${formatSize(total)}`);
    return;
  }
  for (const [file, o] of outputs) console.log(`  ${file.padEnd(34)} ${formatSize(o.bytes).padStart(10)}`);
}

const labels = builds.map((b) => (b.outdir?.startsWith('out/') ? 'tests' : 'bundle'));
const sizePlugin = (label) => ({
  name: 'report-size',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) report(result, label);
    });
  },
});

// Shared webview chunks are named by content hash: drop the last build's, so no stale chunk is packaged.
const webviewOut = path.join(root, 'dist/webview');
if (existsSync(webviewOut)) for (const f of readdirSync(webviewOut)) if (/^chunk-.*\.js(\.map)?$/.test(f)) rmSync(path.join(webviewOut, f));

if (watch) {
  const contexts = await Promise.all(builds.map((b, i) => esbuild.context({ ...b, plugins: [sizePlugin(labels[i])] })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes…');
} else {
  console.log(production ? 'Production build:' : 'Development build:');
  try {
    await Promise.all(builds.map((b, i) => esbuild.build({ ...b, plugins: [sizePlugin(labels[i])] })));
    if (tests) copyFileSync(path.join(root, 'test/integration/runner/package.json'), path.join(root, 'out/integration-runner/package.json'));
  } catch {
    process.exit(1);
  }
}
