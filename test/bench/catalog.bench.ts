/**
 * Catalog validation at scale: a workspace `.hashpivot/catalog.json` of N deals (1k, 10k, 100k),
 * one in ten with a problem, validated and merged over the shipped catalog, then placed as
 * Problems-panel positions (line/column of every problem). Prints ms per size and the growth
 * factor per ×10 (linear work grows about ×10). `--json` prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../../src/catalog';
import { LineIndex } from '../../src/core/jsonText';

const root = process.cwd();
const shipped = { text: readFileSync(path.join(root, 'media/catalog/catalog.json'), 'utf8'), file: 'media/catalog/catalog.json' };
const json = process.argv.includes('--json');

function workspaceCatalog(n: number): string {
  const deals = [];
  for (let i = 0; i < n; i++) {
    const bad = i % 10 === 0;
    deals.push({
      id: `bench-deal-${i}`,
      name: `Bench lease ${i}`,
      kind: 'lease',
      provider: 'IREN',
      counterparty: `Tenant ${i % 50}`,
      valueUSD: bad ? 'a lot' : 1e8 + i,
      announced: bad && i % 20 === 0 ? '2025-13-40' : '2025-06-01',
      stage: 'contracted',
      confidence: 'low',
      sources: [{ title: `Source ${i}`, url: `https://example.com/${i}` }],
      ...(i % 25 === 0 ? { unknownField: true } : {}),
    });
  }
  return JSON.stringify({ deals }, null, 2);
}

function run(n: number): { ms: number; problems: number } {
  const text = workspaceCatalog(n);
  const times: number[] = [];
  let problems = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const loaded = loadCatalog(shipped, { text, file: 'bench.json' });
    const index = new LineIndex(text);
    for (const p of loaded.problems) index.position(p.offset ?? 0);
    times.push(performance.now() - t0);
    problems = loaded.problems.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[1]!, problems };
}

const sizes = [1000, 10000, 100000];
const results = sizes.map((n) => ({ entries: n, ...run(n) }));
if (json) console.log(JSON.stringify({ catalogValidation: results }));
else
  results.forEach((r, i) => {
    const growth = i ? ` (×${(r.ms / results[i - 1]!.ms).toFixed(1)} for ×10 entries)` : '';
    console.log(
      `catalog validation, ${String(r.entries).padStart(6)} deals, ${String(r.problems).padStart(6)} problems: ${r.ms.toFixed(0).padStart(6)} ms${growth}`,
    );
  });
