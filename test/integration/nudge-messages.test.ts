import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { deliver, type DigestDeps } from '../../src/app/send-digests.ts';
import { sendNudges, type NudgeDeps } from '../../src/app/send-nudges.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer } from '../../src/main/container.ts';
import { describeNudgeOutcome } from '../../src/domain/nudges/nudge-message.ts';
import { seedChatOrg } from '../support/chat-dataset.ts';
import { ingest, rollup } from '../support/report-harness.ts';
import { SlackDouble } from '../support/slack-double.ts';
import { blockActionBody, signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { deliveryDepsOf, nudgeDepsOf } from '../support/worker-deps.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// Seat nudges on Slack, end to end: the chat dataset's seats (see nudges.test.ts) with a 10-day idle period, so ann
// (last used 13 days before 23 Nov), cat (29 days) and dan and eve (never) are due. They live in different time
// zones; eve is not in Slack.
const ORG_ID = randomUUID();
const SECRET = 'nudge-signing-secret';
const TOKEN = 'xoxb-nudges';
const PEOPLE = {
  U0ANN: { email: 'ann@acme.com', tz: 'America/New_York' },
  U0CAT: { email: 'cat@acme.com', tz: 'Europe/Berlin' },
  U0DAN: { email: 'dan@acme.com', tz: 'Asia/Tokyo' },
  U0BOSS: { email: 'boss@acme.com', tz: 'UTC' },
};
const SERVER = 'https://uptake.example.test';

let ctx: TestContext;
let slack: SlackDouble;
let now = new Date('2026-11-23T10:00:00Z');
let nudgeDeps: NudgeDeps;
let deliveryDeps: DigestDeps;

beforeAll(async () => {
  slack = new SlackDouble({ tokens: [TOKEN], users: PEOPLE, botChannels: [] });
  await slack.start();
  const chat = { slack: { signingSecret: SECRET, apiUrl: slack.apiUrl, single: { botToken: TOKEN, orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() }, chartLinks: { secret: Buffer.alloc(32, 3), publicUrl: SERVER } };
  ctx = await createTestApp({ now: () => now, ...chat });
  await seedChatOrg(ctx, ORG_ID);
  await ctx.db.insertInto('nudge_settings').values({ org_id: ORG_ID, enabled: true, idle_days: 10 }).execute();
  const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => now, ...chat });
  nudgeDeps = nudgeDepsOf(container, () => now);
  deliveryDeps = deliveryDepsOf(container, () => now);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
});

async function deliverAll(): Promise<string[]> {
  const keys = (await sql<{ key: string }>`SELECT delivery_key AS key FROM chat_deliveries WHERE org_id = ${ORG_ID} AND state = 'due'`.execute(ctx.db)).rows.map((r) => r.key);
  for (const key of keys) expect(await deliver(deliveryDeps, ORG_ID, key)).toBe('sent');
  return keys;
}

const dms = (user: string) => [...slack.messages.values()].filter((m) => m.channel === `D${user}`);
const buttonsOf = (message: { blocks: unknown }) =>
  (JSON.parse(String(message.blocks)) as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>).flatMap((b) => (b.type === 'actions' ? b.elements ?? [] : []));

async function press(user: string, label: string): Promise<Record<string, unknown>> {
  const button = buttonsOf(dms(user)[0]!).find((b) => b.text.text === label)!;
  const responseUrl = slack.responseUrl();
  const body = blockActionBody({ team: 'T1', channel: `D${user}`, user, responseUrl, ephemeral: false, action: { type: 'button', action_id: button.action_id, value: button.value } });
  const res = await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(now.getTime() / 1000)) });
  expect(res.statusCode).toBe(200);
  const id = responseUrl.split('/').pop();
  return (await slack.waitFor(() => slack.responses.find((r) => r.id === id))).body;
}

