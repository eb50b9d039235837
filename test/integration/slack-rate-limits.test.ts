import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { answerCommand } from '../../src/app/answer-command.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer, type Container } from '../../src/main/container.ts';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { SLACK_RATE_TIERS, SlackDouble } from '../support/slack-double.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// Proactive posts (digests, alerts, nudges) under Slack's rate tiers: the double answers a call over its tier with
// HTTP 429 and Retry-After, as Slack does; every message still arrives, once, and no call comes back early.

const ORG_ID = randomUUID();
let ctx: TestContext;
let slack: SlackDouble;
let container: Container;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedChatOrg(ctx, ORG_ID);
  slack = new SlackDouble({ tokens: ['xoxb-tiers'], users: {}, botChannels: ['C0BUSY'], rateTiers: SLACK_RATE_TIERS });
  await slack.start();
  container = buildContainer({
    db: ctx.db,
    log: createLogger('silent'),
    now: () => CHAT_NOW,
    slack: { signingSecret: 'unused', apiUrl: slack.apiUrl, single: { botToken: 'xoxb-tiers', orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() },
  });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
});

it('waits out 429s with Retry-After: three posts to one channel in the same second all arrive once', async () => {
  const answer = await answerCommand({ reader: container.reader }, 'models 7d', { orgId: ORG_ID, email: null, mayViewPeople: false }, CHAT_NOW);
  const platform = container.platforms[0]!;
  const sent = await Promise.all([1, 2, 3].map((n) => platform.post(ORG_ID, { kind: 'conversation', conversationId: 'C0BUSY' }, { answer, interactive: false, note: `Post ${n}` })));
  expect(new Set(sent.map((s) => s.messageId)).size).toBe(3);
  expect([...slack.messages.values()].filter((m) => m.channel === 'C0BUSY')).toHaveLength(3);
  expect(slack.rateLimited).toBeGreaterThan(0);
  expect(slack.retryAfterIgnored).toBe(0);
  // the tier held: the posts that went through are at least a second apart
  const posts = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BUSY').map((c) => c.at).sort((a, b) => a - b);
  for (let i = 1; i < posts.length; i++) expect(posts[i]! - posts[i - 1]!).toBeGreaterThanOrEqual(900);
}, 60_000);
