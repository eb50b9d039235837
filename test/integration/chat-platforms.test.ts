import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowViewer } from '../../src/adapters/postgres/chat-viewer-store.ts';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { BotConnectorDouble, cardOf, type TeamsUser } from '../support/bot-connector-double.ts';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { SlackDouble } from '../support/slack-double.ts';
import { signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { message, newConversationId } from '../support/teams-activities.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// One table of chat cases, run through both platform adapters (Slack and Teams) in one server over one org: the
// chat core must answer the same question with the same numbers and the same permissions on either platform.
// Numbers are worked out by hand from test/support/chat-dataset.ts.

type Asker = 'lead' | 'member';

/** What an answer says, whatever the platform drew it with. */
interface Seen {
  title: string;
  facts: string[];
  text: string;
}

interface Platform {
  ask(asker: Asker, text: string): Promise<Seen>;
}

const ORG_ID = randomUUID();
const SECRET = 'chat-platforms-signing-secret';
const SLACK_TOKEN = 'xoxb-chat-platforms';
const SLACK_USERS: Record<Asker, string> = { lead: 'U0LEAD', member: 'U0BOB' };
const APP_ID = randomUUID();
const TENANT = randomUUID();
const TEAMS_USERS: Record<Asker, TeamsUser> = {
  lead: { id: '29:ann', aadObjectId: randomUUID(), name: 'Ann', email: 'ann@acme.com' },
  member: { id: '29:bob', aadObjectId: randomUUID(), name: 'Bob', email: 'bob@acme.com' },
};

let ctx: TestContext;
let slack: SlackDouble;
let teams: BotConnectorDouble;
const platforms: Record<'slack' | 'teams', Platform> = {
  slack: {
    async ask(asker, text) {
      const responseUrl = slack.responseUrl();
      const body = slashCommandBody({ team: 'T0ACME', channel: 'C0GENERAL', user: SLACK_USERS[asker], text, responseUrl });
      await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(CHAT_NOW.getTime() / 1000)) });
      await ctx.app.slackIdle();
      const answer = slack.responses.find((r) => r.id === responseUrl.split('/').pop())!.body;
      const blocks = answer.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;
      return {
        title: blocks.find((b) => b.type === 'header')!.text!.text,
        facts: blocks.flatMap((b) => b.fields ?? []).map((f) => f.text.replace(/^\*(.*)\*\n/, '$1: ').replace(/\n_(.*)_$/, ' · $1')),
        text: JSON.stringify(blocks),
      };
    },
  },
  teams: {
    async ask(asker, text) {
      const chat = { id: newConversationId('personal'), type: 'personal' as const, tenantId: TENANT };
      const activity = message(chat, TEAMS_USERS[asker], teams.serviceUrl, text);
      await ctx.app.inject({ method: 'POST', url: '/api/messages', payload: activity, headers: { authorization: `Bearer ${teams.sign(teams.serviceUrl)}` } });
      await ctx.app.teams!.idle();
      const card = cardOf(teams.activitiesIn(chat.id).at(-1))!;
      const body = card.body as Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
      return { title: body[0]!.text!, facts: body.flatMap((e) => e.facts ?? []).map((f) => `${f.title}: ${f.value}`), text: JSON.stringify(body) };
    },
  },
};

beforeAll(async () => {
  slack = new SlackDouble({ tokens: [SLACK_TOKEN], users: { U0LEAD: { email: 'ann@acme.com' }, U0BOB: { email: 'bob@acme.com' } }, botChannels: ['C0GENERAL'] });
  teams = new BotConnectorDouble({ appId: APP_ID, appPassword: 'pw', users: Object.values(TEAMS_USERS) });
  await Promise.all([slack.start(), teams.start()]);
  ctx = await createTestApp({
    now: () => CHAT_NOW,
    slack: { signingSecret: SECRET, apiUrl: slack.apiUrl, single: { botToken: SLACK_TOKEN, orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() },
    teams: { appId: APP_ID, appPassword: 'pw', appTenantId: null, orgId: ORG_ID, dev: false, serviceUrls: [teams.serviceUrl], endpoints: teams.endpoints, credentials: teams.credentials() },
  });
  await seedChatOrg(ctx, ORG_ID);
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: SLACK_USERS.lead }, 'slack');
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: TEAMS_USERS.lead.aadObjectId }, 'teams');
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
  await teams?.stop();
});

const CASES: Array<{ asker: Asker; text: string; title: string; facts?: string[]; contains?: string[]; lacks?: RegExp }> = [
  // active: ann, bob, cat, zed (4) against ann alone (1); licensed 5; adoption 3/5 against 1/5; new: bob, cat, zed
  { asker: 'member', text: 'last 30d', title: 'Adoption · last 30 days', facts: ['Active users: 4  ▲ 300%', 'Adoption rate: 60%  ▲ 40 pts · +1 active without a seat', 'Licensed users: 5  no change', 'New users: 3  ▲ 200%'] },
  // sessions: ann 2, bob 2, cat 1, zed 1 = 6 against 1; tokens 4000 + 8000 + 4000 + 10000 = 26k against 1000
  { asker: 'member', text: 'usage 30d', title: 'Usage · last 30 days', facts: ['Active users: 4  ▲ 300%', 'Sessions: 6  ▲ 500%', 'Sessions per user: 1.5  ▲ 50%', 'Tokens: 26k  ▲ 2500%', 'Tokens per session: 4.3k  ▲ 333%'] },
  // ann: 2 sessions of 2000 tokens in the period, 1 session of 1000 before
  { asker: 'lead', text: 'me', title: 'Your usage · last 30 days', facts: ['Your sessions: 2  ▲ 100%', 'Your tokens: 4k  ▲ 300%', 'Tokens per session: 2k  ▲ 100%'] },
  { asker: 'member', text: 'leaderboard users', title: 'Leaderboard · last 30 days', contains: ['whole org', 'Per-person numbers are only for'], lacks: /ann@acme|cat@acme|zed@acme/ },
  { asker: 'lead', text: 'leaderboard users', title: 'Leaderboard · last 30 days', contains: ['per person'], lacks: /Per-person numbers are only/ },
  { asker: 'member', text: 'usage bob@acme.com', title: 'Usage · last 30 days', contains: ['whole org'], lacks: /person: bob@acme/ },
  { asker: 'lead', text: 'usage bob@acme.com', title: 'Usage · last 30 days', facts: ['Active users: 1  new', 'Sessions: 2  new', 'Sessions per user: 2', 'Tokens: 8k  new', 'Tokens per session: 4k'] },
  // a model filter narrows who is active, not the seats: the answer says what the adoption rate divides by
  { asker: 'member', text: 'adoption 30d model:sonnet', title: 'Adoption · last 30 days', contains: ['Adoption rate with model sonnet: licensed people active in it ÷ all 5 people with a seat'] },
  { asker: 'member', text: 'usage 30d model:sonnet', title: 'Usage · last 30 days', contains: ['With model sonnet: sessions per user = its sessions ÷ people active in it'] },
  { asker: 'member', text: 'bananas <script>', title: 'I could not answer that', lacks: /at .*\.ts:\d+/ },
];

describe.each(['slack', 'teams'] as const)('the chat core on %s', (name) => {
  it.each(CASES)('$asker asks "$text"', async ({ asker, text, title, facts, contains, lacks }) => {
    const seen = await platforms[name].ask(asker, text);
    expect(seen.title).toBe(title);
    if (facts) expect(seen.facts).toEqual(facts);
    for (const part of contains ?? []) expect(seen.text).toContain(part);
    if (lacks) expect(seen.text).not.toMatch(lacks);
  });
});

