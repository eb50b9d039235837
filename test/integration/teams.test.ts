import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allowViewer } from '../../src/adapters/postgres/chat-viewer-store.ts';
import { createOrg } from '../../src/adapters/postgres/org-store.ts';
import { listTeamsConversations } from '../../src/adapters/postgres/teams-conversation-store.ts';
import { linkTenant } from '../../src/adapters/postgres/teams-tenant-store.ts';
import { CSV_OFFERED, SENT_PRIVATELY, TENANT_NOT_CONNECTED } from '../../src/adapters/teams/teams-bot.ts';
import { answerCommand } from '../../src/app/answer-command.ts';
import { NOT_ALLOWED_NOTE } from '../../src/app/chat-report-request.ts';
import { BotConnectorDouble, cardOf, type ConnectorCall, type TeamsUser } from '../support/bot-connector-double.ts';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { isPng } from '../support/slack-double.ts';
import { activity, BOT, cardAction, message, newConversationId, type Conversation } from '../support/teams-activities.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { postgresReportReader } from '../../src/adapters/postgres/report-reader.ts';

// The real botbuilder CloudAdapter inside the real Fastify server, on a real Postgres, against a local Bot Framework
// double (test/support/bot-connector-double.ts) that signs the activities (botbuilder validates the JWTs) and
// receives the replies. Expected numbers are worked out by hand from the events in test/support/chat-dataset.ts.

const APP_ID = randomUUID();
const APP_PASSWORD = 'test-app-password';
const TENANT = randomUUID();
const OTHER_TENANT = randomUUID();
const UNLINKED_TENANT = randomUUID();
const PUBLIC_URL = 'https://uptake.example.test';
const ORG_ID = randomUUID();

const ann: TeamsUser = { id: '29:ann', aadObjectId: randomUUID(), name: 'Ann Lee', email: 'Ann@Acme.com' }; // allowed
const bob: TeamsUser = { id: '29:bob', aadObjectId: randomUUID(), name: 'Bob Stone', email: 'bob@acme.com' };
const oz: TeamsUser = { id: '29:oz', aadObjectId: randomUUID(), name: 'Oz Other', email: 'oz@other.com' };

const bobChat: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId: TENANT };
const annChat: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId: TENANT };
const general: Conversation = { id: newConversationId('channel'), type: 'channel', tenantId: TENANT, teamId: '19:team-acme@thread.tacv2' };
const otherChat: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId: OTHER_TENANT };

let ctx: TestContext;
let double: BotConnectorDouble;
let otherOrgId: string;

beforeAll(async () => {
  double = new BotConnectorDouble({ appId: APP_ID, appPassword: APP_PASSWORD, users: [ann, bob, oz] });
  await double.start();
  ctx = await createTestApp({
    now: () => CHAT_NOW,
    chartLinks: { secret: Buffer.alloc(32, 7), publicUrl: PUBLIC_URL, ttlSeconds: 3600 },
    teams: {
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      appTenantId: null,
      orgId: null,
      dev: false,
      serviceUrls: [double.serviceUrl],
      endpoints: double.endpoints,
      credentials: double.credentials(),
    },
  });
  await seedChatOrg(ctx, ORG_ID);
  await linkTenant(ctx.db, ORG_ID, TENANT);
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: ann.aadObjectId }, 'teams');
  ({ orgId: otherOrgId } = await createOrg(ctx.db, { name: 'other' }));
  await linkTenant(ctx.db, otherOrgId, OTHER_TENANT);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await double?.stop();
});

beforeEach(async () => {
  await ctx.app.teams!.idle();
});

