import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCursor } from '../../src/app/sync-cursor.ts';
import { CursorDataset } from '../support/cursor-dataset.ts';
import { CursorDouble } from '../support/cursor-double.ts';
import { cursorSyncDeps, TEST_CURSOR_KEY } from '../support/cursor-harness.ts';
import { buildOrgA, buildOrgB, NOW, PEOPLE } from '../support/report-dataset.ts';
import { checkAllViews, getReport, queryOf, rollup, seedOrg, type Params } from '../support/report-harness.ts';
import { withCursor } from '../support/report-oracle-cursor.ts';
import { Oracle } from '../support/report-oracle.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Every report of an org that mixes Claude Code, Gemini CLI and Cursor, where the Cursor data is synced from the
// Admin API double (members, daily usage, usage events), against the oracle (test/support/report-oracle.ts), which
// turns the double's own data into events, seats and daily counters by docs/metrics.md ("Cursor") without any
// code under test (test/support/report-oracle-cursor.ts).

const INITIAL_DAYS = 70;
const TODAY = NOW.toISOString().slice(0, 10);
/**
 * The Cursor team: people of the roster with a Cursor seat (m01, m02 in capitals, p02), without one (p01, a Claude
 * Code user; d03, a Gemini user), someone new to Uptake, and two removed members (x02 with a seat; someone unknown).
 */
const CURSOR_EMAILS = [PEOPLE.heavy, PEOPLE.twoSeats, 'M02@Acme.Example', PEOPLE.sessionless, 'd03@acme.example', 'Newdev@Acme.Example', 'x02@acme.example', 'leaver@acme.example'];
// 61 UTC days ending the day before NOW (all settled), ~14 usage events a day
const cursorData = new CursorDataset({ members: CURSOR_EMAILS.length, emails: CURSOR_EMAILS, removed: 2, days: 61, firstDay: '2026-09-20', eventsPerDay: 14, seed: 31 });

let ctx: TestContext;
let double: CursorDouble;
let mixed: TestOrg;
let beta: TestOrg;
let oracle: Oracle;
let oracleB: Oracle;

beforeAll(async () => {
  ctx = await createTestApp({ now: () => NOW });
  double = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset: cursorData, windowMs: 300 });
  await double.start();
  const ds = buildOrgA();
  const dsB = buildOrgB();
  [mixed, beta] = await Promise.all([seedOrg(ctx, ds, 'mixed'), seedOrg(ctx, dsB, 'beta')]);
  const deps = cursorSyncDeps(ctx.db, { doubleUrl: double.url, windowMs: 300, now: NOW.toISOString(), initialDays: INITIAL_DAYS, pageSizes: { dailyMembers: 3, events: 500 } });
  await deps.store.saveConnection(mixed.orgId, { apiKey: TEST_CURSOR_KEY, tier: 'business', syncIntervalMinutes: 60 });
  await syncCursor(deps, mixed.orgId);
  await rollup(ctx, mixed.orgId);
  oracle = new Oracle(withCursor(ds, { data: cursorData, tier: 'business', today: TODAY, initialDays: INITIAL_DAYS }));
  oracleB = new Oracle(dsB);
});

afterAll(async () => {
  await double?.stop();
  await ctx?.close();
});

const ORG_VARIANTS: Params[] = [
  { range: '30d' },
  { range: '7d' },
  { range: '90d' },
  { from: '2026-09-15', to: '2026-10-20' },
  { range: '24h' },
  { range: '30d', tz: 'UTC' },
  { range: '30d', tool: 'cursor' },
  { range: '90d', tool: 'cursor' },
  { range: '30d', tool: 'claude-code' },
  { range: '30d', tool: 'gemini-cli' },
  { range: '30d', model: 'sonnet' },
  { range: '30d', team: 'Platform' },
  { range: '30d', team: 'Mobile', tool: 'cursor' },
];
const ADMIN_VARIANTS: Params[] = [{ range: '30d' }, { range: '30d', tool: 'cursor' }, { range: '30d', person: 'newdev@acme.example' }, { range: '7d', tz: 'Asia/Tokyo' }];

