import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { fixture, json, postOtlp, type Json } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12, D2: one accepted event must never break an org's rollups.

const NOW = new Date('2026-11-24T15:00:00Z');
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(() => t.close());

const at = '2026-11-24T10:00:00Z';
const ev = (id: string, kind: string, extra: object = {}) => ({ id, kind, tool: 'claude-code', occurredAt: at, email: 'a@x.io', ...extra });
const postEvents = (org: TestOrg, events: object[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events } });

/** Stores an event the way a pre-bounds server would have: straight into the table, past validation. */
async function storeRaw(orgId: string, kind: string, day: string, fields: { quantity?: number; cost?: number; n?: number } = {}): Promise<void> {
  await sql`INSERT INTO events (org_id, event_id, occurred_at, source, tool, kind, person_email, quantity, cost_usd)
    SELECT ${orgId}::uuid, gen_random_uuid(), ${`${day}T12:00:00Z`}::timestamptz, 'api', 'claude-code', ${kind}, 'a@x.io',
      ${fields.quantity ?? null}::float8, ${fields.cost ?? null}::numeric
    FROM generate_series(1, ${fields.n ?? 1})`.execute(t.db);
  await sql`INSERT INTO rollup_dirty_days (org_id, day) VALUES (${orgId}, ${day}::date) ON CONFLICT DO NOTHING`.execute(t.db);
}

async function dailyTotals(orgId: string): Promise<Array<{ day: string; commits: string; active: number; cost: string }>> {
  const rows = await sql<{ day: string; commits: string; active: number; cost: string }>`
    SELECT day::text, sum(commits)::text AS commits, sum(active_seconds) AS active, sum(cost_usd)::text AS cost
    FROM rollup_daily WHERE org_id = ${orgId} GROUP BY day ORDER BY day`.execute(t.db);
  return rows.rows;
}

describe('POST /api/v1/events: every summed number has a bound', () => {
  it.each([
    ['a commit of quantity 3e9', ev('c', 'commit', { quantity: 3e9 }), /quantity 3000000000 must be at most 1000 commits for kind commit/],
    ['active time of 1e308', ev('a', 'active_time', { quantity: 1e308 }), /quantity 1e\+308 must be at most 86400 seconds \(24 hours\) for kind active_time/],
    ['25 hours of active time', ev('a', 'active_time', { quantity: 90_000 }), /at most 86400 seconds/],
    ['a pull request of quantity 5000', ev('p', 'pull_request', { quantity: 5000 }), /at most 1000 pull requests/],
    ['2e9 input tokens', ev('r', 'api_request', { tokens: { input: 2e9 } }), /tokens\.input: .*1000000000/],
    ['a cost of 1e6 USD', ev('r', 'api_request', { costUsd: 1e6 }), /costUsd: .*100000/],
    ['2e7 lines added', ev('l', 'lines_changed', { linesAdded: 2e7 }), /linesAdded: .*10000000/],
  ])('%s is rejected, naming the field and the bound; the valid event of the batch is stored', async (_name, bad, reason) => {
    const org = await t.createOrg('bounds');
    const res = await postEvents(org, [ev('ok', 'commit', { quantity: 1000 }), bad]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 2, stored: 1, rejected: [{ index: 1, reason: expect.stringMatching(reason) }] });
    const alone = await postEvents(org, [bad]);
    expect(alone.statusCode).toBe(400);
  });

  it('values at the bounds are accepted', async () => {
    const org = await t.createOrg('at-bounds');
    const res = await postEvents(org, [
      ev('a', 'active_time', { quantity: 86_400 }),
      ev('r', 'api_request', { requestId: 'r1', tokens: { input: 1e9, output: 1e9, cacheRead: 1e9, cacheCreation: 1e9 }, costUsd: 1e5 }),
      ev('l', 'lines_changed', { linesAdded: 1e7, linesRemoved: 1e7 }),
    ]);
    expect(res.json()).toMatchObject({ stored: 3, rejected: [] });
  });
});

describe('OTLP metrics: the same bounds', () => {
  const metric = (name: string, value: number, session: string): Json => {
    const resource = fixture('claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json').resourceMetrics[0].resource;
    const timeNs = `${BigInt(NOW.getTime() - 60_000) * 1_000_000n}`;
    const attributes = [{ key: 'session.id', value: { stringValue: session } }];
    const point = { attributes, startTimeUnixNano: timeNs, timeUnixNano: timeNs, asDouble: value };
    return { name, sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point] } };
  };

  it('active_time.total of 1e308 and commit.count of 3e9 are rejected through partialSuccess, a valid point stored', async () => {
    const org = await t.createOrg('otlp-bounds');
    const resource = fixture('claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json').resourceMetrics[0].resource;
    const metrics = [metric('claude_code.active_time.total', 1e308, 's1'), metric('claude_code.commit.count', 3e9, 's2'), metric('claude_code.commit.count', 2, 's3')];
    const res = await postOtlp(t.app, 'metrics', { resourceMetrics: [{ resource, scopeMetrics: [{ metrics }] }] }, json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    const partial = res.json().partialSuccess;
    expect(partial.rejectedDataPoints).toBe('2');
    expect(partial.errorMessage).toMatch(/at most 86400 seconds/);
    const stored = await sql<{ kind: string; quantity: number }>`SELECT kind, quantity FROM events WHERE org_id = ${org.orgId}`.execute(t.db);
    expect(stored.rows).toEqual([{ kind: 'commit', quantity: 2 }]);
  });
});

