import { sql } from 'kysely';
import { planSummary, type SummaryDay } from '../../domain/metrics/summary-plan.ts';
import { totalTokens } from '../../domain/metrics/period-facts.ts';
import type { Db } from './database.ts';
import { activitySql } from './metric-sql.ts';

export interface UsageTotals {
  events: number;
  sessions: number;
  people: number;
  prompts: number;
  requests: number;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number; total: number };
  costUsd: number;
  linesAdded: number;
  linesRemoved: number;
}

export interface SummaryQuery {
  orgId: string;
  from: Date;
  to: Date;
  tool?: string | undefined;
  /** restricts the answer to one person's events */
  personEmail?: string | undefined;
}

interface Row {
  tool: string | null;
  events: string;
  sessions: string;
  people: string;
  prompts: string;
  requests: string;
  input: string;
  output: string;
  cache_read: string;
  cache_creation: string;
  cost: string;
  lines_added: string;
  lines_removed: string;
}

function toTotals(r: Row | undefined): UsageTotals {
  const n = (v: string | undefined) => Number(v ?? 0);
  const input = n(r?.input);
  const output = n(r?.output);
  const cacheRead = n(r?.cache_read);
  const cacheCreation = n(r?.cache_creation);
  return {
    events: n(r?.events),
    sessions: n(r?.sessions),
    people: n(r?.people),
    prompts: n(r?.prompts),
    requests: n(r?.requests),
    tokens: { input, output, cacheRead, cacheCreation, total: totalTokens({ input, output }) },
    costUsd: n(r?.cost),
    linesAdded: n(r?.lines_added),
    linesRemoved: n(r?.lines_removed),
  };
}

/** The org-zone days of [from, to), clipped to it; whole days not marked for rollup can be read from the rollup. */
async function summaryDays(trx: Db, q: SummaryQuery): Promise<SummaryDay[]> {
  const rows = await sql<SummaryDay>`
    WITH zone AS (SELECT time_zone AS tz FROM orgs WHERE org_id = ${q.orgId}),
    days AS (
      SELECT d::date AS day, (d::date::timestamp AT TIME ZONE zone.tz) AS lo, ((d::date + 1)::timestamp AT TIME ZONE zone.tz) AS hi
      FROM zone, generate_series((${q.from}::timestamptz AT TIME ZONE zone.tz)::date, (${q.to}::timestamptz AT TIME ZONE zone.tz)::date, interval '1 day') AS d
    )
    SELECT day::text AS day, greatest(lo, ${q.from}::timestamptz) AS lo, least(hi, ${q.to}::timestamptz) AS hi,
      lo >= ${q.from}::timestamptz AND hi <= ${q.to}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM rollup_dirty_days m WHERE m.org_id = ${q.orgId} AND m.day = days.day)
        AND NOT EXISTS (SELECT 1 FROM rollup_claimed_days c WHERE c.org_id = ${q.orgId} AND c.day = days.day) AS rolled
    FROM days WHERE hi > ${q.from}::timestamptz AND lo < ${q.to}::timestamptz
    ORDER BY day`.execute(trx);
  return rows.rows;
}

/**
 * Totals over [from, to), overall and per tool. People are those with a prompt or model request. Whole org-zone
 * days come from rollup_summary_daily, unless marked in rollup_dirty_days or claimed by a rollup that has not
 * committed (rollup_claimed_days: their rollup may be behind); partial days at the edges and such days come from
 * the events. Both reads see one snapshot (repeatable read): an
 * event is either in a rolled-up day or its day is marked, never both or neither. The raw spans are literal
 * bounds, so the planner picks an index scan for a few hours and a sequential scan when nothing is rolled up.
 */
export async function summarizeUsage(db: Db, q: SummaryQuery): Promise<UsageTotals & { byTool: Record<string, UsageTotals> }> {
  const rows = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const plan = planSummary(await summaryDays(trx, q));
    const filters = (alias: string) => sql`${q.tool ? sql`AND ${sql.ref(`${alias}.tool`)} = ${q.tool}` : sql``}
      ${q.personEmail ? sql`AND ${sql.ref(`${alias}.person_email`)} = ${q.personEmail}` : sql``}`;
    const parts = [];
    if (plan.rolledDays.length > 0) {
      parts.push(sql`SELECT s.tool, s.session_id, s.who, s.events, s.prompts, s.requests, s.input_tokens, s.output_tokens,
          s.cache_read_tokens, s.cache_creation_tokens, s.cost_usd, s.lines_added, s.lines_removed
        FROM rollup_summary_daily s
        WHERE s.org_id = ${q.orgId} AND s.day = ANY(${plan.rolledDays}::date[]) ${filters('s')}`);
    }
    if (plan.rawSpans.length > 0) {
      const spans = plan.rawSpans.map((r) => sql`(e.occurred_at >= ${r.lo}::timestamptz AND e.occurred_at < ${r.hi}::timestamptz)`);
      parts.push(sql`SELECT e.tool COLLATE "C", e.session_id COLLATE "C", coalesce(e.person_email, e.identity) COLLATE "C", 1,
          (e.kind = 'user_prompt')::int, (e.kind = 'api_request')::int, e.input_tokens, e.output_tokens, e.cache_read_tokens,
          e.cache_creation_tokens, e.cost_usd, e.lines_added, e.lines_removed
        FROM events e
        WHERE e.org_id = ${q.orgId} AND (${sql.join(spans, sql` OR `)}) AND e.kind <> 'connection_test' ${filters('e')}`);
    }
    if (parts.length === 0) return [];
    return (await sql<Row>`
      WITH parts (tool, session_id, who, events, prompts, requests, input_tokens, output_tokens, cache_read_tokens,
        cache_creation_tokens, cost_usd, lines_added, lines_removed) AS (${sql.join(parts, sql` UNION ALL `)})
      SELECT tool,
        sum(events) AS events,
        count(DISTINCT session_id) AS sessions,
        count(DISTINCT who) FILTER (WHERE ${activitySql('parts')} > 0) AS people,
        sum(prompts) AS prompts,
        sum(requests) AS requests,
        coalesce(sum(input_tokens), 0) AS input,
        coalesce(sum(output_tokens), 0) AS output,
        coalesce(sum(cache_read_tokens), 0) AS cache_read,
        coalesce(sum(cache_creation_tokens), 0) AS cache_creation,
        coalesce(sum(cost_usd), 0) AS cost,
        coalesce(sum(lines_added), 0) AS lines_added,
        coalesce(sum(lines_removed), 0) AS lines_removed
      FROM parts
      GROUP BY GROUPING SETS ((tool), ())`.execute(trx)).rows;
  });
  // events.tool is NOT NULL, so the row GROUPING SETS gives a null tool is the grand total.
  const overall = rows.find((r) => r.tool === null);
  const byTool: Record<string, UsageTotals> = {};
  for (const r of rows) if (r.tool !== null) byTool[r.tool] = toTotals(r);
  return { ...toTotals(overall), byTool };
}
