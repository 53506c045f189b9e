/** The catalog as the commands load it: the shipped file with a --catalog override file merged over it. */
import { formatProblem, loadCatalog, type Catalog, type LoadedCatalog } from '../catalog';
import { readText, type Io } from './io';
import { shippedCatalogFile } from './paths';

export interface CatalogFiles {
  /** The shipped catalog file (default: {@link shippedCatalogFile}). */
  shippedCatalog?: string;
}

export interface CliCatalog extends LoadedCatalog {
  /** The --catalog file and its text, when one was given. */
  override?: { file: string; text: string };
}

/** A catalog file's text (unreadable: exit status 2). */
export function readCatalogFile(file: string): { file: string; text: string } {
  return { file, text: readText(file, 'catalog file') };
}

/** The shipped catalog's text (unreadable: exit status `code`, default 2). */
export function readShippedCatalog(files: CatalogFiles, code?: number): { file: string; text: string } {
  const file = files.shippedCatalog ?? shippedCatalogFile();
  return { file, text: readText(file, 'the shipped catalog', code) };
}

/**
 * Loads the shipped catalog and the override file over it; their problems go to stderr (only the
 * errors with `errorsOnly`) and the valid rest is used. A file that cannot be read is an error
 * with exit status 2 (`shippedExit` for the shipped one).
 */
export function loadCliCatalog(
  overrideFile: string | undefined,
  io: Io,
  files: CatalogFiles,
  o: { shippedExit?: number; errorsOnly?: boolean } = {},
): CliCatalog {
  const shipped = readShippedCatalog(files, o.shippedExit);
  const override = overrideFile !== undefined ? readCatalogFile(overrideFile) : undefined;
  const loaded = loadCatalog(shipped, override);
  const texts = new Map([shipped, ...(override ? [override] : [])].map((f) => [f.file, f.text]));
  for (const p of loaded.problems) if (!o.errorsOnly || p.severity === 'error') io.err(`hashpivot: ${formatProblem(p, texts.get(p.file))}`);
  return { ...loaded, override };
}

/**
 * The catalog for the listing commands (miners, deals): loaded as {@link loadCliCatalog}, with a
 * warning when the override file is not used, and the line that says what was loaded. `exitCode`
 * is 1 when the override asked for could not be used (the listing shows the shipped catalog, but
 * the command did not do what was asked).
 */
export function listedCatalog(overrideFile: string | undefined, io: Io, files: CatalogFiles): { catalog: Catalog; described: string; exitCode: number } {
  const loaded = loadCliCatalog(overrideFile, io, files);
  const used = loaded.override !== undefined && loaded.sources.includes(loaded.override.file);
  if (loaded.override && !used) io.err(`hashpivot: ${loaded.override.file} is not used (see the errors above)`);
  const asOf = loaded.catalog.asOf ? ` as of ${loaded.catalog.asOf}` : '';
  return {
    catalog: loaded.catalog,
    described: `Catalog${asOf}: shipped${used ? ` + ${loaded.override!.file}` : ''}.`,
    exitCode: loaded.override && !used ? 1 : 0,
  };
}

/** A company the catalog knows: a miner, or the provider of a deal (src/tools, shared with the hashpivot_deals tool). */
export { isCatalogCompany } from '../tools/figures';
