import { sql, type RawBuilder } from 'kysely';
import type { Period } from '../../domain/metrics/period.ts';
import type {
  ReportSlice, DayModelRow, PersonSessions, DayPersonRow, ModelRow, PersonToolRow, ReportSettings, RosterPerson, RosterSeat, SessionStats,
} from '../../domain/metrics/rollup-rows.ts';
import type { Db } from './database.ts';

// Aggregates over the rollup tables for one period and filter set. Every query filters by org_id.


/** Whole days in the org's zone come from rollup_daily; the last 24 hours and other zones from rollup_hourly. */
function usesDaily(slice: ReportSlice): boolean {
  return slice.period.granularity === 'day' && slice.period.timeZone === slice.orgTimeZone;
}

function instantRange(slice: ReportSlice): { lo: RawBuilder<Date>; hi: RawBuilder<Date> } {
  const p = slice.period;
  if (p.granularity === 'hour') return { lo: sql<Date>`${p.from}::timestamptz`, hi: sql<Date>`${p.to}::timestamptz` };
  return {
    lo: sql<Date>`(${p.from}::date::timestamp AT TIME ZONE ${p.timeZone})`,
    hi: sql<Date>`((${p.to}::date + 1)::timestamp AT TIME ZONE ${p.timeZone})`,
  };
}

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, '\\$&')}%`;
}

function filters(slice: ReportSlice, alias: string): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [sql`${col('org_id')} = ${slice.orgId}`];
  if (slice.persons) parts.push(sql`${col('person')} = ANY(${slice.persons}::text[])`);
  if (slice.tool) parts.push(sql`${col('tool')} = ${slice.tool}`);
  if (slice.model) parts.push(sql`${col('model')} ILIKE ${likePattern(slice.model)}`);
  if (slice.project) parts.push(sql`lower(${col('project')}) = lower(${slice.project})`);
  return sql.join(parts, sql` AND `);
}

/** `FROM <rollup> r WHERE <period and filters>` and the expression of a row's day in the period's zone. */
function source(slice: ReportSlice): { from: RawBuilder<unknown>; day: RawBuilder<string>; hour: RawBuilder<Date> } {
  if (usesDaily(slice) && slice.period.granularity === 'day') {
    return {
      from: sql`FROM rollup_daily r WHERE ${filters(slice, 'r')} AND r.day BETWEEN ${slice.period.from}::date AND ${slice.period.to}::date`,
      day: sql<string>`r.day`,
      hour: sql<Date>`r.day::timestamp`,
    };
  }
  const { lo, hi } = instantRange(slice);
  return {
    from: sql`FROM rollup_hourly r WHERE ${filters(slice, 'r')} AND r.hour >= ${lo} AND r.hour < ${hi}`,
    day: sql<string>`(r.hour AT TIME ZONE ${slice.period.timeZone})::date`,
    hour: sql<Date>`r.hour`,
  };
}

const ACTIVE = sql`(r.prompts + r.requests) > 0 AND r.person <> ''`;
const TOKENS = sql`(r.input_tokens + r.output_tokens + r.cache_read_tokens + r.cache_creation_tokens)`;

const MEASURE_SUMS = sql`
  coalesce(sum(r.sessions), 0)::float8 AS "sessions", coalesce(sum(r.prompts), 0)::float8 AS "prompts",
  coalesce(sum(r.requests), 0)::float8 AS "requests", coalesce(sum(r.input_tokens), 0)::float8 AS "input",
  coalesce(sum(r.output_tokens), 0)::float8 AS "output", coalesce(sum(r.cache_read_tokens), 0)::float8 AS "cacheRead",
  coalesce(sum(r.cache_creation_tokens), 0)::float8 AS "cacheCreation", coalesce(sum(r.cost_usd), 0)::float8 AS "costUsd",
  coalesce(sum(r.active_seconds), 0)::float8 AS "activeSeconds", coalesce(sum(r.lines_added), 0)::float8 AS "linesAdded",
  coalesce(sum(r.lines_removed), 0)::float8 AS "linesRemoved", coalesce(sum(r.commits), 0)::float8 AS "commits",
  coalesce(sum(r.pull_requests), 0)::float8 AS "pullRequests", coalesce(sum(r.wf_code_generation), 0)::float8 AS "wfCodeGeneration",
  coalesce(sum(r.wf_debugging), 0)::float8 AS "wfDebugging", coalesce(sum(r.wf_code_review), 0)::float8 AS "wfCodeReview",
  coalesce(sum(r.wf_documentation), 0)::float8 AS "wfDocumentation", coalesce(sum(r.wf_other), 0)::float8 AS "wfOther"`;

/** Per person and tool, plus one total row per person (tool null). Includes people with no activity rows. */
export async function personToolTotals(db: Db, slice: ReportSlice): Promise<PersonToolRow[]> {
  const s = source(slice);
  const rows = await sql<PersonToolRow>`
    SELECT r.person, r.tool, ${MEASURE_SUMS},
      count(DISTINCT ${s.day}) FILTER (WHERE ${ACTIVE})::int AS "activeDays",
      (max(${s.day}) FILTER (WHERE ${ACTIVE}))::text AS "lastActiveDay"
    ${s.from}
    GROUP BY GROUPING SETS ((r.person, r.tool), (r.person))`.execute(db);
  return rows.rows;
}

export async function personToolModelTotals(db: Db, slice: ReportSlice): Promise<ModelRow[]> {
  const s = source(slice);
  const rows = await sql<ModelRow>`
    SELECT r.person, r.tool, r.model, sum(r.requests)::float8 AS "requests",
      sum(r.input_tokens)::float8 AS "input", sum(r.output_tokens)::float8 AS "output",
      sum(r.cache_read_tokens)::float8 AS "cacheRead", sum(r.cache_creation_tokens)::float8 AS "cacheCreation",
      sum(r.wf_code_generation)::float8 AS "wfCodeGeneration", sum(r.wf_debugging)::float8 AS "wfDebugging",
      sum(r.wf_code_review)::float8 AS "wfCodeReview", sum(r.wf_documentation)::float8 AS "wfDocumentation",
      sum(r.wf_other)::float8 AS "wfOther"
    ${s.from}
    GROUP BY r.person, r.tool, r.model`.execute(db);
  return rows.rows;
}

/** Per day and person: sessions, prompts + requests, tokens (the base of daily and weekly series). */
export async function dailyByPerson(db: Db, slice: ReportSlice): Promise<DayPersonRow[]> {
  const s = source(slice);
  const rows = await sql<DayPersonRow>`
    SELECT ${s.day}::text AS "day", r.person, sum(r.sessions)::float8 AS "sessions",
      sum(r.prompts + r.requests)::float8 AS "activity", sum(${TOKENS})::float8 AS "tokens"
    ${s.from} AND r.person <> ''
    GROUP BY 1, 2`.execute(db);
  return rows.rows;
}

export async function dailyByModel(db: Db, slice: ReportSlice): Promise<DayModelRow[]> {
  const s = source(slice);
  const rows = await sql<DayModelRow>`
    SELECT ${s.day}::text AS "day", r.model, sum(r.requests)::float8 AS "requests", sum(${TOKENS})::float8 AS "tokens"
    ${s.from}
    GROUP BY 1, 2`.execute(db);
  return rows.rows;
}

/** Prompts + requests per local ISO weekday (1 = Monday) and hour, from the hourly rollups. */
export async function peakActivity(db: Db, slice: ReportSlice): Promise<Array<{ weekday: number; hour: number; count: number }>> {
  const { lo, hi } = instantRange(slice);
  const local = sql`(r.hour AT TIME ZONE ${slice.period.timeZone})`;
  const rows = await sql<{ weekday: number; hour: number; count: number }>`
    SELECT extract(isodow FROM ${local})::int AS "weekday", extract(hour FROM ${local})::int AS "hour",
      sum(r.prompts + r.requests)::float8 AS "count"
    FROM rollup_hourly r WHERE ${filters(slice, 'r')} AND r.hour >= ${lo} AND r.hour < ${hi}
    GROUP BY 1, 2 HAVING sum(r.prompts + r.requests) > 0`.execute(db);
  return rows.rows;
}

function sessionsInPeriod(slice: ReportSlice): RawBuilder<unknown> {
  if (usesDaily(slice) && slice.period.granularity === 'day') {
    return sql`s.start_day BETWEEN ${slice.period.from}::date AND ${slice.period.to}::date`;
  }
  const { lo, hi } = instantRange(slice);
  return sql`s.started_at >= ${lo} AND s.started_at < ${hi}`;
}

/** Sessions started in the period, their tokens, and how many fall under each bound of `bounds`. */
export async function sessionStats(db: Db, slice: ReportSlice, bounds: number[]): Promise<SessionStats> {
  const inPeriod = sessionsInPeriod(slice);
  const bucketCounts = bounds.map((b, i) => {
    const lower = i === 0 ? sql`true` : sql`s.tokens >= ${bounds[i - 1]}`;
    return sql`count(*) FILTER (WHERE ${lower} AND s.tokens < ${b})::int`;
  });
  const rows = await sql<{ sessions: number; tokens: number; buckets: number[] }>`
    SELECT count(*)::int AS "sessions", coalesce(sum(s.tokens), 0)::float8 AS "tokens",
      ARRAY[${sql.join(bucketCounts)}, count(*) FILTER (WHERE s.tokens >= ${bounds[bounds.length - 1]})::int] AS "buckets"
    FROM rollup_sessions s WHERE ${filters(slice, 's')} AND ${inPeriod}`.execute(db);
  const row = rows.rows[0];
  return { sessions: row?.sessions ?? 0, tokens: row?.tokens ?? 0, buckets: row?.buckets ?? [] };
}

/** Sessions started in the period per person, and the tokens of those sessions. */
export async function sessionsByPerson(db: Db, slice: ReportSlice): Promise<PersonSessions[]> {
  const rows = await sql<PersonSessions>`
    SELECT s.person, count(*)::int AS "sessions", sum(s.tokens)::float8 AS "tokens"
    FROM rollup_sessions s WHERE ${filters(slice, 's')} AND ${sessionsInPeriod(slice)} AND s.person <> ''
    GROUP BY s.person`.execute(db);
  return rows.rows;
}

/** First and last active day (org zone) per person, over every tool or one. */
export async function activitySpans(
  db: Db,
  orgId: string,
  tool: string | null,
): Promise<Map<string, { firstDay: string; lastDay: string }>> {
  const rows = await sql<{ person: string; firstDay: string; lastDay: string }>`
    SELECT person, min(first_day)::text AS "firstDay", max(last_day)::text AS "lastDay"
    FROM rollup_people WHERE org_id = ${orgId} ${tool ? sql`AND tool = ${tool}` : sql``}
    GROUP BY person`.execute(db);
  return new Map(rows.rows.map((r) => [r.person, { firstDay: r.firstDay, lastDay: r.lastDay }]));
}

/** When the newest stored event happened (an index-only lookup). */
export async function dataUpTo(db: Db, orgId: string): Promise<Date | null> {
  const row = await sql<{ at: Date | null }>`SELECT max(occurred_at) AS "at" FROM events WHERE org_id = ${orgId}`.execute(db);
  return row.rows[0]?.at ?? null;
}

/** The roster, seats, price-list overrides and settings reports need, for one org. */
export async function reportContext(
  db: Db,
  orgId: string,
): Promise<{ settings: ReportSettings; people: RosterPerson[]; seats: RosterSeat[]; prices: Map<string, number> } | null> {
  const [org, people, seats, prices] = await Promise.all([
    sql<ReportSettings>`SELECT time_zone AS "timeZone", min_group_size AS "minGroupSize", grace_period_days AS "gracePeriodDays"
      FROM orgs WHERE org_id = ${orgId}`.execute(db),
    sql<RosterPerson>`SELECT email, display_name AS "name", team, department FROM people WHERE org_id = ${orgId}`.execute(db),
    sql<RosterSeat>`SELECT p.email, l.tool, l.tier, l.monthly_price_usd::float8 AS "monthlyPriceUsd",
        l.valid_from::text AS "validFrom", l.valid_to::text AS "validTo"
      FROM licenses l JOIN people p ON p.org_id = l.org_id AND p.person_id = l.person_id WHERE l.org_id = ${orgId}`.execute(db),
    sql<{ key: string; price: number }>`SELECT tool || '|' || tier AS "key", monthly_price_usd::float8 AS "price"
      FROM price_list WHERE org_id = ${orgId}`.execute(db),
  ]);
  const settings = org.rows[0];
  if (!settings) return null;
  return { settings, people: people.rows, seats: seats.rows, prices: new Map(prices.rows.map((r) => [r.key, r.price])) };
}
