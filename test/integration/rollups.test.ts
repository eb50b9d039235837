import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createRollupQueue, type RollupQueue } from '../../src/adapters/queue/rollup-queue.ts';
import type { RunningWorkers } from '../../src/adapters/queue/workers.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { classifyWorkflow, WORKFLOW_TOOL_NAMES, WORKFLOWS } from '../../src/domain/metrics/workflow.ts';
import { createApp } from '../../src/main/create-app.ts';
import { postgresStores, rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { postgresReportReader } from '../../src/adapters/postgres/report-reader.ts';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { startBackgroundWorkers } from '../../src/main/background.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// A New York org: 04:30Z on Nov 10 is still Nov 9 there.
let ctx: TestContext;
let org: TestOrg;
beforeAll(async () => {
  ctx = await createTestApp();
  org = await ctx.createOrg('ny');
  await sql`UPDATE orgs SET time_zone = 'America/New_York' WHERE org_id = ${org.orgId}`.execute(ctx.db);
});
afterAll(() => ctx.close());

async function post(events: object[], key = org.ingestKey): Promise<void> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events } });
  expect(res.statusCode, res.body).toBe(200);
}

interface DailyRow {
  day: string;
  person: string;
  tool: string;
  model: string;
  project: string;
  sessions: number;
  prompts: number;
  requests: number;
  tokens: number;
  wf_code_generation: number;
  wf_debugging: number;
  wf_other: number;
}
async function daily(orgId = org.orgId): Promise<DailyRow[]> {
  const rows = await sql<DailyRow>`SELECT day::text, person, tool, model, project, sessions, prompts, requests,
      (input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens)::int AS tokens,
      wf_code_generation, wf_debugging, wf_other
    FROM rollup_daily WHERE org_id = ${orgId} ORDER BY day, person, tool, model, project`.execute(ctx.db);
  return rows.rows;
}

const A = 'a@acme.example';
const base = { tool: 'claude-code', email: A, sessionId: 's1', project: 'web' };

