import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { dailyByPerson, personToolTotals, sessionStats } from '../../src/adapters/postgres/report-store.ts';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import type { ReportSlice } from '../../src/domain/metrics/rollup-rows.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// rollup_person_weekly holds rollup_person_daily summed per ISO week, and reports read a period's whole weeks from
// it; rollup_person_day_totals holds it summed over tools, and reports read their per-day series from it. Checked
// against sums of the daily rows written here, for every start day of a week and many lengths.

let ctx: TestContext;
let org: TestOrg;
const TZ = 'America/New_York';
const PEOPLE = ['ann@acme.example', 'bob@acme.example', 'cat@acme.example'];
const TOOLS = ['claude-code', 'gemini-cli'];

/** Events on 40 days from 1 Oct 2026 (a Thursday), at 03:30Z so the New York day is the day before. */
function events(fromDay: number, toDay: number, tag: string): object[] {
  const out: object[] = [];
  for (let d = fromDay; d < toDay; d++) {
    PEOPLE.forEach((email, p) => {
      if ((d + p) % 3 === 0) return;
      const tool = TOOLS[(d + p) % 2]!;
      const at = new Date(Date.parse('2026-10-01T03:30:00Z') + d * 86_400_000).toISOString();
      const sessionId = `${tag}-${d}-${p}`;
      out.push({ id: `${sessionId}-p`, tool, kind: 'user_prompt', email, sessionId, occurredAt: at });
      out.push({ id: `${sessionId}-r`, tool, kind: 'api_request', email, sessionId, occurredAt: at, requestId: `${sessionId}-q`, model: 'claude-sonnet-4-5', tokens: { input: 1000 * (d + 1) + p, output: 10 * d, cacheRead: 7 } });
    });
  }
  return out;
}

async function post(batch: object[]): Promise<void> {
  for (let i = 0; i < batch.length; i += 500) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events: batch.slice(i, i + 500) } });
    expect(res.statusCode, res.body).toBe(200);
  }
}

/** The weekly rows as the daily rows sum them, and as stored. */
async function weeklyRows(): Promise<{ expected: unknown[]; stored: unknown[] }> {
  const columns = sql`sum(sessions)::int AS sessions, sum(prompts)::int AS prompts, sum(requests)::int AS requests, sum(input_tokens)::int AS input,
    sum(output_tokens)::int AS output, sum(cache_read_tokens)::int AS cache_read, sum(session_tokens)::int AS session_tokens,
    sum(depth_0)::int AS depth_0, round(sum(api_value_usd)::numeric, 9)::text AS value`;
  const expected = await sql`SELECT (day - (extract(isodow FROM day)::int - 1))::text AS week, person, tool, ${columns}
    FROM rollup_person_daily WHERE org_id = ${org.orgId} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(ctx.db);
  const stored = await sql`SELECT week::text AS week, person, tool, ${columns}
    FROM rollup_person_weekly WHERE org_id = ${org.orgId} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(ctx.db);
  return { expected: expected.rows, stored: stored.rows };
}

beforeAll(async () => {
  ctx = await createTestApp();
  org = await ctx.createOrg('weekly');
  await sql`UPDATE orgs SET time_zone = ${TZ} WHERE org_id = ${org.orgId}`.execute(ctx.db);
  // three rollups: the first weeks, then later days, then late data for days already rolled up
  await post(events(0, 20, 'a'));
  await rollupOrg(rollupStore(ctx.db), org.orgId);
  await post(events(20, 40, 'b'));
  await rollupOrg(rollupStore(ctx.db), org.orgId);
  await post(events(10, 13, 'late'));
  await rollupOrg(rollupStore(ctx.db), org.orgId);
}, 120_000);
afterAll(() => ctx.close());

