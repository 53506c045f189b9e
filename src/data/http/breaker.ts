/**
 * The circuit breaker for unreachable hosts: after a request to a host gave up on a connection
 * failure (every attempt failed to connect, or DNS said the name does not exist) or on time-outs
 * (a host that accepts connections and never answers), requests to
 * that host fail at once with a HostUnreachableError for a while, so an offline machine falls
 * back to cached or snapshot data without waiting on every request.
 */
import { describeFailure, HostUnreachableError, kindOfFailure } from './errors';

/** Failures that say the host cannot answer now: no connection, or no answer in time (a hung host). */
const DOWN_KINDS = new Set(['network', 'timeout']);

export class HostBreaker {
  private readonly down = new Map<string, HostUnreachableError>();

  /** `unreachableMs`: how long a host stays down; 0 turns the breaker off. */
  constructor(
    private readonly unreachableMs: number,
    private readonly now: () => number,
  ) {}

  /** Throws the host's HostUnreachableError while it is down; forgets it once the time is up. */
  check(host: string): void {
    const down = this.down.get(host);
    if (down && down.until > this.now()) throw down;
    if (down) this.down.delete(host);
  }

  /** A request to `host` gave up on `error`: a connection failure or a time-out marks the host down. */
  failed(host: string, error: unknown): void {
    if (this.unreachableMs > 0 && DOWN_KINDS.has(kindOfFailure(error) ?? '')) {
      this.down.set(host, new HostUnreachableError(host, this.now() + this.unreachableMs, describeFailure(error)));
    }
  }
}
