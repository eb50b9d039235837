import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// format=csv returns one table of the same report the JSON answer is: each row of the file is checked against it.
const ORG_ID = randomUUID();
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await createTestApp({ now: () => CHAT_NOW });
  await seedChatOrg(ctx, ORG_ID);
  key = await ctx.createKey(ORG_ID, ['admin']);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
const lines = (body: string) => body.trimEnd().split('\r\n').map((line) => line.split(','));

describe('GET /api/v1/reports/{view}?format=csv', () => {
  it('gives the summary by default: every measure of the JSON answer, with the previous value and the change', async () => {
    const json = (await get('/api/v1/reports/adoption?range=30d')).json();
    const res = await get('/api/v1/reports/adoption?range=30d&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uptake-adoption-summary-2026-10-22-2026-11-20.csv"');
    const [header, ...rows] = lines(res.body);
    expect(header).toEqual(['metric', 'value', 'previous', 'change']);
    const byMetric = new Map(rows.map((row) => [row[0], row.slice(1)]));
    for (const metric of ['activeUsers', 'licensedUsers', 'adoptionRate', 'newUsers']) {
      expect(byMetric.get(metric), metric).toEqual([String(json[metric]), String(json.previous[metric] ?? ''), String(json.change[metric] ?? '')]);
    }
    expect(byMetric.get('cohorts.retained')?.[0]).toBe(String(json.cohorts.retained));
  });

  it('gives any list of the report as its own table, row for row', async () => {
    const json = (await get('/api/v1/reports/adoption?range=30d&scope=user')).json();
    const res = await get('/api/v1/reports/adoption?range=30d&scope=user&format=csv&table=daily');
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = lines(res.body);
    expect(header).toEqual(['date', 'activeUsers']);
    expect(rows).toEqual(json.daily.map((d: { date: string; activeUsers: number }) => [d.date, String(d.activeUsers)]));
    const unrostered = lines((await get('/api/v1/reports/adoption?range=30d&scope=user&format=csv&table=unrostered')).body);
    expect(unrostered.slice(1).map((row) => row[0])).toEqual(['zed@acme.com']);
  });

  it('answers 400 with what is accepted for an unknown table or format, and keeps the report\'s own checks', async () => {
    const table = await get('/api/v1/reports/usage?range=30d&format=csv&table=people');
    expect(table.statusCode).toBe(400);
    expect(table.json().error).toContain('the usage report has no table "people"). Tables: summary, sessionDepth, peakActivity, workflows, tools');
    expect((await get('/api/v1/reports/usage?format=xml')).statusCode).toBe(400);
    expect((await get('/api/v1/reports/usage?table=tools')).json().error).toContain('table: goes with format=csv');
    expect((await get('/api/v1/reports/usage?format=csv&range=5x')).statusCode).toBe(400);
  });
});
