import { sql, type RawBuilder } from 'kysely';
import { WORKFLOW_TOOL_NAMES, WORKFLOWS } from '../../domain/metrics/workflow.ts';
import type { Db } from './database.ts';

// Rollups are rebuilt per org-zone day from raw events: delete the day's rows, recompute them. See
// docs/metrics.md for what each table holds. All statements of one rebuild run in one transaction.

/** The workflow category of a `tool_result` row of `events e`, mirroring `classifyWorkflow`. */
function workflowExpression(): RawBuilder<string> {
  const explicit = sql`lower(regexp_replace(trim(e.attributes->>'workflow'), '[\\s-]+', '_', 'g'))`;
  const name = sql`lower(trim(e.tool_name))`;
  const byName = Object.entries(WORKFLOW_TOOL_NAMES).map(
    ([workflow, names]) => sql`WHEN ${name} = ANY(${sql.val(names)}::text[]) THEN ${sql.lit(workflow)}`,
  );
  return sql<string>`CASE WHEN ${explicit} = ANY(${sql.val(WORKFLOWS)}::text[]) THEN ${explicit} ${sql.join(byName, sql` `)} ELSE 'other' END`;
}

const PERSON = sql`coalesce(e.person_email, 'id:' || e.identity)`;
const TOKENS = sql`(e.input_tokens + e.output_tokens + e.cache_read_tokens + e.cache_creation_tokens)`;

/** The measures of rollup_daily / rollup_hourly over `events e` joined to its session `s`, in column order. */
function measures(): RawBuilder<unknown> {
  const wf = workflowExpression();
  const workflowCounts = WORKFLOWS.map((w) => sql`count(*) FILTER (WHERE e.kind = 'tool_result' AND ${wf} = ${sql.lit(w)})`);
  return sql`
    count(*) FILTER (WHERE e.kind = 'user_prompt'),
    count(*) FILTER (WHERE e.kind = 'api_request'),
    coalesce(sum(e.input_tokens), 0), coalesce(sum(e.output_tokens), 0),
    coalesce(sum(e.cache_read_tokens), 0), coalesce(sum(e.cache_creation_tokens), 0),
    coalesce(sum(e.cost_usd), 0),
    coalesce(sum(e.quantity) FILTER (WHERE e.kind = 'active_time'), 0),
    coalesce(sum(e.lines_added), 0), coalesce(sum(e.lines_removed), 0),
    coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.kind = 'commit'), 0),
    coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.kind = 'pull_request'), 0),
    ${sql.join(workflowCounts)}`;
}

const MEASURE_COLUMNS = sql`prompts, requests, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,
  cost_usd, active_seconds, lines_added, lines_removed, commits, pull_requests,
  wf_code_generation, wf_debugging, wf_code_review, wf_documentation, wf_other`;

const ZERO_MEASURES = sql`0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0`;

export async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const row = await db.selectFrom('orgs').select('time_zone').where('org_id', '=', orgId).executeTakeFirst();
  if (!row) throw new Error(`Unknown org ${orgId}`);
  return row.time_zone;
}

/** Takes (and removes) the org's days marked for rebuilding. */
export async function takeDirtyDays(db: Db, orgId: string): Promise<string[]> {
  const rows = await sql<{ day: string }>`DELETE FROM rollup_dirty_days WHERE org_id = ${orgId} RETURNING day::text`.execute(db);
  return rows.rows.map((r) => r.day).sort();
}

export async function markDirtyDays(db: Db, orgId: string, days: string[]): Promise<void> {
  if (days.length === 0) return;
  await sql`INSERT INTO rollup_dirty_days (org_id, day) SELECT ${orgId}::uuid, d FROM unnest(${days}::date[]) AS d
    ON CONFLICT (org_id, day) DO UPDATE SET marked_at = now()`.execute(db);
}

