import { HttpError, type KeyLookup } from './auth.ts';

/**
 * The limit on failed authentications. A failure is a presented key that is not a valid key (unknown, revoked,
 * malformed or a wrong secret). Per client address and per key prefix (`upt_<prefix>_…`), at most `limit`
 * failures count in a fixed window of `windowMs`; past that, keys from that address or with that prefix that
 * are not already known valid get 429 with Retry-After (the rest of the window), without a database query.
 */
export const FAILED_AUTH_LIMIT = 20;
export const FAILED_AUTH_WINDOW_MS = 60_000;

export interface FailedAuthLimiterOptions {
  limit?: number;
  windowMs?: number;
  /** how many addresses and prefixes are tracked at once (the oldest windows are forgotten first) */
  maxTracked?: number;
  nowMs?: () => number;
}

export class FailedAuthLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;
  private readonly nowMs: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.limit = options.limit ?? FAILED_AUTH_LIMIT;
    this.windowMs = options.windowMs ?? FAILED_AUTH_WINDOW_MS;
    this.maxTracked = options.maxTracked ?? 100_000;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Seconds until `subjects` may try again (0: now). */
  retryAfterSeconds(subjects: string[]): number {
    const now = this.nowMs();
    let wait = 0;
    for (const subject of subjects) {
      const w = this.windows.get(subject);
      if (w && w.failures >= this.limit && w.start + this.windowMs > now) wait = Math.max(wait, Math.ceil((w.start + this.windowMs - now) / 1000));
    }
    return wait;
  }

  recordFailure(subjects: string[]): void {
    const now = this.nowMs();
    for (const subject of subjects) {
      const w = this.windows.get(subject);
      if (w && w.start + this.windowMs > now) {
        w.failures++;
        continue;
      }
      this.windows.delete(subject);
      if (this.windows.size >= this.maxTracked) this.windows.delete(this.windows.keys().next().value as string);
      this.windows.set(subject, { start: now, failures: 1 });
    }
  }
}

function subjectsOf(key: string, client: string | undefined): string[] {
  const prefix = /^upt_([A-Za-z0-9]{12})_/.exec(key)?.[1];
  return [...(client ? [`address:${client}`] : []), ...(prefix ? [`prefix:${prefix}`] : [])];
}

/**
 * Wraps the uncached lookup (put the cache in front: a key known valid is answered from memory even while its
 * address is limited, so one bad client behind a shared NAT does not lock out its colleagues' working keys).
 */
export function limitFailedLookups(lookup: KeyLookup, limiter: FailedAuthLimiter): KeyLookup {
  return async (key, client) => {
    const subjects = subjectsOf(key, client);
    const wait = limiter.retryAfterSeconds(subjects);
    if (wait > 0) {
      throw new HttpError(429, `Too many failed authentications from this address or for this key; retry in ${wait} s.`, { 'retry-after': String(wait) });
    }
    const principal = await lookup(key, client);
    if (!principal) limiter.recordFailure(subjects);
    return principal;
  };
}
