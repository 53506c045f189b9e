#!/usr/bin/env node
// CLI start-up benchmark: `hashpivot --version` against `hashpivot report BTC QQQ IREN --source
// snapshot`, each a fresh `node dist/cli.js` process, measured alternately in the same run so both
// see the same machine load. Prints the medians and their ratio (target: report within 1.5x of
// --version). A benchmark that prints figures, not a timed test: it never fails on a slow machine.
//
//   node test/bench/cli.bench.mjs [--runs N] [--warmup N] [--json] [--cli FILE] [--cpu-prof DIR]
//   npm run bench:cli     (builds with --production first: the CLI as the .vsix ships it)
//
// --json prints one object: {"versionMs":…,"reportMs":…,"ratio":…,"versionMinMs":…,"reportMinMs":…,
// "minRatio":…,"runs":…,"node":…,"cli":…} (medians, then the fastest runs). --cpu-prof DIR also
// writes a V8 CPU profile of one more run of each command into DIR (open in Chrome DevTools).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const o = { runs: 9, warmup: 2, json: false, cli: path.join(root, 'dist/cli.js'), cpuProf: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--warmup') o.warmup = Number(next());
    else if (a === '--json') o.json = true;
    else if (a === '--cli') o.cli = path.resolve(next());
    else if (a === '--cpu-prof') o.cpuProf = path.resolve(next());
    else if (a === '--help' || a === '-h') {
      console.log('usage: node test/bench/cli.bench.mjs [--runs N] [--warmup N] [--json] [--cli FILE] [--cpu-prof DIR]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 7) throw new Error('--runs must be an integer >= 7');
  if (!Number.isInteger(o.warmup) || o.warmup < 1) throw new Error('--warmup must be an integer >= 1');
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(o.cli)) throw new Error(`${path.relative(root, o.cli)} is missing: run "node esbuild.mjs" first`);
  // An empty cache folder: the report reads the embedded snapshot only, never a user's cache.
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'hashpivot-bench-cli-'));
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome, HASHPIVOT_LOG: '', NODE_OPTIONS: '' };
  const cases = {
    version: ['--version'],
    report: ['report', 'BTC', 'QQQ', 'IREN', '--source', 'snapshot'],
  };
  const run = (args, flags = []) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...flags, o.cli, ...args], { env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`hashpivot ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const times = { version: [], report: [] };
  try {
    for (let i = 0; i < o.warmup; i++) for (const args of Object.values(cases)) run(args);
    for (let i = 0; i < o.runs; i++) for (const [k, args] of Object.entries(cases)) times[k].push(run(args));
    if (o.cpuProf)
      for (const [k, args] of Object.entries(cases)) run(args, ['--cpu-prof', '--cpu-prof-dir', o.cpuProf, '--cpu-prof-name', `cli-${k}.cpuprofile`]);
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
  const versionMs = median(times.version);
  const reportMs = median(times.report);
  const result = {
    versionMs: Number(versionMs.toFixed(1)),
    reportMs: Number(reportMs.toFixed(1)),
    ratio: Number((reportMs / versionMs).toFixed(2)),
    // The fastest runs too: on a loaded machine the least disturbed run is the steadier figure.
    versionMinMs: Number(Math.min(...times.version).toFixed(1)),
    reportMinMs: Number(Math.min(...times.report).toFixed(1)),
    minRatio: Number((Math.min(...times.report) / Math.min(...times.version)).toFixed(2)),
    runs: o.runs,
    node: process.version,
    cli: path.relative(root, o.cli),
  };
  if (o.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const row = (label, xs, m) => `${label.padEnd(52)} ${m.toFixed(1).padStart(7)} ms  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
  console.log(`CLI start-up, median of ${o.runs} runs after ${o.warmup} warm-up, ${result.cli}, Node ${process.version}`);
  console.log(row('hashpivot --version', times.version, versionMs));
  console.log(row('hashpivot report BTC QQQ IREN --source snapshot', times.report, reportMs));
  console.log(
    `${'ratio report / --version'.padEnd(52)} ${result.ratio.toFixed(2).padStart(7)}    (target: at most 1.50; fastest runs: ${result.minRatio.toFixed(2)})`,
  );
}

try {
  main();
} catch (e) {
  console.error(`cli.bench: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
