import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { answerCommand } from '../../src/app/answer-command.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer, type Container } from '../../src/main/container.ts';
import { BotConnectorDouble, cardOf } from '../support/bot-connector-double.ts';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { isPng, SlackDouble } from '../support/slack-double.ts';
import { newConversationId } from '../support/teams-activities.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// What a worker process does for a digest or an alert, with no HTTP server: the composition root's ports answer a
// command, render its charts and post it to every configured chat platform.

const ORG_ID = randomUUID();
const APP_ID = randomUUID();
let ctx: TestContext;
let slack: SlackDouble;
let teams: BotConnectorDouble;
let container: Container;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedChatOrg(ctx, ORG_ID);
  slack = new SlackDouble({ tokens: ['xoxb-worker'], users: {}, botChannels: ['C0DIGEST'] });
  teams = new BotConnectorDouble({ appId: APP_ID, appPassword: 'pw', users: [] });
  await Promise.all([slack.start(), teams.start()]);
  container = buildContainer({
    db: ctx.db,
    log: createLogger('silent'),
    now: () => CHAT_NOW,
    chartLinks: { secret: Buffer.alloc(32, 3), publicUrl: 'https://uptake.example.test', ttlSeconds: 600 },
    slack: { signingSecret: 'unused', apiUrl: slack.apiUrl, single: { botToken: 'xoxb-worker', orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() },
    teams: { appId: APP_ID, appPassword: 'pw', appTenantId: null, orgId: ORG_ID, dev: false, serviceUrls: [teams.serviceUrl], endpoints: teams.endpoints, credentials: teams.credentials() },
  });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
  await teams?.stop();
});

it('answers, renders and posts to Slack and Teams without Fastify', async () => {
  const channel = newConversationId('channel');
  await container.stores.teamsConversations.save({
    orgId: ORG_ID, conversationId: channel, tenantId: randomUUID(), conversationType: 'channel', serviceUrl: teams.serviceUrl, channelId: 'msteams', botId: '28:uptake', userId: null, aadObjectId: null, teamId: null, name: 'General',
  });
  const answer = await answerCommand({ reader: container.reader }, 'adoption 30d', { orgId: ORG_ID, email: null, mayViewPeople: false }, CHAT_NOW);
  expect(container.platforms.map((p) => p.name)).toEqual(['slack', 'teams']);
  const [slackPlatform, teamsPlatform] = container.platforms;

  const toSlack = await slackPlatform!.post(ORG_ID, { kind: 'conversation', conversationId: 'C0DIGEST' }, { answer, interactive: false });
  const uploads = [...slack.uploads.values()].filter((u) => u.completed?.channel === 'C0DIGEST' && u.completed.threadTs === toSlack.messageId);
  expect(uploads).toHaveLength(2);
  for (const upload of uploads) expect(isPng(upload.bytes)).toBe(true);

  const toTeams = await teamsPlatform!.post(ORG_ID, { kind: 'conversation', conversationId: channel }, { answer, interactive: false });
  const card = cardOf(teams.activitiesIn(channel).at(-1));
  expect(teams.activitiesIn(channel).at(-1)?.activityId).toBe(toTeams.messageId);
  // active: ann, bob, cat, zed (4) against ann alone (1)
  expect(JSON.stringify(card)).toContain('"title":"Active users","value":"4  ▲ 300%"');
  expect((await teamsPlatform!.conversations(ORG_ID)).map((c) => c.conversationId)).toEqual([channel]);
});
