import { sql } from 'kysely';
import type { Db } from './database.ts';

// rollup_summary_daily (migrations/0006): what GET /api/v1/summary needs of a whole org-zone day. Part of every
// rollup rebuild, in its transaction.

const COLUMNS = sql`org_id, day, tool, person_email, session_id, who, events, prompts, requests, input_tokens, output_tokens,
  cache_read_tokens, cache_creation_tokens, cost_usd, lines_added, lines_removed`;

/** The grouped measures of `events e`, after `org_id, day` (as the SELECT list of an INSERT of COLUMNS). */
const MEASURES = sql`e.tool, e.person_email, e.session_id, coalesce(e.person_email, e.identity), count(*),
  count(*) FILTER (WHERE e.kind = 'user_prompt'), count(*) FILTER (WHERE e.kind = 'api_request'), sum(e.input_tokens),
  sum(e.output_tokens), sum(e.cache_read_tokens), sum(e.cache_creation_tokens), coalesce(sum(e.cost_usd), 0),
  sum(e.lines_added), sum(e.lines_removed)`;

/**
 * Recomputes the org's summary rows: of the days in the temp table `day_ranges` (day, lo, hi), or of every day
 * (`all`, after the org's rows were deleted).
 */
export async function replaceSummaryDaily(trx: Db, orgId: string, tz: string, kind: 'all' | 'days'): Promise<void> {
  if (kind === 'all') {
    await sql`INSERT INTO rollup_summary_daily (${COLUMNS})
      SELECT ${orgId}::uuid, (e.occurred_at AT TIME ZONE ${tz})::date, ${MEASURES}
      FROM events e WHERE e.org_id = ${orgId} AND e.kind <> 'connection_test'
      GROUP BY 2, 3, 4, 5, 6`.execute(trx);
    return;
  }
  await sql`DELETE FROM rollup_summary_daily s USING day_ranges r WHERE s.org_id = ${orgId} AND s.day = r.day`.execute(trx);
  await sql`INSERT INTO rollup_summary_daily (${COLUMNS})
    SELECT ${orgId}::uuid, r.day, ${MEASURES}
    FROM day_ranges r JOIN events e ON e.org_id = ${orgId} AND e.occurred_at >= r.lo AND e.occurred_at < r.hi
    WHERE e.kind <> 'connection_test'
    GROUP BY 2, 3, 4, 5, 6`.execute(trx);
}
