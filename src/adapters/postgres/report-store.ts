import { sql, type RawBuilder } from 'kysely';
import { DEPTH_BOUNDS, personTotals } from '../../domain/metrics/period-facts.ts';
import type {
  CursorActivity, ReportSlice, DayModelRow, PersonSessions, DayPersonRow, ModelRow, PersonToolRow, ReportSettings, RosterPerson, RosterSeat, SessionStats,
} from '../../domain/metrics/rollup-rows.ts';
import type { Db } from './database.ts';
import { filters, instantRange, modelSource, personSource, sourceQuery, totalsFrom, valueColumns } from './report-sources.ts';
import { activeRowSql, activitySql, totalTokensSql } from './metric-sql.ts';

// Aggregates over the rollup tables for one period and filter set (report-sources.ts picks the table).
// Every query filters by org_id.

const ACTIVE = activeRowSql('r');
const TOKENS = totalTokensSql('r');

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

/** Per person and tool, plus one total row per person (tool null). */
export async function personToolTotals(db: Db, slice: ReportSlice): Promise<PersonToolRow[]> {
  const source = personSource(slice);
  const value = valueColumns(source);
  const byTool = await sql<PersonToolRow>`
    SELECT r.person, r.tool, ${MEASURE_SUMS},
      ${value.value}::float8 AS "apiValueUsd", ${value.unpriced}::float8 AS "unpricedTokens"
    FROM (SELECT r.* ${totalsFrom(slice, source)}) r ${value.join}
    GROUP BY r.person, r.tool`.execute(db);
  return [...byTool.rows, ...personTotals(byTool.rows)];
}

/** Requests, tokens and tool calls per tool and model. */
export async function modelTotals(db: Db, slice: ReportSlice): Promise<ModelRow[]> {
  const q = sourceQuery(slice, modelSource(slice));
  const rows = await sql<ModelRow>`
    SELECT r.tool, r.model, sum(r.requests)::float8 AS "requests",
      sum(r.input_tokens)::float8 AS "input", sum(r.output_tokens)::float8 AS "output",
      sum(r.cache_read_tokens)::float8 AS "cacheRead", sum(r.cache_creation_tokens)::float8 AS "cacheCreation",
      sum(r.wf_code_generation)::float8 AS "wfCodeGeneration", sum(r.wf_debugging)::float8 AS "wfDebugging",
      sum(r.wf_code_review)::float8 AS "wfCodeReview", sum(r.wf_documentation)::float8 AS "wfDocumentation",
      sum(r.wf_other)::float8 AS "wfOther"
    ${q.from}
    GROUP BY r.tool, r.model`.execute(db);
  return rows.rows;
}

/** Per day and person: sessions, prompts + requests, tokens (the base of daily and weekly series). */
export async function dailyByPerson(db: Db, slice: ReportSlice): Promise<DayPersonRow[]> {
  const source = personSource(slice);
  if (source === 'person' && slice.tool === null && slice.period.granularity === 'day') {
    // every tool together: one stored row per person and day, nothing to group
    const rows = await sql<DayPersonRow>`
      SELECT r.day::text AS "day", r.person, r.sessions::float8 AS "sessions", r.activity::float8 AS "activity", r.tokens::float8 AS "tokens"
      FROM rollup_person_day_totals r
      WHERE ${filters(slice, 'r', source)} AND r.day BETWEEN ${slice.period.from}::date AND ${slice.period.to}::date`.execute(db);
    return rows.rows;
  }
  const q = sourceQuery(slice, source);
  // grouped by the date itself, then shown as text: hashing tens of thousands of dates is cheaper than their texts
  const rows = await sql<DayPersonRow>`
    SELECT d.day::text AS "day", d.person, sum(d.sessions)::float8 AS "sessions", sum(d.activity)::float8 AS "activity", sum(d.tokens)::float8 AS "tokens"
    FROM (SELECT ${q.day} AS day, r.person, r.sessions, ${activitySql('r')} AS activity, ${TOKENS} AS tokens ${q.from} AND r.person <> '') d
    GROUP BY d.day, d.person`.execute(db);
  return rows.rows;
}

