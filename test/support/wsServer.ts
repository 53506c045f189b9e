/**
 * Loopback websocket servers for the BTC ticker stream's tests: a feed built on the `ws` package's
 * WebSocketServer (127.0.0.1, a free port) that answers each client message as the test says and
 * sends what the test tells it to, and a TCP server that accepts connections and never answers
 * (no websocket handshake). Tests reach them through the endpoint override
 * (`ws-feed.exchange.coinbase.com=http://127.0.0.1:PORT`). `close()` ends every connection.
 */
import type { IncomingMessage } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

/** The part of ws's WebSocket (server side) used here; the package ships no types in this repo. */
export interface WsPeer {
  readonly readyState: number;
  send(data: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer) => void): this;
  on(event: 'close', listener: () => void): this;
}

interface WsServer {
  on(event: 'connection', listener: (peer: WsPeer, req: IncomingMessage) => void): this;
  on(event: 'listening' | 'error', listener: (e?: Error) => void): this;
  address(): AddressInfo;
  readonly clients: Set<WsPeer>;
  close(cb?: () => void): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WebSocketServer } = require('ws') as { WebSocketServer: new (o: { host: string; port: number }) => WsServer };

const OPEN = 1;

export interface WsFeed {
  /** `http://127.0.0.1:PORT`: the base URL of an endpoint override. */
  url: string;
  /** Connections accepted so far, and the paths they asked for. */
  readonly paths: string[];
  /** Connections open now. */
  open(): number;
  /** Every JSON message the clients sent, in order. */
  readonly received: unknown[];
  /** Resolves once `n` client messages have arrived in all (default: one more than now). */
  messages(n?: number): Promise<void>;
  /** Sends a message (an object: as JSON) to every open connection. */
  send(message: unknown): void;
  /** Ends every open connection abruptly, as a server that went away. */
  drop(): void;
  close(): Promise<void>;
}

/** `answer(message)` is the reply to a client message (undefined: none). */
export async function startWsFeed(answer: (message: unknown) => unknown): Promise<WsFeed> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', () => resolve());
    server.on('error', (e) => reject(e ?? new Error('ws server error')));
  });
  const paths: string[] = [];
  const received: unknown[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  server.on('connection', (peer, req) => {
    paths.push(req.url ?? '');
    peer.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        message = data.toString('utf8');
      }
      received.push(message);
      const reply = answer(message);
      if (reply !== undefined && peer.readyState === OPEN) peer.send(JSON.stringify(reply));
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  const open = () => [...server.clients].filter((c) => c.readyState === OPEN);
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    paths,
    received,
    open: () => open().length,
    messages: (n = received.length + 1) => (received.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    send: (message) => {
      for (const c of open()) c.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    drop: () => {
      for (const c of server.clients) c.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}

export interface SilentServer {
  url: string;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** A TCP server that accepts and then says nothing: a websocket handshake to it never completes. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (a connection there is refused). */
export async function refusedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
