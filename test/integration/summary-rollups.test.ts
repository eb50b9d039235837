import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import type { UsageTotals } from '../../src/adapters/postgres/summary-store.ts';
import { prng } from '../support/fuzz.ts';
import type { ApiEv } from '../support/report-dataset.ts';
import { getSummary } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12, D11: /api/v1/summary reads rollups for whole days. Its answer must equal the raw-event computation,
// done here in plain TypeScript over the seeded events (not by the code under test).

const NOW = new Date('2026-11-24T15:00:00Z');
const TZ = 'America/New_York'; // its DST ends on 2026-11-01, inside the seeded period
const TOOLS = ['claude-code', 'gemini-cli', 'cursor'];
const EMAILS = ['ann@acme.io', 'bob@acme.io', 'cy@acme.io', 'dee@acme.io', 'eve@acme.io'];

/** A JSON event whose cost is in micro-dollars, so the oracle's sum is exact. */
type Seeded = Omit<ApiEv, 'costUsd'> & { micros?: number };

/** Deterministic events over 50 days before NOW, sessions crossing midnight, people known by email, identity or not at all. */
function seed(count: number, seedValue: number, prefix: string): Seeded[] {
  const rnd = prng(seedValue);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(NOW.getTime() - 3_600_000 - Math.floor(rnd() * 50 * 86_400_000));
    const kind = pick(['user_prompt', 'api_request', 'api_request', 'tool_result', 'lines_changed', 'commit', 'connection_test']);
    const who = rnd();
    const e: Seeded = { id: `${prefix}-${i}`, occurredAt: at.toISOString(), tool: pick(TOOLS), kind };
    if (who < 0.75) e.email = pick(EMAILS);
    else if (who < 0.9) e.identity = `install-${Math.floor(rnd() * 3)}`;
    // sessions are shared by many events (and across days, some around midnight); some events have none
    if (rnd() < 0.85) e.sessionId = `s-${Math.floor(rnd() * 120)}`;
    if (kind === 'api_request') {
      e.requestId = `req-${prefix}-${i}`;
      e.tokens = { input: Math.floor(rnd() * 5000), output: Math.floor(rnd() * 900), cacheRead: Math.floor(rnd() * 90_000), cacheCreation: Math.floor(rnd() * 4000) };
      e.micros = Math.floor(rnd() * 300_000);
    }
    if (kind === 'lines_changed') {
      e.linesAdded = Math.floor(rnd() * 200);
      e.linesRemoved = Math.floor(rnd() * 50);
    }
    out.push(e);
  }
  return out;
}

type Totals = UsageTotals;

/** The summary's definitions (README) applied to a list of events. */
function totalsOf(events: Seeded[]): Totals {
  const sessions = new Set(events.flatMap((e) => (e.sessionId ? [e.sessionId] : [])));
  const people = new Set(
    events.filter((e) => e.kind === 'user_prompt' || e.kind === 'api_request').flatMap((e) => (e.email ?? e.identity ? [e.email ?? e.identity] : [])),
  );
  const sum = (f: (e: Seeded) => number) => events.reduce((s, e) => s + f(e), 0);
  const tokens = {
    input: sum((e) => e.tokens?.input ?? 0),
    output: sum((e) => e.tokens?.output ?? 0),
    cacheRead: sum((e) => e.tokens?.cacheRead ?? 0),
    cacheCreation: sum((e) => e.tokens?.cacheCreation ?? 0),
    total: 0,
  };
  tokens.total = tokens.input + tokens.output; // docs/metrics.md: Tokens = input + output, cache apart
  return {
    events: events.length,
    sessions: sessions.size,
    people: people.size,
    prompts: events.filter((e) => e.kind === 'user_prompt').length,
    requests: events.filter((e) => e.kind === 'api_request').length,
    tokens,
    costUsd: sum((e) => e.micros ?? 0) / 1e6,
    linesAdded: sum((e) => e.linesAdded ?? 0),
    linesRemoved: sum((e) => e.linesRemoved ?? 0),
  };
}

function expected(all: Seeded[], from: string, to: string, filter: { tool?: string; email?: string } = {}) {
  const inRange = all.filter(
    (e) => e.kind !== 'connection_test' && e.occurredAt >= new Date(from).toISOString() && e.occurredAt < new Date(to).toISOString()
      && (!filter.tool || e.tool === filter.tool) && (!filter.email || e.email === filter.email),
  );
  const byTool: Record<string, Totals> = {};
  for (const tool of TOOLS) {
    const mine = inRange.filter((e) => e.tool === tool);
    if (mine.length > 0) byTool[tool] = totalsOf(mine);
  }
  return { ...totalsOf(inRange), byTool };
}

