import { sql } from 'kysely';
import { addDays, weekStart } from '../../domain/metrics/period.ts';
import type { Db } from './database.ts';
import { activitySql, totalTokensSql } from './metric-sql.ts';

// rollup_person_weekly and rollup_person_day_totals (migrations/0017): narrower copies of rollup_person_daily that
// reports read. Part of every rollup rebuild, in its transaction, after the daily rows of the rebuilt days were written.

/** Every measure of rollup_person_daily (all of them sums), in table order. */
const MEASURES = [
  'sessions', 'prompts', 'requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'cost_usd',
  'active_seconds', 'lines_added', 'lines_removed', 'commits', 'pull_requests', 'wf_code_generation', 'wf_debugging', 'wf_code_review',
  'wf_documentation', 'wf_other', 'api_value_usd', 'unpriced_tokens', 'session_tokens', 'depth_0', 'depth_1', 'depth_2', 'depth_3', 'depth_4',
] as const;

/** Rebuilds both tables for `days` (`all`: for every day, after the org's rows were deleted). */
export async function replacePersonSummaries(trx: Db, orgId: string, days: string[], kind: 'all' | 'days'): Promise<void> {
  if (kind === 'days' && days.length === 0) return;
  await replaceDayTotals(trx, orgId, days, kind);
  await replaceWeeks(trx, orgId, days, kind);
}

async function replaceDayTotals(trx: Db, orgId: string, days: string[], kind: 'all' | 'days'): Promise<void> {
  const onDays = kind === 'days' ? sql`AND day = ANY(${days}::date[])` : sql``;
  if (kind === 'days') await sql`DELETE FROM rollup_person_day_totals WHERE org_id = ${orgId} ${onDays}`.execute(trx);
  await sql`INSERT INTO rollup_person_day_totals (org_id, day, person, sessions, activity, tokens)
    SELECT org_id, day, person, sum(sessions), sum(${activitySql('d')}), sum(${totalTokensSql('d')})
    FROM rollup_person_daily d
    WHERE org_id = ${orgId} AND person <> '' ${onDays}
    GROUP BY 1, 2, 3`.execute(trx);
}

/**
 * Sums the weeks holding `days` again from the daily rows. A week is stored even while it is partial; reports read
 * only the weeks wholly inside their period.
 */
async function replaceWeeks(trx: Db, orgId: string, days: string[], kind: 'all' | 'days'): Promise<void> {
  const weeks = [...new Set(days.map(weekStart))];
  const weekDays = weeks.flatMap((monday) => [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i)));
  if (kind === 'days') await sql`DELETE FROM rollup_person_weekly WHERE org_id = ${orgId} AND week = ANY(${weeks}::date[])`.execute(trx);
  await sql`INSERT INTO rollup_person_weekly (org_id, week, person, tool, ${sql.raw(MEASURES.join(', '))})
    SELECT org_id, date_trunc('week', day)::date, person, tool, ${sql.raw(MEASURES.map((m) => `sum(${m})`).join(', '))}
    FROM rollup_person_daily
    WHERE org_id = ${orgId} ${kind === 'days' ? sql`AND day = ANY(${weekDays}::date[])` : sql``}
    GROUP BY 1, 2, 3, 4`.execute(trx);
}
