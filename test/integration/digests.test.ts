import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowViewer } from '../../src/adapters/postgres/chat-viewer-store.ts';
import { linkTenant } from '../../src/adapters/postgres/teams-tenant-store.ts';
import { createRollupQueue, type RollupQueue } from '../../src/adapters/queue/rollup-queue.ts';
import type { RunningWorkers } from '../../src/adapters/queue/workers.ts';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { deliver, queueDueDigests, ROLLUP_WAIT_MS, type DigestDeps } from '../../src/app/send-digests.ts';
import { startBackgroundWorkers } from '../../src/main/background.ts';
import { buildContainer, type ContainerInput } from '../../src/main/container.ts';
import { BotConnectorDouble, cardOf } from '../support/bot-connector-double.ts';
import { seedChatOrg } from '../support/chat-dataset.ts';
import { isPng, SlackDouble } from '../support/slack-double.ts';
import { signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { message, newConversationId, type Conversation } from '../support/teams-activities.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// Digests end to end: created from chat on Slack and Teams, turned into deliveries by the real BullMQ tick on the
// real Redis, posted through the chat port to the Slack and Bot Connector doubles, once. Numbers by hand from
// test/support/chat-dataset.ts: the week 16–22 Nov 2026 has bob active (20 Nov); the week before ann (10 Nov) and
// bob (15 Nov).

const NOW = new Date('2026-11-23T09:00:30Z'); // Monday, 30 s after a weekly Monday 09:00 UTC digest is due
const MONDAY_RUN = '2026-11-23T09:00:00Z';
const ORG_ID = randomUUID();
const SECRET = 'digest-signing-secret';
const TOKEN = 'xoxb-digests';
const APP_ID = randomUUID();
const TENANT = randomUUID();
const LEAD = 'U0LEAD';
const MEMBER = 'U0BOB';
const CHANNEL = 'C0DIGEST';
const GONE = 'C0GONE';
const ann = { id: '29:ann', aadObjectId: randomUUID(), name: 'Ann', email: 'ann@acme.com' };
const general: Conversation = { id: newConversationId('channel'), type: 'channel', tenantId: TENANT, teamId: '19:team@thread.tacv2' };

let ctx: TestContext;
let slack: SlackDouble;
let teams: BotConnectorDouble;
let queue: RollupQueue;
let workers: RunningWorkers | null = null;

const chat = (): Pick<ContainerInput, 'slack' | 'teams'> => ({
  slack: { signingSecret: SECRET, apiUrl: slack.apiUrl, single: { botToken: TOKEN, orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() },
  teams: { appId: APP_ID, appPassword: 'pw', appTenantId: null, orgId: null, dev: false, serviceUrls: [teams.serviceUrl], endpoints: teams.endpoints, credentials: teams.credentials() },
});

beforeAll(async () => {
  slack = new SlackDouble({ tokens: [TOKEN], users: { [LEAD]: { email: 'ann@acme.com' }, [MEMBER]: { email: 'bob@acme.com' } }, botChannels: [CHANNEL, 'C0LATE'] });
  teams = new BotConnectorDouble({ appId: APP_ID, appPassword: 'pw', users: [ann] });
  await Promise.all([slack.start(), teams.start()]);
  ctx = await createTestApp({ now: () => NOW, chartLinks: { secret: Buffer.alloc(32, 5), publicUrl: 'https://uptake.example.test', ttlSeconds: 600 }, ...chat() });
  await seedChatOrg(ctx, ORG_ID);
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: LEAD }, 'slack');
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: ann.aadObjectId }, 'teams');
  await linkTenant(ctx.db, ORG_ID, TENANT);
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await queue?.close();
  await ctx?.close();
  await slack?.stop();
  await teams?.stop();
});

async function slashCommand(user: string, text: string, channel = CHANNEL): Promise<string> {
  const responseUrl = slack.responseUrl();
  const body = slashCommandBody({ team: 'T0ACME', channel, user, text, responseUrl });
  await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(NOW.getTime() / 1000)) });
  await ctx.app.slackIdle();
  return JSON.stringify(slack.responses.find((r) => r.id === responseUrl.split('/').pop())?.body);
}

