import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// D3: the "needs rollup" marks were deleted before the rebuild, outside its transaction, so a worker killed
// mid-rebuild lost that rollup for good. A rebuild that never commits (the process died) must leave its days to
// the next job.
let ctx: TestContext;
let org: TestOrg;
beforeAll(async () => {
  ctx = await createTestApp();
  org = await ctx.createOrg('crash');
});
afterAll(() => ctx.close());

const event = (id: string, day: string, input: number) => ({
  id, tool: 'claude-code', kind: 'api_request', email: 'a@acme.example', sessionId: `s-${day}`, requestId: `req-${id}`,
  model: 'claude-sonnet-4-5', occurredAt: `${day}T12:00:00Z`, tokens: { input, output: 1, cacheRead: 0, cacheCreation: 0 },
});

async function post(events: object[]): Promise<void> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(200);
}

async function rollupRows(): Promise<unknown[]> {
  const rows = await sql`SELECT day::text, person, tool, model, sessions, requests, input_tokens::text, output_tokens::text
    FROM rollup_daily WHERE org_id = ${org.orgId} ORDER BY day, person, tool, model`.execute(ctx.db);
  return rows.rows;
}

describe('a rollup that dies before its rebuild commits', () => {
  it('leaves its days for the next job, which rebuilds them as a full recomputation would', async () => {
    await post([event('e1', '2026-11-20', 100), event('e2', '2026-11-21', 200)]);
    const store = rollupStore(ctx.db);
    // the worker takes the days, then the process dies: its rebuild never commits (nor fails)
    void rollupOrg({ ...store, rebuildDays: () => new Promise<never>(() => {}) }, org.orgId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rollupRows()).toEqual([]);

    const outcome = await rollupOrg(store, org.orgId);
    expect(outcome.days).toEqual(['2026-11-20', '2026-11-21']);
    const incremental = await rollupRows();
    expect(incremental).toHaveLength(2);
    await rebuildAllRollups(ctx.db, org.orgId);
    expect(await rollupRows()).toEqual(incremental);
    expect((await rollupOrg(store, org.orgId)).days).toEqual([]);
  });

  it('keeps a day marked when new events arrive while its rebuild runs', async () => {
    await post([event('e3', '2026-11-22', 300)]);
    const store = rollupStore(ctx.db);
    const first = await rollupOrg({ ...store, rebuildDays: async (orgId, days) => {
      await post([event('e4', '2026-11-22', 400)]);
      return store.rebuildDays(orgId, days);
    } }, org.orgId);
    expect(first.days).toEqual(['2026-11-22']);
    expect((await rollupOrg(store, org.orgId)).days).toEqual(['2026-11-22']);
    const day = await sql<{ input: string }>`SELECT sum(input_tokens)::text AS input FROM rollup_daily
      WHERE org_id = ${org.orgId} AND day = '2026-11-22'`.execute(ctx.db);
    expect(day.rows[0]!.input).toBe('700');
  });
});