describe('rollup_person_weekly', () => {
  it('sums the daily rows of each ISO week after incremental rollups, a full rebuild and the migration that fills it', async () => {
    const incremental = await weeklyRows();
    expect(incremental.stored.length).toBeGreaterThan(10);
    expect(incremental.stored).toEqual(incremental.expected);
    await rebuildAllRollups(ctx.db, org.orgId);
    const rebuilt = await weeklyRows();
    expect(rebuilt.stored).toEqual(incremental.stored);
    const migration = await readFile(new URL('../../migrations/0017_person_summaries.sql', import.meta.url), 'utf8');
    // this file's database holds this org only
    await sql`DELETE FROM rollup_person_weekly`.execute(ctx.db);
    await sql`DELETE FROM rollup_person_day_totals`.execute(ctx.db);
    await sql.raw(migration.slice(migration.indexOf('-- Fill both from the daily rows stored already.'))).execute(ctx.db);
    expect((await weeklyRows()).stored).toEqual(incremental.stored);
  });

  it('gives reports the same per-person totals as the daily rows, for periods starting on every weekday', async () => {
    const slice = (from: string, to: string, persons: string[] | null = null): ReportSlice => ({
      orgId: org.orgId, orgTimeZone: TZ, period: { granularity: 'day', from, to, days: 0, timeZone: TZ }, persons, tool: null, model: null, project: null,
    });
    const day = (n: number) => new Date(Date.parse('2026-09-30') + n * 86_400_000).toISOString().slice(0, 10);
    let periodsWithWeeks = 0;
    for (let start = 0; start < 7; start++) {
      for (const length of [1, 6, 7, 8, 13, 14, 15, 22, 28, 30, 33]) {
        const [from, to] = [day(start), day(start + length - 1)];
        const expected = await sql<{ person: string; tool: string; sessions: number; activity: number; tokens: number; cacheRead: number; sessionTokens: number }>`
          SELECT person, tool, sum(sessions)::int AS sessions, sum(prompts + requests)::int AS activity, sum(input_tokens + output_tokens)::int AS tokens,
            sum(cache_read_tokens)::int AS "cacheRead", sum(session_tokens)::int AS "sessionTokens"
          FROM rollup_person_daily WHERE org_id = ${org.orgId} AND day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2 ORDER BY 1, 2`.execute(ctx.db);
        const rows = (await personToolTotals(ctx.db, slice(from, to))).filter((r) => r.tool !== null).sort((a, b) => `${a.person} ${a.tool}`.localeCompare(`${b.person} ${b.tool}`));
        expect(rows.map((r) => ({ person: r.person, tool: r.tool, sessions: r.sessions, activity: r.prompts + r.requests, tokens: r.input + r.output, cacheRead: r.cacheRead })), `${from}..${to}`)
          .toEqual(expected.rows.map(({ sessionTokens: _, ...r }) => r));
        const stats = await sessionStats(ctx.db, slice(from, to, ['bob@acme.example']));
        const bob = expected.rows.filter((r) => r.person === 'bob@acme.example');
        expect([stats.sessions, stats.tokens], `${from}..${to}`).toEqual([bob.reduce((n, r) => n + r.sessions, 0), bob.reduce((n, r) => n + r.sessionTokens, 0)]);
        if (length >= 7 + ((8 - start) % 7)) periodsWithWeeks++;
      }
    }
    expect(periodsWithWeeks).toBeGreaterThan(30);
  });

  it('gives reports the same per-person daily rows as the daily rows summed over tools, for everyone or some people', async () => {
    const slice = (persons: string[] | null, tool: string | null = null): ReportSlice => ({
      orgId: org.orgId, orgTimeZone: TZ, period: { granularity: 'day', from: '2026-10-05', to: '2026-11-03', days: 30, timeZone: TZ }, persons, tool, model: null, project: null,
    });
    const expected = async (persons: string[]) => (await sql<{ day: string; person: string; sessions: number; activity: number; tokens: number }>`
      SELECT day::text AS day, person, sum(sessions)::float8 AS sessions, sum(prompts + requests)::float8 AS activity, sum(input_tokens + output_tokens)::float8 AS tokens
      FROM rollup_person_daily WHERE org_id = ${org.orgId} AND day BETWEEN '2026-10-05' AND '2026-11-03' AND person = ANY(${persons}::text[])
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(ctx.db)).rows;
    const sorted = <T extends { day: string; person: string }>(rows: T[]) => [...rows].sort((a, b) => `${a.day} ${a.person}`.localeCompare(`${b.day} ${b.person}`));
    const everyone = await expected(PEOPLE);
    expect(everyone.length).toBeGreaterThan(40);
    expect(sorted(await dailyByPerson(ctx.db, slice(null)))).toEqual(everyone);
    expect(sorted(await dailyByPerson(ctx.db, slice(['cat@acme.example'])))).toEqual(await expected(['cat@acme.example']));
    // a tool filter reads the per-tool daily rows
    const gemini = sorted(await dailyByPerson(ctx.db, slice(null, 'gemini-cli')));
    expect(gemini.length).toBeGreaterThan(0);
    expect(gemini.length).toBeLessThan(everyone.length);
  });
});
