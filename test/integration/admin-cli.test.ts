import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey } from '../../src/adapters/postgres/api-key-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

function uptake(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: t.url } });
}

describe('uptake admin CLI', () => {
  it('creates an org with ingest, read and admin keys that authenticate with their scopes', async () => {
    const { stdout } = await uptake('admin', 'org', 'create', '--name', 'acme');
    const out = JSON.parse(stdout) as { orgId: string; ingestKey: string; readKey: string; adminKey: string };
    expect(Object.keys(out).sort()).toEqual(['adminKey', 'ingestKey', 'orgId', 'readKey']);
    for (const [key, scope] of [[out.ingestKey, 'ingest'], [out.readKey, 'read'], [out.adminKey, 'admin']] as const) {
      expect(await findApiKey(t.db, key)).toMatchObject({ orgId: out.orgId, scopes: [scope], personEmail: null });
    }
    // Only a hash and the visible prefix are stored, never the key itself.
    const dump = (await sql<{ row: string }>`SELECT t::text AS row FROM api_keys t`.execute(t.db)).rows.map((r) => r.row).join('\n');
    for (const key of [out.ingestKey, out.readKey, out.adminKey]) {
      expect(dump).toContain(key.split('_')[1]);
      expect(dump).not.toContain(key.split('_')[2]);
    }

    const key = JSON.parse((await uptake('admin', 'key', 'create', '--org', out.orgId, '--scope', 'ingest', '--email', 'Dev@Acme.com')).stdout) as { key: string };
    expect(await findApiKey(t.db, key.key)).toMatchObject({ orgId: out.orgId, scopes: ['ingest'], personEmail: 'dev@acme.com' });
  });

  it.each([
    [['admin', 'org', 'create'], /--name is required/],
    [['admin', 'key', 'create', '--org', 'nope', '--scope', 'ingest'], /--org <orgId> is required/],
    [['admin', 'key', 'create', '--org', '00000000-0000-0000-0000-000000000000', '--scope', 'write'], /Unknown scope write/],
    [['admin', 'key', 'create', '--org', '00000000-0000-0000-0000-000000000000', '--scope', 'read'], /No org/],
    [['admin', 'key', 'create', '--org', '00000000-0000-0000-0000-000000000000', '--scope', 'read', '--email', 'x'], /not an email/],
    [['frobnicate'], /Unknown command/],
  ])('rejects %j with a clear message and exit code 2', async (args, message) => {
    const error = (await uptake(...args).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(message);
  });

  it('`npm run migrate` and admin commands run with Slack half set up and no org yet (they need only the database)', async () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-not-yet', SLACK_APP_TOKEN: 'xapp-1', TEAMS_ORG_ID: 'not-a-uuid', ENCRYPTION_KEY: '0'.repeat(64) };
    const env = { ...process.env, DATABASE_URL: t.url, ...slack };
    const migrate = await run('npm', ['run', '--silent', 'migrate'], { env, cwd: fileURLToPath(new URL('../../', import.meta.url)) });
    expect(migrate.stdout).toContain('Database is up to date.');
    const { stdout } = await run(process.execPath, [BIN, 'admin', 'org', 'create', '--name', 'slack-first'], { env });
    expect(JSON.parse(stdout)).toHaveProperty('orgId');
  });

  it('prints help', async () => {
    const { stdout } = await uptake('--help');
    expect(stdout).toContain('uptake admin org create');
  });
});

describe('uptake admin org set / rollups rebuild', () => {
  it('changes the time zone and rebuilds the rollups on org-zone days', async () => {
    const { orgId } = JSON.parse((await uptake('admin', 'org', 'create', '--name', 'tz')).stdout) as { orgId: string };
    // 06:00Z on Nov 10 is Nov 9 in Los Angeles, Nov 10 in UTC.
    await sql`INSERT INTO events (org_id, event_id, occurred_at, source, tool, kind, person_email, session_id)
      VALUES (${orgId}, gen_random_uuid(), '2026-11-10T06:00:00Z', 'api', 'claude-code', 'user_prompt', 'a@x.example', 's1'),
             (${orgId}, gen_random_uuid(), '2026-11-12T07:00:00Z', 'api', 'claude-code', 'api_request', 'a@x.example', NULL)`.execute(t.db);
    const rebuilt = JSON.parse((await uptake('admin', 'rollups', 'rebuild', '--org', orgId)).stdout) as { days: number; sessions: number };
    expect(rebuilt).toMatchObject({ days: 2, sessions: 1 });
    const days = async () => (await sql<{ day: string }>`SELECT day::text FROM rollup_daily WHERE org_id = ${orgId} ORDER BY day`.execute(t.db)).rows.map((r) => r.day);
    expect(await days()).toEqual(['2026-11-10', '2026-11-12']);

    const set = JSON.parse((await uptake('admin', 'org', 'set', '--org', orgId, '--time-zone', 'America/Los_Angeles', '--grace-days', '3')).stdout) as Record<string, unknown>;
    expect(set).toMatchObject({ timeZone: 'America/Los_Angeles', gracePeriodDays: 3, minGroupSize: 5, rebuilt: { days: 2, sessions: 1 } });
    expect(await days()).toEqual(['2026-11-09', '2026-11-11']);
  });

  it.each([
    [['admin', 'org', 'set', '--org', '00000000-0000-0000-0000-000000000000'], /at least one of/],
    [['admin', 'org', 'set', '--org', '00000000-0000-0000-0000-000000000000', '--time-zone', 'Mars/Olympus'], /not an IANA time zone/],
    [['admin', 'org', 'set', '--org', '00000000-0000-0000-0000-000000000000', '--grace-days=-1'], /whole number from 0 to 365/],
    [['admin', 'rollups', 'rebuild', '--org', '00000000-0000-0000-0000-000000000000'], /No org/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const error = (await uptake(...args).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(message);
  });
});
