import { sql, type RawBuilder } from 'kysely';
import { quantityBound } from '../../domain/events/limits.ts';
import type { EventKind } from '../../domain/events/usage-event.ts';
import { MODEL_PRICES } from '../../domain/metrics/model-prices.ts';
import { DEPTH_BOUNDS } from '../../domain/metrics/period-facts.ts';
import { addDays } from '../../domain/metrics/period.ts';
import { WORKFLOW_TOOL_NAMES, WORKFLOWS } from '../../domain/metrics/workflow.ts';
import type { Db } from './database.ts';
import { replacePersonSummaries } from './person-rollups.ts';
import { replaceSummaryDaily } from './summary-rollup.ts';
import { activeRowSql, activitySql, totalTokensSql } from './metric-sql.ts';

// The SQL of a rollup rebuild; see docs/metrics.md. Run inside one transaction. Events are read at most twice:
// once for the sessions they belong to, once for all measures at once (per UTC hour and org-zone day), from
// which the daily and hourly tables and then the narrower summaries are derived.

/** `all`: every day with events (a full rebuild, after every old rollup row was deleted); `days`: those days. */
export type RebuildScope = { kind: 'all' } | { kind: 'days'; days: string[] };

export interface RebuildOutcome {
  days: string[];
  sessions: number;
}

/** The workflow category of a `tool_result` row of `events e`, mirroring `classifyWorkflow`. */
function workflowExpression(): RawBuilder<string> {
  const explicit = sql`lower(regexp_replace(trim(e.attributes->>'workflow'), '[\\s-]+', '_', 'g'))`;
  const name = sql`lower(trim(e.tool_name))`;
  const byName = Object.entries(WORKFLOW_TOOL_NAMES).map(
    ([workflow, names]) => sql`WHEN ${name} = ANY(${sql.val(names)}::text[]) THEN ${sql.lit(workflow)}`,
  );
  return sql<string>`CASE WHEN ${explicit} = ANY(${sql.val(WORKFLOWS)}::text[]) THEN ${explicit} ${sql.join(byName, sql` `)} ELSE 'other' END`;
}

/** A session kept open longer than this still rebuilds only this many of its days. */
const MAX_SESSION_DAYS = 400;

const PERSON = sql`coalesce(e.person_email, 'id:' || e.identity)`;
const TOKENS = totalTokensSql('e');

const MEASURE_COLUMNS = [
  'prompts', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'cost_usd', 'active_seconds',
  'lines_added', 'lines_removed', 'commits', 'pull_requests', 'wf_code_generation', 'wf_debugging', 'wf_code_review', 'wf_documentation', 'wf_other',
] as const;
const MEASURES = sql.raw(MEASURE_COLUMNS.join(', '));
const SUM_MEASURES = sql.raw(MEASURE_COLUMNS.map((c) => `sum(${c})`).join(', '));
const ZERO_MEASURES = sql.raw(MEASURE_COLUMNS.map(() => '0').join(', '));

/**
 * The event's quantity is within its kind's bound. Ingestion rejects larger ones; this leaves out any stored
 * before the bounds existed, so one such event cannot overflow a sum and stop the org's rollups.
 */
function withinBound(kind: EventKind): RawBuilder<unknown> {
  return sql`coalesce(e.quantity, 0) <= ${sql.lit(quantityBound(kind).max)}`;
}