async function teamsMessage(text: string): Promise<string> {
  await ctx.app.inject({ method: 'POST', url: '/api/messages', payload: message(general, ann, teams.serviceUrl, text), headers: { authorization: `Bearer ${teams.sign(teams.serviceUrl)}` } });
  await ctx.app.teams!.idle();
  return JSON.stringify(teams.activitiesIn(general.id).at(-1)?.body);
}

async function deliveries(): Promise<Array<{ key: string; state: string; platform: string }>> {
  const rows = await sql<{ key: string; state: string; platform: string }>`SELECT delivery_key AS key, state, platform FROM chat_deliveries WHERE org_id = ${ORG_ID} ORDER BY platform`.execute(ctx.db);
  return rows.rows;
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('digests', () => {
  it('are created from chat by allowed people only, in the conversation they were typed in', async () => {
    expect(await slashCommand(MEMBER, 'digest weekly mon 09:00 adoption usage')).toContain('Only the people your Uptake admin allowed');
    expect(await slashCommand(LEAD, 'digest weekly mon 09:00 adoption usage')).toMatch(/Digest [0-9a-f]{8}: weekly on Monday at 09:00 \(UTC\) · adoption, usage\. The first one comes Mon 30 Nov, 09:00/);
    expect(await slashCommand(LEAD, 'digest weekly mon 09:00 adoption', GONE)).toContain('Digest scheduled');
    expect(await teamsMessage('digest weekly monday 09:00 adoption tool:curser')).toContain('Did you mean tool:cursor?');
    expect(await teamsMessage('digest weekly monday 09:00 adoption')).toContain('Digest scheduled');
    expect(await slashCommand(MEMBER, 'digests')).toContain('weekly on Monday at 09:00 (UTC) · adoption, usage · next Mon 30 Nov, 09:00');
  });

  it('are delivered once each when due: on Slack one message carrying its key, numbers, cohorts, alerts and charts; on Teams a placeholder filled in', async () => {
    await sql`UPDATE digest_schedules SET next_run_at = ${MONDAY_RUN}::timestamptz WHERE org_id = ${ORG_ID}`.execute(ctx.db);
    // an alert of the org that is firing (posted elsewhere): every digest of the org lists it
    await sql`INSERT INTO alert_rules (org_id, rule_id, platform, conversation_id, kind, threshold, state, last_detail)
      VALUES (${ORG_ID}, ${randomUUID()}, 'slack', 'CALERTS', 'adoption-below', 60, 'firing', 'adoption 20% (target 60%)')`.execute(ctx.db);
    const prefix = `uptake-digests-${randomBytes(4).toString('hex')}`;
    queue = createRollupQueue(inject('redisUrl'), { debounceMs: 0, prefix });
    const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => NOW, chartLinks: { secret: Buffer.alloc(32, 5), publicUrl: 'https://uptake.example.test' }, ...chat() });
    // a scheduler an older version declared, no longer in the job map: reconciled away at boot
    const chatQueue = new Queue('chat', { connection: { url: inject('redisUrl') }, prefix });
    await chatQueue.upsertJobScheduler('retired-job', { every: 60_000 }, { name: 'retired-job', data: {} });
    workers = await startBackgroundWorkers(container, inject('redisUrl'), queue, { prefix, log: () => {}, digestTickMs: 200, deliveryLeaseMs: 2000 });
    await until('the job schedulers reconciled', async () => {
      const keys = (await chatQueue.getJobSchedulers()).map((j) => j.key);
      return keys.includes('digest-tick') && !keys.includes('retired-job');
    });
    await chatQueue.close();
    await until('three deliveries finished', async () => (await deliveries()).filter((d) => d.state !== 'due' && d.state !== 'sending').length === 3);
    const done = await deliveries();
    expect(done.map((d) => d.state).sort()).toEqual(['failed', 'sent', 'sent']);

    const slackKey = done.find((d) => d.platform === 'slack' && d.state === 'sent')!.key;
    expect(slackKey).toMatch(/^digest:[0-9a-f-]{36}:2026-11-16\.\.2026-11-22$/);
    const posted = [...slack.messages.values()].filter((m) => m.channel === CHANNEL && (m.metadata as { event_payload?: { delivery_key?: string } } | null)?.event_payload?.delivery_key === slackKey);
    expect(posted).toHaveLength(1);
    const blocks = String(posted[0]!.blocks);
    expect(blocks).toContain('Weekly AI adoption digest');
    expect(blocks).toContain('*Active users*\\n1  ▼ 50%'); // bob, against ann and bob
    expect(blocks).toContain('*Adoption rate*\\n20%  ▼ 20 pts'); // 1 of 5 licensed, against 2 of 5
    expect(blocks).toContain('*Tokens*\\n3k  ▼ 57%'); // bob's 3000, against ann's 2000 and bob's 5000
    // the charts are in the message itself: image blocks showing files uploaded to the workspace before the post
    const images = (JSON.parse(String(posted[0]!.blocks)) as Array<{ type: string; slack_file?: { id: string } }>).filter((b) => b.type === 'image');
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThanOrEqual(4);
    for (const image of images) expect(isPng(slack.uploads.get(image.slack_file!.id)?.bytes ?? null)).toBe(true);
    // bob was active in both weeks, ann only in the week before; nobody's first activity falls in the week
    expect(blocks).toContain('People: 0 new · 1 retained · 0 reactivated · 1 lapsed');
    expect(blocks).toContain('Alerts firing: adoption below 60%: adoption 20% (target 60%)');

    const toTeams = teams.activitiesIn(general.id).filter((c) => c.method === 'PUT' || (c.body?.text === 'Preparing the AI adoption digest…'));
    expect(toTeams.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(toTeams[1]!.activityId).toBe(toTeams[0]!.activityId);
    expect(JSON.stringify(cardOf(toTeams[1]))).toContain('"title":"Active users","value":"1  ▼ 50%"');

    // more ticks: nothing is sent again
    const before = { slack: slack.calls.length, teams: teams.calls.length };
    await new Promise((r) => setTimeout(r, 1500));
    expect({ slack: slack.calls.length, teams: teams.calls.length }).toEqual(before);
    await workers?.close();
    workers = null;
  });

  it('stop where the bot cannot post, saying why, without holding back the others', async () => {
    const rows = await sql<{ conversation_id: string; disabled_reason: string | null }>`SELECT conversation_id, disabled_reason FROM digest_schedules WHERE org_id = ${ORG_ID}`.execute(ctx.db);
    expect(rows.rows.find((r) => r.conversation_id === GONE)?.disabled_reason).toMatch(/not_in_channel/);
    expect(rows.rows.filter((r) => r.disabled_reason === null)).toHaveLength(2);
  });

  it('are removed with `digest off <id>` by allowed people', async () => {
    const listed = await slashCommand(LEAD, 'digests');
    const id = /([0-9a-f]{8}) · weekly/.exec(listed)![1]!;
    expect(await slashCommand(MEMBER, `digest off ${id}`)).toContain('Only the people');
    expect(await slashCommand(LEAD, `digest off ${id}`)).toContain('will not be posted here again');
    expect(await slashCommand(LEAD, 'digests')).toContain('No digest goes to this conversation');
  });
});

