import { sql } from 'kysely';
import type { NudgeStore, StoredNudgeSettings } from '../../app/nudge-ports.ts';
import { DEFAULT_IDLE_DAYS, seatKey, type NudgeHistory } from '../../domain/nudges/nudge-eligibility.ts';
import type { Db } from './database.ts';

async function settings(db: Db, orgId: string): Promise<StoredNudgeSettings> {
  const row = await db.selectFrom('nudge_settings').select(['enabled', 'idle_days']).where('org_id', '=', orgId).executeTakeFirst();
  return { enabled: row?.enabled ?? false, idleDays: row?.idle_days ?? DEFAULT_IDLE_DAYS };
}

async function saveSettings(db: Db, orgId: string, change: Partial<StoredNudgeSettings>): Promise<StoredNudgeSettings> {
  const next = { ...(await settings(db, orgId)), ...change };
  await db
    .insertInto('nudge_settings')
    .values({ org_id: orgId, enabled: next.enabled, idle_days: next.idleDays })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ enabled: next.enabled, idle_days: next.idleDays, updated_at: new Date() }))
    .execute();
  return next;
}

async function histories(db: Db, orgId: string): Promise<Map<string, NudgeHistory>> {
  const people = await sql<{ email: string; opted_out: boolean; snoozed_until: string | null; unreachable: boolean }>`
    SELECT email, opted_out_at IS NOT NULL AS opted_out, snoozed_until::text AS snoozed_until, unreachable_reason IS NOT NULL AS unreachable
    FROM nudge_people WHERE org_id = ${orgId}`.execute(db);
  const sent = await sql<{ email: string; tool: string; seat_from: string; sent_on: string; answer: string | null }>`
    SELECT email, tool, seat_from::text AS seat_from, sent_on::text AS sent_on, answer FROM nudges WHERE org_id = ${orgId} ORDER BY sent_on`.execute(db);
  const out = new Map<string, NudgeHistory & { nudgesPerSeat: Map<string, number>; released: Set<string> }>();
  const entry = (email: string) => {
    let history = out.get(email);
    if (!history) out.set(email, (history = { optedOut: false, snoozedUntil: null, lastNudgedOn: null, nudgesPerSeat: new Map(), released: new Set(), unreachable: false }));
    return history;
  };
  for (const p of people.rows) Object.assign(entry(p.email), { optedOut: p.opted_out, snoozedUntil: p.snoozed_until, unreachable: p.unreachable });
  for (const n of sent.rows) {
    const history = entry(n.email);
    const key = seatKey({ tool: n.tool, validFrom: n.seat_from });
    history.nudgesPerSeat.set(key, (history.nudgesPerSeat.get(key) ?? 0) + 1);
    history.lastNudgedOn = n.sent_on;
    if (n.answer === 'release') history.released.add(key);
  }
  return out;
}

export function nudgeStore(db: Db): NudgeStore {
  return {
    settings: (orgId) => settings(db, orgId),
    saveSettings: (orgId, change) => saveSettings(db, orgId, change),
    histories: (orgId) => histories(db, orgId),
  };
}
