/**
 * What every module of the HTTP layer uses: the logger and sleep types, the default sleep, and
 * how durations and URLs are written in messages.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Waits `ms`, rejecting with `signal.reason` as soon as the signal aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Host and path without the query (which may carry a crumb or a key). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** A duration for messages: `2.0 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