describe('a digest whose period is still being rolled up', () => {
  it('waits for the rollups, and after ROLLUP_WAIT_MS goes out saying the data is late', async () => {
    const channel = 'C0LATE';
    const scheduleId = randomUUID();
    await sql`INSERT INTO digest_schedules (org_id, schedule_id, platform, conversation_id, cadence, at_time, time_zone, views, next_run_at)
      VALUES (${ORG_ID}, ${scheduleId}, 'slack', ${channel}, 'daily', '09:00', 'UTC', ARRAY['usage'], ${MONDAY_RUN}::timestamptz)`.execute(ctx.db);
    // Sunday 22 Nov, the day the daily digest reports, has late data not rolled up yet
    await sql`INSERT INTO rollup_dirty_days (org_id, day) VALUES (${ORG_ID}, '2026-11-22') ON CONFLICT DO NOTHING`.execute(ctx.db);
    let now = NOW;
    const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => now, ...chat() });
    const { stores } = container;
    const deps: DigestDeps = { digests: stores.digests, deliveries: stores.deliveries, alerts: stores.alerts, platforms: container.platforms, reader: container.reader, pendingDays: stores.pendingRollupDays, now: () => now, onError: () => {} };
    const queued: string[] = [];
    await queueDueDigests(deps, async (_org, key) => void queued.push(key));
    const key = queued.find((k) => k.startsWith(`digest:${scheduleId}:`))!;
    expect(key).toBe(`digest:${scheduleId}:2026-11-22..2026-11-22`);
    const posted = () => [...slack.messages.values()].filter((m) => m.channel === channel);

    expect(await deliver(deps, ORG_ID, key)).toBe('waiting');
    now = new Date(Date.parse(MONDAY_RUN) + ROLLUP_WAIT_MS - 1000);
    expect(await deliver(deps, ORG_ID, key)).toBe('waiting');
    expect(posted()).toHaveLength(0);
    now = new Date(Date.parse(MONDAY_RUN) + ROLLUP_WAIT_MS);
    expect(await deliver(deps, ORG_ID, key)).toBe('sent');
    expect(posted()).toHaveLength(1);
    expect(String(posted()[0]!.blocks)).toContain('1 day(s) of this period are still being processed');
    await sql`DELETE FROM rollup_dirty_days WHERE org_id = ${ORG_ID} AND day = '2026-11-22'`.execute(ctx.db);
  });
});

