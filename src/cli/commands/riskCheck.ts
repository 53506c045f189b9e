/**
 * `hashpivot risk-check FILE`: computes every case of a risk reference case file (schema:
 * docs/RISK_CONVENTIONS.md, "Case files"), prints each failure and ends with `N passed, M failed`.
 */
import { runCaseFile } from '../../core/risk/cases';
import { CliError, type Io, parseJsonText, readText, showValue } from '../io';

export function riskCheckCommand(argv: string[], io: Io): number {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) throw new CliError('usage: hashpivot risk-check FILE');
  return riskCheck(argv[0]!, io);
}

/** Runs the case file; the exit status: 0 when every case passes, 1 otherwise. */
export function riskCheck(file: string, io: Io): number {
  const json = parseJsonText(readText(file, ''), file);
  const result = runCaseFile(json);
  for (const p of result.problems) io.out(`FILE PROBLEM: ${p}`);
  for (const r of result.results) {
    if (r.ok) continue;
    io.out(`FAIL ${r.id} (${r.metric})`);
    io.out(`  expected: ${showValue(r.expected)}`);
    io.out(`  got:      ${showValue(r.got)}`);
    io.out(`  reason:   ${r.reason ?? 'value out of tolerance'}`);
  }
  io.out(`${result.passed} passed, ${result.failed} failed`);
  return result.failed > 0 || result.problems.length > 0 ? 1 : 0;
}
