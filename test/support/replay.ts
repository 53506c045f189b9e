/**
 * Replays recorded HTTP responses (fixtures/recorded, read in place) through an
 * injected fetch. A request without a matching route fails loudly: the fetch throws a
 * {@link ReplayMiss} and the miss is kept in `misses`, which tests assert empty, so a library
 * that swallows the error still fails the test. Nothing here ever opens a socket.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FetchLike } from '../../src/data/provider';
import { fixture } from './fixtures';

export const RECORDED_DIR = fixture('recorded');

export interface ReplayResponse {
  status: number;
  statusText?: string;
  headers?: Record<string, string | string[]>;
  body: string;
}

export interface Route {
  /** The fixture it comes from (`yahoo/quote-AAPL.json`), or `synthetic: …` for a made-up answer. */
  label: string;
  method?: string;
  /** Absolute URL. Origin and path must be equal; query parameters must be equal as a set, except `ignoreParams`. */
  url: string;
  /** Parameters not compared (e.g. `period1` when the test asks for a wider window than the recording). */
  ignoreParams?: readonly string[];
  response: ReplayResponse;
  /** How many times the route may answer; default unlimited. */
  times?: number;
}

export interface ReplayedRequest {
  method: string;
  url: string;
  headers: Headers;
  route?: string;
}

export class ReplayMiss extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayMiss';
  }
}

export interface Replay {
  fetch: FetchLike;
  requests: ReplayedRequest[];
  misses: string[];
  /** Throws when a request had no recording. */
  assertNoMisses(): void;
}

export function createReplay(routes: readonly Route[]): Replay {
  const used = new Map<Route, number>();
  const requests: ReplayedRequest[] = [];
  const misses: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const route = routes.find((r) => (r.method ?? 'GET') === method && matches(r, url) && (r.times === undefined || (used.get(r) ?? 0) < r.times));
    requests.push({ method, url, headers: new Headers(init?.headers), ...(route ? { route: route.label } : {}) });
    if (!route) {
      misses.push(`${method} ${url}`);
      throw new ReplayMiss(`replay: no recording for ${method} ${url}`);
    }
    used.set(route, (used.get(route) ?? 0) + 1);
    return toResponse(route.response, url);
  };
  return {
    fetch,
    requests,
    misses,
    assertNoMisses() {
      if (misses.length) throw new Error(`requests without a recording:\n  ${misses.join('\n  ')}`);
    },
  };
}

function matches(route: Route, url: string): boolean {
  const want = new URL(route.url);
  const got = new URL(url);
  if (want.origin !== got.origin || want.pathname !== got.pathname) return false;
  const ignore = new Set(route.ignoreParams ?? []);
  const keys = new Set([...want.searchParams.keys(), ...got.searchParams.keys()]);
  for (const k of keys) {
    if (ignore.has(k)) continue;
    if (JSON.stringify(want.searchParams.getAll(k)) !== JSON.stringify(got.searchParams.getAll(k))) return false;
  }
  return true;
}

function toResponse(r: ReplayResponse, url: string): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    // The body is re-serialised, so the recorded length and encoding no longer describe it.
    if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'content-encoding') continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const nullBody = [101, 103, 204, 205, 304].includes(r.status);
  const response = new Response(nullBody ? null : r.body, { status: r.status, statusText: r.statusText ?? '', headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

// ---------------------------------------------------------------------------------------------
// Yahoo fixtures (fetch-mock-cache format)

interface YahooFixture {
  request: { url: string; method: string; headers: Record<string, string> };
  response: { ok: boolean; status: number; statusText: string; headers: Record<string, string | string[]>; bodyJson?: unknown; bodyText?: string };
}

export function readYahooFixture(file: string): YahooFixture {
  return JSON.parse(readFileSync(path.join(RECORDED_DIR, 'yahoo', file), 'utf8')) as YahooFixture;
}

/** A route answering the fixture's request with its recorded response. */
export function yahooRoute(
  file: string,
  options: {
    ignoreParams?: readonly string[];
    times?: number;
    /** Derives the served JSON from the recorded one (say so in the test). */ transformJson?: (json: unknown) => unknown;
  } = {},
): Route {
  const f = readYahooFixture(file);
  const json = f.response.bodyJson !== undefined && options.transformJson ? options.transformJson(f.response.bodyJson) : f.response.bodyJson;
  const body = json !== undefined ? JSON.stringify(json) : (f.response.bodyText ?? '');
  return {
    label: `yahoo/${file}`,
    method: f.request.method,
    url: f.request.url,
    ...(options.ignoreParams ? { ignoreParams: options.ignoreParams } : {}),
    ...(options.times !== undefined ? { times: options.times } : {}),
    response: { status: f.response.status, statusText: f.response.statusText, headers: f.response.headers, body },
  };
}

// ---------------------------------------------------------------------------------------------
// ccxt static-response fixtures

export interface CcxtCase {
  description: string;
  method: string;
  /** The call's arguments, JSON null mapped to undefined (null would change the request). */
  input: unknown[];
  httpResponse: unknown;
  parsedResponse: unknown;
}

export function readCcxtCase(file: string, method: string, index = 0): CcxtCase {
  const json = JSON.parse(readFileSync(path.join(RECORDED_DIR, 'ccxt', file), 'utf8')) as { methods: Record<string, (CcxtCase & { input: unknown[] })[]> };
  const c = json.methods[method]?.[index];
  if (!c) throw new Error(`${file} has no ${method}[${index}]`);
  return { ...c, input: c.input.map((x) => (x === null ? undefined : x)) };
}

/** A JSON route, for ccxt bodies (whose fixtures record no URL: the test names the one ccxt builds). */
export function jsonRoute(
  label: string,
  url: string,
  body: unknown,
  options: { status?: number; ignoreParams?: readonly string[]; times?: number } = {},
): Route {
  return {
    label,
    url,
    ...(options.ignoreParams ? { ignoreParams: options.ignoreParams } : {}),
    ...(options.times !== undefined ? { times: options.times } : {}),
    response: { status: options.status ?? 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  };
}
