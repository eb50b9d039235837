import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { deliver, type DigestDeps } from '../../src/app/send-digests.ts';
import { sendNudges, type NudgeDeps } from '../../src/app/send-nudges.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer } from '../../src/main/container.ts';
import { checkWave, seedWaveOrg, type WaveOrg } from '../support/nudge-wave.ts';
import { SLACK_RATE_TIERS, SlackDouble } from '../support/slack-double.ts';
import { deliveryDepsOf, nudgeDepsOf } from '../support/worker-deps.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// A wave of nudges on Slack (the double with Slack's rate tiers): 300 seats, 60 idle, 4 of those holders unknown
// to Slack, on a Wednesday at 10:00 UTC with everyone in UTC. More people to look up than a tick's one-by-one
// lookups: the tick reads the workspace's directory (users.list) instead, and each DM is posted to the user's id.
const NOW = new Date('2026-12-02T10:00:00Z');
const TOKEN = 'xoxb-wave';

let ctx: TestContext;
let slack: SlackDouble;
let orgId: string;
let wave: WaveOrg;
let nudgeDeps: NudgeDeps;
let deliveryDeps: DigestDeps;

beforeAll(async () => {
  ctx = await createTestApp({ now: () => NOW });
  orgId = (await ctx.createOrg('wave')).orgId;
  await sql`UPDATE orgs SET time_zone = 'UTC' WHERE org_id = ${orgId}`.execute(ctx.db);
  wave = await seedWaveOrg(ctx.db, orgId, { seats: 300, idle: 60, notInSlack: 4, today: '2026-12-02', zones: ['UTC'] });
  slack = new SlackDouble({ tokens: [TOKEN], users: wave.slackUsers, botChannels: [], rateTiers: SLACK_RATE_TIERS });
  await slack.start();
  const container = buildContainer({
    db: ctx.db, log: createLogger('silent'), now: () => NOW,
    slack: { signingSecret: 'wave', apiUrl: slack.apiUrl, single: { botToken: TOKEN, orgId }, encryptionKey: null, once: memoryOnceStore() },
  });
  nudgeDeps = nudgeDepsOf(container, () => NOW);
  deliveryDeps = deliveryDepsOf(container, () => NOW);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
});

describe('a nudge wave on Slack', () => {
  it('reads the directory once instead of looking 60 people up one by one, and lists those it lacks', async () => {
    expect(await sendNudges(nudgeDeps)).toEqual({ nudged: 56, waiting: 0, unreachable: 4, later: 0 });
    expect(slack.callsTo('users.list').length).toBe(2); // 296 people, 200 a page
    expect(slack.callsTo('users.lookupByEmail')).toEqual([]);
    // the next tick knows everyone: no Slack call, nobody nudged twice the same day, the 4 on the reclaim list
    expect(await sendNudges(nudgeDeps)).toEqual({ nudged: 0, waiting: 0, unreachable: 0, later: 0 });
    const reclaim = await sql<{ n: number }>`SELECT count(*)::int AS n FROM nudge_people WHERE org_id = ${orgId} AND unreachable_reason = 'no slack user with this email'`.execute(ctx.db);
    expect(reclaim.rows[0]!.n).toBe(4);
    expect(slack.callsTo('users.list').length).toBe(2);
  });

  it('posts each DM to the user id, without conversations.open, once each', async () => {
    const keys = (await sql<{ key: string }>`SELECT delivery_key AS key FROM chat_deliveries WHERE org_id = ${orgId} AND state = 'due'`.execute(ctx.db)).rows.map((r) => r.key);
    for (const key of keys) expect(await deliver(deliveryDeps, orgId, key)).toBe('sent');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(56);
    expect(posts.every((c) => String(c.args.channel).startsWith('UW'))).toBe(true);
    expect(slack.callsTo('conversations.open')).toEqual([]);
    expect(await checkWave(ctx.db, orgId, wave, slack)).toEqual({
      eligible: 56, deliveredOnce: 56, lost: 0, duplicates: 0, strays: 0, nudgeRows: 56, nudgeRowsSentWithTs: 56, unreachableRecorded: 4,
    });
  });

  it('finds a DM an earlier run posted by its key when a delivery runs again', async () => {
    const { key } = (await sql<{ key: string }>`SELECT delivery_key AS key FROM chat_deliveries WHERE org_id = ${orgId} LIMIT 1`.execute(ctx.db)).rows[0]!;
    // as if the worker died after posting, before marking it sent: the claim expired, the message id unknown
    await sql`UPDATE chat_deliveries SET state = 'due', message_id = NULL, attempts = 1, claimed_at = NULL WHERE org_id = ${orgId} AND delivery_key = ${key}`.execute(ctx.db);
    expect(await deliver(deliveryDeps, orgId, key)).toBe('sent');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(56);
    expect(slack.callsTo('conversations.open')).toHaveLength(1); // the rerun opens the DM to search its history
    expect((await checkWave(ctx.db, orgId, wave, slack)).duplicates).toBe(0);
  });
});
