import { sql } from 'kysely';
import type { CursorSyncStore, EndpointCursor } from '../../app/ports.ts';
import type { CursorEndpoint, CursorMember } from '../../domain/cursor/api-shapes.ts';
import type { CursorDayFacts } from '../../domain/cursor/daily-facts.ts';
import { booleanArrayLiteral as b, numberArrayLiteral as n, textArrayLiteral as t } from './array-literal.ts';
import type { Db } from './database.ts';
import type { SecretBox } from './secret-box.ts';

// An org's Cursor connection (admin key encrypted at rest), its per-endpoint sync cursors, and the roster seats the
// members endpoint maintains.

export interface CursorConnectionInput {
  apiKey: string;
  tier: string;
  syncIntervalMinutes: number;
}

export interface CursorConnection extends CursorConnectionInput {
  orgId: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: { kind: 'auth' | 'api'; message: string; at: Date } | null;
}


export async function saveCursorConnection(db: Db, box: SecretBox, orgId: string, input: CursorConnectionInput): Promise<void> {
  const values = { api_key_encrypted: box.seal(input.apiKey), tier: input.tier, sync_interval_minutes: input.syncIntervalMinutes };
  // A new key clears an authentication failure: the next sync tries again.
  await sql`INSERT INTO cursor_connections (org_id, api_key_encrypted, tier, sync_interval_minutes)
    VALUES (${orgId}, ${values.api_key_encrypted}, ${values.tier}, ${values.sync_interval_minutes})
    ON CONFLICT (org_id) DO UPDATE SET api_key_encrypted = excluded.api_key_encrypted, tier = excluded.tier,
      sync_interval_minutes = excluded.sync_interval_minutes, updated_at = now(),
      last_error_kind = NULL, last_error = NULL, last_error_at = NULL`.execute(db);
}

interface ConnectionRow {
  org_id: string;
  api_key_encrypted: Buffer;
  tier: string;
  sync_interval_minutes: number;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_success_at: Date | null;
  last_error_kind: 'auth' | 'api' | null;
  last_error: string | null;
  last_error_at: Date | null;
}

function connectionOf(box: SecretBox, row: ConnectionRow): CursorConnection {
  return {
    orgId: row.org_id,
    apiKey: box.open(row.api_key_encrypted),
    tier: row.tier,
    syncIntervalMinutes: row.sync_interval_minutes,
    lastStartedAt: row.last_started_at,
    lastFinishedAt: row.last_finished_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error_kind && row.last_error && row.last_error_at ? { kind: row.last_error_kind, message: row.last_error, at: row.last_error_at } : null,
  };
}

export async function findCursorConnection(db: Db, box: SecretBox, orgId: string): Promise<CursorConnection | null> {
  const rows = await sql<ConnectionRow>`SELECT * FROM cursor_connections WHERE org_id = ${orgId}`.execute(db);
  return rows.rows[0] ? connectionOf(box, rows.rows[0]) : null;
}

/** Every org with a connection whose next sync is due at `now` (interval elapsed since the last start, or never run). */
export async function dueCursorOrgs(db: Db, now: Date): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`SELECT org_id FROM cursor_connections
    WHERE last_error_kind IS DISTINCT FROM 'auth'
      AND (last_started_at IS NULL OR last_started_at + make_interval(mins => sync_interval_minutes) <= ${now})
    ORDER BY org_id`.execute(db);
  return rows.rows.map((r) => r.org_id);
}

export async function markCursorSync(db: Db, orgId: string, event: Parameters<CursorSyncStore['markSync']>[1]): Promise<void> {
  if (event.kind === 'started') {
    await sql`UPDATE cursor_connections SET last_started_at = ${event.at} WHERE org_id = ${orgId}`.execute(db);
  } else if (event.kind === 'succeeded') {
    await sql`UPDATE cursor_connections SET last_finished_at = ${event.at}, last_success_at = ${event.at},
      last_error_kind = NULL, last_error = NULL, last_error_at = NULL WHERE org_id = ${orgId}`.execute(db);
  } else {
    await sql`UPDATE cursor_connections SET last_finished_at = ${event.at}, last_error_kind = ${event.errorKind},
      last_error = ${event.message.slice(0, 2000)}, last_error_at = ${event.at} WHERE org_id = ${orgId}`.execute(db);
  }
}

