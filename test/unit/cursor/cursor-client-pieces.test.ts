import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../../src/adapters/cursor/rate-budget.ts';
import { parseRetryAfter, retryDelay } from '../../../src/adapters/cursor/retry-policy.ts';

describe('RateBudget', () => {
  it('lets `limit` calls through at once, then holds each next call until a window after the call it replaces', async () => {
    let clock = 0;
    const waits: number[] = [];
    const budget = new RateBudget(3, 1000, 10, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    const sentAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      await budget.take();
      sentAt.push(clock);
    }
    expect(sentAt).toEqual([0, 0, 0, 1010, 1010, 1010, 2020]);
    // never more than 3 in any window of 1000 ms
    for (let i = 3; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 3]!).toBeGreaterThanOrEqual(1000);
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
