import { sql } from 'kysely';
import type { Db } from './database.ts';
import { rebuildInTransaction, type RebuildOutcome, type StepTimer } from './rollup-rebuild.ts';

// Which days need rebuilding, and the rebuild entry points. Rollups are rebuilt per org-zone day from raw
// events: delete the day's rows, recompute them (rollup-rebuild.ts).

export async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const row = await db.selectFrom('orgs').select('time_zone').where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw new Error(`Unknown org ${orgId}`);
  return row.time_zone;
}

/** How many days of the org within [from, to] are marked or claimed for a rollup (not rolled up yet). */
export async function pendingDaysWithin(db: Db, orgId: string, from: string, to: string): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT day FROM rollup_dirty_days WHERE org_id = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date
      UNION SELECT day FROM rollup_claimed_days WHERE org_id = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date
    ) pending`.execute(db);
  return rows.rows[0]?.n ?? 0;
}

/**
 * Claims the org's days marked for rebuilding: moves them from rollup_dirty_days to rollup_claimed_days in one
 * statement and returns every claimed day of the org, those of an earlier job that died mid-rebuild included.
 * The claims go only when a rebuild of their days commits (rebuildRollupDays).
 */
export async function claimDirtyDays(db: Db, orgId: string): Promise<string[]> {
  const rows = await sql<{ day: string }>`
    WITH taken AS (DELETE FROM rollup_dirty_days WHERE org_id = ${orgId} RETURNING day),
    claimed AS (
      INSERT INTO rollup_claimed_days (org_id, day) SELECT ${orgId}::uuid, day FROM taken
      ON CONFLICT (org_id, day) DO UPDATE SET claimed_at = now()
      RETURNING day
    )
    SELECT day::text FROM claimed UNION SELECT day::text FROM rollup_claimed_days WHERE org_id = ${orgId}`.execute(db);
  return rows.rows.map((r) => r.day).sort();
}

/** The orgs with days waiting for a rollup (marked, or claimed by a job that never finished). */
export async function orgsWithPendingDays(db: Db): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    SELECT org_id FROM rollup_dirty_days UNION SELECT org_id FROM rollup_claimed_days`.execute(db);
  return rows.rows.map((r) => r.org_id);
}

/**
 * Marks the given number of most recent org-zone days (today included) of every org. DO UPDATE, not DO NOTHING,
 * so that RETURNING lists orgs whose days were already marked too.
 */
export async function markRecentDaysOfAllOrgs(db: Db, days: number, now: Date): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    INSERT INTO rollup_dirty_days (org_id, day)
    SELECT o.org_id, ((${now}::timestamptz AT TIME ZONE o.time_zone)::date - n) FROM orgs o, generate_series(0, ${days - 1}) AS n
    ON CONFLICT (org_id, day) DO UPDATE SET marked_at = now()
    RETURNING org_id`.execute(db);
  return [...new Set(rows.rows.map((r) => r.org_id))];
}

/**
 * Recomputes the rollups of the given org-zone days (and of every day of the sessions they touch), and releases
 * their claims in the same transaction: a crash before the commit leaves both the old rollups and the claims.
 */
export async function rebuildRollupDays(db: Db, orgId: string, days: string[]): Promise<RebuildOutcome> {
  if (days.length === 0) return { days: [], sessions: 0 };
  const tz = await orgTimeZone(db, orgId);
  return db.transaction().execute(async (trx) => {
    const outcome = await rebuildInTransaction(trx, orgId, tz, { kind: 'days', days });
    await sql`DELETE FROM rollup_claimed_days WHERE org_id = ${orgId} AND day = ANY(${days}::date[])`.execute(trx);
    return outcome;
  });
}

const ROLLUP_TABLES = [
  'rollup_daily', 'rollup_hourly', 'rollup_sessions', 'rollup_people', 'rollup_person_daily', 'rollup_person_weekly', 'rollup_person_day_totals',
  'rollup_model_daily', 'rollup_tool_hourly',
  'rollup_summary_daily', 'rollup_dirty_days', 'rollup_claimed_days', 'rollup_filter_values', 'rollup_person_orgs',
];

/** Drops every rollup row of the org and rebuilds them all from its events (after a time-zone change, for one). */
export async function rebuildAllRollups(db: Db, orgId: string, onStep?: StepTimer): Promise<RebuildOutcome> {
  const tz = await orgTimeZone(db, orgId);
  const outcome = await db.transaction().execute(async (trx) => {
    for (const table of ROLLUP_TABLES) await sql`DELETE FROM ${sql.table(table)} WHERE org_id = ${orgId}`.execute(trx);
    return rebuildInTransaction(trx, orgId, tz, { kind: 'all' }, onStep);
  });
  // Every old row of the org is now dead: make the space reusable at once rather than whenever autovacuum comes
  // (if it is on at all), and give the planner the tables' new sizes before the first report.
  const started = performance.now();
  await sql`VACUUM (ANALYZE) ${sql.join(ROLLUP_TABLES.map((t) => sql.table(t)))}`.execute(db);
  onStep?.('vacuum', performance.now() - started);
  return outcome;
}