/** The measures of one group of `events e` (grouped by `e.wf` too), named as MEASURE_COLUMNS. */
function eventMeasures(): RawBuilder<unknown> {
  const wf = (workflow: string) => sql`CASE WHEN e.wf = ${sql.lit(workflow)} THEN count(*) ELSE 0 END`;
  const expressions: Record<(typeof MEASURE_COLUMNS)[number], RawBuilder<unknown>> = {
    prompts: sql`count(*) FILTER (WHERE e.kind = 'user_prompt')`,
    requests: sql`count(*) FILTER (WHERE e.kind = 'api_request')`,
    input_tokens: sql`coalesce(sum(e.input_tokens), 0)`,
    output_tokens: sql`coalesce(sum(e.output_tokens), 0)`,
    cache_read_tokens: sql`coalesce(sum(e.cache_read_tokens), 0)`,
    cache_creation_tokens: sql`coalesce(sum(e.cache_creation_tokens), 0)`,
    cost_usd: sql`coalesce(sum(e.cost_usd), 0)`,
    active_seconds: sql`coalesce(sum(e.quantity) FILTER (WHERE e.kind = 'active_time' AND ${withinBound('active_time')}), 0)`,
    lines_added: sql`coalesce(sum(e.lines_added), 0)`,
    lines_removed: sql`coalesce(sum(e.lines_removed), 0)`,
    commits: sql`coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.kind = 'commit' AND ${withinBound('commit')}), 0)`,
    pull_requests: sql`coalesce(sum(coalesce(e.quantity, 1)) FILTER (WHERE e.kind = 'pull_request' AND ${withinBound('pull_request')}), 0)`,
    wf_code_generation: wf('code_generation'),
    wf_debugging: wf('debugging'),
    wf_code_review: wf('code_review'),
    wf_documentation: wf('documentation'),
    wf_other: wf('other'),
  };
  return sql.join(MEASURE_COLUMNS.map((c) => sql`${expressions[c]} AS ${sql.ref(c)}`));
}

/** Told how long each step took (benchmarks print it). */
export type StepTimer = (step: string, ms: number) => void;

export async function rebuildInTransaction(
  trx: Db,
  orgId: string,
  tz: string,
  scope: RebuildScope,
  onStep: StepTimer = () => {},
): Promise<RebuildOutcome> {
  let last = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    onStep(name, now - last);
    last = now;
  };
  // The aggregations hold one group per session and per hour x person x model x project: keep them in memory.
  await sql`SET LOCAL work_mem = '768MB'`.execute(trx);
  if (scope.kind === 'days') await createRanges(trx, tz, scope.days, 'touched_day_ranges', 'touched_hour_ranges');
  const sessions = await rebuildSessions(trx, orgId, tz, scope);
  step('sessions');
  let days = scope.kind === 'days' ? [...new Set([...scope.days, ...sessions.sessionDays])].sort() : [];
  if (scope.kind === 'days') await createRanges(trx, tz, days, 'day_ranges', 'hour_ranges');
  if (scope.kind === 'all') await withHashAggregation(trx, () => createBase(trx, orgId, tz, scope.kind));
  else await createBase(trx, orgId, tz, scope.kind);
  if (scope.kind === 'all') days = (await sql<{ day: string }>`SELECT DISTINCT day::text AS day FROM rollup_base ORDER BY 1`.execute(trx)).rows.map((r) => r.day);
  step('base (one pass over events)');
  await replaceDaily(trx, orgId, days, scope.kind);
  step('rollup_daily');
  if (scope.kind === 'all') await withHashAggregation(trx, () => replaceSummaryDaily(trx, orgId, tz, scope.kind));
  else await replaceSummaryDaily(trx, orgId, tz, scope.kind);
  step('rollup_summary_daily');
  await replaceHourly(trx, orgId, scope.kind);
  step('rollup_hourly');
  await replaceSummaries(trx, orgId, days, scope.kind);
  await replacePersonSummaries(trx, orgId, days, scope.kind);
  step('summaries');
  await replacePeople(trx, orgId, days);
  step('rollup_people');
  await addFilterValues(trx, orgId);
  step('filter values');
  return { days, sessions: sessions.count };
}

/**
 * Runs a statement over all of an org's events whose GROUP BY keys are expressions (date_trunc, coalesce): the
 * planner cannot estimate their groups, guesses one per event, and sorts every event on disk. The real groups
 * (about one per 20 events) fit in memory, and a parallel hash aggregation over both cores is the fastest plan.
 */
async function withHashAggregation(trx: Db, statement: () => Promise<void>): Promise<void> {
  await sql`SET LOCAL max_parallel_workers_per_gather = 2`.execute(trx);
  await sql`SET LOCAL enable_sort = off`.execute(trx);
  await sql`SET LOCAL parallel_setup_cost = 0`.execute(trx);
  await sql`SET LOCAL parallel_tuple_cost = 0`.execute(trx);
  await statement();
  await sql`SET LOCAL enable_sort TO DEFAULT`.execute(trx);
  await sql`SET LOCAL parallel_setup_cost TO DEFAULT`.execute(trx);
  await sql`SET LOCAL parallel_tuple_cost TO DEFAULT`.execute(trx);
  await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
}