async function send(body: Record<string, unknown>, token: string | null = double.sign(String(body.serviceUrl))) {
  const started = performance.now();
  const res = await ctx.app.inject({ method: 'POST', url: '/api/messages', payload: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ms = performance.now() - started;
  await ctx.app.teams!.idle();
  return { res, ms };
}

type Element = { type: string; text?: string; facts?: Array<{ title: string; value: string }>; url?: string; id?: string; isSubtle?: boolean; choices?: unknown[] };
const bodyOf = (call: ConnectorCall | undefined) => ((cardOf(call)?.body as Element[] | undefined) ?? []);
const titleOf = (call: ConnectorCall | undefined) => bodyOf(call)[0]?.text;
const factsOf = (call: ConnectorCall | undefined) => bodyOf(call).flatMap((e) => e.facts ?? []).map((f) => `${f.title}: ${f.value}`);
const subtleOf = (call: ConnectorCall | undefined) => bodyOf(call).filter((e) => e.type === 'TextBlock' && e.isSubtle).map((e) => e.text).join(' | ');
const buttonsOf = (call: ConnectorCall | undefined) => ((cardOf(call)?.actions as Array<{ title: string; data: Record<string, unknown> }> | undefined) ?? []);
const last = (conversationId: string) => double.activitiesIn(conversationId).at(-1);

describe('POST /api/messages (Teams)', () => {
  it('answers a personal-chat message with an Adaptive Card: numbers, deltas, freshness, controls and chart links that serve PNGs', async () => {
    const { res, ms } = await send(message(bobChat, bob, double.serviceUrl, 'ai-adoption last 30d'));
    expect(res.statusCode).toBe(200);
    expect(ms).toBeLessThan(3000);
    const reply = last(bobChat.id);
    expect(reply?.method).toBe('POST');
    expect(titleOf(reply)).toBe('Adoption · last 30 days');
    // active: ann, bob, cat, zed (4) against ann alone (1); licensed 5; adoption 3/5 against 1/5; new: bob, cat, zed against ann
    expect(factsOf(reply)).toEqual(['Active users: 4  ▲ 300%', 'Adoption rate: 60%  ▲ 40 pts · +1 active without a seat', 'Licensed users: 5  no change', 'New users: 3  ▲ 200%']);
    expect(subtleOf(reply)).toContain('22 Oct – 20 Nov 2026 · whole org, all tools');
    expect(subtleOf(reply)).toContain('Data up to 5 min ago · 3 of 5 licensed people reporting');
    expect(buttonsOf(reply).map((b) => b.data.uptake)).toEqual(['view', 'explain', 'csv']); // no Share in a personal chat
    expect(bodyOf(reply).find((e) => e.type === 'Input.ChoiceSet')?.choices?.length).toBeGreaterThan(3);
    expect(JSON.stringify(reply?.body).length).toBeLessThan(28 * 1024);
    const images = bodyOf(reply).filter((e) => e.type === 'Image').map((e) => e.url!);
    expect(images).toHaveLength(2);
    for (const url of images) {
      expect(url.startsWith(`${PUBLIC_URL}/c/`)).toBe(true);
      const png = await ctx.app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
      expect(png.statusCode, url).toBe(200);
      expect(isPng(png.rawPayload)).toBe(true);
    }
    // the bot authenticated every Connector call with a token from the login endpoint
    expect(double.unauthorized).toBe(0);
    expect(double.tokenRequests.every((r) => r.client_id === APP_ID && r.scope === 'https://api.botframework.com/.default')).toBe(true);
  });

  it('updates the card in place when a view is picked', async () => {
    await send(message(bobChat, bob, double.serviceUrl, 'last 30d'));
    const card = last(bobChat.id)!;
    await send(cardAction(bobChat, bob, double.serviceUrl, card.activityId!, { uptake: 'view', uptakeView: 'usage 30d' }));
    const update = last(bobChat.id);
    expect(update?.method).toBe('PUT');
    expect(update?.activityId).toBe(card.activityId);
    expect(titleOf(update)).toBe('Usage · last 30 days');
    // sessions: ann 2, bob 2, cat 1, zed 1 = 6 against 1; tokens 4000 + 8000 + 4000 + 10000 = 26k against 1000
    expect(factsOf(update)).toEqual(['Active users: 4  ▲ 300%', 'Sessions: 6  ▲ 500%', 'Sessions per user: 1.5  ▲ 50%', 'Tokens: 26k  ▲ 2500%', 'Tokens per session: 4.3k  ▲ 333%']);
  });

  it('answers an @mention in a channel in place for an org view, with a Share button', async () => {
    const before = double.activitiesIn(general.id).length;
    await send(message(general, bob, double.serviceUrl, 'usage 30d'));
    const posted = double.activitiesIn(general.id).slice(before);
    expect(posted).toHaveLength(1);
    expect(titleOf(posted[0])).toBe('Usage · last 30 days');
    expect(buttonsOf(posted[0]).map((b) => b.data.uptake)).toContain('share');
  });

  it('answers in the thread it was asked in, and remembers the channel itself', async () => {
    const thread: Conversation = { ...general, id: `${general.id};messageid=1700000000001` };
    await send(message(thread, bob, double.serviceUrl, 'models 30d'));
    const reply = double.activitiesIn(thread.id).at(-1);
    expect(titleOf(reply)).toBe('Models · last 30 days');
    expect((await listTeamsConversations(ctx.db, ORG_ID)).map((c) => c.conversationId)).not.toContain(thread.id);
  });

  it('sends per-person answers asked in a channel to the asker\'s personal chat, and only a note to the channel', async () => {
    const before = double.activitiesIn(general.id).length;
    await send(message(general, ann, double.serviceUrl, '/ai-adoption leaderboard users'));
    const inChannel = double.activitiesIn(general.id).slice(before);
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]!.body?.text).toBe(`Ann Lee: ${SENT_PRIVATELY}`);
    expect(JSON.stringify(inChannel)).not.toMatch(/acme\.com/);
    const created = double.calls.filter((c) => c.path === '/v3/conversations').at(-1)!;
    expect(created.body).toMatchObject({ isGroup: false, members: [{ id: ann.id }], tenantId: TENANT });
    const privately = last(created.conversationId);
    expect(titleOf(privately)).toBe('Leaderboard · last 30 days');
    expect(subtleOf(privately)).toContain('per person');
  });

  it('gives a person without permission the org view and a note; `me` is the asker\'s own numbers by their Teams email', async () => {
    await send(message(bobChat, bob, double.serviceUrl, 'leaderboard users'));
    const org = last(bobChat.id);
    expect(subtleOf(org)).toContain('whole org');
    expect(bodyOf(org).map((e) => e.text).join(' ')).toContain(NOT_ALLOWED_NOTE.replace(/\[/g, '('));
    expect(JSON.stringify(org?.body)).not.toMatch(/ann@acme|cat@acme|zed@acme/);
    await send(message(annChat, ann, double.serviceUrl, 'me'));
    const mine = last(annChat.id);
    expect(titleOf(mine)).toBe('Your usage · last 30 days');
    // ann: 2 sessions of 2000 tokens in the period, 1 session of 1000 before
    expect(factsOf(mine)).toEqual(['Your sessions: 2  ▲ 100%', 'Your tokens: 4k  ▲ 300%', 'Tokens per session: 2k  ▲ 100%']);
  });

  it('resolves an @mention of a person to their email for an allowed asker', async () => {
    await send(message(annChat, ann, double.serviceUrl, 'usage <at>Bob Stone</at>', [bob]));
    const reply = last(annChat.id);
    // bob: sessions of 5000 and 3000 tokens in the period, none before
    expect(factsOf(reply)).toEqual(['Active users: 1  new', 'Sessions: 2  new', 'Sessions per user: 2', 'Tokens: 8k  new', 'Tokens per session: 4k']);
    expect(subtleOf(reply)).toContain('person: bob@acme.com');
  });

  it('CSV: offers the file in the presser\'s personal chat, and on "Allow" uploads it with the presser\'s permissions', async () => {
    const consentIn = (chat: string) => double.activitiesIn(chat).map((c) => (c.body?.attachments as Array<Record<string, any>> | undefined)?.[0]).filter((a) => a?.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    const allow = async (chat: Conversation, who: TeamsUser, consent: Record<string, any>, id: string) => {
      const uploadInfo = { name: consent.name, uploadUrl: double.uploadUrl(id), contentUrl: `https://acme-my.sharepoint.com/${id}.csv`, uniqueId: id, fileType: 'csv' };
      const invoke = activity(chat, who, double.serviceUrl, { type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo } });
      const { res } = await send(invoke);
      expect(res.statusCode).toBe(200);
      return double.uploads.get(id)?.bytes.toString('utf8') ?? '';
    };

    // bob, not allowed, presses CSV under a per-person leaderboard in the channel: a note there, the offer in his chat
    for (const [chat, who] of [[bobChat, bob], [annChat, ann]] as const) await send(message(chat, who, double.serviceUrl, 'help')); // their chats are known
    const before = double.activitiesIn(general.id).length;
    await send(cardAction(general, bob, double.serviceUrl, 'card-1', { uptake: 'csv', command: 'leaderboard 30d users' }));
    expect(double.activitiesIn(general.id).slice(before).map((c) => c.body?.text)).toEqual([`Bob Stone: ${CSV_OFFERED}`]);
    const offer = consentIn(bobChat.id).at(-1)!;
    expect(offer.name).toBe('uptake-leaderboard-all-2026-10-22-2026-11-20.csv');
    expect(offer.content.acceptContext).toEqual({ uptake: 'csv', command: 'leaderboard 30d users' });
    const bobs = await allow(bobChat, bob, offer, 'bob-1');
    const [header, ...rows] = bobs.trimEnd().split('\r\n');
    expect(header!.startsWith('table,metric,value,previous,change')).toBe(true);
    // sessions in the last 30 days: ann 2, bob 2, cat 1, zed 1; the org view for bob, so nobody is named
    expect(rows.find((r) => r.startsWith('summary,totalSessions,'))).toBe('summary,totalSessions,6,1,5' + ','.repeat(header!.split(',').length - 5));
    expect(bobs).not.toMatch(/@acme\.com/);
    const shown = double.activitiesIn(bobChat.id).at(-1)!;
    expect((shown.body?.attachments as Array<Record<string, any>>)[0]).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', contentUrl: 'https://acme-my.sharepoint.com/bob-1.csv', content: { uniqueId: 'bob-1', fileType: 'csv' } });

    // ann, allowed, in her personal chat: the offer right there, and the file names people
    await send(cardAction(annChat, ann, double.serviceUrl, 'card-2', { uptake: 'csv', command: 'leaderboard 30d users' }));
    const anns = await allow(annChat, ann, consentIn(annChat.id).at(-1)!, 'ann-1');
    expect(anns).toMatch(/^topBySessions,.*ann@acme\.com/m);

    // "Decline": nothing uploaded
    const decline = activity(annChat, ann, double.serviceUrl, { type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action: 'decline', context: { uptake: 'csv', command: 'usage 30d' } } });
    expect((await send(decline)).res.statusCode).toBe(200);
    expect(last(annChat.id)?.body?.text).toBe('No file sent.');
    expect(double.uploads.size).toBe(2);
  });

  it('sends proactively through a stored conversation reference', async () => {
    const answer = await answerCommand({ reader: postgresReportReader(ctx.db) }, 'adoption 7d', { orgId: ORG_ID, email: null, mayViewPeople: false }, CHAT_NOW);
    const sent = await ctx.app.teams!.platform.post(ORG_ID, { kind: 'conversation', conversationId: general.id }, { answer, interactive: false, note: 'Weekly digest' });
    const arrived = last(general.id);
    expect(arrived?.activityId).toBe(sent.messageId);
    expect(titleOf(arrived)).toBe('Adoption · last 7 days');
    expect(buttonsOf(arrived)).toEqual([]);
    const conversations = await ctx.app.teams!.platform.conversations(ORG_ID);
    expect(conversations.map((c) => c.conversationId)).toEqual(expect.arrayContaining([bobChat.id, annChat.id, general.id]));
  });

  it('refuses unsigned, wrongly signed, expired and wrong-audience activities with 401 and sends nothing', async () => {
    const calls = double.calls.length;
    const body = message(bobChat, bob, double.serviceUrl, 'last 30d');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    for (const token of [null, 'not-a-jwt', double.sign(double.serviceUrl, { key: stranger }), double.sign(double.serviceUrl, { audience: 'someone-else' }), double.sign(double.serviceUrl, { expiresIn: -3600 }), double.sign('https://elsewhere.example/')]) {
      const { res } = await send(body, token);
      expect(res.statusCode, String(token).slice(0, 20)).toBe(401);
    }
    expect(double.calls.length).toBe(calls);
  });

  it('makes no outbound call at all for an activity whose serviceUrl is not on the allow-list', async () => {
    let hits = 0;
    const trap: Server = createServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/`;
    const calls = double.calls.length;
    const { res } = await send(message(bobChat, bob, trapUrl, 'last 30d'));
    expect(res.statusCode).toBe(200);
    await new Promise<void>((resolve) => trap.close(() => resolve()));
    expect(hits).toBe(0);
    expect(double.calls.length).toBe(calls);
  });

  it('keeps tenants apart: another org\'s tenant sees only its own org, an unlinked tenant is told it is not connected', async () => {
    await send(message(otherChat, oz, double.serviceUrl, 'last 30d'));
    const other = last(otherChat.id);
    expect(factsOf(other)).toEqual(['Active users: 0  no change', 'Adoption rate: –', 'Licensed users: 0  no change', 'New users: 0  no change']);
    const stored = await listTeamsConversations(ctx.db, otherOrgId);
    expect(stored.map((c) => c.conversationId)).toEqual([otherChat.id]);
    expect((await listTeamsConversations(ctx.db, ORG_ID)).map((c) => c.conversationId)).not.toContain(otherChat.id);
    await expect(ctx.app.teams!.platform.post(otherOrgId, { kind: 'conversation', conversationId: general.id }, { answer: { reply: { kind: 'error', title: 'x', subtitle: '', facts: [], charts: [], context: '', notes: [], body: 'x', actions: [], command: null }, request: null, report: null }, interactive: false })).rejects.toThrow(/No Teams conversation/);

    const lost: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId: UNLINKED_TENANT };
    await send(message(lost, oz, double.serviceUrl, 'last 30d'));
    const answers = double.activitiesIn(lost.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body?.text).toBe(TENANT_NOT_CONNECTED);
  });

  it('stores a conversation when the app is installed and forgets it when it is removed', async () => {
    const team: Conversation = { id: newConversationId('channel'), type: 'channel', tenantId: TENANT, teamId: '19:team-new@thread.tacv2' };
    await send(activity(team, ann, double.serviceUrl, { type: 'conversationUpdate', membersAdded: [BOT] }));
    expect((await listTeamsConversations(ctx.db, ORG_ID)).map((c) => c.conversationId)).toContain(team.id);
    await send(activity(team, ann, double.serviceUrl, { type: 'installationUpdate', action: 'remove' }));
    expect((await listTeamsConversations(ctx.db, ORG_ID)).map((c) => c.conversationId)).not.toContain(team.id);
  });
});

describe('Teams development mode (TEAMS_DEV)', () => {
  let dev: TestContext;
  let emulator: BotConnectorDouble;
  const devOrg = randomUUID();
  const chat: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId: randomUUID() };

  beforeAll(async () => {
    emulator = new BotConnectorDouble({ appId: '', appPassword: '', users: [bob], anonymous: true });
    await emulator.start();
    dev = await createTestApp({ now: () => CHAT_NOW, teams: { appId: null, appPassword: null, appTenantId: null, orgId: devOrg, dev: true, serviceUrls: null } });
    await seedChatOrg(dev, devOrg);
  }, 120_000);

  afterAll(async () => {
    await dev?.close();
    await emulator?.stop();
  });

  const post = async (body: Record<string, unknown>, remoteAddress = '127.0.0.1') => {
    const res = await dev.app.inject({ method: 'POST', url: '/api/messages', payload: body, remoteAddress });
    await dev.app.teams!.idle();
    return res;
  };

  it('answers an unsigned activity from this machine with a loopback serviceUrl (every tenant in TEAMS_ORG_ID)', async () => {
    const res = await post(message(chat, bob, emulator.serviceUrl, 'last 30d'));
    expect(res.statusCode).toBe(200);
    const reply = emulator.activitiesIn(chat.id).at(-1);
    expect(factsOf(reply)).toEqual(['Active users: 4  ▲ 300%', 'Adoption rate: 60%  ▲ 40 pts · +1 active without a seat', 'Licensed users: 5  no change', 'New users: 3  ▲ 200%']);
    // without PUBLIC_URL there are no chart links, and the card says why
    expect(bodyOf(reply).filter((e) => e.type === 'Image')).toEqual([]);
    expect(subtleOf(reply)).toContain('PUBLIC_URL');
  });

  it('refuses other machines, and sends nothing to a service URL off this machine', async () => {
    const calls = emulator.calls.length;
    expect((await post(message(chat, bob, emulator.serviceUrl, 'last 30d'), '10.1.2.3')).statusCode).toBe(403);
    expect((await post(message(chat, bob, 'https://smba.trafficmanager.net/amer/', 'last 30d'))).statusCode).toBe(200);
    expect(emulator.calls.length).toBe(calls);
  });
});
