import { sql } from 'kysely';
import { compositeKey, eventIdFromKey } from '../../domain/events/dedup-key.ts';
import type { Db } from './database.ts';

export interface LastArrival {
  receivedAt: Date | null;
  occurredAt: Date | null;
}

/**
 * When usage from one developer (or, with `email` null, from anyone in the org) last arrived: the newest event of
 * the last LOOKBACK_DAYS (and tool, when given), connection tests left out. Walking the org's time index backwards stops at the first match, and the
 * lookback bounds the walk for someone who never sent anything.
 */
const LOOKBACK_DAYS = 90;
export async function lastArrivalFor(db: Db, orgId: string, email: string | null, tool: string | null): Promise<LastArrival> {
  const row = await sql<{ received_at: Date; occurred_at: Date }>`
    SELECT received_at, occurred_at FROM events
    WHERE org_id = ${orgId} AND occurred_at > now() - make_interval(days => ${LOOKBACK_DAYS})
      AND kind <> 'connection_test' ${email ? sql`AND person_email = ${email}` : sql``} ${tool ? sql`AND tool = ${tool}` : sql``}
    ORDER BY occurred_at DESC LIMIT 1`.execute(db);
  return { receivedAt: row.rows[0]?.received_at ?? null, occurredAt: row.rows[0]?.occurred_at ?? null };
}

/** A `POST /api/v1/events` event by the id the client gave it (its stored id derives from that). */
export async function findApiEvent(db: Db, orgId: string, clientId: string): Promise<{ kind: string; receivedAt: Date } | null> {
  const eventId = eventIdFromKey(compositeKey(['api', clientId]));
  const row = await sql<{ kind: string; received_at: Date }>`
    SELECT kind, received_at FROM events WHERE org_id = ${orgId} AND event_id = ${eventId}`.execute(db);
  const r = row.rows[0];
  return r ? { kind: r.kind, receivedAt: r.received_at } : null;
}

/** The tier of the person's seat for the tool open today (the org's zone), from the roster; null when none. */
export async function currentSeatTier(db: Db, orgId: string, email: string, tool: string): Promise<string | null> {
  const row = await sql<{ tier: string }>`
    SELECT l.tier FROM licenses l
    JOIN people p ON p.org_id = l.org_id AND p.person_id = l.person_id
    JOIN orgs o ON o.org_id = l.org_id
    WHERE l.org_id = ${orgId} AND p.email = ${email} AND l.tool = ${tool}
      AND l.valid_from <= (now() AT TIME ZONE o.time_zone)::date
      AND (l.valid_to IS NULL OR l.valid_to >= (now() AT TIME ZONE o.time_zone)::date)
    ORDER BY l.valid_from DESC LIMIT 1`.execute(db);
  return row.rows[0]?.tier ?? null;
}
