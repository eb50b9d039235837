import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../src/adapters/postgres/org-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

let t: TestDatabase;
let orgId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  ({ orgId } = await createOrg(t.db, { name: 'acme' }));
});
afterAll(async () => {
  await t.drop();
});

function uptake(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: t.url } });
}

const json = async (...args: string[]) => JSON.parse((await uptake(...args)).stdout) as Record<string, unknown>;

describe('uptake admin slack', { timeout: 120_000 }, () => {
  it('allows, lists and disallows Slack users and user groups who may see per-person numbers', async () => {
    expect(await json('admin', 'slack', 'allow', '--org', orgId, '--user', 'u0123abcd')).toEqual({ orgId, kind: 'user', id: 'U0123ABCD', added: true });
    expect(await json('admin', 'slack', 'allow', '--org', orgId, '--user', 'U0123ABCD')).toMatchObject({ added: false });
    expect(await json('admin', 'slack', 'allow', '--org', orgId, '--group', 'S0LEADS')).toMatchObject({ kind: 'usergroup', added: true });
    expect(await json('admin', 'slack', 'viewers', '--org', orgId)).toEqual({ orgId, viewers: [{ kind: 'user', id: 'U0123ABCD' }, { kind: 'usergroup', id: 'S0LEADS' }] });
    expect(await json('admin', 'slack', 'disallow', '--org', orgId, '--user', 'U0123ABCD')).toMatchObject({ removed: true });
    expect(await json('admin', 'slack', 'viewers', '--org', orgId)).toMatchObject({ viewers: [{ kind: 'usergroup', id: 'S0LEADS' }] });
  });

  it.each([
    [['--user', 'S0LEADS'], /not a Slack user id/],
    [['--group', 'U0123ABCD'], /not a Slack user group id/],
    [['--user', 'U0123ABCD', '--group', 'S0LEADS'], /Give one of/],
    [[], /Give one of/],
  ])('refuses %o', async (extra, message) => {
    await expect(uptake('admin', 'slack', 'allow', '--org', orgId, ...extra)).rejects.toMatchObject({ stderr: expect.stringMatching(message) });
  });

  it('refuses an unknown org', async () => {
    await expect(uptake('admin', 'slack', 'allow', '--org', '00000000-0000-4000-8000-000000000000', '--user', 'U1X')).rejects.toMatchObject({ stderr: expect.stringMatching(/No org/) });
  });
});

describe('uptake admin chat and teams', { timeout: 120_000 }, () => {
  const aad = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';

  it('allows, lists and disallows Teams users by Entra object id, apart from Slack\'s list', async () => {
    expect(await json('admin', 'chat', 'allow', '--org', orgId, '--platform', 'teams', '--user', aad.toUpperCase())).toEqual({ orgId, platform: 'teams', kind: 'user', id: aad, added: true });
    expect(await json('admin', 'chat', 'viewers', '--org', orgId, '--platform', 'teams')).toEqual({ orgId, platform: 'teams', viewers: [{ kind: 'user', id: aad }] });
    expect(await json('admin', 'chat', 'viewers', '--org', orgId, '--platform', 'slack')).not.toMatchObject({ viewers: [{ id: aad }] });
    expect(await json('admin', 'chat', 'disallow', '--org', orgId, '--platform', 'teams', '--user', aad)).toMatchObject({ removed: true });
  });

  it.each([
    [['--platform', 'teams', '--user', 'U0123ABCD'], /Entra object id/],
    [['--platform', 'teams', '--group', 'S0LEADS'], /Slack user groups/],
    [['--user', aad], /--platform slack\|teams is required/],
  ])('refuses %o', async (extra, message) => {
    await expect(uptake('admin', 'chat', 'allow', '--org', orgId, ...extra)).rejects.toMatchObject({ stderr: expect.stringMatching(message) });
  });

  it('links a tenant to the org, moves it on a second link, and unlinks it', async () => {
    const { orgId: other } = await createOrg(t.db, { name: 'other' });
    expect(await json('admin', 'teams', 'link', '--org', orgId, '--tenant', tenant)).toEqual({ orgId, tenantId: tenant, linked: true });
    expect(await json('admin', 'teams', 'tenants', '--org', orgId)).toEqual({ orgId, tenants: [tenant] });
    await json('admin', 'teams', 'link', '--org', other, '--tenant', tenant);
    expect(await json('admin', 'teams', 'tenants', '--org', orgId)).toEqual({ orgId, tenants: [] });
    expect(await json('admin', 'teams', 'unlink', '--org', other, '--tenant', tenant)).toMatchObject({ unlinked: true });
    await expect(uptake('admin', 'teams', 'link', '--org', orgId, '--tenant', 'contoso')).rejects.toMatchObject({ stderr: expect.stringMatching(/Entra tenant id/) });
  });
});

describe('uptake admin alert', { timeout: 120_000 }, () => {
  it('adds, lists and removes an alert with the chat grammar', async () => {
    const added = await json('admin', 'alert', 'add', '--org', orgId, '--platform', 'teams', '--conversation', '19:cli@thread.tacv2', 'declining', '14d', '>', '2', 'cooldown:6h');
    const alert = added.alert as { ruleId: string; condition: Record<string, unknown>; cooldownMinutes: number; state: string };
    expect(alert).toMatchObject({ condition: { kind: 'declining-users', threshold: 2, days: 14, filters: '' }, cooldownMinutes: 360, state: 'ok' });
    expect(JSON.stringify(await json('admin', 'alert', 'list', '--org', orgId))).toContain(alert.ruleId);
    expect(await json('admin', 'alert', 'remove', '--org', orgId, '--id', alert.ruleId.slice(0, 8))).toEqual({ removed: alert.ruleId });
    expect(JSON.stringify(await json('admin', 'alert', 'list', '--org', orgId))).not.toContain(alert.ruleId);
    await expect(uptake('admin', 'alert', 'add', '--org', orgId, '--platform', 'slack', '--conversation', 'C0CLI', 'adoption')).rejects.toMatchObject({ stderr: expect.stringMatching(/target rate/) });
    await expect(uptake('admin', 'alert', 'add', '--org', orgId, '--platform', 'slack', '--conversation', 'C0CLI', 'adoption', '<', '50%', 'tool:curser')).rejects.toMatchObject({ stderr: expect.stringMatching(/Did you mean tool:cursor/) });
  });
});

describe('uptake admin digest', { timeout: 120_000 }, () => {
  it('adds, lists and removes a digest with the chat grammar', async () => {
    const added = await json('admin', 'digest', 'add', '--org', orgId, '--platform', 'slack', '--conversation', 'C0CLI', 'weekly', 'fri', '16:00', 'usage', 'tool:cursor');
    const digest = added.digest as { scheduleId: string; timing: Record<string, unknown>; views: string[]; filters: string };
    expect(digest).toMatchObject({ timing: { cadence: 'weekly', weekday: 5, time: '16:00', timeZone: 'UTC' }, views: ['usage'], filters: 'tool:cursor' });
    expect(JSON.stringify(await json('admin', 'digest', 'list', '--org', orgId))).toContain(digest.scheduleId);
    expect(await json('admin', 'digest', 'remove', '--org', orgId, '--id', digest.scheduleId.slice(0, 8))).toEqual({ removed: digest.scheduleId });
    await expect(uptake('admin', 'digest', 'add', '--org', orgId, '--platform', 'slack', '--conversation', 'C0CLI', 'weekly', '16:00')).rejects.toMatchObject({ stderr: expect.stringMatching(/needs its day/) });
  });
});
