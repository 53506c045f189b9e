/**
 * The CLI's fetch follows HTTPS_PROXY / HTTP_PROXY / NO_PROXY (src/cli/proxy.ts): a loopback
 * proxy sees the request for a host that does not resolve, and answers it; NO_PROXY sends the
 * request past the proxy.
 */
import assert from 'node:assert/strict';
import { proxyFetch, proxyFromEnv } from '../../src/cli/proxy';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A loopback forward proxy: absolute-form requests and CONNECT tunnels, both answered by the proxy itself. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`proxied ${req.headers.host}${new URL(req.url ?? '/', 'http://x').pathname}`);
  };
  const inner = http.createServer((req, res) => {
    seen.push(`tunnel ${req.headers.host}`);
    answer(req, res);
  });
  const server = http.createServer((req, res) => {
    seen.push(`forward ${req.headers.host}`);
    answer(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    inner.emit('connection', socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('CLI: HTTP(S)_PROXY and NO_PROXY', function () {
  this.timeout(20_000);
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('no proxy variable: no proxy fetch (the global fetch is used)', () => {
    assert.equal(proxyFetch({}), undefined);
    assert.equal(proxyFromEnv({ NO_PROXY: 'x' }), undefined);
    assert.equal(proxyFromEnv({ https_proxy: 'http://p:1' }), 'https_proxy');
  });

  it('requests go through the proxy named by HTTP_PROXY, and around it for NO_PROXY hosts', async () => {
    proxy = await startProxy();
    const fetch = proxyFetch({ HTTP_PROXY: proxy.url, NO_PROXY: 'direct.invalid' })!;
    const r = await fetch('http://upstream.invalid/v8/finance/chart/IREN');
    assert.equal(await r.text(), 'proxied upstream.invalid/v8/finance/chart/IREN');
    assert.ok(proxy.seen.length >= 1 && proxy.seen.every((x) => x.includes('upstream.invalid')), proxy.seen.join('; '));
    const before = proxy.seen.length;
    await assert.rejects(fetch('http://direct.invalid/x'), 'a NO_PROXY host is fetched directly (and does not resolve)');
    assert.equal(proxy.seen.length, before, 'the proxy never saw the NO_PROXY host');
  });
});
