import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { syncCursor } from '../../src/app/sync-cursor.ts';
import { CURSOR_RATE_LIMITS, CURSOR_ENDPOINTS } from '../../src/domain/cursor/api-shapes.ts';
import { CursorDataset } from '../support/cursor-dataset.ts';
import { CursorDouble } from '../support/cursor-double.ts';
import {
  cursorSyncDeps, expectCursorGroundTruth, groundTruth, storedCursorData, TEST_CURSOR_KEY, type CursorHarnessSettings, type StoredCursorData,
} from '../support/cursor-harness.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// 12 members (one removed), 40 days from 2026-10-01, ~60 usage events a day: two 30-day windows per endpoint.
const dataset = new CursorDataset({ members: 12, days: 40, firstDay: '2026-10-01', eventsPerDay: 60, removed: 1, seed: 5 });
const truth = groundTruth(dataset);
const NOW = '2026-11-20T10:30:00Z';

let ctx: TestContext;
let double: CursorDouble;

async function orgWithKey(name: string): Promise<TestOrg> {
  const org = await ctx.createOrg(name);
  await cursorSyncDeps(ctx.db, settings({})).store.saveConnection(org.orgId, { apiKey: TEST_CURSOR_KEY, tier: 'business', syncIntervalMinutes: 60 });
  return org;
}

function settings(over: Partial<CursorHarnessSettings>): CursorHarnessSettings {
  return { doubleUrl: double.url, windowMs: 400, now: NOW, initialDays: 50, pageSizes: { dailyMembers: 5, events: 1000 }, ...over };
}

const stored = (orgId: string) => storedCursorData(ctx.db, orgId);
const expectGroundTruth = (got: StoredCursorData) => expectCursorGroundTruth(got, truth);

beforeAll(async () => {
  ctx = await createTestApp();
  double = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset, windowMs: 400 });
  await double.start();
});

afterAll(async () => {
  await double?.stop();
  await ctx?.close();
});

