/**
 * Running risk case files (docs/RISK_CONVENTIONS.md, "Case files"): each case is decoded,
 * computed and compared with its expected value within its tolerance; a case that cannot be
 * computed fails with a reason, the others still run.
 */
import { decodeExpected, decodeInputs, decodeParams, hasOwn, isPlainObject } from './decode';
import { CaseError, METRICS } from './vocabulary';
import { messageOf } from '../../../shared/errors';

/** Outcome of one case. `expected` is the case's raw JSON value; `got` the computed number(s). */
export interface CaseResult {
  id: string;
  ok: boolean;
  metric: string;
  expected?: unknown;
  got?: unknown;
  reason?: string;
}

/** Outcome of a case file; `problems` are file-level (not an object, case_count mismatch, duplicate ids). */
export interface CaseFileResult {
  results: CaseResult[];
  passed: number;
  failed: number;
  problems: string[];
}

/** null when `got` passes against `expected`, else the reason. */
function compareScalar(got: number, expected: number, tolerance: number): string | null {
  if (Number.isNaN(expected)) return Number.isNaN(got) ? null : `expected NaN, got ${got}`;
  if (!Number.isFinite(expected)) return got === expected ? null : `expected ${expected}, got ${got}`;
  if (Number.isNaN(got)) return `expected ${expected}, got NaN`;
  const diff = Math.abs(got - expected);
  return diff <= tolerance ? null : `|got - expected| = ${diff} > tolerance ${tolerance} (got ${got}, expected ${expected})`;
}

function compare(got: number | number[], expected: number | number[], tolerance: number): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return 'expected an array, got a scalar';
    if (got.length !== expected.length) return `got ${got.length} values, expected ${expected.length}`;
    let first: string | null = null;
    let bad = 0;
    for (let i = 0; i < expected.length; i++) {
      const r = compareScalar(got[i]!, expected[i]!, tolerance);
      if (r !== null) {
        bad++;
        first ??= `element ${i}: ${r}`;
      }
    }
    return first === null ? null : bad > 1 ? `${first} (and ${bad - 1} more elements)` : first;
  }
  if (Array.isArray(got)) return 'expected a scalar, got an array';
  return compareScalar(got, expected, tolerance);
}

// ---------------------------------------------------------------------------------------------
// Runner

/** Computes one case; never throws. */
export function runCase(c: unknown, index = 0): CaseResult {
  if (!isPlainObject(c)) return { id: `#${index}`, ok: false, metric: '', reason: 'case is not an object' };
  const id = typeof c.id === 'string' && c.id !== '' ? c.id : `#${index}`;
  const metric = typeof c.metric === 'string' ? c.metric : '';
  const result: CaseResult = { id, ok: false, metric, expected: c.expected };
  try {
    if (typeof c.id !== 'string' || c.id === '') throw new CaseError('case id must be a non-empty string');
    if (typeof c.metric !== 'string') throw new CaseError('metric must be a string');
    if (!hasOwn(METRICS, metric)) throw new CaseError(`unknown metric ${JSON.stringify(metric)}`);
    const spec = METRICS[metric]!;
    if (!hasOwn(c, 'params')) throw new CaseError('missing params (use {} for none)');
    const params = decodeParams(metric, spec, c.params);
    if (!hasOwn(c, 'inputs')) throw new CaseError('missing inputs');
    const inputs = decodeInputs(metric, spec, c.inputs, params);
    if (!hasOwn(c, 'expected')) throw new CaseError('missing expected');
    const expected = decodeExpected(spec.output, c.expected);
    const tol = c.tolerance;
    if (!(typeof tol === 'number' && Number.isFinite(tol) && tol >= 0)) {
      throw new CaseError(`tolerance must be a finite number >= 0, got ${JSON.stringify(tol)}`);
    }
    let got: number | number[];
    try {
      got = spec.run(inputs, params);
    } catch (e) {
      if (e instanceof CaseError) throw e;
      throw new CaseError(`computation failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    result.got = got;
    const why = compare(got, expected, tol);
    if (why === null) result.ok = true;
    else result.reason = why;
  } catch (e) {
    result.reason = messageOf(e);
  }
  return result;
}

/**
 * Runs every case of a case file (`{description, encoding, case_count, cases}`). File-level
 * problems (not an object, no cases array, case_count mismatch, duplicate ids) go to `problems`;
 * each case passes or fails on its own.
 */
export function runCaseFile(file: unknown): CaseFileResult {
  const problems: string[] = [];
  const results: CaseResult[] = [];
  if (!isPlainObject(file)) {
    problems.push('case file is not a JSON object');
    return { results, passed: 0, failed: 0, problems };
  }
  const cases = file.cases;
  if (!Array.isArray(cases)) {
    problems.push('case file has no cases array');
    return { results, passed: 0, failed: 0, problems };
  }
  if (!hasOwn(file, 'case_count')) problems.push(`case_count is missing (the file has ${cases.length} cases)`);
  else if (file.case_count !== cases.length) {
    problems.push(`case_count is ${JSON.stringify(file.case_count)} but the file has ${cases.length} cases`);
  }
  const firstIndex = new Map<string, number>();
  cases.forEach((c: unknown, i: number) => {
    if (isPlainObject(c) && typeof c.id === 'string') {
      const prev = firstIndex.get(c.id);
      if (prev !== undefined) problems.push(`duplicate case id ${JSON.stringify(c.id)} (cases ${prev} and ${i})`);
      else firstIndex.set(c.id, i);
    }
    results.push(runCase(c, i));
  });
  const passed = results.filter((r) => r.ok).length;
  return { results, passed, failed: results.length - passed, problems };
}