/** Each day's [lo, hi) instants, and the whole UTC hours that cover those days. */
async function createRanges(trx: Db, tz: string, days: string[], dayTable: string, hourTable: string): Promise<void> {
  await sql`CREATE TEMP TABLE ${sql.table(dayTable)} ON COMMIT DROP AS
    SELECT d AS day, (d::timestamp AT TIME ZONE ${tz}) AS lo, ((d + 1)::timestamp AT TIME ZONE ${tz}) AS hi
    FROM unnest(${days}::date[]) AS d`.execute(trx);
  await sql`CREATE TEMP TABLE ${sql.table(hourTable)} ON COMMIT DROP AS
    SELECT DISTINCT h AS hour FROM ${sql.table(dayTable)} r,
      generate_series(date_trunc('hour', r.lo), r.hi - interval '1 microsecond', interval '1 hour') AS h`.execute(trx);
}

/** Every day from `from` to `to`, both included. */
function daySpan(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to && out.length <= MAX_SESSION_DAYS; day = addDays(day, 1)) out.push(day);
  return out;
}

/**
 * Recomputes the sessions with an event in scope from all their events. A session's person, model and project
 * are those of its first event having one (its model: its first model request's). Returns every day the sessions
 * spanned before and span now: their rows carry the session's attribution, so they are rebuilt too.
 */
async function rebuildSessions(trx: Db, orgId: string, tz: string, scope: RebuildScope): Promise<{ count: number; sessionDays: string[] }> {
  let previous: Array<{ first: string; last: string }> = [];
  let events = sql`events e WHERE e.org_id = ${orgId} AND e.session_id IS NOT NULL AND e.kind <> 'connection_test'`;
  if (scope.kind === 'days') {
    await sql`CREATE TEMP TABLE touched_sessions ON COMMIT DROP AS
      SELECT DISTINCT e.tool, e.session_id FROM touched_day_ranges r
      JOIN events e ON e.org_id = ${orgId} AND e.occurred_at >= r.lo AND e.occurred_at < r.hi
      WHERE e.session_id IS NOT NULL`.execute(trx);
    const deleted = await sql<{ first: string; last: string }>`
      DELETE FROM rollup_sessions s USING touched_sessions t
      WHERE s.org_id = ${orgId} AND s.tool = t.tool AND s.session_id = t.session_id
      RETURNING s.start_day::text AS first, (s.last_at AT TIME ZONE ${tz})::date::text AS last`.execute(trx);
    previous = deleted.rows;
    events = sql`touched_sessions t JOIN events e ON e.org_id = ${orgId} AND e.session_id = t.session_id AND e.tool = t.tool AND e.kind <> 'connection_test'`;
  }
  // One hash aggregation over the events; the "first" values come from the small per-value groups.
  await sql`CREATE TEMP TABLE session_parts ON COMMIT DROP AS
    SELECT e.tool COLLATE "C" AS tool, e.session_id COLLATE "C" AS session_id, ${PERSON} COLLATE "C" AS person,
      CASE WHEN e.kind = 'api_request' THEN e.model END COLLATE "C" AS model, e.project COLLATE "C" AS project,
      min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
      count(*) FILTER (WHERE e.kind = 'user_prompt') AS prompts, count(*) FILTER (WHERE e.kind = 'api_request') AS requests,
      coalesce(sum(${TOKENS}) FILTER (WHERE e.kind = 'api_request'), 0) AS tokens
    FROM ${events}
    GROUP BY 1, 2, 3, 4, 5`.execute(trx);
  const first = (column: string) => sql`(SELECT DISTINCT ON (tool, session_id) tool, session_id, ${sql.ref(column)} AS value
    FROM session_parts WHERE ${sql.ref(column)} IS NOT NULL ORDER BY tool, session_id, first_at, ${sql.ref(column)})`;
  // Only the distinct (first day, last day) spans come back, with how many sessions have each.
  const inserted = await sql<{ first: string; last: string; sessions: number }>`
    WITH inserted AS (
    INSERT INTO rollup_sessions (org_id, tool, session_id, person, model, project, started_at, start_day, last_at, prompts, requests, tokens)
    SELECT ${orgId}::uuid, t.tool, t.session_id, coalesce(fp.value, ''), coalesce(fm.value, ''), coalesce(fj.value, ''),
      t.started_at, (t.started_at AT TIME ZONE ${tz})::date, t.last_at, t.prompts, t.requests, t.tokens
    FROM (SELECT tool, session_id, min(first_at) AS started_at, max(last_at) AS last_at,
            sum(prompts) AS prompts, sum(requests) AS requests, sum(tokens) AS tokens
          FROM session_parts GROUP BY tool, session_id) t
    LEFT JOIN ${first('person')} fp ON fp.tool = t.tool AND fp.session_id = t.session_id
    LEFT JOIN ${first('model')} fm ON fm.tool = t.tool AND fm.session_id = t.session_id
    LEFT JOIN ${first('project')} fj ON fj.tool = t.tool AND fj.session_id = t.session_id
    ORDER BY t.tool, t.session_id
    RETURNING start_day::text AS first, (last_at AT TIME ZONE ${tz})::date::text AS last
    )
    SELECT first, last, count(*)::int AS sessions FROM inserted GROUP BY first, last`.execute(trx);
  const count = inserted.rows.reduce((sum, r) => sum + r.sessions, 0);
  if (scope.kind === 'all') return { count, sessionDays: [] };
  const spans = new Set([...previous, ...inserted.rows].map((r) => `${r.first}|${r.last}`));
  const days = new Set<string>();
  for (const span of spans) {
    const [first, last] = span.split('|') as [string, string];
    for (const day of daySpan(first, last)) days.add(day);
  }
  return { count, sessionDays: [...days] };
}

