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

describe('uptake admin slack', () => {
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
