import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPriceList } from '../../src/adapters/postgres/roster-store.ts';
import { seatPrice } from '../../src/domain/metrics/price-list.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));
const HEADER = 'email,name,team,department,tool,tier,seat_cost_usd,assigned_on';

let t: TestContext;
let dir: string;
let acme: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(join(tmpdir(), 'uptake-roster-'));
  acme = await t.createOrg('acme');
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function uptake(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: t.url } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function tables(orgId: string) {
  const people = await sql<Record<string, unknown>>`SELECT * FROM people WHERE org_id = ${orgId} ORDER BY email`.execute(t.db);
  const licenses = await sql<Record<string, unknown>>`
    SELECT l.*, l.valid_from::text AS valid_from, p.email FROM licenses l JOIN people p USING (org_id, person_id)
    WHERE l.org_id = ${orgId} ORDER BY p.email, l.tool, l.valid_from`.execute(t.db);
  return { people: people.rows, licenses: licenses.rows };
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('uptake admin roster import', () => {
  // Line 6 is blank; line 7 holds a name with a line break, so cy@ on line 9 is the third physical line after it.
  const roster = [
    HEADER,
    'ann@acme.com,Ann Lee,Web,Engineering,claude-code,max_5x,,2026-01-05',
    'ANN@Acme.com,,,,cursor,business,35,2026-01-05',
    'bob@acme.com,"Lee, Bob",Platform,Engineering,gemini-cli,standard,,2026-02-01',
    'not-an-email,,,,,,,',
    '',
    'dee@acme.com,"Dee',
    'Smith",Sales,,,,,',
    'cy@acme.com,Cy,"Web ""Core""",Engineering,cursor,ultra,,2026-01-05',
  ].join('\r\n');

  it('imports the valid rows, reports the bad ones by line and exits 1', async () => {
    const path = await file('roster.csv', `\uFEFF${roster}\r\n`);
    const result = await uptake('admin', 'roster', 'import', path, '--org', acme.orgId);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as unknown;
    expect(report).toEqual({
      people: { created: 3, updated: 0 },
      licenses: { created: 3, updated: 0 },
      errors: [
        { line: 5, message: 'email "not-an-email" is not an email address' },
        { line: 9, message: 'tier "ultra" is not a cursor tier: use one of pro, business, enterprise, api' },
      ],
    });
    const { people, licenses } = await tables(acme.orgId);
    expect(people.map((p) => [p['email'], p['display_name'], p['team'], p['department']])).toEqual([
      ['ann@acme.com', 'Ann Lee', 'Web', 'Engineering'],
      ['bob@acme.com', 'Lee, Bob', 'Platform', 'Engineering'],
      ['dee@acme.com', 'Dee\r\nSmith', 'Sales', null],
    ]);
    expect(licenses.map((l) => [l['email'], l['tool'], l['tier'], l['monthly_price_usd'], l['valid_from']])).toEqual([
      ['ann@acme.com', 'claude-code', 'max_5x', null, '2026-01-05'],
      ['ann@acme.com', 'cursor', 'business', '35.00', '2026-01-05'],
      ['bob@acme.com', 'gemini-cli', 'standard', null, '2026-02-01'],
    ]);
  });

  it('is idempotent: the same file again creates and updates nothing and leaves the rows as they were', async () => {
    const before = await tables(acme.orgId);
    const result = await uptake('admin', 'roster', 'import', join(dir, 'roster.csv'), '--org', acme.orgId);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ people: { created: 0, updated: 0 }, licenses: { created: 0, updated: 0 } });
    expect(await tables(acme.orgId)).toEqual(before);
  });

  it('matches emails case-insensitively, updates what changed, and an empty name keeps the stored one', async () => {
    const path = await file(
      'changes.json',
      JSON.stringify([
        { email: 'BOB@ACME.COM', team: 'Mobile', tool: 'gemini-cli', tier: 'standard', assignedOn: '2026-02-01' },
        { email: 'Ann@acme.com', tool: 'cursor', tier: 'business', seatCostUsd: 40, assignedOn: '2026-01-05' },
        { email: 'ann@acme.com', tool: 'claude-code', tier: 'max_5x', assignedOn: '2026-01-05' },
      ]),
    );
    const result = await uptake('admin', 'roster', 'import', path, '--org', acme.orgId);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ people: { created: 0, updated: 1 }, licenses: { created: 0, updated: 1 }, errors: [] });
    const { people, licenses } = await tables(acme.orgId);
    expect(people.find((p) => p['email'] === 'bob@acme.com')).toMatchObject({ display_name: 'Lee, Bob', team: 'Mobile' });
    expect(licenses.filter((l) => l['email'] === 'ann@acme.com').map((l) => l['monthly_price_usd'])).toEqual([null, '40.00']);
  });

  it('leaves an empty seat cost NULL so the price list prices it', async () => {
    const ann = (await tables(acme.orgId)).licenses.find((l) => l['tool'] === 'claude-code');
    expect(ann?.['monthly_price_usd']).toBeNull();
    const seat = { tool: 'claude-code', tier: 'max_5x', monthlyPriceUsd: null };
    const orgPrices = async () => new Map((await getPriceList(t.db, acme.orgId)).map((p) => [`${p.tool}|${p.tier}`, p.monthlyPriceUsd]));
    expect(seatPrice(seat, await orgPrices())).toBe(100);

    const set = await uptake('admin', 'prices', 'set', '--org', acme.orgId, '--tool', 'claude-code', '--tier', 'max_5x', '--price', '90');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ tool: 'claude-code', tier: 'max_5x', monthlyPriceUsd: 90, source: 'org' });
    expect(seatPrice(seat, await orgPrices())).toBe(90);

    const show = await uptake('admin', 'prices', 'show', '--org', acme.orgId);
    const { prices } = JSON.parse(show.stdout) as { prices: Array<{ tool: string; tier: string; source: string; monthlyPriceUsd: number }> };
    expect(prices).toContainEqual({ tool: 'claude-code', tier: 'max_5x', monthlyPriceUsd: 90, source: 'org' });
    expect(prices).toContainEqual({ tool: 'cursor', tier: 'business', monthlyPriceUsd: 40, source: 'default' });
  });

  it.each([
    [['admin', 'roster', 'import', '--org', '00000000-0000-0000-0000-000000000000'], /Give one roster file/],
    [['admin', 'roster', 'import', 'roster.csv'], /--org <orgId> is required/],
    [['admin', 'roster', 'import', '/nonexistent/roster.csv', '--org', '00000000-0000-0000-0000-000000000000'], /No file/],
    [['admin', 'roster', 'import', '/tmp/roster.xlsx', '--org', '00000000-0000-0000-0000-000000000000'], /must be a \.csv or \.json file/],
    [['admin', 'roster', 'import', 'ROSTER', '--org', '00000000-0000-0000-0000-000000000000'], /No org/],
    [['admin', 'prices', 'set', '--org', '00000000-0000-0000-0000-000000000000', '--tool', 'cursor', '--tier', 'max_5x', '--price', '1'], /"max_5x" is not a cursor tier/],
    [['admin', 'prices', 'set', '--org', '00000000-0000-0000-0000-000000000000', '--tool', 'cursor', '--tier', 'pro', '--price', 'lots'], /--price must be a number/],
  ])('exits 2 for %j', { concurrent: true }, async (args, message) => {
    const resolved = args.map((a) => (a === 'ROSTER' ? join(dir, 'roster.csv') : a));
    const result = await uptake(...resolved);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('lists the roster commands in --help', async () => {
    const { stdout } = await uptake('--help');
    for (const command of ['uptake admin roster import', 'uptake admin prices show', 'uptake admin prices set']) expect(stdout).toContain(command);
  });
});