/** rollup_base: all measures and session starts per UTC hour, org-zone day, person, tool, model and project. */
async function createBase(trx: Db, orgId: string, tz: string, kind: RebuildScope['kind']): Promise<void> {
  // Each tool call's workflow is worked out once, as a grouping key (in an aggregate's FILTER it would be worked
  // out once per workflow column); the rows it splits are summed up again by every table built from rollup_base.
  const withWorkflow = sql`(SELECT e.*, CASE WHEN e.kind = 'tool_result' THEN ${workflowExpression()} END AS wf FROM events e) e`;
  const events =
    kind === 'all'
      ? withWorkflow
      : sql`hour_ranges r JOIN ${withWorkflow} ON e.org_id = ${orgId} AND e.occurred_at >= r.hour AND e.occurred_at < r.hour + interval '1 hour'`;
  const sessions =
    kind === 'all'
      ? sql`rollup_sessions s WHERE s.org_id = ${orgId}`
      : sql`hour_ranges r JOIN rollup_sessions s ON s.org_id = ${orgId} AND s.started_at >= r.hour AND s.started_at < r.hour + interval '1 hour'`;
  await sql`CREATE TEMP TABLE rollup_base ON COMMIT DROP AS
    SELECT date_trunc('hour', e.occurred_at) AS hour, (e.occurred_at AT TIME ZONE ${tz})::date AS day,
      coalesce(${PERSON} COLLATE "C", s.person, '') AS person, e.tool COLLATE "C" AS tool,
      coalesce(e.model COLLATE "C", s.model, '') AS model, coalesce(e.project COLLATE "C", s.project, '') AS project,
      0 AS sessions, ${eventMeasures()}, max(e.attributes->>'organization.name') COLLATE "C" AS organization
    FROM ${events}
    LEFT JOIN rollup_sessions s ON s.org_id = ${orgId} AND s.tool = e.tool AND s.session_id = e.session_id
    WHERE e.org_id = ${orgId} AND e.kind <> 'connection_test'
    GROUP BY 1, 2, 3, 4, 5, 6, e.wf
    UNION ALL
    SELECT date_trunc('hour', s.started_at), s.start_day, s.person, s.tool, s.model, s.project, count(*), ${ZERO_MEASURES}, NULL
    FROM ${sessions}
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(trx);
}

async function replaceDaily(trx: Db, orgId: string, days: string[], kind: RebuildScope['kind']): Promise<void> {
  if (kind === 'days') await sql`DELETE FROM rollup_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[])`.execute(trx);
  await sql`INSERT INTO rollup_daily (org_id, day, person, tool, model, project, sessions, ${MEASURES})
    SELECT ${orgId}::uuid, day, person, tool, model, project, sum(sessions), ${SUM_MEASURES}
    FROM rollup_base ${kind === 'days' ? sql`WHERE day = ANY(${days}::date[])` : sql``}
    GROUP BY day, person, tool, model, project
    ORDER BY day, person, tool, model, project`.execute(trx);
}

async function replaceHourly(trx: Db, orgId: string, kind: RebuildScope['kind']): Promise<void> {
  if (kind === 'days') await sql`DELETE FROM rollup_hourly h USING hour_ranges r WHERE h.org_id = ${orgId} AND h.hour = r.hour`.execute(trx);
  await sql`INSERT INTO rollup_hourly (org_id, hour, person, tool, model, project, sessions, ${MEASURES})
    SELECT ${orgId}::uuid, hour, person, tool, model, project, sum(sessions), ${SUM_MEASURES}
    FROM rollup_base GROUP BY hour, person, tool, model, project
    ORDER BY hour, person, tool, model, project`.execute(trx);
}

/** The USD price per token of `<alias>.model`, from the first MODEL_PRICES pattern it contains (NULL: unpriced). */
export function priceLookup(alias = 'd'): RawBuilder<unknown> {
  const patterns = MODEL_PRICES.map(([pattern]) => pattern);
  const per = (field: 'input' | 'output' | 'cacheRead' | 'cacheWrite') => MODEL_PRICES.map(([, p]) => p[field] / 1e6);
  return sql`LEFT JOIN LATERAL (
      SELECT p.pin, p.pout, p.pcr, p.pcw FROM unnest(${patterns}::text[], ${per('input')}::float8[], ${per('output')}::float8[],
        ${per('cacheRead')}::float8[], ${per('cacheWrite')}::float8[]) WITH ORDINALITY AS p(pattern, pin, pout, pcr, pcw, ord)
      WHERE strpos(lower(${sql.ref(`${alias}.model`)}), p.pattern) > 0 ORDER BY p.ord LIMIT 1) price ON true`;
}

/** The narrower tables every unfiltered report reads, derived from the daily and hourly rows just written. */
async function replaceSummaries(trx: Db, orgId: string, days: string[], kind: RebuildScope['kind']): Promise<void> {
  const dayFilter = kind === 'days' ? sql`AND d.day = ANY(${days}::date[])` : sql``;
  if (kind === 'days') {
    await sql`DELETE FROM rollup_person_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[])`.execute(trx);
    await sql`DELETE FROM rollup_model_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[])`.execute(trx);
    await sql`DELETE FROM rollup_tool_hourly h USING hour_ranges r WHERE h.org_id = ${orgId} AND h.hour = r.hour`.execute(trx);
  }
  const depth = DEPTH_BOUNDS.map((bound, i) => {
    const lower = i === 0 ? sql`true` : sql`s.tokens >= ${DEPTH_BOUNDS[i - 1]}`;
    return sql`count(*) FILTER (WHERE ${lower} AND s.tokens < ${bound})`;
  });
  await sql`INSERT INTO rollup_person_daily (org_id, day, person, tool, sessions, ${MEASURES}, api_value_usd, unpriced_tokens,
      session_tokens, depth_0, depth_1, depth_2, depth_3, depth_4)
    SELECT ${orgId}::uuid, m.day, m.person, m.tool, m.sessions, ${sql.raw(MEASURE_COLUMNS.map((c) => `m.${c}`).join(', '))},
      m.api_value_usd, m.unpriced_tokens, coalesce(st.tokens, 0), coalesce(st.d0, 0), coalesce(st.d1, 0), coalesce(st.d2, 0),
      coalesce(st.d3, 0), coalesce(st.d4, 0)
    FROM (
      SELECT d.day, d.person, d.tool, sum(d.sessions) AS sessions, ${sql.raw(MEASURE_COLUMNS.map((c) => `sum(d.${c}) AS ${c}`).join(', '))},
        coalesce(sum(d.input_tokens * price.pin + d.output_tokens * price.pout + d.cache_read_tokens * price.pcr
          + d.cache_creation_tokens * price.pcw), 0) AS api_value_usd,
        coalesce(sum(${totalTokensSql('d')}) FILTER (WHERE price.pin IS NULL), 0) AS unpriced_tokens
      FROM rollup_daily d ${priceLookup()}
      WHERE d.org_id = ${orgId} ${dayFilter}
      GROUP BY d.day, d.person, d.tool
    ) m
    LEFT JOIN (
      SELECT s.start_day, s.person, s.tool, sum(s.tokens) AS tokens, ${sql.join(depth.map((d, i) => sql`${d} AS ${sql.ref(`d${i}`)}`))},
        count(*) FILTER (WHERE s.tokens >= ${DEPTH_BOUNDS[DEPTH_BOUNDS.length - 1]}) AS d4
      FROM rollup_sessions s WHERE s.org_id = ${orgId} ${kind === 'days' ? sql`AND s.start_day = ANY(${days}::date[])` : sql``}
      GROUP BY 1, 2, 3
    ) st ON st.start_day = m.day AND st.person = m.person AND st.tool = m.tool`.execute(trx);
  await sql`INSERT INTO rollup_model_daily (org_id, day, tool, model, project, requests, input_tokens, output_tokens, cache_read_tokens,
      cache_creation_tokens, wf_code_generation, wf_debugging, wf_code_review, wf_documentation, wf_other)
    SELECT ${orgId}::uuid, d.day, d.tool, d.model, d.project, sum(d.requests), sum(d.input_tokens), sum(d.output_tokens),
      sum(d.cache_read_tokens), sum(d.cache_creation_tokens), sum(d.wf_code_generation), sum(d.wf_debugging),
      sum(d.wf_code_review), sum(d.wf_documentation), sum(d.wf_other)
    FROM rollup_daily d WHERE d.org_id = ${orgId} ${dayFilter}
    GROUP BY d.day, d.tool, d.model, d.project`.execute(trx);
  await sql`INSERT INTO rollup_tool_hourly (org_id, hour, tool, activity)
    SELECT ${orgId}::uuid, b.hour, b.tool, sum(${activitySql('b')}) FROM rollup_base b GROUP BY b.hour, b.tool HAVING sum(${activitySql('b')}) > 0`.execute(trx);
}

/** First and last active day per person and tool, for the people active on the rebuilt days. */
async function replacePeople(trx: Db, orgId: string, days: string[]): Promise<void> {
  await sql`CREATE TEMP TABLE touched_people ON COMMIT DROP AS
    SELECT DISTINCT person FROM rollup_person_daily WHERE org_id = ${orgId} AND day = ANY(${days}::date[]) AND person <> ''`.execute(trx);
  await sql`DELETE FROM rollup_people p USING touched_people t WHERE p.org_id = ${orgId} AND p.person = t.person`.execute(trx);
  await sql`
    INSERT INTO rollup_people (org_id, person, tool, first_day, last_day)
    SELECT ${orgId}::uuid, d.person, d.tool, min(d.day), max(d.day)
    FROM touched_people t JOIN rollup_person_daily d ON d.org_id = ${orgId} AND d.person = t.person
    WHERE ${activeRowSql('d')}
    GROUP BY d.person, d.tool`.execute(trx);
}

/**
 * The tools, models and projects of the rebuilt rows, and each person's organizations with the days they sent
 * them. Both only grow: events are never changed, and a full rebuild starts from empty tables.
 */
async function addFilterValues(trx: Db, orgId: string): Promise<void> {
  await sql`INSERT INTO rollup_filter_values (org_id, field, value)
    SELECT DISTINCT ${orgId}::uuid, f.field, f.value
    FROM rollup_base b, LATERAL (VALUES ('tool', b.tool), ('model', b.model), ('project', b.project)) AS f (field, value)
    WHERE f.value <> ''
    ON CONFLICT DO NOTHING`.execute(trx);
  await sql`INSERT INTO rollup_person_orgs AS o (org_id, person, organization, first_day, last_day)
    SELECT ${orgId}::uuid, person, organization, min(day), max(day)
    FROM rollup_base WHERE organization IS NOT NULL AND person <> ''
    GROUP BY person, organization
    ON CONFLICT (org_id, person, organization) DO UPDATE
      SET first_day = least(o.first_day, excluded.first_day), last_day = greatest(o.last_day, excluded.last_day)`.execute(trx);
}
