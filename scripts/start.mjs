#!/usr/bin/env node
// `npm start`: try Hashpivot in a real VS Code with one command. Builds and packages the
// extension, installs it into a fresh code-server profile, opens the sample notes workspace (or
// yours), prints the URL to open, and stops cleanly on Ctrl+C.
//   npm start [-- --port 8080] [--workspace DIR] [--snapshot]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ensureSetup, makeProfile, packageExtension, repoRoot, startCodeServer } from '../test/e2e/harness.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    workspace: { type: 'string', default: path.join(repoRoot, 'sample/notes') },
    snapshot: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'Usage: npm start [-- --port 8080] [--workspace DIR] [--snapshot]\n  --snapshot  offline: the embedded snapshot only (hashpivot.dataSource = snapshot)',
  );
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const workspace = path.resolve(values.workspace);
if (!existsSync(workspace)) {
  console.error(`--workspace ${workspace} does not exist`);
  process.exit(2);
}

ensureSetup();
const vsix = packageExtension();
const profile = makeProfile({ vsixes: [vsix], settings: values.snapshot ? { 'hashpivot.dataSource': 'snapshot' } : {} });
let server;
try {
  server = await startCodeServer({ profile, workspace, port });
} catch (e) {
  profile.dispose();
  console.error(String(e.message ?? e));
  if (/EADDRINUSE|address already in use/i.test(String(e))) console.error(`Port ${port} is taken: try npm start -- --port ${port + 1}`);
  process.exit(1);
}
console.log(
  `\nHashpivot is running in VS Code (code-server) at:\n\n    ${server.url}\n\nWorkspace: ${workspace}\nOpen the URL in a browser; press Ctrl+C here to stop.\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server…');
  await server.stop();
  profile.dispose();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => {
  if (!stopping) {
    console.error(`code-server exited (${code})`);
    profile.dispose();
    process.exit(1);
  }
});
