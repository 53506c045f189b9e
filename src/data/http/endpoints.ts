/**
 * Endpoint overrides (host -> base URL): parsing them from `HASHPIVOT_ENDPOINTS`, `--endpoint`
 * or the settings, and rewriting request URLs with them. This is how tests and mirrors point the
 * libraries at another server without touching the libraries' own URL tables.
 */

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;
const EXAMPLE = 'query2.finance.yahoo.com=http://127.0.0.1:8080';

/**
 * Parses endpoint overrides: the `HASHPIVOT_ENDPOINTS` format `host=url,host=url` (commas or
 * whitespace between entries), or a list of `--endpoint HOST=URL` values. Returns host -> base URL,
 * the host lower-cased and the URL normalised without a trailing slash. Throws an Error naming the
 * bad entry: no `=`, a host with a scheme or path, a URL that is not absolute http(s) or that has
 * a query or fragment, or one host given twice with different URLs.
 */
export function parseEndpointOverrides(text: string | readonly string[]): Record<string, string> {
  const entries = (typeof text === 'string' ? [text] : text).flatMap((t) => t.split(/[,\s]+/)).filter((e) => e !== '');
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`Invalid endpoint override "${entry}": expected HOST=URL, e.g. ${EXAMPLE}`);
    const host = entry.slice(0, eq).trim().toLowerCase();
    const base = normaliseBase(entry.slice(eq + 1).trim(), entry);
    if (!HOST_RE.test(host)) {
      throw new Error(`Invalid endpoint override "${entry}": "${host}" is not a host name (give the host alone, without scheme or path, e.g. ${EXAMPLE})`);
    }
    if (host in out && out[host] !== base) {
      throw new Error(`Invalid endpoint override "${entry}": ${host} is already mapped to ${out[host]}`);
    }
    out[host] = base;
  }
  return out;
}

function normaliseBase(value: string, entry: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid endpoint override "${entry}": "${value}" is not an absolute URL (e.g. ${EXAMPLE})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid endpoint override "${entry}": the URL must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new Error(`Invalid endpoint override "${entry}": the base URL must not have a query or fragment`);
  }
  if (url.username || url.password) {
    throw new Error(`Invalid endpoint override "${entry}": the base URL must not carry credentials`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Host -> base URL as given to createHttpClient, checked and normalised (throws like {@link parseEndpointOverrides}). */
export function normaliseEndpoints(endpoints: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [host, base] of Object.entries(endpoints)) {
    map.set(host.toLowerCase(), normaliseBase(base, `${host}=${base}`));
  }
  return map;
}

/**
 * Rewrites a URL whose host (with its port, or the bare hostname) has an override: scheme, host
 * and port are replaced by the base URL's, the base URL's path is prepended, path and query are
 * kept. Other URLs come back unchanged.
 */
export function rewriteUrl(url: string, endpoints: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string {
  const map = endpoints instanceof Map ? endpoints : new Map(Object.entries(endpoints));
  if (map.size === 0) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const base = map.get(parsed.host.toLowerCase()) ?? map.get(parsed.hostname.toLowerCase());
  if (base === undefined) return url;
  const target = new URL(base);
  const prefix = target.pathname.replace(/\/+$/, '');
  return `${target.origin}${prefix}${parsed.pathname}${parsed.search}`;
}

/**
 * A websocket URL (`wss://host/path`) through the same overrides: its host is looked up as for
 * HTTP, and an `https` base becomes `wss`, an `http` base `ws` (`ws-feed.exchange.coinbase.com=
 * http://127.0.0.1:8080` sends `wss://ws-feed.exchange.coinbase.com` to `ws://127.0.0.1:8080/`).
 * Other URLs come back unchanged.
 */
export function rewriteWsUrl(url: string, endpoints: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string {
  const m = /^(wss?):\/\//i.exec(url);
  if (!m) return url;
  const asHttp = `${m[1]!.toLowerCase() === 'wss' ? 'https' : 'http'}://${url.slice(m[0].length)}`;
  const rewritten = rewriteUrl(asHttp, endpoints);
  if (rewritten === asHttp) return url;
  return rewritten.replace(/^http(s?):\/\//i, (_all, s: string) => `ws${s}://`);
}