describe('Cursor sync against the Admin API double', () => {
  it('stores exactly the double\'s members, active person-days, events, tokens, charged cents, models and conversations', async () => {
    expect(truth.events).toBeGreaterThan(2000);
    const org = await orgWithKey('exact');
    const outcome = await syncCursor(cursorSyncDeps(ctx.db, settings({})), org.orgId);
    expectGroundTruth(await stored(org.orgId));
    expect(outcome.events.stored).toBe(truth.events);
    expect(outcome.daily.stored).toBe(truth.activeDays.size);
    // placeholders came back (paginated: every member every day) and were skipped
    expect(outcome.daily.received).toBe(12 * 40);
  });

  it('a second sync, and a reset followed by a sync, store nothing new', async () => {
    const org = await orgWithKey('again');
    const deps = cursorSyncDeps(ctx.db, settings({}));
    await syncCursor(deps, org.orgId);
    const calls = double.calls.length;
    const second = await syncCursor(deps, org.orgId);
    expect(second.events.stored + second.daily.stored).toBe(0);
    // nothing left to read: only the members call
    expect(double.calls.length - calls).toBe(1);
    await deps.store.resetCursors(org.orgId);
    const afterReset = await syncCursor(deps, org.orgId);
    expect(afterReset.events.received).toBe(truth.events);
    expect(afterReset.events.stored + afterReset.daily.stored).toBe(0);
    expectGroundTruth(await stored(org.orgId));
  });

  it('never sends an endpoint more calls per window than its documented limit, even with tiny pages', async () => {
    // a double of its own with a 1 s window: tiny pages come back faster than the limits allow
    const strict = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset, windowMs: 1000 });
    await strict.start();
    try {
      const org = await orgWithKey('budget');
      const outcome = await syncCursor(cursorSyncDeps(ctx.db, settings({ doubleUrl: strict.url, windowMs: 1000, pageSizes: { dailyMembers: 1, events: 10 } })), org.orgId);
      expect(outcome.daily.requests).toBeGreaterThan(CURSOR_RATE_LIMITS['daily-usage-data']);
      expect(outcome.events.requests).toBeGreaterThan(3 * CURSOR_RATE_LIMITS['filtered-usage-events']);
      expect(strict.violations).toBe(0);
      for (const endpoint of CURSOR_ENDPOINTS) expect(strict.maxInWindow(endpoint)).toBeLessThanOrEqual(CURSOR_RATE_LIMITS[endpoint]);
      // (whether some window fills depends on how fast pages are stored on a busy machine, so it is not asserted; the
      // double catching two unshared budgets is in cursor-shared-budget.test.ts)
      expectGroundTruth(await stored(org.orgId));
    } finally {
      await strict.stop();
    }
  });

  it('retries 429 and 5xx answers and still stores the ground truth', async () => {
    const org = await orgWithKey('retry');
    double.failNext('filtered-usage-events', 503, 2);
    double.failNext('daily-usage-data', 429, 1);
    double.failNext('members', 502, 1);
    await syncCursor(cursorSyncDeps(ctx.db, settings({})), org.orgId);
    expectGroundTruth(await stored(org.orgId));
  });

  it('stops on a refused key and says so in the connection status', async () => {
    const org = await ctx.createOrg('refused');
    const deps = cursorSyncDeps(ctx.db, settings({}));
    await deps.store.saveConnection(org.orgId, { apiKey: 'key_wrong', tier: 'pro', syncIntervalMinutes: 60 });
    const before = double.calls.length;
    await expect(syncCursor(deps, org.orgId)).rejects.toThrow(/refused the admin key \(401/);
    expect(double.calls.length - before).toBe(1);
    const connection = await deps.store.connection(org.orgId);
    expect(connection?.lastError?.kind).toBe('auth');
    expect(await deps.store.dueOrgs(new Date('2030-01-01'))).not.toContain(org.orgId);
  });

  it('a sync process killed with SIGKILL halfway resumes where it stopped and ends with the same totals', async () => {
    const org = await orgWithKey('killed');
    const slow = settings({ windowMs: 1500, pageSizes: { dailyMembers: 1, events: 25 } });
    const eventCallsBefore = double.callsTo('filtered-usage-events').length;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cursor-sync-child.ts', JSON.stringify({ databaseUrl: ctx.url, orgId: org.orgId, settings: slow })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const deadline = Date.now() + 25_000;
    while (double.callsTo('filtered-usage-events').length - eventCallsBefore < 40) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child did not get halfway: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const partial = await stored(org.orgId);
    expect(partial.events).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(truth.events);
    const firstRunCalls = double.callsTo('filtered-usage-events').length - eventCallsBefore;
    const resumed = await syncCursor(cursorSyncDeps(ctx.db, slow), org.orgId);
    // resumed from the persisted cursor: at most the page in flight is read again
    const allPages = Math.ceil(truth.events / 25) + 2;
    expect(resumed.events.requests).toBeLessThanOrEqual(allPages - firstRunCalls + 2);
    expectGroundTruth(await stored(org.orgId));
  }, 60_000);

  it('shows Cursor in the reports: active users, adoption of Cursor seats, tokens, cost, models and acceptance rates', async () => {
    const org = await orgWithKey('reports');
    await syncCursor(cursorSyncDeps(ctx.db, settings({})), org.orgId);
    await rollupOrg(rollupStore(ctx.db), org.orgId);
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/reports/usage?from=2026-10-01&to=2026-11-09&tool=cursor',
      headers: { authorization: `Bearer ${org.readKey}` },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json() as { activeUsers: number; totalTokens: number; costUsd: number; cursor: Record<string, number | null> };
    const activePeople = new Set([...truth.activeDays].map((k) => k.split('|')[0]));
    expect(report.activeUsers).toBe(activePeople.size);
    expect(report.totalTokens).toBe(truth.reportTokens);
    expect(report.costUsd).toBeCloseTo(truth.chargedCents / 100, 4);
    // what only Cursor has, summed from the double's rows
    const sum = (field: string) => {
      let total = 0;
      for (let i = 0; i < dataset.dayCount; i++) for (const row of dataset.activeRows(i).values()) total += row[field] as number;
      return total;
    };
    expect(report.cursor).toMatchObject({
      tabsShown: sum('totalTabsShown'), tabsAccepted: sum('totalTabsAccepted'), accepts: sum('totalAccepts'), rejects: sum('totalRejects'),
      agentRequests: sum('agentRequests'),
    });
    expect(report.cursor.tabAcceptanceRate).toBeCloseTo(sum('totalTabsAccepted') / sum('totalTabsShown'), 9);
    expect(report.cursor.agentAcceptanceRate).toBeCloseTo(sum('totalAccepts') / (sum('totalAccepts') + sum('totalRejects')), 9);
    // one day of the period: only that day's rows
    const oneDay = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/usage?from=2026-10-05&to=2026-10-05', headers: { authorization: `Bearer ${org.readKey}` } });
    const day4 = [...dataset.activeRows(4).values()].reduce((a, r) => a + (r.totalTabsShown as number), 0);
    expect(oneDay.json().cursor.tabsShown).toBe(day4);
    // adoption: the members' seats start on the first day the sync read, so the period's usage counts against them
    const adoption = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/adoption?from=2026-10-01&to=2026-11-09&tool=cursor', headers: { authorization: `Bearer ${org.readKey}` } })).json();
    const licensed = new Set(truth.currentMembers);
    const activeLicensed = [...activePeople].filter((p) => licensed.has(p!)).length;
    expect(adoption).toMatchObject({ licensedUsers: licensed.size, activeUsers: activePeople.size });
    expect(adoption.adoptionRate).toBeCloseTo(activeLicensed / licensed.size, 9);
    // models: each Cursor model with its requests
    const models = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/models?from=2026-10-01&to=2026-11-09&tool=cursor', headers: { authorization: `Bearer ${org.readKey}` } })).json() as { byModel: Array<{ modelIds: string[]; requests: number }> };
    const perModel = new Map<string, number>();
    for (let i = 0; i < dataset.dayCount; i++) for (const e of dataset.eventsOfDay(i)) perModel.set(e.model!, (perModel.get(e.model!) ?? 0) + 1);
    // each of Cursor's names is its own model family here (none of them are aliases of one another)
    expect(Object.fromEntries(models.byModel.map((m) => [m.modelIds.join(','), m.requests]))).toEqual(Object.fromEntries(perModel));
    const otherTool = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/usage?from=2026-10-01&to=2026-11-09&tool=claude-code', headers: { authorization: `Bearer ${org.readKey}` } });
    expect(otherTool.json().cursor).toBeNull();
  });
});