describe('rollups cannot overflow, and one bad day does not hold back the others', () => {
  it('100,001 events at the cost bound on one day roll up (numeric(20,10) stopped at 1e10 USD)', async () => {
    const org = await t.createOrg('wide');
    await storeRaw(org.orgId, 'api_request', '2026-11-20', { cost: 1e5, n: 100_001 });
    await rollupOrg(rollupStore(t.db), org.orgId);
    // 100,001 x 100,000 = 10,000,100,000 (computed here, not by the code under test)
    expect(await dailyTotals(org.orgId)).toEqual([{ day: '2026-11-20', commits: '0', active: 0, cost: '10000100000.0000000000' }]);
  });

  it('the commit and pull request sums are bigint', async () => {
    const rows = await sql<{ table_name: string; data_type: string }>`SELECT table_name, data_type FROM information_schema.columns
      WHERE column_name IN ('commits', 'pull_requests') AND table_name IN ('rollup_daily', 'rollup_hourly', 'rollup_person_daily')`.execute(t.db);
    expect(rows.rows).toHaveLength(6);
    for (const r of rows.rows) expect(r.data_type, r.table_name).toBe('bigint');
  });

  it('events stored before the bounds (commit of 3e9, two active times of 1e308) are left out; rollups and a full rebuild work', async () => {
    const org = await t.createOrg('poisoned');
    await storeRaw(org.orgId, 'commit', '2026-11-21', { quantity: 3e9 });
    await storeRaw(org.orgId, 'active_time', '2026-11-21', { quantity: 1e308, n: 2 });
    await storeRaw(org.orgId, 'commit', '2026-11-21', { quantity: 7 });
    await storeRaw(org.orgId, 'active_time', '2026-11-22', { quantity: 60 });
    await expect(rollupOrg(rollupStore(t.db), org.orgId)).resolves.toEqual({ days: ['2026-11-21', '2026-11-22'] });
    const expected = [
      { day: '2026-11-21', commits: '7', active: 0, cost: '0.0000000000' },
      { day: '2026-11-22', commits: '0', active: 60, cost: '0.0000000000' },
    ];
    expect(await dailyTotals(org.orgId)).toEqual(expected);
    await rebuildAllRollups(t.db, org.orgId);
    expect(await dailyTotals(org.orgId)).toEqual(expected);
  });

  it('a day whose rebuild fails stays marked; the org\'s other days still roll up', async () => {
    const org = await t.createOrg('poison-day');
    await storeRaw(org.orgId, 'commit', '2026-11-18', { quantity: 1 });
    await storeRaw(org.orgId, 'commit', '2026-11-19', { quantity: 2 });
    await storeRaw(org.orgId, 'commit', '2026-11-20', { quantity: 3 });
    // A real failure inside Postgres for one day only.
    await sql.raw(`CREATE FUNCTION fail_poison_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.org_id = '${org.orgId}' AND NEW.day = '2026-11-19' THEN RAISE EXCEPTION 'poisoned day'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_poison_day BEFORE INSERT ON rollup_daily FOR EACH ROW EXECUTE FUNCTION fail_poison_day();`).execute(t.db);
    try {
      await expect(rollupOrg(rollupStore(t.db), org.orgId)).rejects.toThrow(/failed for 2026-11-19 \(poisoned day\); its other days were rolled up/);
    } finally {
      await sql`DROP TRIGGER fail_poison_day ON rollup_daily; DROP FUNCTION fail_poison_day()`.execute(t.db);
    }
    expect((await dailyTotals(org.orgId)).map((r) => [r.day, r.commits])).toEqual([['2026-11-18', '1'], ['2026-11-20', '3']]);
    const pending = await sql<{ day: string }>`SELECT day::text FROM rollup_dirty_days WHERE org_id = ${org.orgId}
      UNION SELECT day::text FROM rollup_claimed_days WHERE org_id = ${org.orgId}`.execute(t.db);
    expect(pending.rows).toEqual([{ day: '2026-11-19' }]);
    await rollupOrg(rollupStore(t.db), org.orgId);
    expect((await dailyTotals(org.orgId)).map((r) => [r.day, r.commits])).toEqual([['2026-11-18', '1'], ['2026-11-19', '2'], ['2026-11-20', '3']]);
  });
});
