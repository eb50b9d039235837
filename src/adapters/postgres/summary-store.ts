import { sql } from 'kysely';
import type { Db } from './database.ts';

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
    tokens: { input, output, cacheRead, cacheCreation, total: input + output + cacheRead + cacheCreation },
    costUsd: n(r?.cost),
    linesAdded: n(r?.lines_added),
    linesRemoved: n(r?.lines_removed),
  };
}

/** Totals over raw events in [from, to), overall and per tool. People are those with a prompt or model request. */
export async function summarizeUsage(db: Db, q: SummaryQuery): Promise<UsageTotals & { byTool: Record<string, UsageTotals> }> {
  const rows = await sql<Row>`
    SELECT tool,
      count(*) AS events,
      count(DISTINCT session_id) AS sessions,
      count(DISTINCT coalesce(person_email, identity)) FILTER (WHERE kind IN ('api_request', 'user_prompt')) AS people,
      count(*) FILTER (WHERE kind = 'user_prompt') AS prompts,
      count(*) FILTER (WHERE kind = 'api_request') AS requests,
      coalesce(sum(input_tokens), 0) AS input,
      coalesce(sum(output_tokens), 0) AS output,
      coalesce(sum(cache_read_tokens), 0) AS cache_read,
      coalesce(sum(cache_creation_tokens), 0) AS cache_creation,
      coalesce(sum(cost_usd), 0) AS cost,
      coalesce(sum(lines_added), 0) AS lines_added,
      coalesce(sum(lines_removed), 0) AS lines_removed
    FROM events
    WHERE org_id = ${q.orgId} AND occurred_at >= ${q.from} AND occurred_at < ${q.to} AND kind <> 'connection_test'
      ${q.tool ? sql`AND tool = ${q.tool}` : sql``}
      ${q.personEmail ? sql`AND person_email = ${q.personEmail}` : sql``}
    GROUP BY GROUPING SETS ((tool), ())`.execute(db);
  // events.tool is NOT NULL, so the row GROUPING SETS gives a null tool is the grand total.
  const overall = rows.rows.find((r) => r.tool === null);
  const byTool: Record<string, UsageTotals> = {};
  for (const r of rows.rows) if (r.tool !== null) byTool[r.tool] = toTotals(r);
  return { ...toTotals(overall), byTool };
}

