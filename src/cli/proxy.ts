/**
 * The CLI honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), as curl and most CLIs do.
 * Node's own fetch ignores them, so with one of them set the CLI fetches through undici's
 * EnvHttpProxyAgent, which reads all three. (In VS Code the extension host's fetch already follows
 * `http.proxy` and the system's settings: this is for the CLI only.) undici loads only then.
 */
import type { FetchLike } from '../data/provider';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** The proxy variable in effect, if any (for the log and for tests). */
export function proxyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const k of PROXY_VARS) if (env[k]?.trim()) return k;
  return undefined;
}

/** A fetch through the environment's proxy, or undefined when no proxy variable is set. */
export function proxyFetch(env: NodeJS.ProcessEnv = process.env): FetchLike | undefined {
  if (!proxyFromEnv(env)) return undefined;
  let ready: Promise<FetchLike> | undefined;
  const load = async (): Promise<FetchLike> => {
    const { EnvHttpProxyAgent, fetch } = await import('undici');
    const dispatcher = new EnvHttpProxyAgent({
      httpProxy: env.HTTP_PROXY ?? env.http_proxy,
      httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
      noProxy: env.NO_PROXY ?? env.no_proxy,
    });
    return (input, init) =>
      fetch(input as Parameters<typeof fetch>[0], { ...(init as Parameters<typeof fetch>[1]), dispatcher }) as unknown as Promise<Response>;
  };
  return async (input, init) => (await (ready ??= load()))(input, init);
}
