/**
 * A loopback HTTP server (127.0.0.1, a free port) whose handler decides, request by request, how
 * to misbehave. Tests reach it through the HTTP layer's endpoint override. Every request is
 * counted; `close()` also drops connections still open (a handler that never answers).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FetchLike } from '../../src/data/provider';

export interface FaultRequest {
  method: string;
  /** Path and query, as the server saw them. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** `n` counts requests from 1. */
export type FaultHandler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

export interface FaultServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: FaultRequest[];
  close(): Promise<void>;
}

export async function startFaultServer(handler: FaultHandler): Promise<FaultServer> {
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
    handler(req, res, requests.length);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The global fetch, for loopback URLs only: a request that escaped the endpoint override fails instead of reaching the internet. */
export const loopbackFetch: FetchLike = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`test tried to reach ${url.origin}: not a loopback address`));
  return globalThis.fetch(input, init);
};
