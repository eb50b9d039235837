import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

// Erasing a person leaves no trace of them in any table of their org, leaves everyone else's data as it was, and
// the org totals become those of an org that never had them (the control org gets the same data without them).
const GONE = 'gone@acme.example';
const KEEP = 'keep@acme.example';
const SLACK_USER = 'U0GONE';
const AAD = '3f0c9a5e-0000-4000-8000-00000000aaaa';

let t: TestContext;
let acme: TestOrg;
let other: TestOrg;
let control: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  [acme, other, control] = [await t.createOrg('acme'), await t.createOrg('other'), await t.createOrg('control')];
});
afterAll(() => t.close());

async function call(method: 'POST' | 'PUT' | 'DELETE', url: string, key: string, payload?: object) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
}

function eventsOf(email: string, tag: string): object[] {
  const base = { tool: 'claude-code', sessionId: `${tag}-s`, project: 'web' };
  return [
    { ...base, email, id: `${tag}-p1`, kind: 'user_prompt', occurredAt: '2026-11-10T09:00:00Z', attributes: { 'organization.name': `${tag} labs` } },
    { ...base, email, id: `${tag}-r1`, kind: 'api_request', occurredAt: '2026-11-10T09:01:00Z', model: 'claude-opus-4-1', tokens: { input: 100, output: 40 }, costUsd: 0.5 },
    { ...base, email, id: `${tag}-t1`, kind: 'tool_result', occurredAt: '2026-11-11T10:00:00Z', toolName: 'Edit', linesAdded: 7 },
    { tool: 'gemini-cli', identity: email.toUpperCase(), sessionId: `${tag}-g`, id: `${tag}-g1`, kind: 'api_request', occurredAt: '2026-11-12T08:00:00Z', model: 'gemini-2.5-pro', tokens: { input: 30 } },
  ];
}

async function seed(org: TestOrg, people: string[]): Promise<void> {
  for (const email of people) {
    const res = await call('POST', '/api/v1/events', org.ingestKey, { events: eventsOf(email, email.split('@')[0]!) });
    expect(res.statusCode, res.body).toBe(200);
  }
  const roster = people.map((email) => ({ email, name: email, team: 'web', tool: 'claude-code', tier: 'max_5x', assignedOn: '2026-10-01' }));
  expect((await call('PUT', '/api/v1/people', org.adminKey, { people: roster })).statusCode).toBe(200);
  for (const email of people) {
    await t.createKey(org.orgId, ['ingest'], email);
    await sql`INSERT INTO cursor_daily_usage VALUES (${org.orgId}, '2026-11-10', ${email}, true, 5, 3, 1, 1, 0, 2, 0, 1, 0, 9, 1, 8, 1, 'gpt-5', '1.0')`.execute(t.db);
  }
  await rollupOrg(rollupStore(t.db), org.orgId);
}

/** Every row of the org in the tables keyed by person or summed over people, without the org id (to compare orgs). */
async function rollupRows(orgId: string): Promise<Record<string, string[]>> {
  const tables = ['rollup_daily', 'rollup_hourly', 'rollup_sessions', 'rollup_people', 'rollup_person_orgs', 'rollup_person_daily', 'rollup_person_weekly', 'rollup_person_day_totals', 'rollup_model_daily', 'rollup_tool_hourly', 'rollup_summary_daily', 'cursor_daily_usage'];
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await sql<{ row: string }>`SELECT (to_jsonb(x) - 'org_id')::text AS row FROM ${sql.table(table)} x WHERE org_id = ${orgId}`.execute(t.db);
    out[table] = rows.rows.map((r) => r.row).sort();
  }
  return out;
}

/** Every row of the org, in every table, as text (for "untouched"). */
async function allRows(orgId: string): Promise<string[]> {
  const out: string[] = [];
  for (const table of await tablesWithOrgId()) {
    const rows = await sql<{ row: string }>`SELECT ${table}::text || ' ' || x::text AS row FROM ${sql.table(table)} x WHERE org_id = ${orgId}`.execute(t.db);
    out.push(...rows.rows.map((r) => r.row));
  }
  return out.sort();
}

