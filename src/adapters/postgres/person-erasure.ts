import { sql } from 'kysely';
import type { Db } from './database.ts';
import { rebuildInTransaction } from './rollup-rebuild.ts';
import { orgTimeZone } from './rollup-store.ts';

/** Rows removed per table by an erasure, and the org-zone days whose rollups were rebuilt without the person. */
export interface ErasureReport {
  email: string;
  removed: Record<string, number>;
  rebuiltDays: number;
}

export interface ErasureTarget {
  /** lower-cased */
  email: string;
  /** chat user ids of the person (Slack user id, Teams user id or Entra object id): their chat records go too */
  chatUserIds?: string[];
}

/**
 * Erases one person of one org in one transaction: their events and every rollup row of theirs, their roster
 * entry and licenses, API keys bound to their email, Cursor's daily counters, their seat nudges, and (given their
 * chat user ids, or the one the nudges found)
 * their chat viewer grants, personal Teams conversations and the deliveries to those, and their name as the creator
 * of digests and alert rules. The org-wide rollups of the
 * days they were active are rebuilt from the remaining events, so no total still counts them.
 */
export async function erasePerson(db: Db, orgId: string, target: ErasureTarget): Promise<ErasureReport> {
  const { email } = target;
  const tz = await orgTimeZone(db, orgId);
  return db.transaction().execute(async (trx) => {
    const removed: Record<string, number> = {};
    const count = async (table: string, statement: Promise<{ numAffectedRows?: bigint }>) => {
      removed[table] = (removed[table] ?? 0) + Number((await statement).numAffectedRows ?? 0n);
    };
    // the chat user the seat nudges found for them counts as one of theirs
    const found = await sql<{ id: string }>`SELECT chat_user_id AS id FROM nudge_people
      WHERE org_id = ${orgId} AND email = ${email} AND chat_user_id IS NOT NULL`.execute(trx);
    const chatUsers = [...new Set([...(target.chatUserIds ?? []), ...found.rows.map((r) => r.id)])];
    await count('chat_deliveries', sql`DELETE FROM chat_deliveries
      WHERE org_id = ${orgId} AND delivery_key IN (SELECT delivery_key FROM nudges WHERE org_id = ${orgId} AND email = ${email})`.execute(trx));
    await count('nudges', sql`DELETE FROM nudges WHERE org_id = ${orgId} AND email = ${email}`.execute(trx));
    await count('nudge_people', sql`DELETE FROM nudge_people WHERE org_id = ${orgId} AND email = ${email}`.execute(trx));
    // Rollup rows name a person by email, or by 'id:' + identity for events that carried no email.
    const identities = await sql<{ identity: string }>`
      SELECT DISTINCT identity FROM events
      WHERE org_id = ${orgId} AND person_email IS NULL AND lower(identity) = ${email}`.execute(trx);
    const rollupKeys = [email, ...identities.rows.map((r) => `id:${r.identity}`)];
    const whoKeys = [email, ...identities.rows.map((r) => r.identity)];
    const days = await sql<{ day: string }>`
      SELECT DISTINCT (occurred_at AT TIME ZONE ${tz})::date::text AS day FROM events
      WHERE org_id = ${orgId} AND (person_email = ${email} OR lower(identity) = ${email})`.execute(trx);

    for (const table of ['rollup_sessions', 'rollup_daily', 'rollup_hourly', 'rollup_person_daily', 'rollup_person_weekly', 'rollup_person_day_totals', 'rollup_people', 'rollup_person_orgs']) {
      await count(table, sql`DELETE FROM ${sql.table(table)} WHERE org_id = ${orgId} AND person = ANY(${rollupKeys}::text[])`.execute(trx));
    }
    await count('rollup_summary_daily', sql`DELETE FROM rollup_summary_daily
      WHERE org_id = ${orgId} AND (person_email = ${email} OR who = ANY(${whoKeys}::text[]))`.execute(trx));
    await count('events', sql`DELETE FROM events WHERE org_id = ${orgId} AND (person_email = ${email} OR lower(identity) = ${email})`.execute(trx));
    await count('cursor_daily_usage', sql`DELETE FROM cursor_daily_usage WHERE org_id = ${orgId} AND person = ${email}`.execute(trx));
    await count('api_keys', sql`DELETE FROM api_keys WHERE org_id = ${orgId} AND person_email = ${email}`.execute(trx));
    await count('licenses', sql`DELETE FROM licenses l USING people p
      WHERE l.org_id = ${orgId} AND p.org_id = l.org_id AND p.person_id = l.person_id AND p.email = ${email}`.execute(trx));
    await count('people', sql`DELETE FROM people WHERE org_id = ${orgId} AND email = ${email}`.execute(trx));
    if (chatUsers.length > 0) {
      await count('chat_viewers', sql`DELETE FROM chat_viewers
        WHERE org_id = ${orgId} AND subject_kind = 'user' AND subject_id = ANY(${chatUsers}::text[])`.execute(trx));
      const personal = sql`SELECT conversation_id FROM teams_conversations
        WHERE org_id = ${orgId} AND conversation_type = 'personal' AND (user_id = ANY(${chatUsers}::text[]) OR aad_object_id = ANY(${chatUsers}::text[]))`;
      await count('chat_deliveries', sql`DELETE FROM chat_deliveries
        WHERE org_id = ${orgId} AND (conversation_id = ANY(${chatUsers}::text[]) OR conversation_id IN (${personal}))`.execute(trx));
      await count('teams_conversations', sql`DELETE FROM teams_conversations WHERE org_id = ${orgId} AND conversation_id IN (${personal})`.execute(trx));
      // the schedules and rules they set up stay (they belong to their channels), without their creator
      for (const table of ['digest_schedules', 'alert_rules']) {
        await count(`${table}.created_by`, sql`UPDATE ${sql.table(table)} SET created_by = NULL
          WHERE org_id = ${orgId} AND created_by = ANY(${chatUsers}::text[])`.execute(trx));
      }
    }

    const dayList = days.rows.map((r) => r.day);
    if (dayList.length > 0) await rebuildInTransaction(trx, orgId, tz, { kind: 'days', days: dayList });
    return { email, removed, rebuiltDays: dayList.length };
  });
}