const toApi = (e: Seeded) => {
  const { micros, ...rest } = e;
  return micros === undefined ? rest : { ...rest, costUsd: micros / 1e6 };
};

let t: TestContext;
let org: TestOrg;
const events: Seeded[] = [];
async function ingest(batch: Seeded[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 1000) {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events: batch.slice(i, i + 1000).map(toApi) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stored).toBe(batch.slice(i, i + 1000).length);
  }
  events.push(...batch);
}

beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('summary');
  await sql`UPDATE orgs SET time_zone = ${TZ} WHERE org_id = ${org.orgId}`.execute(t.db);
  await ingest(seed(4000, 12, 'a'));
});
afterAll(() => t.close());

const RANGES: Array<[string, string, string]> = [
  ['400 days, everything', '2025-12-01', '2027-01-05'],
  ['partial days at both edges', '2026-10-09T13:17:05.123Z', '2026-11-19T02:59:00Z'],
  ['whole New York days across the DST change', '2026-10-20T04:00:00Z', '2026-11-05T05:00:00Z'],
  ['inside one day', '2026-11-10T15:00:00Z', '2026-11-10T21:30:00Z'],
  ['nothing there', '2026-01-01', '2026-02-01'],
];

async function check(label: string, from: string, to: string, filter: { tool?: string; email?: string } = {}, key = org.readKey): Promise<void> {
  const res = await getSummary(t.app, key, from, to, filter.tool ? `&tool=${filter.tool}` : '');
  expect(res.statusCode, res.body).toBe(200);
  const { from: _f, to: _t, tool: _tool, ...body } = res.json();
  expect(body, label).toEqual(expected(events, from, to, filter));
}

describe('GET /api/v1/summary from rollups', () => {
  it('equals the raw-event computation before any rollup (every day marked), after the rollup, and after a full rebuild', async () => {
    for (const [label, from, to] of RANGES) await check(`raw: ${label}`, from, to);
    await rollupOrg(rollupStore(t.db), org.orgId);
    const rolled = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_summary_daily WHERE org_id = ${org.orgId}`.execute(t.db);
    expect(rolled.rows[0]!.n).toBeGreaterThan(0);
    for (const [label, from, to] of RANGES) await check(`rolled up: ${label}`, from, to);
    for (const tool of TOOLS) await check(`tool ${tool}`, '2026-10-09T13:17:05Z', '2026-11-24T16:00:00Z', { tool });
    const personal = await t.createKey(org.orgId, ['read'], EMAILS[1]);
    await check('a personal read key', '2026-10-09T13:17:05Z', '2026-11-24T16:00:00Z', { email: EMAILS[1] }, personal);
    await rebuildAllRollups(t.db, org.orgId);
    for (const [label, from, to] of RANGES) await check(`full rebuild: ${label}`, from, to);
  });

  it('new events on rolled-up days count at once (their days are marked until rolled up again)', async () => {
    await rollupOrg(rollupStore(t.db), org.orgId);
    await ingest(seed(300, 99, 'late'));
    for (const [label, from, to] of RANGES) await check(`with marked days: ${label}`, from, to);
    await rollupOrg(rollupStore(t.db), org.orgId);
    for (const [label, from, to] of RANGES) await check(`rolled up again: ${label}`, from, to);
  });

  it('reads whole days from the rollup, not from the events', async () => {
    await rollupOrg(rollupStore(t.db), org.orgId);
    const day = '2026-11-12'; // a whole New York day: 05:00Z to 05:00Z
    const before = (await getSummary(t.app, org.readKey, '2026-11-12T05:00:00Z', '2026-11-13T05:00:00Z')).json();
    expect(before.events).toBeGreaterThan(0);
    // Remove the day's events behind the rollup's back (no mark): a rollup-based answer does not change.
    await sql`DELETE FROM events WHERE org_id = ${org.orgId} AND (occurred_at AT TIME ZONE ${TZ})::date = ${day}::date`.execute(t.db);
    const after = (await getSummary(t.app, org.readKey, '2026-11-12T05:00:00Z', '2026-11-13T05:00:00Z')).json();
    expect(after).toEqual(before);
  });

  it('a range over 400 days is a 400 naming the cap', async () => {
    const res = await getSummary(t.app, org.readKey, '2025-01-01', '2026-02-06');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/at most 400 days/);
  });
});
