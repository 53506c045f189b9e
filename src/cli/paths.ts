/** Where the CLI finds the package's files (the embedded snapshot, the shipped catalog) and its disk cache. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CATALOG_PATH } from '../catalog';
import { SNAPSHOT_PATH } from '../data/snapshot';

/**
 * A file of the package: looked for 1 to `levels` folders above this bundle (dist/cli.js sits one
 * below the package root), then under the current folder; the first candidate when none exists.
 */
function packageFile(file: string, levels: number): string {
  const candidates = Array.from({ length: levels }, (_, i) => path.resolve(__dirname, ...Array<string>(i + 1).fill('..'), file));
  candidates.push(path.resolve(process.cwd(), file));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

/** The embedded snapshot, media/snapshot of the package. */
export function snapshotFile(): string {
  return packageFile(SNAPSHOT_PATH, 2);
}

/** The shipped catalog, media/catalog/catalog.json of the package. */
export function shippedCatalogFile(): string {
  return packageFile(CATALOG_PATH, 3);
}

/** The disk cache: $XDG_CACHE_HOME/hashpivot, else ~/.cache/hashpivot. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'hashpivot');
}
