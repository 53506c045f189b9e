/**
 * Catalog loading off the calling thread: a workspace catalog of 100,000 deals takes most of a
 * second to check, which on the extension host would freeze every extension. Large files go to a
 * worker thread (dist/catalogWorker.js, src/catalog/worker.ts); the host only parses the merged
 * result. Small files, or a worker that cannot start or fails, are loaded in-process: the
 * result is the same {@link LoadedCatalog} either way.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { loadCatalog, type LoadedCatalog } from './loader';
import { Catalog, type CatalogDeal, type CatalogMiner, type PartialDate } from './types';
import type { CatalogProblem } from './validate';
import { messageOf } from '../shared/errors';

export interface CatalogWorkerRequest {
  shipped: { text: string; file: string };
  override?: { text: string; file: string };
}

export type CatalogWorkerReply = { ok: true; catalogJson: string; problems: CatalogProblem[]; sources: string[] } | { ok: false; error: string };

/** Override files smaller than this are checked in-process (a worker costs ~30 ms and a few MB to start). */
export const WORKER_THRESHOLD_CHARS = 256 * 1024;

export interface WorkerLoadOptions {
  /** The bundled worker script (dist/catalogWorker.js). */
  workerFile: string;
  /** Give up on the worker after this long and load in-process (default 30 s). */
  timeoutMs?: number;
  /** Force the worker (tests) or in-process loading regardless of size. */
  mode?: 'auto' | 'worker' | 'inline';
  /** Told why the worker was not used or failed (the result then comes from in-process loading). */
  onFallback?: (reason: string) => void;
}

/** {@link loadCatalog}, in a worker thread when the override is large. Never rejects for bad content. */
export async function loadCatalogOffThread(
  shipped: { text: string; file: string },
  override: { text: string; file: string } | undefined,
  options: WorkerLoadOptions,
): Promise<LoadedCatalog & { inWorker: boolean }> {
  const mode = options.mode ?? 'auto';
  const large = (override?.text.length ?? 0) >= WORKER_THRESHOLD_CHARS;
  if (mode === 'inline' || (mode === 'auto' && !large)) return { ...loadCatalog(shipped, override), inWorker: false };
  if (!existsSync(options.workerFile)) {
    options.onFallback?.(`the catalog worker ${options.workerFile} is missing`);
    return { ...loadCatalog(shipped, override), inWorker: false };
  }
  try {
    const reply = await runWorker(options.workerFile, { shipped, override }, options.timeoutMs ?? 30_000);
    if (!reply.ok) throw new Error(reply.error);
    const parsed = JSON.parse(reply.catalogJson) as { miners: CatalogMiner[]; deals: CatalogDeal[]; asOf?: PartialDate; unconfirmed: string[] };
    return {
      catalog: new Catalog(parsed.miners, parsed.deals, { asOf: parsed.asOf, unconfirmed: parsed.unconfirmed }),
      problems: reply.problems,
      sources: reply.sources,
      inWorker: true,
    };
  } catch (e) {
    options.onFallback?.(`the catalog worker failed (${messageOf(e)}); checked in-process instead`);
    return { ...loadCatalog(shipped, override), inWorker: false };
  }
}

function runWorker(file: string, request: CatalogWorkerRequest, timeoutMs: number): Promise<CatalogWorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file);
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
    worker.once('message', (reply: CatalogWorkerReply) => finish(() => resolve(reply)));
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the worker exited with code ${code}`))));
    worker.postMessage(request);
  });
}