interface CursorRow {
  endpoint: CursorEndpoint;
  done_through: string | null;
  window_from: string | null;
  window_to: string | null;
  next_page: number | null;
  rows_stored: string;
  requests: string;
}

function cursorOf(row: CursorRow | undefined): EndpointCursor {
  if (!row) return { doneThrough: null, reading: null, rowsStored: 0, requests: 0 };
  return {
    doneThrough: row.done_through === null ? null : Number(row.done_through),
    reading: row.window_from !== null && row.window_to !== null && row.next_page !== null ? { from: Number(row.window_from), to: Number(row.window_to), nextPage: row.next_page } : null,
    rowsStored: Number(row.rows_stored),
    requests: Number(row.requests),
  };
}

export async function listCursors(db: Db, orgId: string): Promise<Record<CursorEndpoint, EndpointCursor>> {
  const rows = await sql<CursorRow>`SELECT * FROM cursor_sync_cursors WHERE org_id = ${orgId}`.execute(db);
  const by = new Map(rows.rows.map((r) => [r.endpoint, r]));
  return { members: cursorOf(by.get('members')), 'daily-usage-data': cursorOf(by.get('daily-usage-data')), 'filtered-usage-events': cursorOf(by.get('filtered-usage-events')) };
}

/** Moves an endpoint's cursor; `rowsAdded` and `requests` are added to its counters (members: rows are replaced). */
export async function saveCursor(db: Db, orgId: string, endpoint: CursorEndpoint, state: { doneThrough: number | null; reading: EndpointCursor['reading'] }, counts: { rows: number; requests: number }): Promise<void> {
  const r = state.reading;
  const rows = endpoint === 'members' ? sql`excluded.rows_stored` : sql`c.rows_stored + excluded.rows_stored`;
  await sql`INSERT INTO cursor_sync_cursors AS c (org_id, endpoint, done_through, window_from, window_to, next_page, rows_stored, requests)
    VALUES (${orgId}, ${endpoint}, ${state.doneThrough}, ${r?.from ?? null}, ${r?.to ?? null}, ${r?.nextPage ?? null}, ${counts.rows}, ${counts.requests})
    ON CONFLICT (org_id, endpoint) DO UPDATE SET done_through = excluded.done_through, window_from = excluded.window_from,
      window_to = excluded.window_to, next_page = excluded.next_page, rows_stored = ${rows},
      requests = c.requests + excluded.requests, updated_at = now()`.execute(db);
}

/** Forgets where every endpoint stood: the next sync starts over (the dedup keys keep it from counting twice). */
export async function resetCursors(db: Db, orgId: string): Promise<void> {
  await sql`DELETE FROM cursor_sync_cursors WHERE org_id = ${orgId}`.execute(db);
}

/**
 * The roster from Cursor's members: people are matched (or created) by lower-cased email; a member without an
 * open Cursor seat gets one with the org's tier from `seatsFrom` (Cursor does not say when a seat was assigned:
 * the sync starts it on the first day it reads, so the usage it stores falls within the seat); removed members'
 * open Cursor seats end `today`. Running it again with the same members changes nothing.
 */