describe('the mixed org', () => {
  it('has Claude Code, Gemini CLI and synced Cursor data, Cursor-only people and seats, and Cursor counters', async () => {
    const q = queryOf(oracle, { range: '30d' });
    const f = oracle.facts(q);
    expect([...f.perTool.keys()].sort()).toEqual(['claude-code', 'cursor', 'gemini-cli']);
    const synced = f.evs.filter((e) => e.id.startsWith('cursor-'));
    expect(synced.filter((e) => e.kind === 'api_request').length).toBeGreaterThan(300);
    expect(synced.filter((e) => e.kind === 'user_prompt').length).toBeGreaterThan(80);
    expect(synced.some((e) => e.kind === 'api_request' && !e.sessionId)).toBe(true);
    // the synced people: new to Uptake (a seat of the org's tier), a removed member without a person, a seat ended
    expect(oracle.ds.people.find((p) => p.email === 'newdev@acme.example')).toMatchObject({ team: null });
    expect(oracle.ds.people.some((p) => p.email === 'leaver@acme.example')).toBe(false);
    expect(f.active.has('leaver@acme.example')).toBe(true);
    expect(oracle.ds.licenses.filter((l) => l.tool === 'cursor' && l.tier === 'business' && l.validFrom === '2026-09-11').map((l) => l.email).sort())
      .toEqual(['d03@acme.example', 'newdev@acme.example', PEOPLE.heavy]);
    expect(oracle.ds.licenses.find((l) => l.email === 'x02@acme.example' && l.tool === 'cursor')?.validTo).toBe(TODAY);
    expect(oracle.usage(q).cursor?.tabsShown).toBeGreaterThan(0);
    // what the sync stored in the database matches the double (checked here so a failure below is about reports)
    const seats = await sql<{ email: string; valid_from: string; valid_to: string | null }>`SELECT p.email, l.valid_from::text, l.valid_to::text
      FROM licenses l JOIN people p USING (org_id, person_id) WHERE l.org_id = ${mixed.orgId} AND l.tool = 'cursor' ORDER BY p.email`.execute(ctx.db);
    const want = oracle.ds.licenses.filter((l) => l.tool === 'cursor').map((l) => ({ email: l.email, valid_from: l.validFrom, valid_to: l.validTo }));
    expect(seats.rows).toEqual(want.sort((a, b) => a.email.localeCompare(b.email)));
  });
});

describe('every report against the oracle, Cursor included', () => {
  it.each(ORG_VARIANTS)('org scope: %o', async (params) => {
    await checkAllViews(ctx, mixed.readKey, oracle, params);
  });

  it.each(ADMIN_VARIANTS)('scope=user (admin): %o', async (params) => {
    await checkAllViews(ctx, mixed.adminKey, oracle, params, { scope: 'user' });
  });

  it('a personal key of someone using Claude Code and Cursor sees their own numbers of both', async () => {
    const key = await ctx.createKey(mixed.orgId, ['read'], PEOPLE.heavy);
    for (const params of [{ range: '30d' }, { range: '30d', tool: 'cursor' }] as Params[]) {
      await checkAllViews(ctx, key, oracle, params, { scope: 'user', self: PEOPLE.heavy });
    }
    const usage = (await getReport(ctx, key, 'usage', { range: '30d', scope: 'user' })).body;
    expect(usage.tools.map((t: { tool: string }) => t.tool).sort()).toEqual(['claude-code', 'cursor']);
    expect(usage.cursor.tabsShown).toBeGreaterThan(0);
  });

  it('the Cursor filter counts synced and sent Cursor usage alike; other tools have no Cursor block', async () => {
    const cursorOnly = (await getReport(ctx, mixed.readKey, 'usage', { range: '30d', tool: 'cursor' })).body;
    const expected = oracle.usage(queryOf(oracle, { range: '30d', tool: 'cursor' }));
    expect(cursorOnly.activeUsers).toBe(expected.activeUsers);
    expect(cursorOnly.cursor).toEqual(expected.cursor);
    expect((await getReport(ctx, mixed.readKey, 'usage', { range: '30d', tool: 'claude-code' })).body.cursor).toBeNull();
  });

  it("another org sees none of the mixed org's Cursor data", async () => {
    for (const params of [{ range: '30d' }, { range: '90d', tool: 'cursor' }] as Params[]) await checkAllViews(ctx, beta.readKey, oracleB, params);
    expect((await getReport(ctx, beta.readKey, 'usage', { range: '90d' })).body.cursor).toBeNull();
  });
});
