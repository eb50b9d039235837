import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSyntheticOrg, type SeedOptions, type SeedResult } from '../../bench/seed-synthetic.ts';
import type { Db } from '../../src/adapters/postgres/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const TIME_ZONE = 'Europe/Berlin';
const FIRST_DAY = '2026-11-07';
const LAST_DAY = '2026-11-20';
const OPTIONS: Omit<SeedOptions, 'databaseUrl'> = {
  people: 30,
  days: 14,
  events: 5000,
  seed: 7,
  end: LAST_DAY,
  timeZone: TIME_ZONE,
  now: new Date('2026-11-22T12:00:00Z'),
};

let first: TestDatabase;
let second: TestDatabase;
let seeded: SeedResult;
let again: SeedResult;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  seeded = await seedSyntheticOrg(first.db, { ...OPTIONS, databaseUrl: first.url });
  again = await seedSyntheticOrg(second.db, { ...OPTIONS, databaseUrl: second.url });
});
afterAll(async () => {
  await Promise.all([first?.drop(), second?.drop()]);
});

async function count(db: Db, query: RawBuilder<{ n: string }>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

interface Aggregate {
  kind: string;
  tool: string;
  model: string | null;
  events: string;
  tokens: string;
}

async function aggregates(db: Db): Promise<Aggregate[]> {
  const { rows } = await sql<Aggregate>`
    SELECT kind, tool, model, count(*) AS events,
           sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens) AS tokens
    FROM events GROUP BY kind, tool, model ORDER BY kind, tool, model`.execute(db);
  return rows;
}

async function fingerprint(db: Db): Promise<string> {
  const { rows } = await sql<{ md5: string }>`
    SELECT md5(string_agg(concat_ws('|', event_id, occurred_at, person_email, session_id, kind, cost_usd), ',' ORDER BY event_id))
    FROM events`.execute(db);
  return rows[0]?.md5 ?? '';
}

describe('seedSyntheticOrg', () => {
  it('stores exactly the requested number of events, all in the new org', async () => {
    expect(seeded).toMatchObject({ events: 5000, people: 30 });
    expect(await count(first.db, sql`SELECT count(*) AS n FROM events`)).toBe(5000);
    expect(await count(first.db, sql`SELECT count(*) AS n FROM events WHERE org_id = ${seeded.orgId}`)).toBe(5000);
    expect(await count(first.db, sql`SELECT count(*) AS n FROM people WHERE org_id = ${seeded.orgId}`)).toBe(30);
    expect(seeded.adminKey).toMatch(/^upt_/);
    expect(seeded.readKey).toMatch(/^upt_/);
  });

  it('puts every event inside the period, in the org time zone', async () => {
    const { rows } = await sql<{ first: string; last: string }>`
      SELECT min((occurred_at AT TIME ZONE ${TIME_ZONE})::date)::text AS first,
             max((occurred_at AT TIME ZONE ${TIME_ZONE})::date)::text AS last
      FROM events`.execute(first.db);
    expect(rows[0]!.first >= FIRST_DAY).toBe(true);
    expect(rows[0]!.last <= LAST_DAY).toBe(true);
  });

  it('keeps every person, session and day to one org, and sessions to one person, tool and project', async () => {
    expect(await count(first.db, sql`SELECT count(*) AS n FROM events WHERE person_email IS NULL`)).toBe(0);
    expect(
      await count(first.db, sql`SELECT count(*) AS n FROM (SELECT person_email FROM events GROUP BY 1 HAVING count(DISTINCT org_id) > 1) t`),
    ).toBe(0);
    expect(
      await count(
        first.db,
        sql`SELECT count(*) AS n FROM (
              SELECT session_id FROM events WHERE session_id IS NOT NULL GROUP BY 1
              HAVING count(DISTINCT person_email) > 1 OR count(DISTINCT tool) > 1 OR count(DISTINCT project) > 1) t`,
      ),
    ).toBe(0);
    expect(await count(first.db, sql`SELECT count(DISTINCT session_id) AS n FROM events`)).toBeGreaterThan(20);
  });

  it('leaves some seats idle and has some active people missing from the roster', async () => {
    const idleSeats = await count(
      first.db,
      sql`SELECT count(*) AS n FROM licenses l JOIN people p USING (org_id, person_id)
          WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.org_id = l.org_id AND e.person_email = p.email AND e.tool = l.tool)`,
    );
    const unrostered = await count(
      first.db,
      sql`SELECT count(DISTINCT person_email) AS n FROM events e
          WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.org_id = e.org_id AND p.email = e.person_email)`,
    );
    expect(idleSeats).toBeGreaterThan(0);
    expect(unrostered).toBeGreaterThan(0);
    expect(await count(first.db, sql`SELECT count(*) AS n FROM licenses WHERE monthly_price_usd IS NULL`)).toBeGreaterThan(0);
  });

  it('is busier on a weekday than on a weekend day', async () => {
    const { rows } = await sql<{ weekend: boolean; per_day: string }>`
      SELECT extract(isodow FROM occurred_at AT TIME ZONE ${TIME_ZONE}) >= 6 AS weekend,
             count(*)::numeric / count(DISTINCT (occurred_at AT TIME ZONE ${TIME_ZONE})::date) AS per_day
      FROM events GROUP BY 1`.execute(first.db);
    const perDay = (weekend: boolean) => Number(rows.find((r) => r.weekend === weekend)?.per_day ?? 0);
    expect(perDay(false)).toBeGreaterThan(2 * perDay(true));
  });

  it('marks every day with events dirty for the rollup worker', async () => {
    const { rows } = await sql<{ day: string }>`SELECT day::text AS day FROM rollup_dirty_days WHERE org_id = ${seeded.orgId} ORDER BY day`.execute(first.db);
    const { rows: eventDays } = await sql<{ day: string }>`
      SELECT DISTINCT (occurred_at AT TIME ZONE ${TIME_ZONE})::date::text AS day FROM events ORDER BY day`.execute(first.db);
    expect(rows.map((r) => r.day)).toEqual(eventDays.map((r) => r.day));
    expect(rows.length).toBe(seeded.dirtyDays);
  });

  it('generates the same data from the same seed', async () => {
    expect(again.orgId).not.toBe(seeded.orgId);
    expect({ ...again, orgId: '', adminKey: '', readKey: '', seconds: 0 }).toEqual({ ...seeded, orgId: '', adminKey: '', readKey: '', seconds: 0 });
    expect(await aggregates(second.db)).toEqual(await aggregates(first.db));
    expect(await fingerprint(second.db)).toBe(await fingerprint(first.db));
  });
});
