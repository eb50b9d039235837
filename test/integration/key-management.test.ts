import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey } from '../../src/adapters/postgres/api-key-store.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

let t: TestContext;
beforeAll(async () => {
  // charts are drawn by a stand-in: these tests are about who may fetch them
  t = await createTestApp({ chartRenderer: { render: async () => PNG } });
});
afterAll(async () => {
  await t.close();
});

async function uptake(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: t.url } });
    return { code: 0, json: JSON.parse(stdout), stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: null, stderr: e.stderr };
  }
}

const prefixOf = (key: string) => key.split('_')[1] as string;
/** each CLI run starts a Node process: seconds apiece on a loaded machine */
const CLI_TIMEOUT_MS = 120_000;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('uptake admin key list | revoke | rotate', () => {
  it('lists keys without secrets, revokes one, rotates one into a key with the same scopes and email', async () => {
    const org = await t.createOrg();
    const personal = await t.createKey(org.orgId, ['ingest', 'read'], 'dev@acme.com');
    expect(await findApiKey(t.db, personal)).not.toBeNull(); // a use, noted as last used

    const listed = await uptake('admin', 'key', 'list', '--org', org.orgId);
    expect(listed.code, listed.stderr).toBe(0);
    const keys = listed.json.keys as Array<Record<string, unknown>>;
    expect(keys.map((k) => k.prefix).sort()).toEqual([org.ingestKey, org.readKey, org.adminKey, personal].map(prefixOf).sort());
    const mine = keys.find((k) => k.prefix === prefixOf(personal))!;
    expect(mine).toMatchObject({ scopes: ['ingest', 'read'], email: 'dev@acme.com', revokedAt: null });
    expect(Date.parse(mine.createdAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(mine.lastUsedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(keys.find((k) => k.prefix === prefixOf(org.readKey))).toMatchObject({ lastUsedAt: null });
    for (const key of [org.ingestKey, personal]) expect(JSON.stringify(listed.json)).not.toContain(key.split('_')[2]);

    const revoked = await uptake('admin', 'key', 'revoke', '--org', org.orgId, '--prefix', prefixOf(org.ingestKey));
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await findApiKey(t.db, org.ingestKey)).toBeNull();
    const after = (await uptake('admin', 'key', 'list', '--org', org.orgId)).json.keys as Array<Record<string, unknown>>;
    expect(after.find((k) => k.prefix === prefixOf(org.ingestKey))!.revokedAt).toBe(revoked.json.revokedAt);

    const rotated = await uptake('admin', 'key', 'rotate', '--org', org.orgId, '--prefix', `upt_${prefixOf(personal)}`);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json.revokedPrefix).toBe(prefixOf(personal));
    expect(prefixOf(rotated.json.key)).toBe(rotated.json.prefix);
    expect(await findApiKey(t.db, personal)).toBeNull();
    expect(await findApiKey(t.db, rotated.json.key)).toMatchObject({ orgId: org.orgId, scopes: ['ingest', 'read'], personEmail: 'dev@acme.com' });
  }, CLI_TIMEOUT_MS);

  it('refuses unknown prefixes, other orgs\' keys and rotating a revoked key (exit code 2)', async () => {
    const a = await t.createOrg('a');
    const b = await t.createOrg('b');
    expect((await uptake('admin', 'key', 'revoke', '--org', a.orgId, '--prefix', prefixOf(b.readKey))).code).toBe(2);
    expect(await findApiKey(t.db, b.readKey)).not.toBeNull();
    expect((await uptake('admin', 'key', 'revoke', '--org', a.orgId)).stderr).toMatch(/--prefix/);
    await uptake('admin', 'key', 'revoke', '--org', a.orgId, '--prefix', prefixOf(a.readKey));
    const again = await uptake('admin', 'key', 'rotate', '--org', a.orgId, '--prefix', prefixOf(a.readKey));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/No active key/);
  }, CLI_TIMEOUT_MS);

  it('a key revoked by the CLI (another process) is refused by the running server within 5 s', async () => {
    const org = await t.createOrg();
    const status = () => t.app.inject({ method: 'GET', url: '/api/v1/ingest/status', headers: bearer(org.ingestKey) });
    expect((await status()).statusCode).toBe(200); // now cached as valid
    await uptake('admin', 'key', 'revoke', '--org', org.orgId, '--prefix', prefixOf(org.ingestKey));
    const revokedAt = Date.now();
    let code = 200;
    while (code === 200 && Date.now() - revokedAt < 8000) {
      code = (await status()).statusCode;
      if (code === 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(code).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(5500);
  }, CLI_TIMEOUT_MS);
});

describe('GET /api/v1/keys, POST /api/v1/keys/{prefix}/revoke|rotate', () => {
  it('lets an admin key list, revoke and rotate its own org\'s keys only', async () => {
    const org = await t.createOrg();
    const other = await t.createOrg('other');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/keys', headers: bearer(org.readKey) })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/keys', headers: bearer(org.adminKey) });
    expect(list.statusCode).toBe(200);
    expect((list.json().keys as Array<{ prefix: string }>).map((k) => k.prefix).sort()).toEqual([org.ingestKey, org.readKey, org.adminKey].map(prefixOf).sort());

    const post = (path: string) => t.app.inject({ method: 'POST', url: path, headers: bearer(org.adminKey) });
    expect((await post(`/api/v1/keys/${prefixOf(other.readKey)}/revoke`)).statusCode).toBe(404);
    expect((await post('/api/v1/keys/not-a-prefix/revoke')).statusCode).toBe(400);

    const rotated = await post(`/api/v1/keys/${prefixOf(org.ingestKey)}/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(201);
    const fresh = rotated.json().key as string;
    expect(await findApiKey(t.db, fresh)).toMatchObject({ orgId: org.orgId, scopes: ['ingest'], personEmail: null });
    expect(await findApiKey(t.db, org.ingestKey)).toBeNull();

    const revoked = await post(`/api/v1/keys/${prefixOf(org.readKey)}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(await findApiKey(t.db, org.readKey)).toBeNull();
    expect(await findApiKey(t.db, other.readKey)).not.toBeNull();
  });
});

describe('signed chart links and the key that made them', () => {
  it('a link stops working once its key is revoked', async () => {
    const org = await t.createOrg();
    const reader = await t.createKey(org.orgId, ['read']);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/charts/usage-tools/links?range=7d', headers: bearer(reader) });
    expect(created.statusCode, created.body).toBe(201);
    const path = new URL(created.json().url as string).pathname;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);

    const revoke = await t.app.inject({ method: 'POST', url: `/api/v1/keys/${prefixOf(reader)}/revoke`, headers: bearer(org.adminKey) });
    expect(revoke.statusCode).toBe(200);
    const gone = await t.app.inject({ method: 'GET', url: path });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error).toMatch(/revoked/);
  });
});