describe('/api/v1/people and /api/v1/price-list', () => {
  let org: TestOrg;
  let other: TestOrg;
  beforeAll(async () => {
    org = await t.createOrg('globex');
    other = await t.createOrg('initech');
  });

  const putPeople = (key: string, people: unknown[]) => t.app.inject({ method: 'PUT', url: '/api/v1/people', headers: auth(key), payload: { people } });
  const getPeople = (key: string) => t.app.inject({ method: 'GET', url: '/api/v1/people', headers: auth(key) });
  const getPrices = (key: string) => t.app.inject({ method: 'GET', url: '/api/v1/price-list', headers: auth(key) });
  const putPrices = (key: string, prices: unknown) => t.app.inject({ method: 'PUT', url: '/api/v1/price-list', headers: auth(key), payload: { prices } });

  const rows = [
    { email: 'Eve@Globex.com', name: 'Eve', team: 'Web', department: 'Eng', tool: 'cursor', tier: 'pro', seatCostUsd: null, assignedOn: '2026-03-01' },
    { email: 'eve@globex.com', tool: 'claude-code', tier: 'team_premium', seat_cost_usd: 150, assigned_on: '2026-03-01' },
    { email: 'fay@globex.com', name: 'Fay' },
  ];

  it('imports a JSON roster with an admin key (200), and again creates nothing', async () => {
    const first = await putPeople(org.adminKey, rows);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ people: { created: 2, updated: 0 }, licenses: { created: 2, updated: 0 }, errors: [] });
    const again = await putPeople(org.adminKey, rows);
    expect(again.json()).toEqual({ people: { created: 0, updated: 0 }, licenses: { created: 0, updated: 0 }, errors: [] });
  });

  it('answers 422 with each rejected row by index and line, and imports the valid ones', async () => {
    const response = await putPeople(org.adminKey, [{ email: 'gus@globex.com' }, { email: 'x', tool: 'cursor' }]);
    expect(response.statusCode).toBe(422);
    const body = response.json<{ error: string; people: unknown; errors: Array<{ index: number; line: number; message: string }> }>();
    expect(body.people).toEqual({ created: 1, updated: 0 });
    expect(body.errors).toEqual([{ index: 1, line: 2, message: expect.stringMatching(/^email "x" is not an email address; tier is required/) }]);
    expect(body.error).toMatch(/1 row\(s\) were rejected/);
  });

  it('lists people with their licenses for admins', async () => {
    const response = await getPeople(org.adminKey);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      people: [
        {
          email: 'eve@globex.com',
          name: 'Eve',
          team: 'Web',
          department: 'Eng',
          licenses: [
            { tool: 'claude-code', tier: 'team_premium', monthlyPriceUsd: 150, validFrom: '2026-03-01', validTo: null },
            { tool: 'cursor', tier: 'pro', monthlyPriceUsd: null, validFrom: '2026-03-01', validTo: null },
          ],
        },
        { email: 'fay@globex.com', name: 'Fay', team: null, department: null, licenses: [] },
        { email: 'gus@globex.com', name: null, team: null, department: null, licenses: [] },
      ],
    });
  });

  it.each([
    ['a body without people', { roster: [] }, 400, /Bad body/],
    ['people that is not an array', { people: {} }, 400, /people: /],
    ['more than 50,000 rows', { people: Array.from({ length: 50_001 }, () => ({ email: 'a@b.io' })) }, 413, /at most 50000 rows/],
  ])('refuses %s', async (_name, payload, status, message) => {
    const response = await t.app.inject({ method: 'PUT', url: '/api/v1/people', headers: auth(org.adminKey), payload });
    expect(response.statusCode).toBe(status);
    expect(response.json<{ error: string }>().error).toMatch(message);
  });

  it('takes a roster body above the server-wide body limit (the route allows 20 MiB)', async () => {
    const big = await t.createOrg('big');
    const people = Array.from({ length: 50_000 }, (_, i) => ({ email: 'big@globex.com', name: `${'n'.repeat(190)}${i}` }));
    expect(JSON.stringify({ people }).length).toBeGreaterThan(8 * 1024 * 1024);
    const response = await putPeople(big.adminKey, people);
    expect(response.statusCode).toBe(200);
    expect((await getPeople(big.adminKey)).json()).toEqual({ people: [expect.objectContaining({ email: 'big@globex.com', name: `${'n'.repeat(190)}49999` })] });
  });

  it('keeps the roster to admin keys and the price list readable with read keys', async () => {
    for (const key of [org.readKey, org.ingestKey]) {
      expect((await getPeople(key)).statusCode).toBe(403);
      expect((await putPeople(key, rows)).statusCode).toBe(403);
      expect((await putPrices(key, [{ tool: 'cursor', tier: 'pro', monthlyPriceUsd: 1 }])).statusCode).toBe(403);
    }
    expect((await getPrices(org.readKey)).statusCode).toBe(200);
    expect((await getPrices(org.adminKey)).statusCode).toBe(200);
    expect((await getPrices(org.ingestKey)).statusCode).toBe(403);
    for (const request of [
      t.app.inject({ method: 'GET', url: '/api/v1/people' }),
      t.app.inject({ method: 'PUT', url: '/api/v1/people', payload: { people: [] } }),
      t.app.inject({ method: 'GET', url: '/api/v1/price-list', headers: auth('upt_nope_nope') }),
      t.app.inject({ method: 'PUT', url: '/api/v1/price-list', payload: { prices: [] } }),
    ]) {
      expect((await request).statusCode).toBe(401);
    }
  });

  it('sets prices with an admin key and validates them against the tiers', async () => {
    const response = await putPrices(org.adminKey, [{ tool: 'cursor', tier: 'business', monthlyPriceUsd: 32.5 }]);
    expect(response.statusCode).toBe(200);
    const { prices } = response.json<{ prices: unknown[] }>();
    expect(prices).toContainEqual({ tool: 'cursor', tier: 'business', monthlyPriceUsd: 32.5, source: 'org' });
    expect(prices).toContainEqual({ tool: 'cursor', tier: 'pro', monthlyPriceUsd: 20, source: 'default' });
    expect((await getPrices(org.readKey)).json()).toEqual({ prices });
  });

  it.each([
    [[{ tool: 'cursor', tier: 'max_5x', monthlyPriceUsd: 1 }], /prices\.0\.tier: tier "max_5x" is not a cursor tier: use one of pro, business, enterprise, api/],
    [[{ tool: 'copilot', tier: 'pro', monthlyPriceUsd: 1 }], /prices\.0\.tool/],
    [[{ tool: 'cursor', tier: 'pro', monthlyPriceUsd: -1 }], /prices\.0\.monthlyPriceUsd/],
    [[{ tool: 'cursor', tier: 'pro', monthlyPriceUsd: 1 }, { tool: 'cursor', tier: 'pro', monthlyPriceUsd: 2 }], /cursor pro is given twice/],
    [[], /prices/],
  ])('answers 400 for prices %j', async (prices, message) => {
    const response = await putPrices(org.adminKey, prices);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toMatch(message);
  });

  it("never shows or changes another org's people or prices", async () => {
    const before = await tables(org.orgId);
    const pricesBefore = (await getPrices(org.readKey)).json<unknown>();

    expect((await getPeople(other.adminKey)).json()).toEqual({ people: [] });
    const put = await putPeople(other.adminKey, [{ email: 'eve@globex.com', name: 'Mallory', tool: 'cursor', tier: 'enterprise', seatCostUsd: 0, assignedOn: '2026-03-01' }]);
    expect(put.json()).toMatchObject({ people: { created: 1, updated: 0 }, licenses: { created: 1, updated: 0 } });
    expect((await putPrices(other.adminKey, [{ tool: 'cursor', tier: 'business', monthlyPriceUsd: 1 }])).statusCode).toBe(200);

    expect(await tables(org.orgId)).toEqual(before);
    expect((await getPrices(org.readKey)).json()).toEqual(pricesBefore);
    expect((await getPeople(other.adminKey)).json<{ people: Array<{ name: string }> }>().people.map((p) => p.name)).toEqual(['Mallory']);
    expect((await getPrices(other.readKey)).json<{ prices: unknown[] }>().prices).toContainEqual({ tool: 'cursor', tier: 'business', monthlyPriceUsd: 1, source: 'org' });
  });
});