describe('GET/POST/DELETE /api/v1/digests', () => {
  it('lets an org admin manage the org\'s digests, and nobody else', async () => {
    const adminKey = await ctx.createKey(ORG_ID, ['admin']);
    const readKey = await ctx.createKey(ORG_ID, ['read']);
    const other = await ctx.createOrg('other');
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: unknown) =>
      ctx.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

    const created = await call('POST', '/api/v1/digests', adminKey, { platform: 'slack', conversationId: 'C0API', cadence: 'monthly', monthDay: 2, time: '07:30', timeZone: 'Europe/Berlin', views: ['value'], showPeople: true });
    expect(created.statusCode, created.body).toBe(201);
    const digest = created.json().digest as { scheduleId: string; nextRunAt: string; showPeople: boolean };
    // 2 Dec 2026 07:30 in Berlin (CET, UTC+1) is the first run after 23 Nov
    expect(digest).toMatchObject({ cadence: 'monthly', monthDay: 2, time: '07:30', timeZone: 'Europe/Berlin', views: ['value'], showPeople: true, nextRunAt: '2026-12-02T06:30:00.000Z' });

    for (const [payload, message] of [
      [{ platform: 'slack', conversationId: 'C0API', cadence: 'weekly' }, /weekday: is given for weekly digests only, and they need it/],
      [{ platform: 'irc', conversationId: 'x', cadence: 'daily' }, /platform/],
      [{ platform: 'slack', conversationId: 'C0API', cadence: 'daily', filters: 'tool:curser' }, /Did you mean tool:cursor/],
      [{ platform: 'slack', conversationId: 'C0API', cadence: 'daily', filters: 'organization:acme' }, /^Unknown organization "acme": this org has no such organization\. This org has no organizations yet\./],
      [{ platform: 'slack', conversationId: 'C0API', cadence: 'daily', timeZone: 'Mars/Olympus' }, /not a time zone/],
    ] as const) {
      const res = await call('POST', '/api/v1/digests', adminKey, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatch(message);
    }
    expect((await call('GET', '/api/v1/digests', readKey)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/digests', other.adminKey)).json()).toEqual({ digests: [] });
    expect((await call('DELETE', `/api/v1/digests/${digest.scheduleId}`, other.adminKey)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/digests', adminKey)).json().digests.map((d: { scheduleId: string }) => d.scheduleId)).toContain(digest.scheduleId);
    expect((await call('DELETE', `/api/v1/digests/${digest.scheduleId.slice(0, 8)}`, adminKey)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/digests', adminKey)).json().digests.map((d: { scheduleId: string }) => d.scheduleId)).not.toContain(digest.scheduleId);
  });
});
