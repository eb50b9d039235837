import { sql } from 'kysely';
import type { AnsweredNudge, NewNudge, NudgeStore, PersonContact, StoredNudgeSettings } from '../../app/nudge-ports.ts';
import { DEFAULT_IDLE_DAYS, seatKey, type NudgeHistory } from '../../domain/nudges/nudge-eligibility.ts';
import { nudgeDeliveryKey, type NudgeChoice, type NudgeOutcome } from '../../domain/nudges/nudge-message.ts';
import type { Db } from './database.ts';
import { activeRowSql } from './metric-sql.ts';

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

type ContactRow = { unreachable_reason: string | null; chat_platform: 'slack' | 'teams' | null; chat_user_id: string | null; time_zone: string | null };

function contactOf(row: ContactRow | undefined): PersonContact | null {
  if (row?.unreachable_reason) return { found: false, reason: row.unreachable_reason };
  if (row?.chat_platform && row.chat_user_id) return { found: true, platform: row.chat_platform, userId: row.chat_user_id, timeZone: row.time_zone };
  return null;
}

const CONTACT_COLUMNS = ['unreachable_reason', 'chat_platform', 'chat_user_id', 'time_zone'] as const;

async function contact(db: Db, orgId: string, email: string): Promise<PersonContact | null> {
  return contactOf(await db.selectFrom('nudge_people').select(CONTACT_COLUMNS).where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst());
}

async function contacts(db: Db, orgId: string): Promise<Map<string, PersonContact>> {
  const rows = await db.selectFrom('nudge_people').select(['email', ...CONTACT_COLUMNS]).where('org_id', '=', orgId).execute();
  const out = new Map<string, PersonContact>();
  for (const row of rows) {
    const found = contactOf(row);
    if (found) out.set(row.email, found);
  }
  return out;
}

const contactValues = (contact: PersonContact) =>
  contact.found
    ? { chat_platform: contact.platform, chat_user_id: contact.userId, time_zone: contact.timeZone, unreachable_reason: null }
    : { chat_platform: null, chat_user_id: null, time_zone: null, unreachable_reason: contact.reason.slice(0, 300) };

async function saveContacts(db: Db, orgId: string, found: ReadonlyMap<string, PersonContact>): Promise<void> {
  const rows = [...found].map(([email, c]) => ({ org_id: orgId, email, ...contactValues(c) }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('nudge_people')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['org_id', 'email']).doUpdateSet((eb) => ({
          chat_platform: eb.ref('excluded.chat_platform'), chat_user_id: eb.ref('excluded.chat_user_id'), time_zone: eb.ref('excluded.time_zone'), unreachable_reason: eb.ref('excluded.unreachable_reason'),
        })),
      )
      .execute();
  }
}

async function createNudge(db: Db, orgId: string, nudge: NewNudge): Promise<boolean> {
  const { seat } = nudge;
  const key = nudgeDeliveryKey(nudge.nudgeId);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('nudges')
      .values({ org_id: orgId, nudge_id: nudge.nudgeId, email: seat.email, tool: seat.tool, tier: seat.tier, seat_from: seat.since, last_used: seat.lastUsed, monthly_cost: seat.monthlyCostUsd, sent_on: nudge.sentOn, delivery_key: key })
      .onConflict((oc) => oc.columns(['org_id', 'email', 'sent_on']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await sql`INSERT INTO chat_deliveries (org_id, delivery_key, platform, conversation_id, direct, state, due_at, message)
      VALUES (${orgId}, ${key}, ${nudge.platform}, ${nudge.userId}, true, 'due', now(), ${JSON.stringify(nudge.message)}::jsonb)`.execute(trx);
    return true;
  });
}

async function answer(db: Db, orgId: string, nudgeId: string, choice: NudgeChoice, snoozeUntil: string): Promise<AnsweredNudge | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('nudges')
      .set({ answer: choice, answered_at: new Date() })
      .where('org_id', '=', orgId)
      .where('nudge_id', '=', nudgeId)
      .returning(['email', 'tool', 'tier', sql<string>`seat_from::text`.as('seat_from'), sql<string | null>`last_used::text`.as('last_used'), 'monthly_cost'])
      .executeTakeFirst();
    if (!row) return null;
    const change = choice === 'stop' ? { opted_out_at: new Date() } : choice === 'snooze' ? { snoozed_until: snoozeUntil } : null;
    if (change) await trx.insertInto('nudge_people').values({ org_id: orgId, email: row.email, ...change }).onConflict((oc) => oc.columns(['org_id', 'email']).doUpdateSet(change)).execute();
    return { email: row.email, seat: { tool: row.tool, tier: row.tier, since: row.seat_from, lastUsed: row.last_used, monthlyCostUsd: row.monthly_cost } };
  });
}

async function outcome(db: Db, orgId: string, from: string, to: string): Promise<NudgeOutcome> {
  const row = await sql<NudgeOutcome>`
    SELECT count(*)::int AS "sent",
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM rollup_person_daily r
        WHERE r.org_id = n.org_id AND r.person = n.email AND r.tool = n.tool AND r.day >= n.sent_on AND r.day <= n.sent_on + 14
          AND ${activeRowSql('r')}))::int AS "activeAgain",
      count(*) FILTER (WHERE n.answer = 'release')::int AS "released",
      coalesce(sum(n.monthly_cost) FILTER (WHERE n.answer = 'release'), 0)::float8 AS "releasedMonthlyUsd"
    FROM nudges n WHERE n.org_id = ${orgId} AND n.sent_on BETWEEN ${from}::date AND ${to}::date`.execute(db);
  return row.rows[0]!;
}

export function nudgeStore(db: Db): NudgeStore {
  return {
    settings: (orgId) => settings(db, orgId),
    saveSettings: (orgId, change) => saveSettings(db, orgId, change),
    histories: (orgId) => histories(db, orgId),
    enabledOrgs: async () => (await db.selectFrom('nudge_settings').select('org_id').where('enabled', '=', true).execute()).map((r) => r.org_id),
    contact: (orgId, email) => contact(db, orgId, email),
    saveContact: (orgId, email, found) => saveContacts(db, orgId, new Map([[email, found]])),
    contacts: (orgId) => contacts(db, orgId),
    saveContacts: (orgId, found) => saveContacts(db, orgId, found),
    createNudge: (orgId, nudge) => createNudge(db, orgId, nudge),
    outcome: (orgId, from, to) => outcome(db, orgId, from, to),
    answer: (orgId, nudgeId, choice, snoozeUntil) => answer(db, orgId, nudgeId, choice, snoozeUntil),
  };
}
