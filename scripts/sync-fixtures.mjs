#!/usr/bin/env node
// Copies the fixtures and docs the repo needs from the team's shared folder (../shared beside the
// repo, which exists only on our machines) into the repo, so that a clone stands alone:
// tests, benchmarks and build scripts read fixtures/ and docs/, never ../shared.
//
//   npm run fixtures:sync                     copy what changed, remove what the source dropped
//   node scripts/sync-fixtures.mjs --check    exit 1 listing every file that differs, is missing
//                                             or is extra; exit 0 when there is no source to compare
//   options: --shared DIR (default ../shared beside the repo)
//
// Plain Node (node:* only). Idempotent: files are compared by content (sha256) and only changed
// ones are written; copies are byte-identical. Removal only ever happens inside the synced folders
// listed in SYNC (never fixtures/README.md or docs/README.md, which are written by hand).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What is copied. `from` is relative to the shared folder, `to` to the repo root. A `dir` is
 * copied recursively (keeping its structure) and must carry a README.md; `only` limits which
 * files of a dir are taken.
 */
const SYNC = [
  { dir: 'fixtures/prices', to: 'fixtures/prices', only: (rel) => rel === 'README.md' || /^[^/]+\.csv$/.test(rel) },
  { dir: 'fixtures/recorded', to: 'fixtures/recorded' },
  { dir: 'fixtures/reference', to: 'fixtures/reference' },
  { dir: 'fixtures/network', to: 'fixtures/network' },
  { file: 'fixtures/risk_reference.json', to: 'fixtures/risk_reference.json' },
  { file: 'fixtures/RISK_CONVENTIONS.md', to: 'fixtures/RISK_CONVENTIONS.md' },
  { file: 'DESIGN.md', to: 'docs/DESIGN.md' },
  { file: 'STYLE.md', to: 'docs/STYLE.md' },
  { file: 'E2E_NOTES.md', to: 'docs/E2E_NOTES.md' },
  { file: 'fixtures/RISK_CONVENTIONS.md', to: 'docs/RISK_CONVENTIONS.md' },
];

/** A problem the user can act on: reported as one message, never a stack trace. */
class SyncError extends Error {}

function parseArgs(argv) {
  const opts = { shared: path.resolve(root, '../shared'), check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--shared') {
      const v = argv[++i];
      if (v === undefined) throw new SyncError('--shared needs a directory');
      opts.shared = path.resolve(v);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/sync-fixtures.mjs [--check] [--shared DIR]');
      process.exit(0);
    } else throw new SyncError(`unknown option ${a}`);
  }
  return opts;
}

const posix = (p) => p.split(path.sep).join('/');
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const isFile = (p) => existsSync(p) && statSync(p).isFile();

/** Files under dir, as sorted posix paths relative to it. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(posix(path.relative(dir, p)));
    }
  };
  if (isDir(dir)) walk(dir);
  return out;
}

/** Every [source, target] pair the sync covers, plus, per synced dir, the files the target holds. */
function plan(shared) {
  const pairs = [];
  const targetDirs = [];
  const problems = [];
  for (const entry of SYNC) {
    if (entry.file) {
      const src = path.join(shared, entry.file);
      if (!isFile(src)) problems.push(`missing in the source: ${entry.file}`);
      else pairs.push({ src, dest: path.join(root, entry.to) });
      continue;
    }
    const srcDir = path.join(shared, entry.dir);
    if (!isDir(srcDir)) {
      problems.push(`missing in the source: ${entry.dir}/`);
      continue;
    }
    const files = listFiles(srcDir).filter((rel) => !entry.only || entry.only(rel));
    if (!files.includes('README.md')) problems.push(`${entry.dir}/ has no README.md (its origin notes must travel with it)`);
    for (const rel of files) pairs.push({ src: path.join(srcDir, rel), dest: path.join(root, entry.to, rel) });
    targetDirs.push({ dir: path.join(root, entry.to), keep: new Set(files) });
  }
  return { pairs, targetDirs, problems };
}

/** Files inside the synced target dirs that the source no longer has. */
function extras(targetDirs) {
  const out = [];
  for (const { dir, keep } of targetDirs) for (const rel of listFiles(dir)) if (!keep.has(rel)) out.push(path.join(dir, rel));
  return out;
}

function removeEmptyDirs(dir) {
  if (!isDir(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (isDir(p)) {
      removeEmptyDirs(p);
      if (readdirSync(p).length === 0) rmdirSync(p);
    }
  }
}

function check(shared) {
  const { pairs, targetDirs, problems } = plan(shared);
  const missing = [];
  const differ = [];
  for (const { src, dest } of pairs) {
    if (!isFile(dest)) missing.push(dest);
    else if (sha256(readFileSync(src)) !== sha256(readFileSync(dest))) differ.push(dest);
  }
  const extra = extras(targetDirs);
  const lines = [
    ...problems,
    ...missing.map((f) => `missing: ${posix(path.relative(root, f))}`),
    ...differ.map((f) => `differs: ${posix(path.relative(root, f))}`),
    ...extra.map((f) => `not in the source: ${posix(path.relative(root, f))}`),
  ];
  if (lines.length) {
    for (const l of lines) console.error(l);
    console.error(`fixtures out of date against ${shared}: ${lines.length} problem(s) (run npm run fixtures:sync)`);
    return 1;
  }
  console.log(`fixtures up to date against ${shared} (${pairs.length} files)`);
  return 0;
}

function sync(shared) {
  const { pairs, targetDirs, problems } = plan(shared);
  if (problems.length) throw new SyncError(`the source is incomplete, nothing was changed:\n  ${problems.join('\n  ')}`);
  let copied = 0;
  let unchanged = 0;
  for (const { src, dest } of pairs) {
    const bytes = readFileSync(src);
    if (isFile(dest) && sha256(readFileSync(dest)) === sha256(bytes)) {
      unchanged++;
      continue;
    }
    mkdirSync(path.dirname(dest), { recursive: true });
    // Written (not copied with its mode): the shared files are read-only, the copies must not be.
    const tmp = `${dest}.sync-tmp`;
    writeFileSync(tmp, bytes, { mode: 0o644 });
    renameSync(tmp, dest);
    console.log(`copied   ${posix(path.relative(root, dest))}`);
    copied++;
  }
  const extra = extras(targetDirs);
  for (const f of extra) {
    unlinkSync(f);
    console.log(`removed  ${posix(path.relative(root, f))}`);
  }
  for (const { dir } of targetDirs) removeEmptyDirs(dir);
  console.log(`fixtures synced from ${shared}: ${copied} copied, ${unchanged} unchanged, ${extra.length} removed`);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!isDir(path.join(opts.shared, 'fixtures'))) {
    if (opts.check) {
      console.log(
        `no shared fixtures at ${path.join(opts.shared, 'fixtures')}: nothing to compare (the committed copies in fixtures/ and docs/ are used as they are)`,
      );
      return 0;
    }
    throw new SyncError(
      `no shared fixtures at ${path.join(opts.shared, 'fixtures')}. They exist only on the team's machines (../shared beside the repo, or --shared DIR); ` +
        'a clone does not need them: fixtures/ and docs/ are committed.',
    );
  }
  if (opts.check) return check(opts.shared);
  sync(opts.shared);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`sync-fixtures: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
