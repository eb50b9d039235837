import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { redisRateBudgets } from '../../src/adapters/redis/redis-rate-budget.ts';
import type { CursorApiFactory } from '../../src/app/ports.ts';
import { syncCursor } from '../../src/app/sync-cursor.ts';
import { CURSOR_ENDPOINTS, CURSOR_RATE_LIMITS } from '../../src/domain/cursor/api-shapes.ts';
import { CursorDataset } from '../support/cursor-dataset.ts';
import { CursorDouble } from '../support/cursor-double.ts';
import {
  cursorSyncDeps, expectCursorGroundTruth, groundTruth, storedCursorData, TEST_CURSOR_KEY, testClientFactory, type CursorHarnessSettings,
} from '../support/cursor-harness.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// UPTAKE_ROLE=worker scaled to several processes: each has its own Cursor clients, but the per-minute limits are
// per Cursor team. Two client factories stand for two processes; each has its own Redis connection, and they share
// only what is in Redis. The double answers 429 to any call over an endpoint's limit in a sliding window.

const WINDOW_MS = 1000;
const dataset = new CursorDataset({ members: 6, days: 35, firstDay: '2026-10-10', eventsPerDay: 30, seed: 9 });

let ctx: TestContext;
const connections: Redis[] = [];
const doubles: CursorDouble[] = [];

/** A process's client factory: its own Redis connection and budgets under the test's own key prefix. */
function processWithRedis(url: string, prefix: string): CursorApiFactory {
  const redis = new Redis(inject('redisUrl'));
  connections.push(redis);
  return testClientFactory(url, WINDOW_MS, redisRateBudgets(redis, { prefix, inFlightMs: 5000 }));
}

async function strictDouble(): Promise<CursorDouble> {
  const double = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset, windowMs: WINDOW_MS });
  await double.start();
  doubles.push(double);
  return double;
}

/** Both "processes" call every endpoint more often than one window allows, at the same time. */
async function hammer(factories: CursorApiFactory[], perProcess: Record<(typeof CURSOR_ENDPOINTS)[number], number>): Promise<void> {
  const window = { from: dataset.dayMs(0), to: dataset.dayMs(1) - 1 };
  await Promise.allSettled(
    factories.flatMap((factory) => {
      const api = factory(TEST_CURSOR_KEY);
      return [
        ...Array.from({ length: perProcess.members }, () => api.members()),
        ...Array.from({ length: perProcess['daily-usage-data'] }, (_, i) => api.dailyUsage(window, 1 + (i % 3), 2)),
        ...Array.from({ length: perProcess['filtered-usage-events'] }, (_, i) => api.usageEvents(window, 1 + (i % 3), 10)),
      ];
    }),
  );
}

const CALLS = { members: 30, 'daily-usage-data': 30, 'filtered-usage-events': 90 };

beforeAll(async () => {
  ctx = await createTestApp();
});

afterAll(async () => {
  for (const d of doubles) await d.stop();
  for (const r of connections) r.disconnect();
  await ctx?.close();
});

describe('the Cursor rate budget shared through Redis', () => {
  it('control: two processes with budgets of their own together go over the limits', async () => {
    const double = await strictDouble();
    await hammer([testClientFactory(double.url, WINDOW_MS), testClientFactory(double.url, WINDOW_MS)], CALLS);
    expect(double.violations).toBeGreaterThan(0);
  }, 30_000);

  it('two processes with budgets in Redis (two connections) never exceed any endpoint limit: 0 violations', async () => {
    const double = await strictDouble();
    const prefix = `uptake:test:${randomUUID()}:`;
    await hammer([processWithRedis(double.url, prefix), processWithRedis(double.url, prefix)], CALLS);
    for (const endpoint of CURSOR_ENDPOINTS) {
      // every call went through, each within the endpoint's limit per window
      expect(double.callsTo(endpoint).filter((c) => c.status === 200)).toHaveLength(2 * CALLS[endpoint]);
      expect(double.maxInWindow(endpoint)).toBeLessThanOrEqual(CURSOR_RATE_LIMITS[endpoint]);
    }
    expect(double.violations).toBe(0);
    // the budget was the brake: 180 event calls at most 60 a window took more than two windows
    const times = double.callsTo('filtered-usage-events').map((c) => c.at);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(2 * WINDOW_MS);
  }, 30_000);

  it('a call in flight on one connection holds its slot for the other until its answer is back, then for a window', async () => {
    const prefix = `uptake:test:${randomUUID()}:`;
    const [one, two] = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
    connections.push(one, two);
    const budgetOf = (redis: Redis) => redisRateBudgets(redis, { prefix, inFlightMs: 5000 })(TEST_CURSOR_KEY, 'members', 2, 200);
    const [a, b] = [budgetOf(one), budgetOf(two)];
    const answered = [await a.take(), await a.take()];
    let admittedAt: number | null = null;
    const started = performance.now();
    const third = b.take().then((done) => {
      admittedAt = performance.now() - started;
      return done;
    });
    await new Promise((r) => setTimeout(r, 600)); // three windows: the calls in flight still count
    expect(admittedAt).toBeNull();
    answered[0]!();
    const releasedAt = performance.now() - started;
    (await third)();
    // admitted a window (plus margin) after the answer came back, not before
    expect(admittedAt! - releasedAt).toBeGreaterThanOrEqual(200);
    expect(admittedAt! - releasedAt).toBeLessThan(1500);
  });

  it('two syncs of one Cursor team in two processes at once: 0 violations, and each org stores the ground truth', async () => {
    const double = await strictDouble();
    const prefix = `uptake:test:${randomUUID()}:`;
    const settings: CursorHarnessSettings = { doubleUrl: double.url, windowMs: WINDOW_MS, now: '2026-11-20T10:30:00Z', initialDays: 45, pageSizes: { dailyMembers: 1, events: 10 } };
    const orgs = await Promise.all(['first', 'second'].map((name) => ctx.createOrg(name)));
    const runs = orgs.map(async (org) => {
      const deps = cursorSyncDeps(ctx.db, settings, processWithRedis(double.url, prefix));
      await deps.store.saveConnection(org.orgId, { apiKey: TEST_CURSOR_KEY, tier: 'business', syncIntervalMinutes: 60 });
      return syncCursor(deps, org.orgId);
    });
    const outcomes = await Promise.all(runs);
    expect(outcomes[0]!.events.requests + outcomes[1]!.events.requests).toBeGreaterThan(2 * CURSOR_RATE_LIMITS['filtered-usage-events']);
    expect(double.violations).toBe(0);
    for (const endpoint of CURSOR_ENDPOINTS) expect(double.maxInWindow(endpoint)).toBeLessThanOrEqual(CURSOR_RATE_LIMITS[endpoint]);
    const truth = groundTruth(dataset);
    for (const org of orgs) expectCursorGroundTruth(await storedCursorData(ctx.db, org.orgId), truth);
  }, 60_000);
});