describe('seat nudges on Slack', () => {
  it('go to each idle seat\'s holder once, in their working hours, and list who cannot be found', async () => {
    // Monday 10:00 UTC: 11:00 in Berlin (cat), 05:00 in New York (ann), 19:00 in Tokyo (dan). With two lookups a
    // tick, ann and cat are looked up first (by email), dan and eve at the next tick
    expect(await sendNudges({ ...nudgeDeps, lookupsPerTick: 2 })).toEqual({ nudged: 1, waiting: 1, unreachable: 0, later: 2 });
    expect(slack.callsTo('users.lookupByEmail')).toHaveLength(2);
    expect(await sendNudges(nudgeDeps)).toEqual({ nudged: 0, waiting: 2, unreachable: 1, later: 0 });
    await deliverAll();
    expect(dms('U0CAT')).toHaveLength(1);
    expect(buttonsOf(dms('U0CAT')[0]!).map((b) => b.text.text)).toEqual(['Help me set up', "I don't need this seat", 'Remind me in two weeks', 'Stop these messages']);
    expect(String(dms('U0CAT')[0]!.blocks)).toContain('not been used since 2026-10-25');
    // eve is on the reclaim list now (unreachable), not looked up again
    expect(await sendNudges(nudgeDeps)).toEqual({ nudged: 0, waiting: 2, unreachable: 0, later: 0 });
    expect(await deliverAll()).toEqual([]);

    now = new Date('2026-11-23T15:00:00Z'); // 10:00 in New York
    expect(await sendNudges(nudgeDeps)).toMatchObject({ nudged: 1, waiting: 1 });
    now = new Date('2026-11-24T01:00:00Z'); // Tuesday 10:00 in Tokyo
    expect(await sendNudges(nudgeDeps)).toMatchObject({ nudged: 1, waiting: 0 });
    await deliverAll();
    expect([dms('U0ANN').length, dms('U0CAT').length, dms('U0DAN').length]).toEqual([1, 1, 1]);
    expect(slack.callsTo('users.lookupByEmail')).toHaveLength(4); // each person looked up once, then remembered
  });

  it('record each answer and update the message in place', async () => {
    const help = await press('U0CAT', 'Help me set up');
    expect(help.replace_original).toBe(true);
    expect(JSON.stringify(help.blocks)).toContain(`npm install -g ${SERVER}/cli/uptake-cli.tgz`);
    expect(buttonsOf({ blocks: JSON.stringify(help.blocks) })).toEqual([]);
    await press('U0CAT', "I don't need this seat");
    expect(JSON.stringify((await press('U0ANN', 'Remind me in two weeks')).blocks)).toContain('no reminder for two weeks');
    await press('U0DAN', 'Stop these messages');

    const people = (await sql<{ email: string; snoozed: string | null; opted_out: boolean }>`
      SELECT email, snoozed_until::text AS snoozed, opted_out_at IS NOT NULL AS opted_out FROM nudge_people WHERE org_id = ${ORG_ID} ORDER BY email`.execute(ctx.db)).rows;
    expect(people.find((p) => p.email === 'ann@acme.com')).toMatchObject({ snoozed: '2026-12-08', opted_out: false }); // 24 Nov + 14 days
    expect(people.find((p) => p.email === 'dan@acme.com')).toMatchObject({ opted_out: true });
    const answers = (await sql<{ email: string; answer: string }>`SELECT email, answer FROM nudges WHERE org_id = ${ORG_ID} ORDER BY email`.execute(ctx.db)).rows;
    expect(answers).toEqual([
      { email: 'ann@acme.com', answer: 'snooze' },
      { email: 'cat@acme.com', answer: 'release' },
      { email: 'dan@acme.com', answer: 'stop' },
    ]);

    // ann used Claude Code again on 2 Dec, within 14 days of her nudge on 23 Nov; dan used it 15 days after his
    now = new Date('2026-12-10T10:00:00Z');
    const key = await ctx.createKey(ORG_ID, ['ingest']);
    await ingest(ctx, key, [
      { id: 'ann-back', occurredAt: '2026-12-02T10:00:00Z', tool: 'claude-code', kind: 'user_prompt', email: 'ann@acme.com', sessionId: 'ann-back' },
      { id: 'dan-late', occurredAt: '2026-12-09T10:00:00Z', tool: 'claude-code', kind: 'user_prompt', email: 'dan@acme.com', sessionId: 'dan-late' },
    ]);
    await rollup(ctx, ORG_ID);
    const outcome = await nudgeDeps.nudges.outcome(ORG_ID, '2026-11-23', '2026-11-29');
    expect(outcome).toEqual({ sent: 3, activeAgain: 1, released: 1, releasedMonthlyUsd: 20 });
    expect(describeNudgeOutcome(outcome)).toBe('Seat nudges: 3 sent, 1 person active again within 14 days, 1 seat offered back ($20 a month)');
    expect(await nudgeDeps.nudges.outcome(ORG_ID, '2026-11-25', '2026-11-29')).toMatchObject({ sent: 0 });
  });

  it('put offered-back and unreachable seats on the reclaim list, and never nudge an opted-out person again', async () => {
    const adminKey = await ctx.createKey(ORG_ID, ['admin']);
    const reclaim = (await ctx.app.inject({ method: 'GET', url: '/api/v1/seats/reclaim', headers: { authorization: `Bearer ${adminKey}` } })).json();
    expect(reclaim.seats.map((s: { email: string }) => s.email)).toEqual(['cat@acme.com', 'eve@acme.com']);
    now = new Date('2027-01-11T10:00:00Z'); // seven weeks later, a Monday: past every interval and snooze
    await sendNudges(nudgeDeps);
    await deliverAll();
    expect(dms('U0DAN')).toHaveLength(1);
    expect(dms('U0ANN')).toHaveLength(1); // 10:00 UTC is 05:00 in New York: waits
  });
});

