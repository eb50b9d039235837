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

  it('prints help', async () => {
    const { stdout } = await uptake('--help');
    expect(stdout).toContain('uptake admin org create');
  });
});
