import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/adapters/postgres/roster-store.ts';
import { parseRosterCsv } from '../../src/domain/roster/parse-roster.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function status(key: string, query = '') {
  return t.app.inject({ method: 'GET', url: `/api/v1/ingest/status${query}`, headers: { authorization: `Bearer ${key}` } });
}

/** A model request by `email` with the client id `id` (also its request id). */
const usage = (id: string, occurredAt: string, email: string, tool = 'claude-code') => ({
  id,
  occurredAt,
  email,
  tool,
  kind: 'api_request',
  model: 'claude-sonnet-4-5',
  requestId: `req_${id}`,
  tokens: { input: 1 },
});

async function send(key: string, events: unknown[]) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(200);
}

describe('GET /api/v1/ingest/status', () => {
  it('answers any valid key with its org and scopes; rejects unknown keys', async () => {
    const org = await t.createOrg();
    for (const key of [org.ingestKey, org.readKey, org.adminKey]) {
      const res = await status(key);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ key: { valid: true, orgId: org.orgId }, email: null, lastArrivedAt: null });
    }
    expect((await status(`upt_${'a'.repeat(12)}_${'b'.repeat(32)}`)).statusCode).toBe(401);
    expect((await status(org.ingestKey, '?bogus=1')).statusCode).toBe(400);
  });

  it('tells an admin key when usage with an email last arrived, ignoring connection tests and other people', async () => {
    const org = await t.createOrg();
    await send(org.ingestKey, [
      usage('a', '2026-11-20T10:00:00Z', 'dev@acme.com'),
      usage('b', '2026-11-21T10:00:00Z', 'other@acme.com'),
      { id: 't1', occurredAt: '2026-11-23T10:00:00Z', tool: 'claude-code', kind: 'connection_test', email: 'dev@acme.com' },
    ]);
    const res = await status(org.adminKey, '?email=Dev@Acme.com&tool=claude-code&testId=t1');
    expect(res.json()).toMatchObject({ visibility: 'person', email: 'dev@acme.com', lastOccurredAt: '2026-11-20T10:00:00.000Z', test: { id: 't1', stored: true } });
    expect(res.json().lastArrivedAt).not.toBeNull();
    expect((await status(org.adminKey, '?email=dev@acme.com&tool=gemini-cli')).json()).toMatchObject({ lastArrivedAt: null });
    expect((await status(org.ingestKey, '?testId=missing')).json()).toMatchObject({ test: { stored: false, receivedAt: null } });
  });

  it('never tells a shared (non-personal) ingest or read key when a colleague last used a tool (D7)', async () => {
    const org = await t.createOrg();
    await send(org.ingestKey, [
      usage('c1', '2026-11-18T09:00:00Z', 'colleague@acme.com'),
      usage('n1', '2026-11-22T16:30:00Z', 'newest@acme.com'),
      usage('g1', '2026-11-23T08:00:00Z', 'colleague@acme.com', 'gemini-cli'),
    ]);
    for (const key of [org.ingestKey, org.readKey]) {
      const res = await status(key, '?email=colleague@acme.com&tool=claude-code');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      // the org's newest claude-code usage (someone else's), never the colleague's own 2026-11-18
      expect(body).toMatchObject({ visibility: 'org', lastArrivedAt: null, lastOccurredAt: null, org: { lastOccurredAt: '2026-11-22T16:30:00.000Z' } });
      expect(body.note).toMatch(/personal key/);
      expect(JSON.stringify(body)).not.toContain('2026-11-18');
    }
    expect((await status(org.ingestKey, '?tool=gemini-cli')).json()).toMatchObject({ visibility: 'org', org: { lastOccurredAt: '2026-11-23T08:00:00.000Z' } });
    const personal = await t.createKey(org.orgId, ['ingest'], 'colleague@acme.com');
    expect((await status(personal, '?tool=claude-code')).json()).toMatchObject({ visibility: 'person', lastOccurredAt: '2026-11-18T09:00:00.000Z' });
  });

  it('a personal key answers for its own email only, and by default', async () => {
    const org = await t.createOrg();
    const personal = await t.createKey(org.orgId, ['ingest'], 'me@acme.com');
    expect((await status(personal)).json()).toMatchObject({ email: 'me@acme.com', key: { email: 'me@acme.com' } });
    expect((await status(personal, '?email=boss@acme.com')).statusCode).toBe(403);
  });

  it('keeps test events of another org out of sight', async () => {
    const a = await t.createOrg('a');
    const b = await t.createOrg('b');
    await send(a.ingestKey, [{ id: 'shared', occurredAt: '2026-11-23T10:00:00Z', tool: 'gemini-cli', kind: 'connection_test' }]);
    expect((await status(b.ingestKey, '?testId=shared')).json()).toMatchObject({ test: { stored: false } });
  });

  it('gives the roster\'s open seat to a key that may see the person, never to a shared key', async () => {
    const org = await t.createOrg();
    const other = await t.createOrg('other');
    const csv = 'email,name,team,department,tool,tier,seat_cost_usd,assigned_on\n';
    await importRoster(t.db, org.orgId, parseRosterCsv(`${csv}ann@acme.com,Ann,,,claude-code,max_5x,,2025-01-01\nann@acme.com,Ann,,,claude-code,max_20x,,2026-01-01\nann@acme.com,Ann,,,gemini-cli,standard,,2099-01-01\n`));
    await importRoster(t.db, other.orgId, parseRosterCsv(`${csv}ann@acme.com,Ann,,,claude-code,pro,,2026-01-01\n`));
    const personal = await t.createKey(org.orgId, ['ingest'], 'ann@acme.com');
    expect((await status(personal, '?tool=claude-code')).json().seat).toEqual({ tool: 'claude-code', tier: 'max_20x' });
    expect((await status(personal, '?tool=gemini-cli')).json().seat).toBeNull();
    expect((await status(org.adminKey, '?tool=claude-code&email=ann@acme.com')).json().seat).toEqual({ tool: 'claude-code', tier: 'max_20x' });
    expect((await status(org.ingestKey, '?tool=claude-code&email=ann@acme.com')).json().seat).toBeNull();
    expect((await status(other.adminKey, '?tool=claude-code&email=ann@acme.com')).json().seat).toEqual({ tool: 'claude-code', tier: 'pro' });
  });
});