describe('rollups', () => {
  it('assigns days in the org time zone, sessions to their first day, tool calls and prompts to the session model', async () => {
    await post([
      { ...base, id: 'p1', kind: 'user_prompt', occurredAt: '2026-11-10T04:30:00Z' },
      { ...base, id: 'r1', kind: 'api_request', occurredAt: '2026-11-10T05:10:00Z', model: 'claude-opus-4-1', requestId: 'req-1',
        tokens: { input: 100, output: 50, cacheRead: 1000, cacheCreation: 10 } },
      { ...base, id: 't1', kind: 'tool_result', occurredAt: '2026-11-10T05:20:00Z', toolName: 'Edit' },
      { ...base, id: 't2', kind: 'tool_result', occurredAt: '2026-11-10T05:21:00Z', toolName: 'Bash' },
      { ...base, id: 't3', kind: 'tool_result', occurredAt: '2026-11-10T05:22:00Z', toolName: 'Bash', attributes: { workflow: 'code review' } },
      { ...base, id: 't4', kind: 'tool_result', occurredAt: '2026-11-10T05:23:00Z', toolName: 'mcp__github__x' },
    ]);
    const outcome = await rollupOrg(rollupStore(ctx.db), org.orgId);
    expect(outcome.days).toEqual(['2026-11-09', '2026-11-10']);
    const common = { person: A, tool: 'claude-code', model: 'claude-opus-4-1', project: 'web' };
    expect(await daily()).toEqual([
      { day: '2026-11-09', ...common, sessions: 1, prompts: 1, requests: 0, tokens: 0, wf_code_generation: 0, wf_debugging: 0, wf_other: 0 },
      { day: '2026-11-10', ...common, sessions: 0, prompts: 0, requests: 1, tokens: 1160, wf_code_generation: 1, wf_debugging: 1, wf_other: 1 },
    ]);
    const reviews = await sql<{ n: number }>`SELECT sum(wf_code_review)::int AS n FROM rollup_daily WHERE org_id = ${org.orgId}`.execute(ctx.db);
    expect(reviews.rows[0]!.n).toBe(1);
  });

  it('moves a session when late data shows it started earlier, rebuilding all its days, and a rebuild changes nothing', async () => {
    await post([{ ...base, id: 'p0', kind: 'user_prompt', occurredAt: '2026-11-08T12:00:00Z' }]);
    const outcome = await rollupOrg(rollupStore(ctx.db), org.orgId);
    // every day the session spans is rebuilt: its attribution (person, model, project) may have changed
    expect(outcome.days).toEqual(['2026-11-08', '2026-11-09', '2026-11-10']);
    const rows = await daily();
    expect(rows.map((r) => [r.day, r.sessions, r.prompts])).toEqual([
      ['2026-11-08', 1, 1],
      ['2026-11-09', 0, 1],
      ['2026-11-10', 0, 0],
    ]);
    await rollupStore(ctx.db).rebuildDays(org.orgId, ['2026-11-08', '2026-11-09', '2026-11-10']);
    expect(await daily()).toEqual(rows);
    const people = await sql`SELECT person, tool, first_day::text, last_day::text FROM rollup_people WHERE org_id = ${org.orgId}`.execute(ctx.db);
    expect(people.rows).toEqual([{ person: A, tool: 'claude-code', first_day: '2026-11-08', last_day: '2026-11-10' }]);
  });

  it("keeps each person's organizations and the filterable values; late data and a full rebuild give the same rows", async () => {
    const o = await ctx.createOrg('organizations');
    await sql`UPDATE orgs SET time_zone = 'America/New_York' WHERE org_id = ${o.orgId}`.execute(ctx.db);
    const ev = (id: string, occurredAt: string, organization: string | null, extra: object = {}) => ({
      id, tool: 'claude-code', kind: 'user_prompt', email: 'ann@acme.example', occurredAt, project: 'web',
      ...(organization ? { attributes: { 'organization.name': organization } } : {}), ...extra,
    });
    const rows = async () => ({
      orgs: (await sql`SELECT person, organization, first_day::text, last_day::text FROM rollup_person_orgs WHERE org_id = ${o.orgId} ORDER BY 1, 2`.execute(ctx.db)).rows,
      values: (await sql`SELECT field, value FROM rollup_filter_values WHERE org_id = ${o.orgId} ORDER BY 1, 2`.execute(ctx.db)).rows,
    });
    // 03:00Z on Nov 11 is Nov 10 in New York
    await post([ev('o1', '2026-11-05T15:00:00Z', 'Labs'), ev('o2', '2026-11-11T03:00:00Z', 'Cloud'), ev('o3', '2026-11-12T15:00:00Z', null, { tool: 'gemini-cli', identity: 'box-7', email: undefined, project: 'ml' })], o.ingestKey);
    await rollupOrg(rollupStore(ctx.db), o.orgId);
    // late data: an older day of Cloud, and a model request
    await post([ev('o4', '2026-11-02T15:00:00Z', 'Cloud'), ev('o5', '2026-11-06T15:00:00Z', null, { kind: 'api_request', model: 'claude-opus-4-1', tokens: { input: 5 } })], o.ingestKey);
    await rollupOrg(rollupStore(ctx.db), o.orgId);
    const incremental = await rows();
    expect(incremental).toEqual({
      orgs: [
        { person: 'ann@acme.example', organization: 'Cloud', first_day: '2026-11-02', last_day: '2026-11-10' },
        { person: 'ann@acme.example', organization: 'Labs', first_day: '2026-11-05', last_day: '2026-11-05' },
      ],
      values: [
        { field: 'model', value: 'claude-opus-4-1' },
        { field: 'project', value: 'ml' },
        { field: 'project', value: 'web' },
        { field: 'tool', value: 'claude-code' },
        { field: 'tool', value: 'gemini-cli' },
      ],
    });
    await rebuildAllRollups(ctx.db, o.orgId);
    expect(await rows()).toEqual(incremental);
    expect(await postgresReportReader(ctx.db).personOrganizations(o.orgId)).toEqual(new Map([['ann@acme.example', 'Cloud']]));
    // migration 0016 fills both tables from the rollups and events stored before it: the same rows
    const migration = await readFile(new URL('../../migrations/0016_filter_values.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('-- Fill both from what is stored already.'));
    await sql`DELETE FROM rollup_filter_values`.execute(ctx.db);
    await sql`DELETE FROM rollup_person_orgs`.execute(ctx.db);
    await sql.raw(backfill).execute(ctx.db);
    expect(await rows()).toEqual(incremental);
  });

  it('keeps hourly rows in UTC hours with the same totals as the daily rows', async () => {
    const totals = await sql<{ t: string; h: string; s: string; hs: string }>`SELECT
      (SELECT sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens + prompts + requests) FROM rollup_daily WHERE org_id = ${org.orgId})::text AS t,
      (SELECT sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens + prompts + requests) FROM rollup_hourly WHERE org_id = ${org.orgId})::text AS h,
      (SELECT sum(sessions) FROM rollup_daily WHERE org_id = ${org.orgId})::text AS s,
      (SELECT sum(sessions) FROM rollup_hourly WHERE org_id = ${org.orgId})::text AS hs`.execute(ctx.db);
    expect(totals.rows[0]).toEqual({ t: String(1160 + 3), h: String(1160 + 3), s: '1', hs: '1' });
    const hours = await sql<{ hour: Date }>`SELECT hour FROM rollup_hourly WHERE org_id = ${org.orgId} ORDER BY hour`.execute(ctx.db);
    expect(hours.rows.map((r) => r.hour.toISOString())).toEqual(['2026-11-08T12:00:00.000Z', '2026-11-10T04:00:00.000Z', '2026-11-10T05:00:00.000Z']);
  });

  it('classifies tool calls in SQL exactly as classifyWorkflow does', async () => {
    const other = await ctx.createOrg('workflows');
    const cases: Array<[string, string | undefined]> = [
      ...Object.values(WORKFLOW_TOOL_NAMES).flat().map((name): [string, undefined] => [name.toUpperCase(), undefined]),
      ['mcp__x__y', undefined], ['TodoWrite', undefined], ['Edit', 'Code-Review'], ['Read', 'documentation'], ['Bash', 'nonsense'],
    ];
    await post(
      cases.map(([toolName, workflow], i) => ({
        tool: 'claude-code', email: 'w@acme.example', sessionId: 'w1', id: `w${i}`, kind: 'tool_result', toolName,
        occurredAt: '2026-11-15T12:00:00Z', ...(workflow ? { attributes: { workflow } } : {}),
      })),
      other.ingestKey,
    );
    await rollupOrg(rollupStore(ctx.db), other.orgId);
    const expected = Object.fromEntries(WORKFLOWS.map((w) => [w, 0]));
    for (const [name, workflow] of cases) expected[classifyWorkflow(name, workflow)]! += 1;
    const row = await sql<Record<string, number>>`SELECT sum(wf_code_generation)::int AS code_generation, sum(wf_debugging)::int AS debugging,
      sum(wf_code_review)::int AS code_review, sum(wf_documentation)::int AS documentation, sum(wf_other)::int AS other
      FROM rollup_daily WHERE org_id = ${other.orgId}`.execute(ctx.db);
    expect(row.rows[0]).toEqual(expected);
  });

  it('the BullMQ worker rolls up new data by itself, for that org only', async () => {
    const prefix = `uptake-test-${randomBytes(4).toString('hex')}`;
    const queue: RollupQueue = createRollupQueue(inject('redisUrl'), { debounceMs: 0, prefix });
    const workers: RunningWorkers = await startBackgroundWorkers({ stores: postgresStores(ctx.db), platforms: [], reader: postgresStores(ctx.db).reports, now: () => new Date() }, inject('redisUrl'), queue, { prefix, log: () => {} });
    const other = await ctx.createOrg('other');
    try {
      const app = await createApp({ db: ctx.db, pingRedis: async () => {}, bodyLimit: 1e6, wireBodyLimit: 1e6, logLevel: 'silent', rollups: queue });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${other.ingestKey}` },
        payload: { events: [{ tool: 'gemini-cli', email: 'b@other.example', sessionId: 'g1', id: 'g-p1', kind: 'user_prompt', occurredAt: '2026-11-12T10:00:00Z' }] },
      });
      expect(res.statusCode).toBe(200);
      await app.close();
      const deadline = Date.now() + 15_000;
      let rows: DailyRow[] = [];
      while (Date.now() < deadline) {
        rows = await daily(other.orgId);
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows.map((r) => [r.day, r.person, r.sessions, r.prompts])).toEqual([['2026-11-12', 'b@other.example', 1, 1]]);
      expect((await daily()).every((r) => r.person === A)).toBe(true);
    } finally {
      await workers.close();
      await queue.close();
    }
  });

  it('marks the right org-zone days in zones with half-hour offsets, and nothing for a batch of duplicates', async () => {
    const kolkata = await ctx.createOrg('kolkata');
    await sql`UPDATE orgs SET time_zone = 'Asia/Kolkata' WHERE org_id = ${kolkata.orgId}`.execute(ctx.db);
    const event = { ...base, id: 'k1', kind: 'user_prompt', sessionId: 'k', occurredAt: '2026-11-12T18:45:00Z' };
    await post([event], kolkata.ingestKey);
    const marked = async () =>
      (await sql<{ day: string }>`SELECT day::text FROM rollup_dirty_days WHERE org_id = ${kolkata.orgId} ORDER BY day`.execute(ctx.db)).rows.map((r) => r.day);
    // 18:45Z is 00:15 on Nov 13 in Kolkata (+05:30); the UTC hour 18:00-19:00 spans both local days
    expect(await marked()).toContain('2026-11-13');
    const outcome = await rollupOrg(rollupStore(ctx.db), kolkata.orgId);
    expect(outcome.days).toContain('2026-11-13');
    expect((await daily(kolkata.orgId)).map((r) => [r.day, r.prompts])).toEqual([['2026-11-13', 1]]);
    await post([event], kolkata.ingestKey);
    expect(await marked()).toEqual([]);
  });
});
