import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/domain/charts/chart-catalog.ts';
import { buildOrgA, buildOrgB, NOW, PEOPLE } from '../support/report-dataset.ts';
import { seedOrg } from '../support/report-harness.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// The chart endpoints on the real app and Postgres: permissions like the reports, signed links, tenancy.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let clock = NOW;
let ctx: TestContext;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  ctx = await createTestApp({ now: () => clock, chartLinks: { secret: Buffer.alloc(32, 7), publicUrl: 'https://uptake.example.com/', ttlSeconds: 600 } });
  [a, b] = await Promise.all([seedOrg(ctx, buildOrgA(), 'acme'), seedOrg(ctx, buildOrgB(), 'beta')]);
});
afterAll(() => ctx.close());

async function get(url: string, key: string | null, query: Record<string, string> = {}) {
  const res = await ctx.app.inject({ method: 'GET', url, query, headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: res.rawPayload, json: () => res.json() };
}

async function link(key: string, chart: string, query: Record<string, string> = {}): Promise<{ status: number; url: string; path: string; expiresAt: string }> {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/charts/${chart}/links`, query, headers: { authorization: `Bearer ${key}` } });
  const body = res.json();
  return { status: res.statusCode, url: body.url, path: body.url ? new URL(body.url).pathname : '', expiresAt: body.expiresAt };
}

describe('GET /api/v1/charts', () => {
  it('lists every chart with its view', async () => {
    const res = await get('/api/v1/charts', a.readKey);
    expect(res.status).toBe(200);
    const charts = res.json().charts as Array<{ name: string; view: string }>;
    expect(charts.map((c) => c.name)).toEqual(CHARTS.map((c) => c.name));
    expect(new Set(charts.map((c) => c.view))).toEqual(new Set(['adoption', 'usage', 'leaderboard', 'models', 'value', 'underutilized']));
    expect(charts.find((c) => c.name === 'usage-peak-hours')?.view).toBe('usage');
  });

  it('needs a read or admin key', async () => {
    expect((await get('/api/v1/charts', null)).status).toBe(401);
    expect((await get('/api/v1/charts', a.ingestKey)).status).toBe(403);
    expect((await get('/api/v1/charts', a.adminKey)).status).toBe(200);
  });
});

describe('GET /api/v1/charts/{chart}.png', () => {
  it.each(CHARTS.map((c) => c.name))('%s renders a 2x PNG for a read key', async (name) => {
    const res = await get(`/api/v1/charts/${name}.png`, a.readKey, { range: '30d' });
    expect(res.status, res.body.toString()).toBe(200);
    expect(res.type).toBe('image/png');
    expect(res.body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const meta = await sharp(res.body).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 900]);
  });

  it('has the reports permissions and parameter checks', async () => {
    const url = '/api/v1/charts/usage-workflows.png';
    expect((await get(url, null)).status).toBe(401);
    expect((await get(url, a.ingestKey)).status).toBe(403);
    expect((await get(url, a.readKey, { scope: 'user' })).status).toBe(403);
    expect((await get(url, a.readKey, { range: '30d', person: PEOPLE.heavy })).status).toBe(403);
    expect((await get(url, a.adminKey, { scope: 'user', range: '7d' })).status).toBe(200);
    const bad = await get(url, a.readKey, { range: '5 years' });
    expect([bad.status, bad.json().error]).toEqual([400, expect.stringMatching(/range/)]);
    expect((await get(url, a.readKey, { colour: 'blue' })).status).toBe(400);
  });

  it('an unknown chart is 404 and lists the charts', async () => {
    const res = await get('/api/v1/charts/pie-of-everything.png', a.readKey);
    expect(res.status).toBe(404);
    expect(res.json().error).toContain('usage-peak-hours');
  });

  it('each org sees its own data', async () => {
    const ofA = await get('/api/v1/charts/leaderboard-teams.png', a.readKey, { range: '30d' });
    const ofB = await get('/api/v1/charts/leaderboard-teams.png', b.readKey, { range: '30d' });
    const againA = await get('/api/v1/charts/leaderboard-teams.png', a.readKey, { range: '30d' });
    expect(ofA.body.equals(againA.body)).toBe(true);
    expect(ofA.body.equals(ofB.body)).toBe(false);
  });
});

describe('signed chart links', () => {
  it('a link renders the same image as the API without a key, until it expires', async () => {
    const created = await link(a.readKey, 'usage-peak-hours', { range: '7d' });
    expect(created.status).toBe(201);
    expect(created.url).toMatch(/^https:\/\/uptake\.example\.com\/c\/[A-Za-z0-9_-]+\.png$/);
    expect(Date.parse(created.expiresAt) - clock.getTime()).toBe(600_000);
    const viaLink = await get(created.path, null);
    expect(viaLink.status).toBe(200);
    expect(viaLink.type).toBe('image/png');
    const direct = await get('/api/v1/charts/usage-peak-hours.png', a.readKey, { range: '7d' });
    expect(viaLink.body.equals(direct.body)).toBe(true);
    clock = new Date(NOW.getTime() + 601_000);
    try {
      const expired = await get(created.path, null);
      expect([expired.status, expired.json().error]).toEqual([410, expect.stringMatching(/expired/)]);
    } finally {
      clock = NOW;
    }
  });

  it('a tampered link is refused', async () => {
    const created = await link(a.readKey, 'adoption-active-users');
    const token = created.path.slice('/c/'.length, -'.png'.length);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect((await get(`/c/${flipped}.png`, null)).status).toBe(403);
    expect((await get('/c/not-a-token.png', null)).status).toBe(403);
    // the payload of org B's link pointed at org A, with B's signature: refused
    const bLink = await link(b.readKey, 'adoption-active-users');
    const bytes = Buffer.from(bLink.path.slice(3, -4), 'base64url');
    const payload = bytes.subarray(0, bytes.length - 32).toString('utf8');
    const forged = Buffer.concat([Buffer.from(payload.replace(b.orgId, a.orgId)), bytes.subarray(bytes.length - 32)]).toString('base64url');
    expect(payload).toContain(b.orgId);
    expect((await get(`/c/${forged}.png`, null)).status).toBe(403);
  });

  it("org B's link renders org B's data", async () => {
    const bLink = await link(b.readKey, 'usage-tools', { range: '30d' });
    const viaLink = await get(bLink.path, null);
    const ofB = await get('/api/v1/charts/usage-tools.png', b.readKey, { range: '30d' });
    const ofA = await get('/api/v1/charts/usage-tools.png', a.readKey, { range: '30d' });
    expect(viaLink.body.equals(ofB.body)).toBe(true);
    expect(viaLink.body.equals(ofA.body)).toBe(false);
  });

  it('a link keeps the rights of the key that made it, and checks the query when made', async () => {
    const personal = await ctx.createKey(a.orgId, ['read'], PEOPLE.heavy);
    const own = await link(personal, 'leaderboard-sessions', { scope: 'user' });
    const viaLink = await get(own.path, null);
    const direct = await get('/api/v1/charts/leaderboard-sessions.png', personal, { scope: 'user' });
    const admin = await get('/api/v1/charts/leaderboard-sessions.png', a.adminKey, { scope: 'user' });
    expect(viaLink.body.equals(direct.body)).toBe(true);
    expect(viaLink.body.equals(admin.body)).toBe(false);
    expect((await link(a.readKey, 'usage-tools', { scope: 'user' })).status).toBe(403);
    expect((await link(a.readKey, 'usage-tools', { range: '5 years' })).status).toBe(400);
    const twice = await ctx.app.inject({ method: 'POST', url: '/api/v1/charts/usage-tools/links?range=7d&range=30d', headers: { authorization: `Bearer ${a.readKey}` } });
    expect(twice.statusCode).toBe(400);
    expect((await link(a.readKey, 'no-such-chart')).status).toBe(404);
    expect((await link(a.ingestKey, 'usage-tools')).status).toBe(403);
  });
});
