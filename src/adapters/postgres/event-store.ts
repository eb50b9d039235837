import { sql } from 'kysely';
import { eventIdFromKey } from '../../domain/events/dedup-key.ts';
import type { UsageEvent } from '../../domain/events/usage-event.ts';
import { byTime, cumulativeDelta, type SeriesState } from '../../domain/otlp/cumulative-delta.ts';
import { applyDelta, type CumulativePoint } from '../../domain/otlp/normalize-metrics.ts';
import { booleanArrayLiteral as b, numberArrayLiteral as n, textArrayLiteral as t } from './array-literal.ts';
import type { Db } from './database.ts';

const HOUR_MS = 3_600_000;

/**
 * Inserts events with one statement of parallel arrays (`unnest`), skipping any whose dedup key is
 * already stored. Returns how many rows were new.
 */
export async function insertEvents(db: Db, orgId: string, events: UsageEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  // Rows with the same id inside one statement would make ON CONFLICT fail; keep the first.
  const seen = new Set<string>();
  const hours = new Set<number>();
  const c = {
    id: [] as string[], at: [] as string[], source: [] as string[], tool: [] as string[], kind: [] as string[],
    email: [] as (string | null)[], identity: [] as (string | null)[], session: [] as (string | null)[],
    prompt: [] as (string | null)[], request: [] as (string | null)[], model: [] as (string | null)[],
    input: [] as number[], output: [] as number[], cacheRead: [] as number[], cacheCreation: [] as number[],
    cost: [] as (string | null)[], duration: [] as (number | null)[], toolName: [] as (string | null)[],
    success: [] as (boolean | null)[], decision: [] as (string | null)[], added: [] as number[], removed: [] as number[],
    quantity: [] as (number | null)[], project: [] as (string | null)[], attributes: [] as string[],
  };
  for (const e of events) {
    const id = eventIdFromKey(e.dedupKey);
    if (seen.has(id)) continue;
    seen.add(id);
    c.id.push(id);
    c.at.push(e.occurredAt.toISOString());
    hours.add(Math.floor(e.occurredAt.getTime() / HOUR_MS));
    c.source.push(e.source);
    c.tool.push(e.tool);
    c.kind.push(e.kind);
    c.email.push(e.personEmail);
    c.identity.push(e.identity);
    c.session.push(e.sessionId);
    c.prompt.push(e.promptId);
    c.request.push(e.requestId);
    c.model.push(e.model);
    c.input.push(e.inputTokens);
    c.output.push(e.outputTokens);
    c.cacheRead.push(e.cacheReadTokens);
    c.cacheCreation.push(e.cacheCreationTokens);
    c.cost.push(e.costUsd === null ? null : String(e.costUsd));
    c.duration.push(e.durationMs);
    c.toolName.push(e.toolName);
    c.success.push(e.success);
    c.decision.push(e.decision);
    c.added.push(e.linesAdded);
    c.removed.push(e.linesRemoved);
    c.quantity.push(e.quantity);
    c.project.push(e.project);
    c.attributes.push(JSON.stringify(e.attributes));
  }
  // If anything was new, the batch's org-zone days are marked for the rollup worker in the same statement. The
  // days come from the batch's distinct UTC hours (each hour's first and last instant, for zones with half-hour
  // offsets), which is much cheaper than converting every inserted row. DO NOTHING takes no row lock on a day
  // that is already marked, so concurrent batches do not queue behind each other's commits.
  const hourStarts = [...hours].map((h) => new Date(h * HOUR_MS).toISOString());
  const result = await sql<{ stored: number }>`
    WITH inserted AS (
    INSERT INTO events (org_id, event_id, occurred_at, source, tool, kind, person_email, identity, session_id, prompt_id,
      request_id, model, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd, duration_ms,
      tool_name, success, decision, lines_added, lines_removed, quantity, project, attributes)
    SELECT ${orgId}::uuid, * FROM unnest(
      ${t(c.id)}::uuid[], ${t(c.at)}::timestamptz[], ${t(c.source)}::text[], ${t(c.tool)}::text[], ${t(c.kind)}::text[],
      ${t(c.email)}::text[], ${t(c.identity)}::text[], ${t(c.session)}::text[], ${t(c.prompt)}::text[], ${t(c.request)}::text[],
      ${t(c.model)}::text[], ${n(c.input)}::bigint[], ${n(c.output)}::bigint[], ${n(c.cacheRead)}::bigint[],
      ${n(c.cacheCreation)}::bigint[], ${t(c.cost)}::numeric[], ${n(c.duration)}::float8[], ${t(c.toolName)}::text[],
      ${b(c.success)}::boolean[], ${t(c.decision)}::text[], ${n(c.added)}::int[], ${n(c.removed)}::int[],
      ${n(c.quantity)}::float8[], ${t(c.project)}::text[], ${t(c.attributes)}::jsonb[])
    ON CONFLICT (org_id, event_id) DO NOTHING
    RETURNING 1
    ), marked AS (
      INSERT INTO rollup_dirty_days (org_id, day)
      SELECT DISTINCT o.org_id, (instant AT TIME ZONE o.time_zone)::date
      FROM orgs o, unnest(${t(hourStarts)}::timestamptz[]) AS h(start),
        LATERAL (VALUES (h.start), (h.start + interval '1 hour' - interval '1 microsecond')) AS v(instant)
      WHERE o.org_id = ${orgId} AND EXISTS (SELECT 1 FROM inserted)
      ON CONFLICT (org_id, day) DO NOTHING
    )
    SELECT count(*)::int AS stored FROM inserted`.execute(db);
  return result.rows[0]?.stored ?? 0;
}

