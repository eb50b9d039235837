import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedSyntheticOrg } from '../../bench/seed-synthetic.ts';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { createRollupQueue } from '../../src/adapters/queue/rollup-queue.ts';
import { eventsVsRollups, pendingDays } from './support/fault-db.ts';
import { useFaultEnvironment } from './support/environment.ts';
import { sleep, waitFor } from './support/ports.ts';
import { waitForLine, waitListening } from './support/server-process.ts';

// D3: the "needs rollup" marks were deleted before the rebuild, outside its transaction: a worker killed
// mid-rollup lost that rollup for good (a report showed 869k tokens where the summary had 1.65M).
const EVENTS = 120_000;

const env = useFaultEnvironment('worker-crash');

/** Every rollup_daily row of the org, as text, in a stable order. */
async function dailyRows(orgId: string): Promise<string[]> {
  const rows = await sql<{ row: string }>`SELECT d::text AS row FROM rollup_daily d WHERE org_id = ${orgId}
    ORDER BY day, person, tool, model, project`.execute(env.db);
  return rows.rows.map((r) => r.row);
}

/** How long the oldest active statement of another connection that touches rollups has been running. */
async function rollupStatementMs(): Promise<number> {
  const rows = await sql<{ ms: number | null }>`SELECT max(extract(epoch FROM now() - query_start) * 1000)::float8 AS ms
    FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query ILIKE '%rollup%'`.execute(env.db);
  return rows.rows[0]!.ms ?? 0;
}

/** The seeded period: its first and last org-zone day (the org is in UTC). */
async function period(orgId: string): Promise<{ from: string; to: string }> {
  const rows = await sql<{ from: string; to: string }>`SELECT min(occurred_at)::date::text AS from, max(occurred_at)::date::text AS to
    FROM events WHERE org_id = ${orgId}`.execute(env.db);
  return rows.rows[0]!;
}

async function getJson(path: string, key: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${env.port}${path}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Total tokens of the period by the usage report (rollups) through a real API server. */
async function reportTokens(orgId: string, readKey: string): Promise<number> {
  const api = env.start('api');
  await waitListening(api);
  const { from, to } = await period(orgId);
  const report = await getJson(`/api/v1/reports/usage?from=${from}&to=${to}`, readKey);
  return report.totalTokens as number;
}

/** Total tokens of the period by the summary (raw events); the API server of reportTokens answers. */
async function summaryTokens(orgId: string, readKey: string): Promise<number> {
  const { from, to } = await period(orgId);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
  const summary = await getJson(`/api/v1/summary?from=${from}T00:00:00Z&to=${end}`, readKey);
  return (summary.tokens as { total: number }).total;
}

describe('kill -9 of the worker during a rollup', () => {
  it('leaves the days to the restarted worker: the report then equals the summary and a full recomputation', async () => {
    const seeded = await seedSyntheticOrg(env.db, { databaseUrl: env.pg.url, people: 300, days: 30, events: EVENTS, orgName: 'crash', seed: 7 });
    const dirty = await pendingDays(env.db, seeded.orgId);
    expect(dirty).toBeGreaterThan(20);

    const first = env.start('worker');
    await waitForLine(first, /Workers started/);
    const queue = createRollupQueue(env.redis.url, { debounceMs: 0 });
    await queue.requestRollup(seeded.orgId);
    await queue.close();
    const started = Date.now();
    await waitFor('the rollup to be under way (a statement running 0.3 s)', async () => (await rollupStatementMs()) > 300, 60_000, 100);
    await first.kill9();
    console.log(`[faults] worker killed ${((Date.now() - started) / 1000).toFixed(1)} s into a rollup of ${dirty} days, ${EVENTS} events`);
    expect(await dailyRows(seeded.orgId)).toEqual([]); // killed before the rebuild committed
    await sleep(500);

    const second = env.start('worker');
    const restarted = Date.now();
    await waitFor('the restarted worker to finish the rollup', async () => (await pendingDays(env.db, seeded.orgId)) === 0, 150_000, 1000);
    console.log(`[faults] restarted worker finished the rollup in ${((Date.now() - restarted) / 1000).toFixed(1)} s`);
    expect(second.alive()).toBe(true);
    const compared = await eventsVsRollups(env.db, seeded.orgId);
    expect(compared.rollups).toEqual(compared.events);
    expect(await reportTokens(seeded.orgId, seeded.readKey)).toEqual(await summaryTokens(seeded.orgId, seeded.readKey));
    const incremental = await dailyRows(seeded.orgId);
    await rebuildAllRollups(env.db, seeded.orgId);
    expect(await dailyRows(seeded.orgId)).toEqual(incremental);
  });
});
