/**
 * The HTTP layer against a loopback server: bodies capped while they stream (a huge answer, a
 * gzip bomb, a lying content-length), redirects followed only within the origin and a limited
 * number of times, and a hung host tripping the breaker so the next request fails at once.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createHttpClient } from '../../src/data/http';
import { HostUnreachableError } from '../../src/data/http';
import { startFaultServer, type FaultServer } from '../support/faultServer';

const quick = { baseDelayMs: 1, maxDelayMs: 5, rateLimits: false as const, sleep: async () => undefined };

describe('HTTP layer: limits on what an answer may cost', function () {
  this.timeout(20_000);
  let server: FaultServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('stops reading a body past maxBodyBytes while it streams (no content-length)', async () => {
    server = await startFaultServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const fetch = createHttpClient({ ...quick, maxBodyBytes: 256 * 1024 });
    await assert.rejects(fetch(`${server.url}/big`), (e: Error) => e.name === 'ResponseTooLargeError' && /larger than/.test(e.message));
    assert.equal(server.requests.length, 1, 'not retried');
  });

  it('refuses a declared content-length over the cap without reading, and caps a gzip bomb by its decoded size', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0));
    server = await startFaultServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        res.end(Buffer.alloc(16));
        return;
      }
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    assert.ok(bomb.length < 64 * 1024, 'the compressed bomb is small');
    const fetch = createHttpClient({ ...quick, maxBodyBytes: 1024 * 1024 });
    await assert.rejects(fetch(`${server.url}/declared`), /larger than 1 MiB/);
    await assert.rejects(fetch(`${server.url}/bomb`), /larger than 1 MiB/);
    const ok = await createHttpClient({ ...quick, maxBodyBytes: 16 * 1024 * 1024 })(`${server.url}/bomb`);
    assert.equal((await ok.arrayBuffer()).byteLength, 8 * 1024 * 1024, 'under the cap it decodes whole');
  });

  it('follows same-origin redirects, refuses one to another origin and a loop', async () => {
    server = await startFaultServer((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
      else if (req.url === '/away') res.writeHead(302, { location: 'http://127.0.0.2:9/steal' }).end();
      else if (req.url?.startsWith('/loop')) res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(404).end();
    });
    const fetch = createHttpClient({ ...quick, maxRedirects: 3 });
    const ok = await fetch(`${server.url}/a`);
    assert.equal(await ok.text(), 'arrived');
    await assert.rejects(fetch(`${server.url}/away`), /redirect to another origin \(http:\/\/127\.0\.0\.2:9\) not followed/);
    const before = server.requests.length;
    await assert.rejects(fetch(`${server.url}/loop`), /more than 3 redirects/);
    assert.equal(server.requests.length - before, 4, 'the first request and three redirects, then it stops');
    const manual = await fetch(`${server.url}/away`, { redirect: 'manual' });
    assert.equal(manual.status, 302, "a caller's redirect: 'manual' gets the 3xx as it is");
  });

  it('a host that never answers trips the breaker: the next request fails at once', async () => {
    server = await startFaultServer(() => undefined); // accepts, never answers
    const fetch = createHttpClient({ ...quick, timeoutMs: 150, maxAttempts: 2, unreachableMs: 60_000 });
    await assert.rejects(fetch(`${server.url}/hang`), (e: Error) => e.name === 'TimeoutError');
    const seen = server.requests.length;
    await assert.rejects(fetch(`${server.url}/hang2`), (e: unknown) => e instanceof HostUnreachableError);
    assert.equal(server.requests.length, seen, 'the second request never reached the host');
  });
});
