import { sql } from 'kysely';
import { createApiKey } from '../../../src/adapters/postgres/api-key-store.ts';
import { createDb, type Db } from '../../../src/adapters/postgres/database.ts';
import { migrateToLatest } from '../../../src/adapters/postgres/migrator.ts';
import { createOrg } from '../../../src/adapters/postgres/org-store.ts';
import type { LoadOutcome } from './load.ts';

export interface FaultOrg {
  orgId: string;
  ingestKey: string;
  readKey: string;
}

/** The suite's own view of its database: migrated (the server would do it too), one org with its keys. */
export async function openFaultDb(url: string): Promise<Db> {
  const db = createDb(url, { max: 3 });
  await migrateToLatest(db);
  return db;
}

export async function createFaultOrg(db: Db, name: string): Promise<FaultOrg> {
  const { orgId } = await createOrg(db, { name });
  const ingestKey = (await createApiKey(db, { orgId, scopes: ['ingest'] })).key;
  const readKey = (await createApiKey(db, { orgId, scopes: ['read'] })).key;
  return { orgId, ingestKey, readKey };
}

export interface Tally {
  sent: number;
  acknowledged: number;
  stored: number;
  lost: number;
}

/**
 * Matches the acknowledged events with the rows stored, by request id (those of this load: its tag), and prints
 * the counts for BENCHMARKS.md. Stored may exceed acknowledged: a batch committed whose answer never arrived.
 */
export async function tally(db: Db, orgId: string, scenario: string, outcome: LoadOutcome): Promise<Tally> {
  const rows = await sql<{ request_id: string }>`SELECT request_id FROM events
    WHERE org_id = ${orgId} AND starts_with(request_id, ${`${outcome.tag}-`})`.execute(db);
  const stored = new Set(rows.rows.map((r) => r.request_id));
  const lost = [...outcome.acknowledged].filter((id) => !stored.has(id)).length;
  const result = { sent: outcome.sent, acknowledged: outcome.acknowledged.size, stored: stored.size, lost };
  const statuses = Object.fromEntries([...outcome.statuses].sort(([a], [b]) => a - b).map(([s, n]) => [s === 0 ? 'no answer' : String(s), n]));
  console.log(`[faults] ${scenario}: ${JSON.stringify({ ...result, answers: statuses, retryAfter503: outcome.retryAfter503 })}`);
  return result;
}

/** Days still waiting for a rollup (marked, or claimed by a job that did not finish). */
export async function pendingDays(db: Db, orgId: string): Promise<number> {
  const rows = await sql<{ n: number }>`SELECT
    (SELECT count(*) FROM rollup_dirty_days WHERE org_id = ${orgId})::int + (SELECT count(*) FROM rollup_claimed_days WHERE org_id = ${orgId})::int AS n`.execute(db);
  return rows.rows[0]!.n;
}

/** Requests and input tokens per day, from the raw events and from rollup_daily, for comparing the two. */
export async function eventsVsRollups(db: Db, orgId: string): Promise<{ events: unknown[]; rollups: unknown[] }> {
  const events = await sql`SELECT (occurred_at AT TIME ZONE o.time_zone)::date::text AS day, count(*)::int AS requests,
      sum(input_tokens)::text AS input FROM events e JOIN orgs o USING (org_id)
    WHERE e.org_id = ${orgId} AND e.kind = 'api_request' GROUP BY 1 ORDER BY 1`.execute(db);
  const rollups = await sql`SELECT day::text AS day, sum(requests)::int AS requests, sum(input_tokens)::text AS input
    FROM rollup_daily WHERE org_id = ${orgId} GROUP BY 1 HAVING sum(requests) > 0 ORDER BY 1`.execute(db);
  return { events: events.rows, rollups: rollups.rows };
}