/**
 * Turns cumulative points into delta events against each series' last stored point and stores them with the
 * series' new last points, in one transaction that locks the series so concurrent batches cannot count twice.
 * Returns how many events were new.
 */
export async function resolveCumulativePoints(db: Db, orgId: string, points: CumulativePoint[]): Promise<number> {
  if (points.length === 0) return 0;
  const withIds = points.map((p) => ({ ...p, seriesId: eventIdFromKey(p.seriesKey) })).sort(byTime);
  const seriesIds = [...new Set(withIds.map((p) => p.seriesId))].sort();
  return db.transaction().execute(async (trx) => {
    // Lock rows in a fixed order (and create missing ones) so two concurrent batches wait instead of racing.
    await sql`INSERT INTO metric_series (org_id, series_id, start_ns, time_ns, value)
      SELECT ${orgId}::uuid, s, -1, -1, 0 FROM unnest(${seriesIds}::uuid[]) AS s
      ON CONFLICT DO NOTHING`.execute(trx);
    const rows = await sql<{ series_id: string; start_ns: string; time_ns: string; value: number }>`
      SELECT series_id, start_ns::text, time_ns::text, value FROM metric_series
      WHERE org_id = ${orgId} AND series_id = ANY(${seriesIds}::uuid[]) ORDER BY series_id FOR UPDATE`.execute(trx);
    const state = new Map<string, SeriesState | undefined>(
      rows.rows.map((r) => [r.series_id, r.start_ns === '-1' ? undefined : { startNs: r.start_ns, timeNs: r.time_ns, value: r.value }]),
    );
    const events: UsageEvent[] = [];
    for (const p of withIds) {
      const point = { startNs: p.startNs, timeNs: p.timeNs, value: p.value };
      const delta = cumulativeDelta(state.get(p.seriesId), point);
      if (delta === null) continue;
      state.set(p.seriesId, point);
      if (delta > 0) events.push(applyDelta(p.event, delta));
    }
    const changed = [...state.entries()].filter((entry): entry is [string, SeriesState] => entry[1] !== undefined);
    await sql`UPDATE metric_series AS m SET start_ns = u.start_ns, time_ns = u.time_ns, value = u.value
      FROM unnest(${changed.map(([id]) => id)}::uuid[], ${changed.map(([, s]) => s.startNs)}::bigint[],
                  ${changed.map(([, s]) => s.timeNs)}::bigint[], ${changed.map(([, s]) => s.value)}::float8[])
        AS u(series_id, start_ns, time_ns, value)
      WHERE m.org_id = ${orgId} AND m.series_id = u.series_id`.execute(trx);
    return insertEvents(trx, orgId, events);
  });
}
