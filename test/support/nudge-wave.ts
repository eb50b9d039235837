import { sql } from 'kysely';
import type { Db } from '../../src/adapters/postgres/database.ts';
import type { SlackDouble } from './slack-double.ts';

// A nudge wave's org and its check, shared by the fault test (test/faults/nudge-crash.test.ts) and the benchmark
// (bench/nudges.ts): many licensed seats, some idle (never used since assigned long ago), and what the Slack
// double received compared with the nudges table, person by person.

export interface WaveOrg {
  /** every seat holder's email, `person00042@wave.example` */
  emails: string[];
  /** the holders of idle seats */
  idle: string[];
  /** the Slack double's users (id -> email, time zone): everyone but `notInSlack` of the idle */
  slackUsers: Record<string, { email: string; tz: string }>;
  /** idle holders Slack does not know: unreachable, no DM */
  notInSlack: string[];
}

const emailOf = (i: number) => `person${String(i).padStart(5, '0')}@wave.example`;
export const slackIdOf = (i: number) => `UW${String(i).padStart(7, '0')}`;

/**
 * `seats` people with one Claude Code seat each since 90 days before `today`; every `seats / idle`-th one never used
 * it (idle), the others used it today (their span in rollup_people, what the nudges read). Nudges are turned on.
 * The first `notInSlack` idle people are missing from Slack; the others get `zones[i % zones.length]`.
 */
export async function seedWaveOrg(db: Db, orgId: string, options: { seats: number; idle: number; notInSlack: number; today: string; zones: string[] }): Promise<WaveOrg> {
  const every = options.seats / options.idle;
  const all = Array.from({ length: options.seats }, (_, i) => i);
  const idleIndexes = all.filter((i) => i % every === 0).slice(0, options.idle);
  const idleSet = new Set(idleIndexes);
  const since = sql`${options.today}::date - 90`;
  for (let from = 0; from < all.length; from += 2000) {
    const batch = all.slice(from, from + 2000);
    await sql`INSERT INTO people (org_id, person_id, email, display_name)
      SELECT ${orgId}, gen_random_uuid(), e, split_part(e, '@', 1) FROM unnest(${batch.map(emailOf)}::text[]) AS e`.execute(db);
    await sql`INSERT INTO licenses (org_id, license_id, person_id, tool, tier, monthly_price_usd, valid_from)
      SELECT p.org_id, gen_random_uuid(), p.person_id, 'claude-code', 'pro', 20, ${since} FROM people p
      WHERE p.org_id = ${orgId} AND p.email = ANY(${batch.map(emailOf)}::text[])`.execute(db);
    const active = batch.filter((i) => !idleSet.has(i)).map(emailOf);
    await sql`INSERT INTO rollup_people (org_id, person, tool, first_day, last_day)
      SELECT ${orgId}, e, 'claude-code', ${since}, ${options.today}::date FROM unnest(${active}::text[]) AS e`.execute(db);
  }
  await sql`INSERT INTO nudge_settings (org_id, enabled, idle_days) VALUES (${orgId}, true, 14)
    ON CONFLICT (org_id) DO UPDATE SET enabled = true, idle_days = 14`.execute(db);
  const missing = new Set(idleIndexes.slice(0, options.notInSlack));
  const slackUsers: WaveOrg['slackUsers'] = {};
  for (const i of all) if (!missing.has(i)) slackUsers[slackIdOf(i)] = { email: emailOf(i), tz: options.zones[i % options.zones.length]! };
  return { emails: all.map(emailOf), idle: idleIndexes.map(emailOf), slackUsers, notInSlack: [...missing].map(emailOf) };
}

export interface WaveCheck {
  /** idle people Slack knows: each must get one DM */
  eligible: number;
  /** eligible people with exactly one DM whose delivery key is their nudge's */
  deliveredOnce: number;
  /** eligible people without a DM */
  lost: number;
  /** DMs beyond the first, over everyone */
  duplicates: number;
  /** people who got a DM without being eligible */
  strays: number;
  /** nudges rows, and those whose delivery is sent with the DM's ts recorded */
  nudgeRows: number;
  nudgeRowsSentWithTs: number;
  /** idle people missing from Slack recorded unreachable */
  unreachableRecorded: number;
}

/** What the Slack double received against the nudges table and the delivery log. */
export async function checkWave(db: Db, orgId: string, wave: WaveOrg, slack: SlackDouble): Promise<WaveCheck> {
  const idOf = new Map(Object.entries(wave.slackUsers).map(([id, u]) => [u.email, id]));
  const missing = new Set(wave.notInSlack);
  const eligible = wave.idle.filter((e) => !missing.has(e));
  const dms = new Map<string, Array<{ key: string | undefined; ts: string }>>();
  for (const m of slack.messages.values()) {
    if (!m.channel.startsWith('D')) continue;
    const key = (m.metadata as { event_payload?: { delivery_key?: string } } | null)?.event_payload?.delivery_key;
    dms.set(m.channel, [...(dms.get(m.channel) ?? []), { key, ts: m.ts }]);
  }
  const rows = (await sql<{ email: string; delivery_key: string; state: string | null; message_id: string | null }>`
    SELECT n.email, n.delivery_key, d.state, d.message_id FROM nudges n
    LEFT JOIN chat_deliveries d ON d.org_id = n.org_id AND d.delivery_key = n.delivery_key WHERE n.org_id = ${orgId}`.execute(db)).rows;
  const rowOf = new Map(rows.map((r) => [r.email, r]));
  let deliveredOnce = 0;
  let lost = 0;
  for (const email of eligible) {
    const got = dms.get(`D${idOf.get(email)}`) ?? [];
    if (got.length === 0) lost += 1;
    if (got.length === 1 && got[0]!.key === rowOf.get(email)?.delivery_key) deliveredOnce += 1;
  }
  const eligibleChannels = new Set(eligible.map((e) => `D${idOf.get(e)}`));
  const unreachable = await sql<{ n: number }>`SELECT count(*)::int AS n FROM nudge_people
    WHERE org_id = ${orgId} AND unreachable_reason IS NOT NULL AND email = ANY(${wave.notInSlack}::text[])`.execute(db);
  return {
    eligible: eligible.length,
    deliveredOnce,
    lost,
    duplicates: [...dms.values()].reduce((sum, list) => sum + list.length - 1, 0),
    strays: [...dms.keys()].filter((channel) => !eligibleChannels.has(channel)).length,
    nudgeRows: rows.length,
    nudgeRowsSentWithTs: rows.filter((r) => r.state === 'sent' && r.message_id !== null && dms.get(`D${idOf.get(r.email)}`)?.some((m) => m.ts === r.message_id)).length,
    unreachableRecorded: unreachable.rows[0]!.n,
  };
}