export async function syncCursorMembers(db: Db, orgId: string, members: readonly CursorMember[], tier: string, days: { seatsFrom: string; today: string }): Promise<{ seatsCreated: number; seatsEnded: number }> {
  const { seatsFrom, today } = days;
  const current = dedupe(members.filter((m) => m.isRemoved !== true));
  const removed = [...dedupe(members.filter((m) => m.isRemoved === true)).keys()].filter((email) => !current.has(email));
  return db.transaction().execute(async (trx) => {
    let seatsCreated = 0;
    if (current.size > 0) {
      const emails = [...current.keys()];
      await sql`INSERT INTO people AS p (org_id, person_id, email, display_name)
        SELECT ${orgId}::uuid, gen_random_uuid(), r.email, r.name
        FROM unnest(${t(emails)}::text[], ${t(emails.map((e) => current.get(e)!.name))}::text[]) AS r (email, name)
        ON CONFLICT (org_id, email) DO UPDATE SET display_name = excluded.display_name, updated_at = now()
        WHERE p.display_name IS NULL AND excluded.display_name IS NOT NULL`.execute(trx);
      const created = await sql`INSERT INTO licenses (org_id, license_id, person_id, tool, tier, valid_from)
        SELECT ${orgId}::uuid, gen_random_uuid(), p.person_id, 'cursor', ${tier}, ${seatsFrom}::date
        FROM people p WHERE p.org_id = ${orgId} AND p.email = ANY(${t(emails)}::text[])
          AND NOT EXISTS (SELECT 1 FROM licenses l WHERE l.org_id = p.org_id AND l.person_id = p.person_id AND l.tool = 'cursor'
                          AND (l.valid_to IS NULL OR l.valid_to >= ${today}::date))
        ON CONFLICT (org_id, person_id, tool, valid_from) DO NOTHING`.execute(trx);
      seatsCreated = Number(created.numAffectedRows ?? 0);
    }
    let seatsEnded = 0;
    if (removed.length > 0) {
      const ended = await sql`UPDATE licenses l SET valid_to = ${today}::date FROM people p
        WHERE l.org_id = ${orgId} AND p.org_id = l.org_id AND p.person_id = l.person_id AND p.email = ANY(${t(removed)}::text[])
          AND l.tool = 'cursor' AND l.valid_to IS NULL AND l.valid_from <= ${today}::date`.execute(trx);
      seatsEnded = Number(ended.numAffectedRows ?? 0);
    }
    return { seatsCreated, seatsEnded };
  });
}

/** Members by lower-cased email (the last one wins). */
function dedupe(members: readonly CursorMember[]): Map<string, { name: string | null }> {
  const out = new Map<string, { name: string | null }>();
  for (const m of members) {
    const email = m.email.trim().toLowerCase();
    if (email.includes('@')) out.set(email, { name: typeof m.name === 'string' && m.name.trim() ? m.name.trim() : null });
  }
  return out;
}

const FACT_COLUMNS = [
  ['tabs_shown', 'tabsShown'], ['tabs_accepted', 'tabsAccepted'], ['applies', 'applies'], ['accepts', 'accepts'], ['rejects', 'rejects'],
  ['composer_requests', 'composerRequests'], ['chat_requests', 'chatRequests'], ['agent_requests', 'agentRequests'], ['cmdk_usages', 'cmdkUsages'],
  ['lines_added', 'linesAdded'], ['lines_deleted', 'linesDeleted'], ['accepted_lines_added', 'acceptedLinesAdded'], ['accepted_lines_deleted', 'acceptedLinesDeleted'],
] as const;

/** Stores member-days of daily-usage-data; a day read again replaces its row. */
export async function saveCursorDays(db: Db, orgId: string, facts: readonly CursorDayFacts[]): Promise<void> {
  const byKey = new Map(facts.map((f) => [`${f.day}|${f.person}`, f]));
  const rows = [...byKey.values()];
  if (rows.length === 0) return;
  const counters = FACT_COLUMNS.map(([, field]) => sql`${n(rows.map((r) => r[field]))}::bigint[]`);
  const columns = sql.raw(FACT_COLUMNS.map(([column]) => column).join(', '));
  const updates = sql.raw(FACT_COLUMNS.map(([column]) => `${column} = excluded.${column}`).join(', '));
  await sql`INSERT INTO cursor_daily_usage (org_id, day, person, is_active, ${columns}, most_used_model, client_version)
    SELECT ${orgId}::uuid, * FROM unnest(${t(rows.map((r) => r.day))}::date[], ${t(rows.map((r) => r.person))}::text[],
      ${b(rows.map((r) => r.isActive))}::boolean[], ${sql.join(counters)}, ${t(rows.map((r) => r.mostUsedModel))}::text[],
      ${t(rows.map((r) => r.clientVersion))}::text[])
    ON CONFLICT (org_id, day, person) DO UPDATE SET is_active = excluded.is_active, ${updates},
      most_used_model = excluded.most_used_model, client_version = excluded.client_version`.execute(db);
}
