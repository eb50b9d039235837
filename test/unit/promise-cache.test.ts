import { describe, expect, it } from 'vitest';
import { PromiseCache } from '../../src/app/promise-cache.ts';

describe('PromiseCache', () => {
  it('makes a value once per key while it is fresh, and again after the time to live', async () => {
    let clock = 0;
    let made = 0;
    const cache = new PromiseCache<number>(1000, 10, () => clock);
    const make = async () => ++made;
    expect(await Promise.all([cache.get('a', make), cache.get('a', make)])).toEqual([1, 1]);
    clock = 999;
    expect(await cache.get('a', make)).toBe(1);
    clock = 1000;
    expect(await cache.get('a', make)).toBe(2);
    expect(await cache.get('b', make)).toBe(3);
  });

  it('forgets a rejected promise and keeps at most `max` keys', async () => {
    const cache = new PromiseCache<string>(60_000, 2);
    await expect(cache.get('x', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('x', async () => 'yes')).toBe('yes');
    await cache.get('y', async () => 'y');
    await cache.get('z', async () => 'z');
    expect(await cache.get('x', async () => 'again')).toBe('again');
  });
});
