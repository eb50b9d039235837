import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../../src/adapters/cursor/rate-budget.ts';
import { parseRetryAfter, retryDelay } from '../../../src/adapters/cursor/retry-policy.ts';

describe('RateBudget', () => {
  function fakeClock() {
    const clock = { now: 0 };
    return { clock, now: () => clock.now, sleep: async (ms: number) => void (clock.now += ms) };
  }

  it('lets `limit` calls through at once, then holds each next call until a window (and margin) after an answer', async () => {
    const { clock, now, sleep } = fakeClock();
    const budget = new RateBudget(3, 1000, 10, now, sleep);
    const sentAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      const answered = await budget.take();
      sentAt.push(clock.now);
      answered();
    }
    expect(sentAt).toEqual([0, 0, 0, 1010, 1010, 1010, 2020]);
    for (let i = 3; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 3]!).toBeGreaterThanOrEqual(1000);
  });

  it('counts a call from when its answer came back, so a slow call pushes the next window back', async () => {
    const { clock, now, sleep } = fakeClock();
    const budget = new RateBudget(2, 1000, 0, now, sleep);
    const first = await budget.take();
    clock.now = 300; // the first call took 300 ms: the server may have seen it as late as that
    first();
    (await budget.take())();
    await budget.take();
    expect(clock.now).toBe(1300);
  });
});

describe('retry delays', () => {
  it('grow exponentially with jitter, are capped, and never undercut Retry-After', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(policy, 0, null, () => 0)).toBe(50);
    expect(retryDelay(policy, 0, null, () => 1)).toBe(100);
    expect(retryDelay(policy, 3, null, () => 0.5)).toBe(600);
    expect(retryDelay(policy, 10, null, () => 1)).toBe(1000);
    expect(retryDelay(policy, 0, 7, () => 1)).toBe(7000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('12', 0)).toBe(12);
    expect(parseRetryAfter(new Date(30_000).toUTCString(), 0)).toBe(30);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});
