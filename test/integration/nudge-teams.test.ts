import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTenant } from '../../src/adapters/postgres/teams-tenant-store.ts';
import { SENT_PRIVATELY } from '../../src/adapters/teams/teams-bot.ts';
import { NOT_ALLOWED_TO_MANAGE_NUDGES } from '../../src/app/nudge-commands.ts';
import { PeopleSearchUnavailableError } from '../../src/app/ports.ts';
import { deliver, type DigestDeps } from '../../src/app/send-digests.ts';
import { sendNudges, type NudgeDeps } from '../../src/app/send-nudges.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer, type ContainerInput } from '../../src/main/container.ts';
import { BotConnectorDouble, cardOf } from '../support/bot-connector-double.ts';
import { seedChatOrg } from '../support/chat-dataset.ts';
import { cardAction, message, newConversationId, type Conversation } from '../support/teams-activities.ts';
import { deliveryDepsOf, nudgeDepsOf } from '../support/worker-deps.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// Seat nudges on Teams: people are found through a channel the bot is in (by their user principal name), the
// nudge goes to a one-to-one chat the bot creates, and a button updates the card in place. The chat dataset's
// seats with a 10-day idle period: ann, cat, dan and eve are due; only cat and dan are in Teams.
const ORG_ID = randomUUID();
const APP_ID = randomUUID();
const TENANT = randomUUID();
const cat = { id: '29:cat', aadObjectId: randomUUID(), name: 'Cat', email: 'cat@acme.com' };
const dan = { id: '29:dan', aadObjectId: randomUUID(), name: 'Dan', email: 'dan@acme.com' };
const general: Conversation = { id: newConversationId('channel'), type: 'channel', tenantId: TENANT, teamId: '19:team@thread.tacv2' };
const NOW = new Date('2026-11-23T10:00:00Z'); // Monday 10:00 in the org's zone (UTC)

let ctx: TestContext;
let teams: BotConnectorDouble;
let nudgeDeps: NudgeDeps;
let deliveryDeps: DigestDeps;

const chat = (): Pick<ContainerInput, 'teams' | 'chartLinks'> => ({
  teams: { appId: APP_ID, appPassword: 'pw', appTenantId: null, orgId: null, dev: false, serviceUrls: [teams.serviceUrl], endpoints: teams.endpoints, credentials: teams.credentials() },
  chartLinks: { secret: Buffer.alloc(32, 4), publicUrl: 'https://uptake.example.test' },
});

beforeAll(async () => {
  teams = new BotConnectorDouble({ appId: APP_ID, appPassword: 'pw', users: [cat, dan] });
  await teams.start();
  ctx = await createTestApp({ now: () => NOW, ...chat() });
  await seedChatOrg(ctx, ORG_ID);
  await linkTenant(ctx.db, ORG_ID, TENANT);
  await ctx.db.insertInto('nudge_settings').values({ org_id: ORG_ID, enabled: true, idle_days: 10 }).execute();
  const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => NOW, ...chat() });
  nudgeDeps = nudgeDepsOf(container, () => NOW);
  deliveryDeps = deliveryDepsOf(container, () => NOW);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await teams?.stop();
});

const post = async (payload: Record<string, unknown>) => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/messages', payload, headers: { authorization: `Bearer ${teams.sign(teams.serviceUrl)}` } });
  await ctx.app.teams!.idle();
  return res;
};

