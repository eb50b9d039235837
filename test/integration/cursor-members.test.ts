import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/adapters/postgres/roster-store.ts';
import { cursorStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { secretBox } from '../../src/adapters/postgres/secret-box.ts';
import { TEST_ENCRYPTION_KEY } from '../support/cursor-harness.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx?.close();
});

async function seats(orgId: string) {
  const rows = await sql<{ email: string; tier: string; valid_from: string; valid_to: string | null }>`
    SELECT p.email, l.tier, l.valid_from::text, l.valid_to::text FROM licenses l JOIN people p USING (org_id, person_id)
    WHERE l.org_id = ${orgId} AND l.tool = 'cursor' ORDER BY p.email, l.valid_from`.execute(ctx.db);
  return rows.rows;
}

describe('Cursor members → roster seats', () => {
  it('matches people by lower-cased email, gives members without a seat one, ends removed members\' seats, and changes nothing when run again', async () => {
    const { orgId } = await ctx.createOrg('members');
    const store = cursorStore(ctx.db, secretBox(TEST_ENCRYPTION_KEY));
    // Ann is on the roster with a Cursor seat already; Bob is on it without one
    await importRoster(ctx.db, orgId, {
      people: [{ email: 'ann@acme.com', name: 'Ann', team: 'Web', department: null }, { email: 'bob@acme.com', name: null, team: null, department: null }],
      licenses: [{ email: 'ann@acme.com', tool: 'cursor', tier: 'pro', monthlyPriceUsd: null, validFrom: '2026-01-05' }],
    });
    const members = [
      { email: 'Ann@Acme.com', name: 'Ann Lee', isRemoved: false },
      { email: 'BOB@acme.com', name: 'Bob', isRemoved: false },
      { email: 'cy@acme.com', name: 'Cy', isRemoved: false },
      { email: 'gone@acme.com', name: 'Gone', isRemoved: true },
    ];
    expect(await store.syncMembers(orgId, members, 'business', { seatsFrom: '2026-03-01', today: '2026-03-01' })).toEqual({ seatsCreated: 2, seatsEnded: 0 });
    expect(await store.syncMembers(orgId, members, 'business', { seatsFrom: '2026-03-02', today: '2026-03-02' })).toEqual({ seatsCreated: 0, seatsEnded: 0 });
    expect(await seats(orgId)).toEqual([
      { email: 'ann@acme.com', tier: 'pro', valid_from: '2026-01-05', valid_to: null },
      { email: 'bob@acme.com', tier: 'business', valid_from: '2026-03-01', valid_to: null },
      { email: 'cy@acme.com', tier: 'business', valid_from: '2026-03-01', valid_to: null },
    ]);
    const people = await sql<{ email: string; display_name: string | null }>`SELECT email, display_name FROM people WHERE org_id = ${orgId} ORDER BY email`.execute(ctx.db);
    // no second Ann or Bob; a stored name is kept, a missing one filled in; a removed member is not added
    expect(people.rows).toEqual([
      { email: 'ann@acme.com', display_name: 'Ann' },
      { email: 'bob@acme.com', display_name: 'Bob' },
      { email: 'cy@acme.com', display_name: 'Cy' },
    ]);
    const bobRemoved = members.map((m) => (m.email === 'BOB@acme.com' ? { ...m, isRemoved: true } : m));
    expect(await store.syncMembers(orgId, bobRemoved, 'business', { seatsFrom: '2026-03-10', today: '2026-03-10' })).toEqual({ seatsCreated: 0, seatsEnded: 1 });
    expect(await store.syncMembers(orgId, bobRemoved, 'business', { seatsFrom: '2026-03-11', today: '2026-03-11' })).toEqual({ seatsCreated: 0, seatsEnded: 0 });
    expect((await seats(orgId)).find((s) => s.email === 'bob@acme.com')).toMatchObject({ valid_to: '2026-03-10' });
  });

  it('an org is due for a scheduled sync when its interval has passed since its last sync started, and not after a refused key', async () => {
    const { orgId } = await ctx.createOrg('schedule');
    const store = cursorStore(ctx.db, secretBox(TEST_ENCRYPTION_KEY));
    await store.saveConnection(orgId, { apiKey: 'key_x', tier: 'pro', syncIntervalMinutes: 120 });
    const due = async (at: string) => (await store.dueOrgs(new Date(at))).includes(orgId);
    expect(await due('2026-03-01T10:00:00Z')).toBe(true);
    await store.markSync(orgId, { kind: 'started', at: new Date('2026-03-01T10:00:00Z') });
    expect(await due('2026-03-01T11:59:00Z')).toBe(false);
    expect(await due('2026-03-01T12:00:00Z')).toBe(true);
    await store.markSync(orgId, { kind: 'failed', at: new Date('2026-03-01T10:01:00Z'), errorKind: 'api', message: 'HTTP 503' });
    expect(await due('2026-03-01T12:00:00Z')).toBe(true);
    await store.markSync(orgId, { kind: 'failed', at: new Date('2026-03-01T10:01:00Z'), errorKind: 'auth', message: '401' });
    expect(await due('2026-03-02T12:00:00Z')).toBe(false);
    // a new key clears the refusal
    await store.saveConnection(orgId, { apiKey: 'key_y', tier: 'pro', syncIntervalMinutes: 120 });
    expect(await due('2026-03-02T12:00:00Z')).toBe(true);
    expect((await store.connection(orgId))?.apiKey).toBe('key_y');
  });
});
