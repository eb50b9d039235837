import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createCursorQueue, type CursorSyncQueue } from '../../src/adapters/queue/cursor-queue.ts';
import { createRollupQueue } from '../../src/adapters/queue/rollup-queue.ts';
import type { RunningWorkers } from '../../src/adapters/queue/workers.ts';
import { startBackgroundWorkers } from '../../src/main/background.ts';
import { buildContainer } from '../../src/main/container.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { CursorDataset } from '../support/cursor-dataset.ts';
import { CursorDouble } from '../support/cursor-double.ts';
import { groundTruth, TEST_CURSOR_KEY, TEST_ENCRYPTION_KEY } from '../support/cursor-harness.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const dataset = new CursorDataset({ members: 6, days: 10, firstDay: '2026-11-01', eventsPerDay: 30, seed: 9 });
const truth = groundTruth(dataset);
const NOW = new Date('2026-11-20T10:30:00Z');
const prefix = `uptake-cursor-${randomBytes(4).toString('hex')}`;

let ctx: TestContext;
let double: CursorDouble;
let queue: CursorSyncQueue;
let org: TestOrg;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, key = org.adminKey) =>
  ctx.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  double = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset, windowMs: 400 });
  await double.start();
  queue = createCursorQueue(inject('redisUrl'), { prefix });
  ctx = await createTestApp({ cursor: { encryptionKey: TEST_ENCRYPTION_KEY, apiUrl: double.url, windowMs: 400 }, cursorQueue: queue, now: () => NOW });
  org = await ctx.createOrg('cursor-routes');
});

afterAll(async () => {
  await queue?.close();
  await double?.stop();
  await ctx?.close();
});

describe('/api/v1/cursor', () => {
  it('refuses a key Cursor refuses, stores a good one encrypted, and needs an admin key', async () => {
    expect((await call('PUT', '/api/v1/cursor/connection', { apiKey: TEST_CURSOR_KEY }, org.readKey)).statusCode).toBe(403);
    const refused = await call('PUT', '/api/v1/cursor/connection', { apiKey: 'key_not_it' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatch(/refused the admin key \(401/);
    expect((await call('GET', '/api/v1/cursor/status')).json()).toEqual({ connected: false });
    const saved = await call('PUT', '/api/v1/cursor/connection', { apiKey: TEST_CURSOR_KEY, tier: 'enterprise' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().checks.members).toEqual({ ok: true, detail: '6 members' });
    const stored = await sql<{ sealed: Buffer }>`SELECT api_key_encrypted AS sealed FROM cursor_connections WHERE org_id = ${org.orgId}`.execute(ctx.db);
    expect(stored.rows[0]!.sealed.includes(Buffer.from(TEST_CURSOR_KEY))).toBe(false);
    expect(JSON.stringify((await call('GET', '/api/v1/cursor/status')).json())).not.toContain(TEST_CURSOR_KEY);
  });

  it('test calls each endpoint once and writes nothing', async () => {
    const before = double.calls.length;
    const res = await call('POST', '/api/v1/cursor/test');
    expect(res.statusCode).toBe(200);
    expect(Object.values(res.json().checks).every((c) => (c as { ok: boolean }).ok)).toBe(true);
    expect(double.calls.slice(before).map((c) => c.endpoint).sort()).toEqual(['daily-usage-data', 'filtered-usage-events', 'members']);
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events WHERE org_id = ${org.orgId}`.execute(ctx.db);
    expect(events.rows[0]!.n).toBe(0);
  });

  it('one org has one sync job at a time', async () => {
    const first = await call('POST', '/api/v1/cursor/sync', {});
    const second = await call('POST', '/api/v1/cursor/sync', {});
    expect(first.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ jobId: first.json().jobId, alreadyQueued: true });
    expect((await call('GET', '/api/v1/cursor/sync')).json().job.jobId).toBe(first.json().jobId);
  });

  it('the worker runs the queued sync; status shows rows per endpoint; reset forgets the cursors', async () => {
    const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => NOW, cursor: { encryptionKey: TEST_ENCRYPTION_KEY, apiUrl: double.url, windowMs: 400 } });
    const rollups = createRollupQueue(inject('redisUrl'), { debounceMs: 0, prefix });
    const workers: RunningWorkers = await startBackgroundWorkers(container, inject('redisUrl'), rollups, { prefix, log: () => {}, cursorQueue: queue });
    try {
      const deadline = Date.now() + 20_000;
      let status = (await call('GET', '/api/v1/cursor/status')).json();
      while (!status.lastSuccessAt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await call('GET', '/api/v1/cursor/status')).json();
      }
      expect(status.lastError).toBeNull();
      expect(status.endpoints['filtered-usage-events'].rows).toBe(truth.events);
      expect(status.endpoints['daily-usage-data'].rows).toBe(truth.activeDays.size);
      expect(status.endpoints.members.rows).toBe(6);
      expect(status.nextSyncAt).toBe(new Date(NOW.getTime() + 60 * 60_000).toISOString());
      const seats = await sql<{ tier: string }>`SELECT DISTINCT tier FROM licenses WHERE org_id = ${org.orgId} AND tool = 'cursor'`.execute(ctx.db);
      expect(seats.rows).toEqual([{ tier: 'enterprise' }]);
      expect((await call('POST', '/api/v1/cursor/reset')).statusCode).toBe(200);
      const after = (await call('GET', '/api/v1/cursor/status')).json();
      expect(after.endpoints['filtered-usage-events']).toMatchObject({ rows: 0, doneThrough: null });
    } finally {
      await workers.close();
      await rollups.close();
    }
  });
});
