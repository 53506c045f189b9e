/**
 * Worker-thread entry (bundled to dist/catalogWorker.js): loads the shipped catalog and a
 * workspace override file with {@link loadCatalog}, off the extension host's thread, and answers
 * with the merged catalog as JSON text (one `JSON.parse` on the host, cheaper than a structured
 * clone of 100,000 records) and the problems. See `loadCatalogInWorker` (workerClient.ts).
 */
import { parentPort } from 'node:worker_threads';
import { loadCatalog } from './loader';
import type { CatalogWorkerReply, CatalogWorkerRequest } from './workerClient';
import { messageOf } from '../shared/errors';

parentPort?.on('message', (req: CatalogWorkerRequest) => {
  let reply: CatalogWorkerReply;
  try {
    const loaded = loadCatalog(req.shipped, req.override);
    const { catalog } = loaded;
    reply = {
      ok: true,
      catalogJson: JSON.stringify({ miners: catalog.miners, deals: catalog.deals, asOf: catalog.asOf, unconfirmed: catalog.unconfirmed }),
      problems: loaded.problems,
      sources: loaded.sources,
    };
  } catch (e) {
    reply = { ok: false, error: messageOf(e) };
  }
  parentPort?.postMessage(reply);
});