/** `/ai-adoption <text>` typed in #general by a user; the ephemeral answer through the response_url. */
async function ask(user: string, text: string): Promise<{ body: Record<string, unknown>; text: string }> {
  const responseUrl = slack.responseUrl();
  const body = slashCommandBody({ team: 'T1', channel: 'C0GENERAL', user, text, responseUrl });
  const res = await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(now.getTime() / 1000)) });
  expect(res.statusCode).toBe(200);
  const id = responseUrl.split('/').pop();
  const answer = (await slack.waitFor(() => slack.responses.find((r) => r.id === id))).body;
  return { body: answer, text: JSON.stringify(answer.blocks ?? answer.text) };
}

describe('seat nudges from chat', () => {
  it('let only allow-listed people turn them on or off, preview them and read the reclaim list, privately', async () => {
    await sql`INSERT INTO chat_viewers (org_id, platform, subject_kind, subject_id) VALUES (${ORG_ID}, 'slack', 'user', 'U0BOSS')`.execute(ctx.db);
    const messagesBefore = slack.messages.size;
    for (const text of ['nudges off', 'nudges preview', 'seats']) {
      const refused = await ask('U0CAT', text);
      expect(refused.text).toContain('Only the people your Uptake admin allowed');
      expect(refused.text).not.toContain('eve@acme.com');
    }
    expect((await ask('U0CAT', 'nudges')).text).toContain('Seat nudges are on');

    const seats = await ask('U0BOSS', 'seats');
    expect(seats.body.response_type).toBe('ephemeral');
    // cat offered hers back; eve and (since the nudges of 11 Jan) bob are not in Slack; $20 a seat
    expect(seats.text).toContain('Seats to reclaim: 3, $60 a month');
    expect(seats.text).toContain('cat (cat@acme.com) · claude-code pro · last used 2026-10-25 · $20 a month · offered back by its holder');
    for (const email of ['bob@acme.com', 'eve@acme.com']) expect(seats.text).toContain(`(${email}) · claude-code pro`);

    expect((await ask('U0BOSS', 'nudges off')).text).toContain('Seat nudges are off');
    expect((await sql<{ enabled: boolean }>`SELECT enabled FROM nudge_settings WHERE org_id = ${ORG_ID}`.execute(ctx.db)).rows[0]!.enabled).toBe(false);
    const preview = await ask('U0BOSS', 'nudges preview');
    expect(preview.text).toContain('nudges are off until');
    expect((await ask('U0BOSS', 'nudges on idle:7d')).text).toContain('seats unused for 7 days');
    expect((await sql<{ enabled: boolean; idle_days: number }>`SELECT enabled, idle_days FROM nudge_settings WHERE org_id = ${ORG_ID}`.execute(ctx.db)).rows[0]).toEqual({ enabled: true, idle_days: 7 });
    expect((await ask('U0BOSS', 'nudges on idle:900d')).text).toContain('from 1 to 365');
    // ann's nudge waits for New York's working hours (05:00 there); dan opted out, cat gave hers back
    const due = await ask('U0BOSS', 'nudges preview');
    expect(due.text).toContain('who would get one now (1)');
    expect(due.text).toContain('ann (ann@acme.com) · claude-code pro · last used 2026-12-02 · $20 a month · not used for 40 days'); // 2 Dec to 11 Jan
    expect(due.text).toContain('Nothing was sent');
    expect(slack.messages.size).toBe(messagesBefore); // all of it in answers only the asker sees: nothing posted, no DM sent
  });

  it('show what the nudges achieved beside the value view, in chat and in the API', async () => {
    const value = await ask('U0BOSS', 'value 2026-11-23..2026-11-29');
    expect(value.text).toContain('Seat nudges: 3 sent, 1 person active again within 14 days, 1 seat offered back ($20 a month)');
    expect((await ask('U0BOSS', 'value 2026-11-23..2026-11-29 team:Platform')).text).not.toContain('Seat nudges:');
    const key = await ctx.createKey(ORG_ID, ['read']);
    const report = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/value?from=2026-11-23&to=2026-11-29', headers: { authorization: `Bearer ${key}` } })).json();
    expect(report.nudges).toEqual({ sent: 3, activeAgain: 1, released: 1, releasedMonthlyUsd: 20 });
    const usage = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/usage?from=2026-11-23&to=2026-11-29', headers: { authorization: `Bearer ${key}` } })).json();
    expect(usage).not.toHaveProperty('nudges');
  });
});