/** Marks the given number of most recent org-zone days (today included) of every org. */
export async function markRecentDaysOfAllOrgs(db: Db, days: number, now: Date): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    INSERT INTO rollup_dirty_days (org_id, day)
    SELECT o.org_id, ((${now}::timestamptz AT TIME ZONE o.time_zone)::date - n) FROM orgs o, generate_series(0, ${days - 1}) AS n
    ON CONFLICT (org_id, day) DO UPDATE SET marked_at = now()
    RETURNING org_id`.execute(db);
  return [...new Set(rows.rows.map((r) => r.org_id))];
}

/** Every org-zone day on which the org has events. */
export async function allEventDays(db: Db, orgId: string): Promise<string[]> {
  const tz = await orgTimeZone(db, orgId);
  const rows = await sql<{ day: string }>`
    SELECT DISTINCT (occurred_at AT TIME ZONE ${tz})::date::text AS day FROM events WHERE org_id = ${orgId} ORDER BY 1`.execute(db);
  return rows.rows.map((r) => r.day);
}

export interface RebuildOutcome {
  days: string[];
  sessions: number;
}

/** Recomputes the rollups of the given org-zone days (and of the start days of the sessions they touch). */
export async function rebuildRollupDays(db: Db, orgId: string, days: string[]): Promise<RebuildOutcome> {
  if (days.length === 0) return { days: [], sessions: 0 };
  const tz = await orgTimeZone(db, orgId);
  return db.transaction().execute((trx) => rebuildInTransaction(trx, orgId, tz, days));
}

/** Drops every rollup row of the org and rebuilds them all from its events (after a time-zone change, for one). */
export async function rebuildAllRollups(db: Db, orgId: string): Promise<RebuildOutcome> {
  const tz = await orgTimeZone(db, orgId);
  const days = await allEventDays(db, orgId);
  return db.transaction().execute(async (trx) => {
    for (const table of ['rollup_daily', 'rollup_hourly', 'rollup_sessions', 'rollup_people', 'rollup_dirty_days']) {
      await sql`DELETE FROM ${sql.table(table)} WHERE org_id = ${orgId}`.execute(trx);
    }
    return days.length === 0 ? { days: [], sessions: 0 } : rebuildInTransaction(trx, orgId, tz, days);
  });
}

async function rebuildInTransaction(trx: Db, orgId: string, tz: string, days: string[]): Promise<RebuildOutcome> {
  const sessions = await rebuildSessions(trx, orgId, tz, days);
  const allDays = [...new Set([...days, ...sessions.startDays])].sort();
  await createDayRanges(trx, tz, allDays);
  await rebuildDaily(trx, orgId, allDays);
  await rebuildHourly(trx, orgId);
  await rebuildPeople(trx, orgId, allDays);
  return { days: allDays, sessions: sessions.count };
}

/** Recomputes every session with an event on the days; returns the old and new start days of those sessions. */
async function rebuildSessions(trx: Db, orgId: string, tz: string, days: string[]): Promise<{ count: number; startDays: string[] }> {
  await sql`CREATE TEMP TABLE touched_sessions ON COMMIT DROP AS
    SELECT DISTINCT e.tool, e.session_id
    FROM unnest(${days}::date[]) AS d
    JOIN events e ON e.org_id = ${orgId}
      AND e.occurred_at >= (d::timestamp AT TIME ZONE ${tz}) AND e.occurred_at < ((d + 1)::timestamp AT TIME ZONE ${tz})
    WHERE e.session_id IS NOT NULL`.execute(trx);
  const previous = await sql<{ day: string }>`
    DELETE FROM rollup_sessions s USING touched_sessions t
    WHERE s.org_id = ${orgId} AND s.tool = t.tool AND s.session_id = t.session_id
    RETURNING s.start_day::text AS day`.execute(trx);
  const inserted = await sql<{ day: string }>`
    INSERT INTO rollup_sessions (org_id, tool, session_id, person, model, project, started_at, start_day, last_at, prompts, requests, tokens)
    SELECT ${orgId}::uuid, e.tool, e.session_id,
      coalesce((array_agg(${PERSON} ORDER BY e.occurred_at) FILTER (WHERE ${PERSON} IS NOT NULL))[1], ''),
      coalesce((array_agg(e.model ORDER BY e.occurred_at) FILTER (WHERE e.kind = 'api_request' AND e.model IS NOT NULL))[1], ''),
      coalesce((array_agg(e.project ORDER BY e.occurred_at) FILTER (WHERE e.project IS NOT NULL))[1], ''),
      min(e.occurred_at), (min(e.occurred_at) AT TIME ZONE ${tz})::date, max(e.occurred_at),
      count(*) FILTER (WHERE e.kind = 'user_prompt'), count(*) FILTER (WHERE e.kind = 'api_request'),
      coalesce(sum(${TOKENS}) FILTER (WHERE e.kind = 'api_request'), 0)
    FROM touched_sessions t JOIN events e ON e.org_id = ${orgId} AND e.session_id = t.session_id AND e.tool = t.tool
    GROUP BY e.tool, e.session_id
    RETURNING start_day::text AS day`.execute(trx);
  const startDays = new Set([...previous.rows, ...inserted.rows].map((r) => r.day));
  return { count: inserted.rows.length, startDays: [...startDays] };
}

/** day_ranges: each day's [lo, hi) instants, and the whole UTC hours that cover it. */
async function createDayRanges(trx: Db, tz: string, days: string[]): Promise<void> {
  await sql`CREATE TEMP TABLE day_ranges ON COMMIT DROP AS
    SELECT d AS day, (d::timestamp AT TIME ZONE ${tz}) AS lo, ((d + 1)::timestamp AT TIME ZONE ${tz}) AS hi
    FROM unnest(${days}::date[]) AS d`.execute(trx);
  await sql`CREATE TEMP TABLE hour_ranges ON COMMIT DROP AS
    SELECT DISTINCT h AS hour FROM day_ranges r,
      generate_series(date_trunc('hour', r.lo), r.hi - interval '1 microsecond', interval '1 hour') AS h`.execute(trx);
}

async function rebuildDaily(trx: Db, orgId: string, days: string[]): Promise<void> {
  await sql`DELETE FROM rollup_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[])`.execute(trx);
  await sql`
    INSERT INTO rollup_daily (org_id, day, person, tool, model, project, sessions, ${MEASURE_COLUMNS})
    SELECT ${orgId}::uuid, day, person, tool, model, project, sum(sessions), sum(prompts), sum(requests),
      sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens), sum(cost_usd),
      sum(active_seconds), sum(lines_added), sum(lines_removed), sum(commits), sum(pull_requests),
      sum(wf_code_generation), sum(wf_debugging), sum(wf_code_review), sum(wf_documentation), sum(wf_other)
    FROM (
      SELECT r.day, coalesce(${PERSON}, s.person, '') AS person, e.tool,
        coalesce(e.model, s.model, '') AS model, coalesce(e.project, s.project, '') AS project,
        0 AS sessions, ${measures()}
      FROM day_ranges r
      JOIN events e ON e.org_id = ${orgId} AND e.occurred_at >= r.lo AND e.occurred_at < r.hi
      LEFT JOIN rollup_sessions s ON s.org_id = ${orgId} AND s.tool = e.tool AND s.session_id = e.session_id
      GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT s.start_day, s.person, s.tool, s.model, s.project, count(*), ${ZERO_MEASURES}
      FROM rollup_sessions s WHERE s.org_id = ${orgId} AND s.start_day = ANY(${days}::date[])
      GROUP BY 1, 2, 3, 4, 5
    ) AS x (day, person, tool, model, project, sessions, ${MEASURE_COLUMNS})
    GROUP BY day, person, tool, model, project`.execute(trx);
}

async function rebuildHourly(trx: Db, orgId: string): Promise<void> {
  await sql`DELETE FROM rollup_hourly h USING hour_ranges r WHERE h.org_id = ${orgId} AND h.hour = r.hour`.execute(trx);
  await sql`
    INSERT INTO rollup_hourly (org_id, hour, person, tool, model, project, sessions, ${MEASURE_COLUMNS})
    SELECT ${orgId}::uuid, hour, person, tool, model, project, sum(sessions), sum(prompts), sum(requests),
      sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens), sum(cost_usd),
      sum(active_seconds), sum(lines_added), sum(lines_removed), sum(commits), sum(pull_requests),
      sum(wf_code_generation), sum(wf_debugging), sum(wf_code_review), sum(wf_documentation), sum(wf_other)
    FROM (
      SELECT r.hour, coalesce(${PERSON}, s.person, '') AS person, e.tool,
        coalesce(e.model, s.model, '') AS model, coalesce(e.project, s.project, '') AS project,
        0 AS sessions, ${measures()}
      FROM hour_ranges r
      JOIN events e ON e.org_id = ${orgId} AND e.occurred_at >= r.hour AND e.occurred_at < r.hour + interval '1 hour'
      LEFT JOIN rollup_sessions s ON s.org_id = ${orgId} AND s.tool = e.tool AND s.session_id = e.session_id
      GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT date_trunc('hour', s.started_at), s.person, s.tool, s.model, s.project, count(*), ${ZERO_MEASURES}
      FROM hour_ranges r
      JOIN rollup_sessions s ON s.org_id = ${orgId} AND s.started_at >= r.hour AND s.started_at < r.hour + interval '1 hour'
      GROUP BY 1, 2, 3, 4, 5
    ) AS x (hour, person, tool, model, project, sessions, ${MEASURE_COLUMNS})
    GROUP BY hour, person, tool, model, project`.execute(trx);
}

/** First and last active day per person and tool, for the people active on the rebuilt days. */
async function rebuildPeople(trx: Db, orgId: string, days: string[]): Promise<void> {
  await sql`CREATE TEMP TABLE touched_people ON COMMIT DROP AS
    SELECT DISTINCT person FROM rollup_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[]) AND person <> ''`.execute(trx);
  await sql`DELETE FROM rollup_people p USING touched_people t WHERE p.org_id = ${orgId} AND p.person = t.person`.execute(trx);
  await sql`
    INSERT INTO rollup_people (org_id, person, tool, first_day, last_day)
    SELECT ${orgId}::uuid, d.person, d.tool, min(d.day), max(d.day)
    FROM touched_people t JOIN rollup_daily d ON d.org_id = ${orgId} AND d.person = t.person
    WHERE d.prompts + d.requests > 0
    GROUP BY d.person, d.tool`.execute(trx);
}