export async function dailyByModel(db: Db, slice: ReportSlice): Promise<DayModelRow[]> {
  const q = sourceQuery(slice, modelSource(slice));
  const rows = await sql<DayModelRow>`
    SELECT ${q.day}::text AS "day", r.model, sum(r.requests)::float8 AS "requests", sum(${TOKENS})::float8 AS "tokens"
    ${q.from}
    GROUP BY 1, 2`.execute(db);
  return rows.rows;
}

/** Prompts + requests per local ISO weekday (1 = Monday) and hour, from the hourly rollups. */
export async function peakActivity(db: Db, slice: ReportSlice): Promise<Array<{ weekday: number; hour: number; count: number }>> {
  const { lo, hi } = instantRange(slice);
  const local = sql`(r.hour AT TIME ZONE ${slice.period.timeZone})`;
  const narrow = !slice.persons && !slice.model && !slice.project;
  const from = narrow
    ? sql`FROM rollup_tool_hourly r WHERE r.org_id = ${slice.orgId} ${slice.tool ? sql`AND r.tool = ${slice.tool}` : sql``}`
    : sql`FROM rollup_hourly r WHERE ${filters(slice, 'r', 'hourly')}`;
  const activity = narrow ? sql`r.activity` : activitySql('r');
  const rows = await sql<{ weekday: number; hour: number; count: number }>`
    SELECT extract(isodow FROM ${local})::int AS "weekday", extract(hour FROM ${local})::int AS "hour", sum(${activity})::float8 AS "count"
    ${from} AND r.hour >= ${lo} AND r.hour < ${hi}
    GROUP BY 1, 2 HAVING sum(${activity}) > 0`.execute(db);
  return rows.rows;
}

function sessionsInPeriod(slice: ReportSlice): RawBuilder<unknown> {
  if (slice.period.granularity === 'day' && slice.period.timeZone === slice.orgTimeZone) {
    return sql`s.start_day BETWEEN ${slice.period.from}::date AND ${slice.period.to}::date`;
  }
  const { lo, hi } = instantRange(slice);
  return sql`s.started_at >= ${lo} AND s.started_at < ${hi}`;
}

/** Sessions started in the period, their tokens, and how many fall in each depth bucket (DEPTH_BOUNDS). */
export async function sessionStats(db: Db, slice: ReportSlice): Promise<SessionStats> {
  if (personSource(slice) === 'person') {
    const rows = await sql<SessionStats>`
      SELECT coalesce(sum(r.sessions), 0)::int AS "sessions", coalesce(sum(r.session_tokens), 0)::float8 AS "tokens",
        ARRAY[coalesce(sum(r.depth_0), 0), coalesce(sum(r.depth_1), 0), coalesce(sum(r.depth_2), 0),
              coalesce(sum(r.depth_3), 0), coalesce(sum(r.depth_4), 0)]::int[] AS "buckets"
      ${totalsFrom(slice, 'person')}`.execute(db);
    return rows.rows[0] ?? { sessions: 0, tokens: 0, buckets: [] };
  }
  const bucketCounts = DEPTH_BOUNDS.map((b, i) => {
    const lower = i === 0 ? sql`true` : sql`s.tokens >= ${DEPTH_BOUNDS[i - 1]}`;
    return sql`count(*) FILTER (WHERE ${lower} AND s.tokens < ${b})::int`;
  });
  const rows = await sql<SessionStats>`
    SELECT count(*)::int AS "sessions", coalesce(sum(s.tokens), 0)::float8 AS "tokens",
      ARRAY[${sql.join(bucketCounts)}, count(*) FILTER (WHERE s.tokens >= ${DEPTH_BOUNDS[DEPTH_BOUNDS.length - 1]})::int] AS "buckets"
    FROM rollup_sessions s WHERE ${filters(slice, 's', 'sessions')} AND ${sessionsInPeriod(slice)}`.execute(db);
  return rows.rows[0] ?? { sessions: 0, tokens: 0, buckets: [] };
}

