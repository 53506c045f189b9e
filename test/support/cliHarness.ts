/**
 * Runs the built CLI (`node dist/cli.js`) as a child process for tests, asynchronously so that a
 * loopback server in the test process can answer it. Every run is fenced off from the internet:
 * HOME and XDG_CACHE_HOME point into a temporary folder, the endpoint overrides send every
 * provider host to a loopback URL, and a `--require`d guard makes any fetch or socket to a
 * non-loopback address fail (and say so on stderr as `[net-guard]`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(process.cwd(), 'dist/cli.js');

/**
 * Every host the CLI's providers reach: yahoo-finance2 (chart and quote on query1/query2, the
 * cookie and consent pages on finance, guce, fc and consent) and the ccxt exchanges of the BTC
 * chain (Binance, Coinbase Exchange, Kraken, Bitstamp), and blockchain.com's charts API (network data).
 */
export const PROVIDER_HOSTS: readonly string[] = [
  'query1.finance.yahoo.com',
  'query2.finance.yahoo.com',
  'finance.yahoo.com',
  'guce.yahoo.com',
  'fc.yahoo.com',
  'consent.yahoo.com',
  'api.binance.com',
  'api.exchange.coinbase.com',
  'api.kraken.com',
  'www.bitstamp.net',
  'api.blockchain.info',
];

/** `--endpoint HOST=URL` for every provider host. */
export function endpointArgs(url: string): string[] {
  return PROVIDER_HOSTS.flatMap((h) => ['--endpoint', `${h}=${url}`]);
}

export interface TempHome {
  root: string;
  home: string;
  xdg: string;
  /** Not created: the CLI creates it when it writes. */
  cacheDir: string;
  guard: string;
}

const GUARD = `'use strict';
// Test guard: nothing but loopback may be reached from this process.
const net = require('node:net');
const loopback = (h) => h === undefined || h === null || h === '' || h === '127.0.0.1' || h === 'localhost' || h === '::1' || h === '[::1]';
const block = (what) => {
  process.stderr.write('[net-guard] blocked ' + what + '\\n');
  return new Error('net-guard: blocked ' + what);
};
const realFetch = globalThis.fetch;
globalThis.fetch = function (input, init) {
  let url;
  try {
    url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch (e) {
    return Promise.reject(e);
  }
  if (!loopback(url.hostname)) return Promise.reject(new TypeError('fetch failed', { cause: block(url.origin) }));
  return realFetch.call(this, input, init);
};
const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  const opts = Array.isArray(first) ? first[0] : first;
  const host = typeof opts === 'object' && opts !== null ? (opts.path ? '127.0.0.1' : opts.host) : typeof args[1] === 'string' ? args[1] : undefined;
  if (!loopback(host)) {
    const err = block(String(host));
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return realConnect.apply(this, args);
};
`;

/** A fresh temporary HOME, XDG_CACHE_HOME, cache dir path and network guard. */
export function tempHome(prefix = 'hp-cli-'): TempHome {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const home = path.join(root, 'home');
  const xdg = path.join(root, 'xdg');
  const guard = path.join(root, 'net-guard.cjs');
  writeFileSync(guard, GUARD);
  return { root, home, xdg, cacheDir: path.join(root, 'cache'), guard };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Kill the child after this long (a hung CLI fails the test rather than the suite). Default 15 s. */
  killAfterMs?: number;
}

/** Runs `node --require GUARD dist/cli.js ...args` with HOME and XDG_CACHE_HOME in `t`. */
export function runCli(t: TempHome, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing from the outer environment may redirect or enlarge what the CLI does.
    if (v === undefined || /^HASHPIVOT_|^NODE_OPTIONS$|^HTTPS?_PROXY$|^NO_PROXY$/i.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, { HOME: t.home, XDG_CACHE_HOME: t.xdg, NO_COLOR: '1' }, options.env ?? {});
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', t.guard, CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 15_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