describe('seat nudges on Teams', () => {
  it('reach people through a team the bot is in, in a one-to-one chat, and a button updates the card', async () => {
    // before the bot is in any team it cannot look anyone up: nobody is marked unreachable, the next tick tries again
    const errors: unknown[] = [];
    expect(await sendNudges({ ...nudgeDeps, onError: (error) => void errors.push(error) })).toEqual({ nudged: 0, waiting: 0, unreachable: 0, later: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(PeopleSearchUnavailableError);
    expect((await sql`SELECT 1 FROM nudge_people WHERE org_id = ${ORG_ID}`.execute(ctx.db)).rows).toEqual([]);
    // the bot learns its channel when someone talks to it there
    expect((await post(message(general, cat, teams.serviceUrl, 'help'))).statusCode).toBeLessThan(300);
    expect(await sendNudges(nudgeDeps)).toEqual({ nudged: 2, waiting: 0, unreachable: 2, later: 0 });
    const keys = (await sql<{ key: string }>`SELECT delivery_key AS key FROM chat_deliveries WHERE org_id = ${ORG_ID} AND state = 'due'`.execute(ctx.db)).rows.map((r) => r.key);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(await deliver(deliveryDeps, ORG_ID, key)).toBe('sent');

    const created = teams.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(created.map((c) => (c.body?.members as Array<{ id: string }>)[0]!.id).sort()).toEqual([cat.id, dan.id]);
    const danChat = created.find((c) => (c.body?.members as Array<{ id: string }>)[0]!.id === dan.id)!.conversationId;
    const card = teams.calls.find((c) => c.conversationId === danChat && c.method === 'PUT')!;
    const buttons = (cardOf(card)!.actions as Array<{ title: string; data: { uptake: string; command: string } }>);
    expect(buttons.map((b) => b.title)).toEqual(['Help me set up', "I don't need this seat", 'Remind me in two weeks', 'Stop these messages']);

    const stop = buttons.find((b) => b.title === 'Stop these messages')!;
    const personal: Conversation = { id: danChat!, type: 'personal', tenantId: TENANT };
    expect((await post(cardAction(personal, dan, teams.serviceUrl, card.activityId!, stop.data))).statusCode).toBeLessThan(300);
    const updated = teams.calls.filter((c) => c.conversationId === danChat && c.method === 'PUT');
    expect(updated).toHaveLength(2);
    expect(updated[1]!.activityId).toBe(card.activityId);
    expect(JSON.stringify(cardOf(updated[1]))).toContain('will not send you these messages again');
    expect(cardOf(updated[1])!.actions ?? []).toEqual([]);
    const optedOut = await sql<{ email: string }>`SELECT email FROM nudge_people WHERE org_id = ${ORG_ID} AND opted_out_at IS NOT NULL`.execute(ctx.db);
    expect(optedOut.rows.map((r) => r.email)).toEqual(['dan@acme.com']);
  });

  it('answer the reclaim list asked in a channel in the asker\'s personal chat, and refuse it to people not allowed', async () => {
    await sql`INSERT INTO chat_viewers (org_id, platform, subject_kind, subject_id) VALUES (${ORG_ID}, 'teams', 'user', ${cat.aadObjectId})`.execute(ctx.db);
    const before = teams.activitiesIn(general.id).length;
    await post(message(general, dan, teams.serviceUrl, 'seats'));
    await post(message(general, cat, teams.serviceUrl, 'seats'));
    const inChannel = teams.activitiesIn(general.id).slice(before);
    expect(JSON.stringify(inChannel[0]!.body)).toContain(NOT_ALLOWED_TO_MANAGE_NUDGES);
    expect(inChannel[1]!.body?.text).toBe(`Cat: ${SENT_PRIVATELY}`);
    expect(inChannel).toHaveLength(2);
    expect(JSON.stringify(inChannel)).not.toMatch(/acme\.com/);
    // ann and eve could not be found in Teams; $20 a seat
    const list = teams.calls.filter((c) => c.conversationId !== general.id && JSON.stringify(c.body ?? '').includes('Seats to reclaim')).at(-1)!;
    const created = teams.calls.find((c) => c.path === '/v3/conversations' && c.conversationId === list.conversationId)!;
    expect((created.body?.members as Array<{ id: string }>)[0]!.id).toBe(cat.id);
    const text = JSON.stringify(cardOf(list));
    expect(text).toContain('Seats to reclaim: 2, $40 a month');
    for (const email of ['ann@acme.com', 'eve@acme.com']) expect(text).toContain(`(${email}) · claude-code pro`);
  });
});
