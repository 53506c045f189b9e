/**
 * Catalog validation at scale: a workspace `.hashpivot/catalog.json` of N deals (1k, 10k, 100k),
 * one in ten with a problem, validated and merged over the shipped catalog, then placed as
 * Problems-panel positions (line/column of every problem). Prints, per size, the in-process time
 * (medians of 3; growth per ×10 entries, linear work grows about ×10) and the worker-thread path
 * the extension takes for large files: its wall time and the calling thread's busy time (event
 * loop utilisation: what the extension host spends, the rest runs in the worker). `--json`
 * prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog, loadCatalogOffThread } from '../../src/catalog';
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

const workerFile = path.join(root, 'dist/catalogWorker.js');

/** The extension's path for a large file: the worker checks, this thread parses the result and places the problems. */
async function runWorker(n: number): Promise<{ wallMs: number; hostBusyMs: number; problems: number }> {
  const text = workspaceCatalog(n);
  const walls: number[] = [];
  const busy: number[] = [];
  let problems = 0;
  for (let k = 0; k < 3; k++) {
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    const loaded = await loadCatalogOffThread(shipped, { text, file: 'bench.json' }, { workerFile, mode: 'worker', onFallback: (r) => console.error(r) });
    if (!loaded.inWorker) throw new Error('the worker was not used');
    const index = new LineIndex(text);
    for (const p of loaded.problems) index.position(p.offset ?? 0);
    walls.push(performance.now() - t0);
    busy.push(performance.eventLoopUtilization(elu).active);
    problems = loaded.problems.length;
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  return { wallMs: median(walls), hostBusyMs: median(busy), problems };
}

async function main(): Promise<void> {
  const sizes = [1000, 10000, 100000];
  const results: Array<{ entries: number; problems: number; inProcessMs: number; workerWallMs: number; workerHostBusyMs: number }> = [];
  for (const n of sizes) {
    const inline = run(n);
    const worker = await runWorker(n);
    results.push({ entries: n, problems: inline.problems, inProcessMs: inline.ms, workerWallMs: worker.wallMs, workerHostBusyMs: worker.hostBusyMs });
  }
  if (json) {
    console.log(
      JSON.stringify({
        catalogValidation: results.map((r) => ({
          ...r,
          inProcessMs: Math.round(r.inProcessMs),
          workerWallMs: Math.round(r.workerWallMs),
          workerHostBusyMs: Math.round(r.workerHostBusyMs),
        })),
      }),
    );
    return;
  }
  results.forEach((r, i) => {
    const growth = i ? ` (×${(r.inProcessMs / results[i - 1]!.inProcessMs).toFixed(1)} for ×10 entries)` : '';
    console.log(
      `catalog validation, ${String(r.entries).padStart(6)} deals, ${String(r.problems).padStart(6)} problems: in-process ${r.inProcessMs.toFixed(0).padStart(5)} ms${growth}; ` +
        `worker ${r.workerWallMs.toFixed(0).padStart(5)} ms wall, ${r.workerHostBusyMs.toFixed(0).padStart(4)} ms on this thread`,
    );
  });
}

void main();
