import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedChatOrg } from '../support/chat-dataset.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// The chat dataset on 23 Nov 2026 (UTC): five Claude Code seats (pro, $20 a month) held since 1 Jan. ann last used
// hers on 10 Nov (13 days ago), bob on 20 Nov, cat on 25 Oct (29 days ago); dan and eve never used theirs.
const NOW = new Date('2026-11-23T10:00:00Z');
const ORG_ID = randomUUID();

let ctx: TestContext;
let adminKey: string;

beforeAll(async () => {
  ctx = await createTestApp({ now: () => NOW });
  await seedChatOrg(ctx, ORG_ID);
  adminKey = await ctx.createKey(ORG_ID, ['admin']);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const call = (method: 'GET' | 'PUT', url: string, key: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
const emails = (rows: Array<{ email: string }>) => rows.map((r) => r.email).sort();

describe('seat nudges: settings, preview and the reclaim list', () => {
  it('are off by default, and an admin turns them on with an idle period', async () => {
    expect((await call('GET', '/api/v1/nudges', adminKey)).json()).toEqual({ nudges: { enabled: false, idleDays: 14, graceDays: 7 } });
    expect((await call('PUT', '/api/v1/nudges', adminKey, { enabled: true })).json()).toEqual({ nudges: { enabled: true, idleDays: 14, graceDays: 7 } });
    const bad = await call('PUT', '/api/v1/nudges', adminKey, { idleDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/idleDays/);
    expect((await call('GET', '/api/v1/nudges', await ctx.createKey(ORG_ID, ['read']))).statusCode).toBe(403);
  });

  it('preview idle and never-used seats, one reason each, and send nothing', async () => {
    const preview = (await call('GET', '/api/v1/nudges/preview', adminKey)).json();
    expect(preview.today).toBe('2026-11-23');
    expect(emails(preview.wouldNudge)).toEqual(['cat@acme.com', 'dan@acme.com', 'eve@acme.com']);
    expect(preview.wouldNudge.find((r: { email: string }) => r.email === 'cat@acme.com')).toMatchObject({ tool: 'claude-code', tier: 'pro', lastUsed: '2026-10-25', monthlyCostUsd: 20, why: 'not used for 29 days' });
    expect(preview.wouldNudge.find((r: { email: string }) => r.email === 'dan@acme.com').why).toBe('never used since it was assigned on 2026-01-01');
    expect(preview.skipped).toBe(2); // ann (13 days) and bob
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM nudges WHERE org_id = ${ORG_ID}`.execute(ctx.db)).rows[0]!.n).toBe(0);

    await call('PUT', '/api/v1/nudges', adminKey, { idleDays: 13 });
    expect(emails((await call('GET', '/api/v1/nudges/preview', adminKey)).json().wouldNudge)).toEqual(['ann@acme.com', 'cat@acme.com', 'dan@acme.com', 'eve@acme.com']);
    await call('PUT', '/api/v1/nudges', adminKey, { idleDays: 14 });
  });

  it('list seats offered back or nudged three times for the admins, and skip people who opted out', async () => {
    const nudge = (email: string, sentOn: string, answer: string | null) =>
      sql`INSERT INTO nudges (org_id, nudge_id, email, tool, tier, seat_from, monthly_cost, sent_on, delivery_key, answer)
        VALUES (${ORG_ID}, ${randomUUID()}, ${email}, 'claude-code', 'pro', '2026-01-01', 20, ${sentOn}, ${`nudge:${randomUUID()}`}, ${answer})`.execute(ctx.db);
    await nudge('cat@acme.com', '2026-11-02', 'release');
    for (const day of ['2026-09-01', '2026-09-20', '2026-10-10']) await nudge('dan@acme.com', day, null);
    await sql`INSERT INTO nudge_people (org_id, email, opted_out_at) VALUES (${ORG_ID}, 'eve@acme.com', now())`.execute(ctx.db);

    const preview = (await call('GET', '/api/v1/nudges/preview', adminKey)).json();
    expect(preview.wouldNudge).toEqual([]);
    const reclaim = (await call('GET', '/api/v1/seats/reclaim', adminKey)).json();
    expect(reclaim.seats.map((s: { email: string; why: string }) => [s.email, s.why])).toEqual([
      ['cat@acme.com', 'offered back by its holder; not used for 29 days'],
      ['dan@acme.com', '3 nudges without effect; never used since it was assigned on 2026-01-01'],
    ]);
    expect(reclaim.monthlyCostUsd).toBe(40);
  });

  it('never show one org\'s seats to another', async () => {
    const other = await ctx.createOrg('other');
    expect((await call('GET', '/api/v1/seats/reclaim', other.adminKey)).json()).toEqual({ seats: [], monthlyCostUsd: 0 });
    expect((await call('GET', '/api/v1/nudges/preview', other.adminKey)).json().wouldNudge).toEqual([]);
    expect((await call('GET', '/api/v1/nudges', other.adminKey)).json().nudges.enabled).toBe(false);
  });
});
