import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redisOnceStore } from '../../src/adapters/redis/redis-once-store.ts';
import { NOT_CONNECTED } from '../../src/app/answer-command.ts';
import { ingest, rollup } from '../support/report-harness.ts';
import { SlackDouble } from '../support/slack-double.ts';
import { signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Multi-workspace mode: install links, OAuth v2 against the Slack double, encrypted installations, one org per
// workspace, uninstall.

const NOW = new Date('2026-11-20T15:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const SECRET = 'oauth-test-signing-secret';
const KEY = randomBytes(32);
const TOKEN_A = 'xoxb-team-a-secret-token';
const TOKEN_B = 'xoxb-team-b-secret-token';

let ctx: TestContext;
let double: SlackDouble;
let redis: Redis;
let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  double = new SlackDouble({
    tokens: [],
    users: { U0A: { email: 'ann@a.com' }, U0B: { email: 'bo@b.com' } },
    botChannels: [],
    oauth: {
      clientId: '111.222',
      clientSecret: 'client-secret',
      codes: {
        'code-a': { teamId: 'T0A', teamName: 'Team A', botToken: TOKEN_A, userId: 'U0A' },
        'code-b': { teamId: 'T0B', teamName: 'Team B', botToken: TOKEN_B, userId: 'U0B' },
      },
    },
  });
  await double.start();
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  ctx = await createTestApp({
    now: () => NOW,
    slack: {
      signingSecret: SECRET,
      apiUrl: double.apiUrl,
      single: null,
      encryptionKey: KEY,
      once: redisOnceStore(redis, `uptake:test:${randomUUID()}:`),
      oauth: { clientId: '111.222', clientSecret: 'client-secret' },
    },
  });
  orgA = await ctx.createOrg('a');
  orgB = await ctx.createOrg('b');
  const id = randomUUID();
  await ingest(ctx, orgA.ingestKey, [
    { id: `${id}-p`, occurredAt: '2026-11-19T10:00:00Z', tool: 'cursor', kind: 'user_prompt', email: 'ann@a.com', sessionId: id },
  ]);
  await rollup(ctx, orgA.orgId);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  redis?.disconnect();
  await double?.stop();
});

async function installLink(adminKey: string): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/slack/install-link', headers: { authorization: `Bearer ${adminKey}`, host: 'uptake.test' } });
  expect(res.statusCode, res.body).toBe(200);
  return new URL(res.json<{ url: string }>().url).searchParams.get('state')!;
}

async function install(adminKey: string, code: string) {
  const state = await installLink(adminKey);
  const start = await ctx.app.inject({ method: 'GET', url: `/slack/install?state=${encodeURIComponent(state)}`, headers: { host: 'uptake.test' } });
  expect(start.statusCode).toBe(302);
  const consent = new URL(start.headers.location as string);
  expect(`${consent.origin}${consent.pathname}`).toBe(`${double.url}/oauth/v2/authorize`);
  expect(consent.searchParams.get('client_id')).toBe('111.222');
  expect(consent.searchParams.get('scope')?.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'files:write', 'users:read.email']));
  expect(consent.searchParams.get('redirect_uri')).toBe('http://uptake.test/slack/oauth_redirect');
  return ctx.app.inject({ method: 'GET', url: `/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(consent.searchParams.get('state')!)}`, headers: { host: 'uptake.test' } });
}

async function ask(team: string, user: string, text: string) {
  const responseUrl = double.responseUrl();
  const body = slashCommandBody({ team, channel: 'C0X', user, text, responseUrl });
  const res = await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, NOW_S) });
  expect(res.statusCode).toBe(200);
  await ctx.app.slackIdle();
  return double.responses.filter((r) => r.id === responseUrl.split('/').pop()).map((r) => r.body);
}

describe('Slack OAuth v2 install', () => {
  it('needs an admin key for an install link and refuses forged or expired states', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/slack/install-link', headers: { authorization: `Bearer ${orgA.readKey}` } })).statusCode).toBe(403);
    const state = await installLink(orgA.adminKey);
    const [payload] = state.split('.');
    const forged = `${Buffer.from(JSON.stringify({ o: orgB.orgId, e: NOW.getTime() + 1e6, n: 'x' })).toString('base64url')}.${state.split('.')[1]}`;
    for (const bad of [forged, `${payload}.AAAA`, 'nonsense', '']) {
      expect((await ctx.app.inject({ method: 'GET', url: `/slack/install?state=${encodeURIComponent(bad)}` })).statusCode).toBe(400);
      expect((await ctx.app.inject({ method: 'GET', url: `/slack/oauth_redirect?code=code-a&state=${encodeURIComponent(bad)}` })).statusCode).toBe(400);
    }
    expect((await ctx.app.inject({ method: 'GET', url: `/slack/oauth_redirect?error=access_denied&state=${encodeURIComponent(state)}` })).statusCode).toBe(400);
  });

  it('stores each workspace encrypted under its org and answers each with its own org\'s data only', async () => {
    expect((await install(orgA.adminKey, 'code-a')).statusCode).toBe(200);
    expect((await install(orgB.adminKey, 'code-b')).statusCode).toBe(200);
    expect((await install(orgB.adminKey, 'code-b')).statusCode).toBe(400); // a code works once
    const rows = await sql<{ org_id: string; team_id: string; sealed: Buffer }>`SELECT org_id, team_id, bot_token_encrypted AS sealed FROM slack_installations ORDER BY team_id`.execute(ctx.db);
    expect(rows.rows.map((r) => [r.team_id, r.org_id])).toEqual([['T0A', orgA.orgId], ['T0B', orgB.orgId]]);
    for (const row of rows.rows) {
      expect(row.sealed.includes(Buffer.from('xoxb-'))).toBe(false);
      expect(row.sealed.length).toBeGreaterThan(TOKEN_A.length);
    }

    const [a] = await ask('T0A', 'U0A', 'usage 7d');
    expect(JSON.stringify(a)).toContain('*Active users*\\n1');
    const [b] = await ask('T0B', 'U0B', 'usage 7d');
    expect(JSON.stringify(b)).toContain('*Active users*\\n0');
    expect(JSON.stringify(b)).toContain('No data yet');
    const tokensUsed = new Set(double.calls.filter((c) => c.method === 'users.info').map((c) => `${c.args.user}:${c.token}`));
    expect(tokensUsed).toEqual(new Set([`U0A:${TOKEN_A}`, `U0B:${TOKEN_B}`]));
  });

  it('tells an unknown workspace it is not connected, and forgets a workspace that uninstalls', async () => {
    expect(await ask('T0NOBODY', 'U0A', 'usage')).toEqual([{ response_type: 'ephemeral', text: NOT_CONNECTED }]);
    const event = JSON.stringify({ token: 'x', team_id: 'T0B', api_app_id: 'A0UPTAKE', type: 'event_callback', event_id: 'Ev0UNINSTALL', event_time: NOW_S, event: { type: 'app_uninstalled' } });
    const res = await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: event, headers: signedHeaders(SECRET, event, NOW_S, 'application/json') });
    expect(res.statusCode).toBe(200);
    await ctx.app.slackIdle();
    const left = await sql<{ team_id: string }>`SELECT team_id FROM slack_installations`.execute(ctx.db);
    expect(left.rows.map((r) => r.team_id)).toEqual(['T0A']);
    expect(await ask('T0B', 'U0B', 'usage')).toEqual([{ response_type: 'ephemeral', text: NOT_CONNECTED }]);
  });
});