async function tablesWithOrgId(): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`.execute(t.db);
  return rows.rows.map((r) => r.table_name);
}

/** Rows of the org, in any table, with a text, uuid, json or array column holding one of `needles` (case-insensitive). */
async function rowsMentioning(orgId: string, needles: string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND (c.data_type IN ('text', 'character varying', 'uuid', 'jsonb', 'json', 'ARRAY', 'bytea'))
      AND EXISTS (SELECT 1 FROM information_schema.columns o WHERE o.table_schema = 'public' AND o.table_name = c.table_name AND o.column_name = 'org_id')
    ORDER BY 1, 2`.execute(t.db);
  expect(columns.rows.length).toBeGreaterThan(40);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    for (const needle of needles) {
      const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
        WHERE org_id = ${orgId} AND ${sql.ref(column)}::text ILIKE ${`%${needle}%`}`.execute(t.db);
      if (found.rows[0]!.n > 0) hits.push(`${table}.${column}: ${found.rows[0]!.n} row(s) with ${needle}`);
    }
  }
  return hits;
}

describe('erasing a person', () => {
  it('removes every row of theirs in every table of the org, and nothing of anyone else', async () => {
    await seed(acme, [GONE, KEEP]);
    await seed(other, [GONE, KEEP]);
    await seed(control, [KEEP]);
    const personId = (await sql<{ person_id: string }>`SELECT person_id FROM people WHERE org_id = ${acme.orgId} AND email = ${GONE}`.execute(t.db)).rows[0]!.person_id;
    await sql`INSERT INTO chat_viewers (org_id, platform, subject_kind, subject_id) VALUES (${acme.orgId}, 'slack', 'user', ${SLACK_USER}), (${acme.orgId}, 'slack', 'user', 'U0KEEP')`.execute(t.db);
    await sql`INSERT INTO teams_conversations (org_id, conversation_id, tenant_id, conversation_type, service_url, bot_id, user_id, aad_object_id)
      VALUES (${acme.orgId}, 'a:personal-gone', 'tenant-1', 'personal', 'https://smba.example/', '28:bot', '29:gone', ${AAD})`.execute(t.db);
    await sql`INSERT INTO chat_deliveries (org_id, delivery_key, platform, conversation_id, state, due_at)
      VALUES (${acme.orgId}, 'nudge:gone', 'teams', 'a:personal-gone', 'sent', now()), (${acme.orgId}, 'dm:gone', 'slack', ${SLACK_USER}, 'sent', now())`.execute(t.db);
    await sql`INSERT INTO nudge_people (org_id, email, chat_platform, chat_user_id) VALUES (${acme.orgId}, ${GONE}, 'slack', 'U0GONE2'), (${acme.orgId}, ${KEEP}, 'slack', 'U0KEEP')`.execute(t.db);
    await sql`INSERT INTO nudges (org_id, nudge_id, email, tool, tier, seat_from, monthly_cost, sent_on, delivery_key)
      VALUES (${acme.orgId}, gen_random_uuid(), ${GONE}, 'claude-code', 'max_5x', '2026-10-01', 100, '2026-11-20', 'nudge-gone-1')`.execute(t.db);
    await sql`INSERT INTO chat_deliveries (org_id, delivery_key, platform, conversation_id, state, due_at, direct)
      VALUES (${acme.orgId}, 'nudge-gone-1', 'slack', 'U0GONE2', 'sent', now(), true), (${acme.orgId}, 'viewer-gone', 'slack', 'U0GONE2', 'sent', now(), true)`.execute(t.db);
    await sql`INSERT INTO chat_viewers (org_id, platform, subject_kind, subject_id) VALUES (${acme.orgId}, 'slack', 'user', 'U0GONE2')`.execute(t.db);
    await sql`INSERT INTO digest_schedules (org_id, schedule_id, platform, conversation_id, cadence, at_time, time_zone, views, created_by, next_run_at)
      VALUES (${acme.orgId}, gen_random_uuid(), 'slack', 'C0TEAM', 'daily', '09:00', 'UTC', '{adoption}', ${SLACK_USER}, now())`.execute(t.db);

    // the scan finds the person before the erasure (else it could never fail)
    expect((await rowsMentioning(acme.orgId, [GONE, personId, SLACK_USER, AAD, 'U0GONE2'])).length).toBeGreaterThanOrEqual(10);
    const otherBefore = await allRows(other.orgId);
    const controlBefore = await allRows(control.orgId);
    const keepKeysBefore = await sql`SELECT key_id FROM api_keys WHERE org_id = ${acme.orgId} AND (person_email IS NULL OR person_email = ${KEEP}) ORDER BY 1`.execute(t.db);

    const { stdout } = await run(process.execPath, [BIN, 'admin', 'person', 'erase', '--org', acme.orgId, '--email', 'Gone@Acme.example', '--chat-user', SLACK_USER, '--chat-user', AAD], {
      env: { ...process.env, DATABASE_URL: t.url },
    });
    const report = JSON.parse(stdout) as { email: string; removed: Record<string, number>; rebuiltDays: number };
    // 4 events; 1 person, 1 license, 1 bound key, 1 Cursor day; 2 viewers (one the nudges found), 1 Teams chat,
    // 4 deliveries (2 to the chats given, 1 nudge, 1 more to the chat user the nudges found), 1 nudge
    expect(report.email).toBe(GONE);
    expect(report.removed).toMatchObject({
      events: 4, people: 1, licenses: 1, api_keys: 1, cursor_daily_usage: 1, chat_viewers: 2, teams_conversations: 1, chat_deliveries: 4, 'digest_schedules.created_by': 1, nudges: 1, nudge_people: 1,
      rollup_sessions: 2, rollup_people: 2, rollup_person_orgs: 1,
    });
    expect(report.removed['rollup_daily']).toBeGreaterThan(0);
    expect(report.rebuiltDays).toBe(3);

    expect(await rowsMentioning(acme.orgId, [GONE, personId, SLACK_USER, AAD, 'U0GONE2'])).toEqual([]);
    // the remaining person's rows, and the org totals, are those of the control org that never had the erased one
    expect(await rollupRows(acme.orgId)).toEqual(await rollupRows(control.orgId));
    expect((await rollupRows(acme.orgId))['rollup_person_daily']!.length).toBeGreaterThan(0);
    expect(await sql`SELECT key_id FROM api_keys WHERE org_id = ${acme.orgId} ORDER BY 1`.execute(t.db)).toEqual(keepKeysBefore);
    expect((await sql<{ subject_id: string }>`SELECT subject_id FROM chat_viewers WHERE org_id = ${acme.orgId}`.execute(t.db)).rows).toEqual([{ subject_id: 'U0KEEP' }]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM digest_schedules WHERE org_id = ${acme.orgId}`.execute(t.db)).rows[0]!.n).toBe(1);
    // other orgs, the same email in one of them included, are untouched
    expect(await allRows(other.orgId)).toEqual(otherBefore);
    expect(await allRows(control.orgId)).toEqual(controlBefore);
    expect((await rowsMentioning(other.orgId, [GONE])).length).toBeGreaterThan(5);
  });

  it('over the API: admins only, within their own org, a bad email is a 400', async () => {
    expect((await call('DELETE', `/api/v1/people/${KEEP}`, other.readKey)).statusCode).toBe(403);
    expect((await call('DELETE', '/api/v1/people/not-an-email', other.adminKey)).statusCode).toBe(400);
    // acme's admin key erases in acme only: other's copy of the same person stays
    const otherBefore = await allRows(other.orgId);
    const res = await call('DELETE', `/api/v1/people/${encodeURIComponent(KEEP)}`, acme.adminKey);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: KEEP, removed: { events: 4, people: 1, licenses: 1 } });
    expect(await rowsMentioning(acme.orgId, [KEEP])).toEqual([]);
    expect(await allRows(other.orgId)).toEqual(otherBefore);
    // acme has no usage left at all
    expect(Object.values(await rollupRows(acme.orgId)).flat()).toEqual([]);
    // erasing someone unknown removes nothing and says so
    const again = await call('DELETE', `/api/v1/people/${KEEP}`, acme.adminKey);
    expect(again.json()).toMatchObject({ removed: { events: 0, people: 0 }, rebuiltDays: 0 });
  });
});