/** Sessions started in the period per person, and the tokens of those sessions. */
export async function sessionsByPerson(db: Db, slice: ReportSlice): Promise<PersonSessions[]> {
  if (personSource(slice) === 'person') {
    const rows = await sql<PersonSessions>`
      SELECT r.person, sum(r.sessions)::int AS "sessions", sum(r.session_tokens)::float8 AS "tokens"
      ${totalsFrom(slice, 'person')} AND r.person <> '' GROUP BY r.person HAVING sum(r.sessions) > 0`.execute(db);
    return rows.rows;
  }
  const rows = await sql<PersonSessions>`
    SELECT s.person, count(*)::int AS "sessions", sum(s.tokens)::float8 AS "tokens"
    FROM rollup_sessions s WHERE ${filters(slice, 's', 'sessions')} AND ${sessionsInPeriod(slice)} AND s.person <> ''
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
  const row = await sql<{ at: Date | null }>`SELECT max(occurred_at) AS "at" FROM events WHERE org_id = ${orgId} AND kind <> 'connection_test'`.execute(db);
  return row.rows[0]?.at ?? null;
}

/** The tools, models and projects of the org's rolled-up events, and its people's organizations (primary-key lookups). */
export async function eventFilterValues(
  db: Db,
  orgId: string,
): Promise<{ tool: string[]; model: string[]; project: string[]; organization: string[] }> {
  const rows = await sql<{ field: 'tool' | 'model' | 'project' | 'organization'; value: string }>`
    SELECT field, value FROM rollup_filter_values WHERE org_id = ${orgId}
    UNION
    SELECT 'organization', organization FROM rollup_person_orgs WHERE org_id = ${orgId}`.execute(db);
  const out = { tool: [] as string[], model: [] as string[], project: [] as string[], organization: [] as string[] };
  for (const r of rows.rows) out[r.field].push(r.value);
  return out;
}

/** Each person's organization: the one they sent on the latest day (the first by name on a tie). */
export async function personOrganizations(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await sql<{ person: string; organization: string }>`
    SELECT DISTINCT ON (person) person, organization FROM rollup_person_orgs WHERE org_id = ${orgId}
    ORDER BY person, last_day DESC, organization`.execute(db);
  return new Map(rows.rows.map((r) => [r.person, r.organization]));
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

/**
 * Cursor's daily-usage counters over the slice's days (UTC days, as Cursor counts them), for the people in scope.
 * null when the slice filters by another tool, a model or a project: the counters are per person-day only.
 */
export async function cursorActivity(db: Db, slice: ReportSlice): Promise<CursorActivity | null> {
  if ((slice.tool !== null && slice.tool !== 'cursor') || slice.model !== null || slice.project !== null) return null;
  const p = slice.period;
  const [from, to] = p.granularity === 'day' ? [p.from, p.to] : [p.from.toISOString().slice(0, 10), new Date(p.to.getTime() - 1).toISOString().slice(0, 10)];
  const persons = slice.persons === null ? sql`` : sql`AND person = ANY(${slice.persons}::text[])`;
  const rows = await sql<CursorActivity>`
    SELECT coalesce(sum(tabs_shown), 0)::float8 AS "tabsShown", coalesce(sum(tabs_accepted), 0)::float8 AS "tabsAccepted",
      coalesce(sum(applies), 0)::float8 AS "applies", coalesce(sum(accepts), 0)::float8 AS "accepts", coalesce(sum(rejects), 0)::float8 AS "rejects",
      coalesce(sum(agent_requests), 0)::float8 AS "agentRequests", coalesce(sum(composer_requests), 0)::float8 AS "composerRequests",
      coalesce(sum(chat_requests), 0)::float8 AS "chatRequests", coalesce(sum(cmdk_usages), 0)::float8 AS "cmdkUsages",
      coalesce(sum(accepted_lines_added), 0)::float8 AS "acceptedLinesAdded", coalesce(sum(lines_added), 0)::float8 AS "linesAdded"
    FROM cursor_daily_usage WHERE org_id = ${slice.orgId} AND day BETWEEN ${from}::date AND ${to}::date ${persons}`.execute(db);
  return rows.rows[0] ?? null;
}
