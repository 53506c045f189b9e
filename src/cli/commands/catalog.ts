/**
 * `hashpivot catalog validate FILE [--standalone] [--json]`: checks a catalog file (an override
 * over the shipped catalog, or a complete one) and prints every problem as FILE:LINE:COL.
 */
import { formatProblem, lineColumn, loadCatalog, parseCatalogText, validateCatalog, type Catalog, type CatalogProblem } from '../../catalog';
import { readCatalogFile, readShippedCatalog, type CatalogFiles } from '../catalogFiles';
import { CliError, type Io } from '../io';
import { JSON_OPTION, parseOptions } from '../options';

export const CATALOG_USAGE = `Usage: hashpivot catalog validate FILE [options]

Checks a catalog file (JSON with comments) against the catalog schema and rules: types, dates,
negative values, unknown enum values and fields, duplicate ids, deal ids a miner names, sources.
Prints every problem as FILE:LINE:COL: error|warning: ENTRY FIELD: message. Exit status 1 when
there is an error (warnings alone: 0).

By default FILE is an override file checked against the shipped catalog (an entry with an existing
ticker or deal id only changes the fields it gives; a new one needs its required fields and a source).

Options:
  --standalone     check FILE as a complete catalog on its own (every entry is new)
  --json           the problems as JSON (with line and column)
  -h, --help       this text`;

export async function catalogCommand(argv: string[], io: Io, opts: CatalogFiles = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.out(CATALOG_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'validate') throw new CliError(`unknown catalog command "${sub}"\n\n${CATALOG_USAGE}`);
  const { values, positionals } = parseOptions(rest, CATALOG_USAGE, { standalone: { type: 'boolean' }, ...JSON_OPTION });
  if (values.help) {
    io.out(CATALOG_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`catalog validate needs one FILE\n\n${CATALOG_USAGE}`);
  const input = readCatalogFile(positionals[0]!);

  let base: Catalog | undefined;
  if (!values.standalone) {
    const shipped = loadCatalog(readShippedCatalog(opts));
    base = shipped.catalog;
  }
  const parsed = parseCatalogText(input.text, input.file);
  const problems: CatalogProblem[] = [...parsed.problems];
  let counts = { miners: 0, deals: 0 };
  if (parsed.data !== undefined) {
    const { valid, problems: found } = validateCatalog(parsed.data, input.file, input.text, base);
    problems.push(...found);
    counts = { miners: valid.miners?.length ?? 0, deals: valid.deals?.length ?? 0 };
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;

  if (values.json) {
    const withPos = problems.map((p) => ({ ...p, ...(p.offset !== undefined ? lineColumn(input.text, p.offset) : {}) }));
    io.out(JSON.stringify({ file: input.file, valid: errors === 0, errors, warnings, validEntries: counts, problems: withPos }, null, 2));
  } else {
    for (const p of problems) io.out(formatProblem(p, input.text));
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const usable = parsed.data === undefined ? 'not usable' : `${plural(counts.miners, 'miner')} and ${plural(counts.deals, 'deal')} usable`;
    io.out(`${input.file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${usable}`);
  }
  return errors > 0 ? 1 : 0;
}
