/**
 * Remembers the promise made for a key for `ttlMs` (at most `max` keys, the oldest dropped first), so concurrent
 * and repeated asks for the same thing share one computation. A promise that rejects is forgotten.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = make();
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}
