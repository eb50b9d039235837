/** Remembers delivery keys so that a delivery Slack sends again is processed once. */
export interface OnceStore {
  /** true the first time a key is claimed within `ttlSeconds`, false after */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** forgets a key, so that Slack's retry of a delivery that failed before it was acknowledged is processed */
  release(key: string): Promise<void>;
}

/** For one process (tests, single-instance development); Redis (adapters/redis) shares keys across instances. */
export function memoryOnceStore(now: () => number = Date.now): OnceStore {
  const seen = new Map<string, number>();
  return {
    async claim(key, ttlSeconds) {
      const t = now();
      for (const [k, expires] of seen) if (expires <= t) seen.delete(k);
      if (seen.has(key)) return false;
      seen.set(key, t + ttlSeconds * 1000);
      return true;
    },
    async release(key) {
      seen.delete(key);
    },
  };
}
