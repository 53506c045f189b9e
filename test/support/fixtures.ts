/**
 * Where the test data lives: `fixtures/` at the repo root, copied from the team's shared folder
 * by `npm run fixtures:sync` (see fixtures/README.md). Resolved from this bundle's own location,
 * not the working directory: the repo root is the nearest folder above holding the extension's
 * package.json (bundles run from out/test/unit, out/test/bench, ...). Only if there is none
 * (a bundle copied out of the repo) does it fall back to the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'hashpivot') return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const FIXTURES_DIR = path.join(REPO_ROOT, 'fixtures');

/** `fixture('prices', 'IREN.csv')` is fixtures/prices/IREN.csv at the repo root. */
export function fixture(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}
