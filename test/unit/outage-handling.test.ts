import { describe, expect, it } from 'vitest';
import { bestEffortRollups } from '../../src/main/best-effort-rollups.ts';
import { describeError, outageLog } from '../../src/main/outage-log.ts';
import { backoffDelay, waitUntilReachable } from '../../src/main/wait-for-postgres.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap.afterConnect'), { code: 'ECONNREFUSED' });

describe('outage log', () => {
  it('logs an outage once when it starts and once when it ends, without a stack', () => {
    const lines: string[] = [];
    let clock = 0;
    const outage = outageLog('Redis', 'rollups wait.', (l) => lines.push(l), () => clock);
    for (let i = 0; i < 1000; i += 1) outage.failed(refused);
    clock = 12_000;
    outage.succeeded();
    outage.succeeded();
    expect(lines).toEqual(['Redis is unavailable (ECONNREFUSED): rollups wait.', 'Redis is available again after 12 s.']);
  });

  it('describes an error by its code, else the first line of its message', () => {
    expect(describeError(refused)).toBe('ECONNREFUSED');
    expect(describeError(new Error('first\nsecond'))).toBe('first');
    expect(describeError('plain')).toBe('plain');
  });
});

describe('best-effort rollup requests', () => {
  it('never reject, log a failing queue once, and let one request at a time try while it is down', async () => {
    const lines: string[] = [];
    let calls = 0;
    let fail = true;
    const queue = { requestRollup: async (_orgId: string) => { calls += 1; await new Promise((r) => setTimeout(r, 20)); if (fail) throw refused; }, close: async () => {} };
    const rollups = bestEffortRollups(queue, outageLog('Redis', 'skipped.', (l) => lines.push(l)));
    await rollups.requestRollup('org');
    expect(lines).toEqual(['Redis is unavailable (ECONNREFUSED): skipped.']);
    await Promise.all(Array.from({ length: 50 }, () => rollups.requestRollup('org')));
    expect(calls).toBe(2);
    fail = false;
    await rollups.requestRollup('org');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Redis is available again/);
    expect(typeof rollups.close).toBe('function');
  });

  it('give up on a queue that does not answer (Redis down since startup) after the timeout', async () => {
    const lines: string[] = [];
    const rollups = bestEffortRollups({ requestRollup: (_orgId: string) => new Promise<void>(() => {}) }, outageLog('Redis', 'skipped.', (l) => lines.push(l)), 50);
    const started = Date.now();
    await rollups.requestRollup('org');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lines).toEqual(['Redis is unavailable (no answer within 50 ms): skipped.']);
  });
});

describe('waiting for Postgres at startup', () => {
  it('doubles the delay up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => backoffDelay(r, { firstDelayMs: 500, maxDelayMs: 10_000 }))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('retries with one line per retry until Postgres answers', async () => {
    let attempts = 0;
    const lines: string[] = [];
    const slept: number[] = [];
    const ping = async () => {
      attempts += 1;
      if (attempts < 4) throw refused;
    };
    await waitUntilReachable('Postgres', ping, (l) => lines.push(l), { firstDelayMs: 100, maxDelayMs: 250 }, async (ms) => {
      slept.push(ms);
    });
    expect(slept).toEqual([100, 200, 250]);
    expect(lines).toEqual([
      'Postgres is not reachable (ECONNREFUSED); retry 1 in 0.1 s.',
      'Postgres is not reachable (ECONNREFUSED); retry 2 in 0.2 s.',
      'Postgres is not reachable (ECONNREFUSED); retry 3 in 0.3 s.',
      'Postgres is reachable.',
    ]);
  });
});
