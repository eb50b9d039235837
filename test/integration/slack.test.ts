import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { allowViewer } from '../../src/adapters/postgres/chat-viewer-store.ts';
import { redisOnceStore } from '../../src/adapters/redis/redis-once-store.ts';
import { NOT_ALLOWED_NOTE } from '../../src/app/chat-report-request.ts';
import { CHARTS_IN_DM } from '../../src/adapters/slack/private-answer.ts';
import { CSV_SENT } from '../../src/adapters/slack/listeners/csv-action.ts';
import { answerCommand } from '../../src/app/answer-command.ts';
import { postgresReportReader } from '../../src/adapters/postgres/report-reader.ts';
import { CHAT_NOW, seedChatOrg } from '../support/chat-dataset.ts';
import { isPng, SlackDouble } from '../support/slack-double.ts';
import { blockActionBody, signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// The real Bolt app inside the real Fastify server, on a real Postgres and Redis, talking to a local double of
// Slack's Web API (test/support/slack-double.ts). Expected numbers are worked out by hand from the events below.

const NOW = CHAT_NOW;
const NOW_S = Math.floor(NOW.getTime() / 1000);
const SECRET = 'test-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-1-test-bot-token';
const TEAM = 'T0ACME';
const CHANNEL = 'C0GENERAL';
const CLOSED_CHANNEL = 'C0PRIVATE';
const LEAD = 'U0LEAD'; // ann, allowed to see per-person numbers
const MEMBER = 'U0BOB'; // bob, not allowed
const GROUPIE = 'U0CAT'; // cat, allowed through a user group

let ctx: TestContext;
let double: SlackDouble;
let redis: Redis;

const ORG_ID = randomUUID();

async function seed(): Promise<string> {
  await seedChatOrg(ctx, ORG_ID);
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: LEAD });
  await allowViewer(ctx.db, ORG_ID, { kind: 'usergroup', id: 'S0LEADS' });
  return ORG_ID;
}

beforeAll(async () => {
  double = new SlackDouble({
    tokens: [TOKEN],
    users: { [LEAD]: { email: 'Ann@Acme.com' }, [MEMBER]: { email: 'bob@acme.com' }, [GROUPIE]: { email: 'cat@acme.com' } },
    botChannels: [CHANNEL],
    usergroups: { S0LEADS: [GROUPIE] },
  });
  await double.start();
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  ctx = await createTestApp({
    now: () => NOW,
    slack: {
      signingSecret: SECRET,
      apiUrl: double.apiUrl,
      single: { botToken: TOKEN, orgId: ORG_ID },
      encryptionKey: null,
      once: redisOnceStore(redis, `uptake:test:${randomUUID()}:`),
    },
  });
  await seed();
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  redis?.disconnect();
  await double?.stop();
});

type Body = Record<string, unknown>;
type Block = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> };

async function post(body: string, headers: Record<string, string>) {
  return ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers });
}

/** Sends a slash command signed like Slack; returns the ack and the response_url it carried. */
async function command(user: string, text: string, extra: { channel?: string; triggerId?: string; headers?: Record<string, string> } = {}) {
  const responseUrl = double.responseUrl();
  const body = slashCommandBody({ team: TEAM, channel: extra.channel ?? CHANNEL, user, text, responseUrl, triggerId: extra.triggerId });
  const started = performance.now();
  const res = await post(body, { ...signedHeaders(SECRET, body, NOW_S), ...extra.headers });
  return { res, ms: performance.now() - started, responseUrl, body, id: responseUrl.split('/').pop()! };
}

async function press(user: string, action: Record<string, unknown>, channel = CHANNEL) {
  const responseUrl = double.responseUrl();
  const body = blockActionBody({ team: TEAM, channel, user, responseUrl, action });
  const res = await post(body, signedHeaders(SECRET, body, NOW_S));
  return { res, responseUrl, id: responseUrl.split('/').pop()! };
}

const responsesTo = (id: string) => double.responses.filter((r) => r.id === id).map((r) => r.body);
const blocksOf = (body: Body) => body.blocks as Block[];
const headerOf = (body: Body) => blocksOf(body).find((b) => b.type === 'header')?.text?.text;
const factsOf = (body: Body) => blocksOf(body).filter((b) => b.type === 'section' && b.fields).flatMap((b) => b.fields!.map((f) => f.text));
const contextsOf = (body: Body) => blocksOf(body).filter((b) => b.type === 'context').map((b) => JSON.stringify(b.elements));
const controlsOf = (body: Body) => blocksOf(body).find((b) => b.type === 'actions')?.elements ?? [];

/** The chart uploads completed into `channel` (all of them checked to be real PNGs). */
function chartsIn(channel: string, threadTs: string | null = null) {
  return [...double.uploads.values()].filter((u) => u.completed?.channel === channel && u.completed.threadTs === threadTs);
}

beforeEach(async () => {
  await ctx.app.slackIdle();
});

describe('POST /slack/events', () => {
  it('acks a slash command at once, then answers privately with the numbers, deltas, context and controls, and uploads the charts as PNGs', async () => {
    const uploadsBefore = double.uploads.size;
    const { res, ms, id } = await command(MEMBER, 'last 30d');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(ms).toBeLessThan(3000);
    await ctx.app.slackIdle();
    const [answer] = responsesTo(id);
    expect(answer).toBeDefined();
    expect(answer!.response_type).toBe('ephemeral');
    expect(headerOf(answer!)).toBe('Adoption · last 30 days');
    // active: ann, bob, cat, zed (4) against ann alone (1); licensed 5; adoption 3/5 against 1/5; new: bob, cat, zed against ann
    expect(factsOf(answer!)).toEqual([
      '*Active users*\n4  ▲ 300%',
      '*Adoption rate*\n60%  ▲ 40 pts\n_+1 active without a seat_',
      '*Licensed users*\n5  no change',
      '*New users*\n3  ▲ 200%',
    ]);
    const contexts = contextsOf(answer!).join(' ');
    expect(contexts).toContain('22 Oct – 20 Nov 2026 · whole org, all tools');
    expect(contexts).toContain('Data up to 5 min ago · 3 of 5 licensed people reporting');
    expect(controlsOf(answer!).map((c) => c.action_id)).toEqual(['uptake_view', 'uptake_explain', 'uptake_share', 'uptake_csv']);

    // the charts are in the answer: files uploaded to no channel (private to the app), shown by their ids
    const charts = [...double.uploads.values()].slice(uploadsBefore);
    expect(charts.map((c) => c.filename).sort()).toEqual(['adoption-active-users.png', 'adoption-new-users.png']);
    for (const chart of charts) {
      expect(isPng(chart.bytes), chart.filename).toBe(true);
      expect(chart.completed).not.toBeNull();
      expect(chart.completed?.channel).toBeNull();
    }
    const images = blocksOf(answer!).filter((b) => b.type === 'image') as unknown as Array<{ slack_file: { id: string } }>;
    expect(images.map((b) => b.slack_file.id).sort()).toEqual(charts.map((c) => c.fileId).sort());
    expect(JSON.stringify(answer)).not.toContain(CHARTS_IN_DM);
    expect(double.callsTo('conversations.open')).toHaveLength(0);
    const tokens = double.calls.filter((c) => c.method !== 'auth.test').map((c) => c.token);
    expect(new Set(tokens)).toEqual(new Set([TOKEN]));
    expect(double.callsTo('auth.test')).toHaveLength(0);
  });

  it('sends the charts to the asker\'s direct messages when Slack refuses them inside the answer', async () => {
    double.refuseFileImages = true;
    try {
      const { id } = await command(MEMBER, 'usage last 30d');
      await ctx.app.slackIdle();
      const [answer] = responsesTo(id);
      expect(headerOf(answer!)).toBe('Usage · last 30 days');
      expect(blocksOf(answer!).filter((b) => b.type === 'image')).toEqual([]);
      expect(contextsOf(answer!).join(' ')).toContain(CHARTS_IN_DM);
      const inDm = chartsIn(`D${MEMBER}`);
      expect(inDm.length).toBeGreaterThan(0);
      for (const chart of inDm) expect(isPng(chart.bytes), chart.filename).toBe(true);
    } finally {
      double.refuseFileImages = false;
    }
  });

  it('sends the report\'s tables as CSV files to the presser\'s direct messages, with the presser\'s permissions', async () => {
    const csvIn = (user: string, since: number) =>
      [...double.uploads.values()].slice(since).filter((u) => u.completed?.channel === `D${user}` && u.filename.endsWith('.csv'));
    const table = (user: string, since: number, name: string) => csvIn(user, since).find((u) => u.filename.startsWith(`uptake-leaderboard-${name}-`))!.bytes!.toString('utf8');

    let since = double.uploads.size;
    const { id } = await press(LEAD, { type: 'button', action_id: 'uptake_csv', value: 'leaderboard 30d users' });
    await ctx.app.slackIdle();
    expect(JSON.stringify(responsesTo(id))).toContain(CSV_SENT);
    expect(csvIn(LEAD, since).map((u) => u.filename.replace(/-2026-10-22-2026-11-20\.csv$/, '')).sort()).toEqual(
      ['departments', 'organizations', 'summary', 'teams', 'topBySessions', 'topByTokens'].map((t) => `uptake-leaderboard-${t}`),
    );
    // sessions per person in the last 30 days: ann 2, bob 2, cat 1, zed 1
    const rows = table(LEAD, since, 'topBySessions').trimEnd().split('\r\n');
    expect(rows[0]!.split(',').slice(0, 5)).toEqual(['person', 'name', 'team', 'sessions', 'tokens']);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 1).concat(r.split(',')[3]!))).toEqual([['ann@acme.com', '2'], ['bob@acme.com', '2'], ['cat@acme.com', '1'], ['zed@acme.com', '1']]);

    since = double.uploads.size;
    await press(MEMBER, { type: 'button', action_id: 'uptake_csv', value: 'leaderboard 30d users' });
    await ctx.app.slackIdle();
    expect(csvIn(MEMBER, since).length).toBeGreaterThan(0);
    for (const file of csvIn(MEMBER, since)) expect(file.bytes!.toString('utf8'), file.filename).not.toMatch(/@acme\.com/);
  });

  it('updates the answer in place when the view switcher is used', async () => {
    const { res, id } = await press(MEMBER, { type: 'static_select', action_id: 'uptake_view', selected_option: { text: { type: 'plain_text', text: 'Usage' }, value: 'usage 30d' } });
    expect(res.statusCode).toBe(200);
    await ctx.app.slackIdle();
    const [update] = responsesTo(id);
    expect(update).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(headerOf(update!)).toBe('Usage · last 30 days');
    // sessions: ann 2, bob 2, cat 1, zed 1 = 6 against 1; tokens 4000 + 8000 + 4000 + 10000 = 26k against 1000;
    // tokens per session 26k ÷ 6 against 1000 ÷ 1
    expect(factsOf(update!)).toEqual([
      '*Active users*\n4  ▲ 300%',
      '*Sessions*\n6  ▲ 500%',
      '*Sessions per user*\n1.5  ▲ 50%',
      '*Tokens*\n26k  ▲ 2500%',
      '*Tokens per session*\n4.3k  ▲ 333%',
    ]);
  });

  it('gives a person without permission the org view and a note when they ask for users', async () => {
    const { id } = await command(MEMBER, 'leaderboard users');
    await ctx.app.slackIdle();
    const [answer] = responsesTo(id);
    expect(headerOf(answer!)).toBe('Leaderboard · last 30 days');
    const contexts = contextsOf(answer!).join(' ');
    expect(contexts).toContain('whole org');
    expect(contexts).toContain(NOT_ALLOWED_NOTE.replace(/`/g, '`'));
    expect(JSON.stringify(answer)).not.toMatch(/ann@acme|bob@acme|cat@acme|zed@acme/);
    expect(controlsOf(answer!).map((c) => c.action_id)).not.toContain('uptake_scope');
  });

  it('shows per-person numbers to a listed user and to a member of a listed user group', async () => {
    for (const user of [LEAD, GROUPIE]) {
      const { id } = await command(user, 'leaderboard users');
      await ctx.app.slackIdle();
      const [answer] = responsesTo(id);
      const contexts = contextsOf(answer!).join(' ');
      expect(contexts, user).toContain('per person');
      expect(contexts).not.toContain('Per-person numbers are only');
      expect(controlsOf(answer!).find((c) => c.action_id === 'uptake_scope')).toMatchObject({ value: 'leaderboard 30d' });
    }
  });

  it('answers `me` with the asker\'s own numbers, matched by their Slack email', async () => {
    const { id } = await command(LEAD, 'me');
    await ctx.app.slackIdle();
    const [answer] = responsesTo(id);
    expect(headerOf(answer!)).toBe('Your usage · last 30 days');
    // ann: 2 sessions of 2000 tokens in the period, 1 session of 1000 before
    expect(factsOf(answer!)).toEqual(['*Your sessions*\n2  ▲ 100%', '*Your tokens*\n4k  ▲ 300%', '*Tokens per session*\n2k  ▲ 100%']);
  });

  it('resolves an @mention to the person\'s Slack email for a listed user, and refuses it to others', async () => {
    const lead = await command(LEAD, `usage <@${MEMBER}|bob>`);
    const member = await command(MEMBER, `usage <@${LEAD}|ann>`);
    await ctx.app.slackIdle();
    const [forLead] = responsesTo(lead.id);
    // bob: sessions of 5000 and 3000 tokens in the period, none before (so no previous sessions per user either)
    expect(factsOf(forLead!)).toEqual(['*Active users*\n1  new', '*Sessions*\n2  new', '*Sessions per user*\n2', '*Tokens*\n8k  new', '*Tokens per session*\n4k']);
    expect(contextsOf(forLead!).join(' ')).toContain('person: bob@acme.com');
    const [forMember] = responsesTo(member.id);
    expect(contextsOf(forMember!).join(' ')).toContain('whole org');
    expect(JSON.stringify(forMember)).not.toContain('ann@acme.com');
  });

  it('rejects a forged or stale signature with 401 and answers nothing', async () => {
    const responseUrl = double.responseUrl();
    const body = slashCommandBody({ team: TEAM, channel: CHANNEL, user: MEMBER, text: 'usage', responseUrl });
    const forged = await post(body, signedHeaders('not-the-secret', body, NOW_S));
    expect(forged.statusCode).toBe(401);
    const stale = await post(body, signedHeaders(SECRET, body, NOW_S - 6 * 60));
    expect(stale.statusCode).toBe(401);
    const tampered = await post(body.replace('usage', 'value'), signedHeaders(SECRET, body, NOW_S));
    expect(tampered.statusCode).toBe(401);
    const unsigned = await post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.statusCode).toBe(401);
    await ctx.app.slackIdle();
    expect(responsesTo(responseUrl.split('/').pop()!)).toEqual([]);
  });

  it('gives a retried delivery no second answer', async () => {
    const first = await command(MEMBER, 'models', { triggerId: 'trigger-retry-1' });
    await ctx.app.slackIdle();
    const calls = double.calls.length;
    const retry = await post(first.body, { ...signedHeaders(SECRET, first.body, NOW_S), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.statusCode).toBe(200);
    await ctx.app.slackIdle();
    expect(responsesTo(first.id)).toHaveLength(1);
    expect(double.calls.length).toBe(calls);
    // a retry whose first attempt never reached us is answered (once)
    const lost = await command(MEMBER, 'models', { triggerId: 'trigger-first-attempt-lost', headers: { 'x-slack-retry-num': '1' } });
    expect(lost.res.statusCode).toBe(200);
    await ctx.app.slackIdle();
    expect(responsesTo(lost.id)).toHaveLength(1);
  });

  it('shares the answer in the channel with its charts in the thread, and removes the private copy', async () => {
    const { id } = await press(LEAD, { type: 'button', action_id: 'uptake_share', value: 'adoption 30d' });
    await ctx.app.slackIdle();
    const post = double.callsTo('chat.postMessage').at(-1)!;
    expect(post.response.ok).toBe(true);
    expect(post.args.channel).toBe(CHANNEL);
    expect(String(post.args.blocks)).not.toContain('uptake_share');
    const ts = post.response.ts as string;
    const charts = chartsIn(CHANNEL, ts);
    expect(charts).toHaveLength(2);
    for (const chart of charts) expect(isPng(chart.bytes)).toBe(true);
    expect(responsesTo(id)).toEqual([{ delete_original: true }]);
  });

  it('falls back to the response_url where the bot may not post', async () => {
    const { id } = await press(LEAD, { type: 'button', action_id: 'uptake_share', value: 'usage 7d' }, CLOSED_CHANNEL);
    await ctx.app.slackIdle();
    expect(double.callsTo('chat.postMessage').at(-1)?.response).toMatchObject({ ok: false, error: 'not_in_channel' });
    const [shared, deleted] = responsesTo(id);
    expect(shared).toMatchObject({ response_type: 'in_channel' });
    expect(headerOf(shared!)).toBe('Usage · last 7 days');
    expect(deleted).toEqual({ delete_original: true });
  });

  it('explains the numbers, and answers nonsense with help instead of an error page', async () => {
    const explain = await press(MEMBER, { type: 'button', action_id: 'uptake_explain', value: 'value 30d' });
    const nonsense = await command(MEMBER, 'bananas tool:curser <script>');
    await ctx.app.slackIdle();
    expect(JSON.stringify(responsesTo(explain.id)[0])).toContain('Seat cost');
    const [reply] = responsesTo(nonsense.id);
    expect(headerOf(reply!)).toBe('I could not answer that');
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers a team the org does not have with its teams and the corrected command, and accepts last month', async () => {
    const typo = await command(MEMBER, 'usage LAST MONTH team:platfrom');
    await ctx.app.slackIdle();
    const [reply] = responsesTo(typo.id);
    expect(headerOf(reply!)).toBe('I could not answer that');
    const text = JSON.stringify(reply);
    expect(text).toContain('Unknown team \\"platfrom\\": this org has no such team. Did you mean \\"Platform\\"? Its teams: Platform.');
    expect(text).toMatch(/Did you mean `\/ai-adoption usage \d{4}-\d{2}-01\.\.\d{4}-\d{2}-\d{2} team:Platform`\?/);
  });

  it('answers Slack\'s URL verification and leaves the JSON ingestion routes alone', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const res = await post(body, signedHeaders(SECRET, body, NOW_S, 'application/json'));
    expect(res.json()).toEqual({ challenge: 'abc123' });
    const events = await ctx.app.inject({ method: 'POST', url: '/api/v1/events', payload: { events: [] }, headers: { authorization: 'Bearer nope' } });
    expect(events.statusCode).toBe(401);
  });
});

describe('Slack as a chat platform (proactive messages)', () => {
  const answerFor = (text: string) => answerCommand({ reader: postgresReportReader(ctx.db) }, text, { orgId: ORG_ID, email: null, mayViewPeople: false }, NOW);

  it('lists the channels the bot is in, and posts a message with its charts in the thread', async () => {
    expect((await ctx.app.slackPlatform!.conversations(ORG_ID)).map((c) => c.conversationId)).toEqual([CHANNEL]);
    const sent = await ctx.app.slackPlatform!.post(ORG_ID, { kind: 'conversation', conversationId: CHANNEL }, { answer: await answerFor('adoption 30d'), interactive: false, note: 'Weekly digest' });
    const posted = double.callsTo('chat.postMessage').at(-1)!;
    expect(posted.args.channel).toBe(CHANNEL);
    expect(posted.response.ts).toBe(sent.messageId);
    expect(String(posted.args.blocks)).toContain('Weekly digest');
    expect(String(posted.args.blocks)).not.toContain('uptake_share');
    const charts = chartsIn(CHANNEL, sent.messageId);
    expect(charts.map((c) => c.filename).sort()).toEqual(['adoption-active-users.png', 'adoption-new-users.png']);
    for (const chart of charts) expect(isPng(chart.bytes)).toBe(true);
  });

  it('sends to a person\'s direct messages and updates a message in place; another org has no workspace', async () => {
    const direct = await ctx.app.slackPlatform!.post(ORG_ID, { kind: 'direct', userId: MEMBER }, { answer: await answerFor('usage 7d'), interactive: true });
    expect(direct.conversationId).toBe(`D${MEMBER}`);
    const update = await ctx.app.slackPlatform!.post(ORG_ID, { kind: 'update', conversationId: direct.conversationId, messageId: direct.messageId }, { answer: await answerFor('usage 30d'), interactive: true });
    expect(update.messageId).toBe(direct.messageId);
    expect(double.callsTo('chat.update').at(-1)?.response).toMatchObject({ ok: true });
    await expect(ctx.app.slackPlatform!.post(randomUUID(), { kind: 'conversation', conversationId: CHANNEL }, { answer: await answerFor('usage 7d'), interactive: false })).rejects.toThrow(/not installed/);
  });
});

describe('every seed metric in chat', () => {
  const bodyOf = (body: Body) => blocksOf(body).filter((b) => b.type === 'section' && b.text).map((b) => b.text!.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).join('\n');
  const chartsOf = (since: number) => [...double.uploads.values()].slice(since).map((u) => u.filename).sort();
  async function ask(user: string, text: string) {
    const since = double.uploads.size;
    const { id } = await command(user, text);
    await ctx.app.slackIdle();
    const [answer] = responsesTo(id);
    return { answer: answer!, charts: chartsOf(since) };
  }

  // Sessions in the last 30 days (22 Oct – 20 Nov): ann Mon 2 Nov and Tue 10 Nov, bob Sun 15 Nov and Fri 20 Nov
  // 14:55, cat Sun 25 Oct, zed Sun 1 Nov, each a prompt a minute before a model request, all at 10:00 UTC but bob's
  // last; tokens 2k, 2k, 5k, 3k, 4k and 10k.
  it('peak activity: the busiest hour and day, with the weekday × hour chart', async () => {
    const { answer, charts } = await ask(MEMBER, 'peak');
    expect(headerOf(answer)).toBe('Peak activity · last 30 days');
    // 12 prompts and requests: Sunday 09:00 has 3 (25%, tied with 10:00, the earlier wins); Sunday 6 (50%)
    expect(bodyOf(answer)).toBe('Busiest hour: Sundays 09:00–10:00 (25% of prompts and model requests). Busiest day: Sunday (50%).');
    expect(charts).toEqual(['usage-peak-hours.png']);
  });

  it('workflows, session depth and usage frequency', async () => {
    const workflows = await ask(MEMBER, 'workflows');
    expect(headerOf(workflows.answer)).toBe('Workflows · last 30 days');
    expect(workflows.charts).toEqual(['usage-workflows.png']);
    const depth = await ask(MEMBER, 'depth');
    expect(headerOf(depth.answer)).toBe('Session depth · last 30 days');
    // 26k tokens over 6 sessions; zed's 10k session is the only one of 10k or more
    expect(factsOf(depth.answer)[0]).toMatch(/^\*Tokens per session\*\n4\.3k/);
    expect(bodyOf(depth.answer)).toBe('Sessions by tokens: <10k tokens: 5 sessions (83%), 10k-100k tokens: 1 session (17%).');
    expect(depth.charts).toEqual(['usage-session-depth.png']);
    const frequency = await ask(MEMBER, 'frequency');
    expect(headerOf(frequency.answer)).toBe('Usage frequency · last 30 days');
    // active days: ann 2, bob 2, cat 1, zed 1 = 6 over 4 people
    expect(factsOf(frequency.answer)[0]).toMatch(/^\*Active days per user\*\n1\.5/);
    expect(bodyOf(frequency.answer)).toBe('People by active days: 1 day: 2 people (50%), 2-4 days: 2 people (50%).');
    expect(frequency.charts).toEqual(['usage-active-days.png']);
  });

  it('adoption trajectory over 90 days, and usage intensity per seat dollar', async () => {
    const trajectory = await ask(MEMBER, 'trajectory');
    expect(headerOf(trajectory.answer)).toBe('Adoption trajectory · last 90 days');
    expect(bodyOf(trajectory.answer)).toMatch(/^Weekly active users: (growing|flat|declining|not enough data yet)/);
    expect(trajectory.charts).toEqual(['adoption-active-users.png', 'value-cost-per-user.png']);
    const intensity = await ask(MEMBER, 'intensity');
    expect(headerOf(intensity.answer)).toBe('Usage intensity · last 30 days');
    // five $20 seats for 30 days = $100; licensed people's tokens 4k + 8k + 4k = 16k and sessions 5
    expect(factsOf(intensity.answer).map((f) => f.split('\n')[1]!.split('  ')[0])).toEqual(['160', '0.05', '$100']);
  });

  it('usage by team, department and organization, small groups hidden in the org view', async () => {
    const teams = await ask(MEMBER, 'teams');
    expect(headerOf(teams.answer)).toBe('By team · last 30 days');
    // Platform (5 on the roster): ann 2 sessions, bob 2, cat 1 = 5 over 3 active people; zed alone in (no team)
    expect(bodyOf(teams.answer).split('\n')).toEqual([
      'Sessions per user by team: Platform 1.7 (3 active people).',
      "1 small team hidden (fewer people than the org's minimum group size).",
    ]);
    expect(teams.charts).toEqual(['leaderboard-teams.png']);
    // nobody has a department or sent an organization: ann, bob, cat and zed share one group each, 6 sessions over 4
    const departments = await ask(MEMBER, 'departments');
    expect(headerOf(departments.answer)).toBe('By department · last 30 days');
    expect(bodyOf(departments.answer)).toBe('Sessions per user by department: (no department) 1.5 (4 active people).');
    expect(departments.charts).toEqual(['leaderboard-departments.png']);
    const organizations = await ask(MEMBER, 'organizations 7d');
    // last 7 days (14 – 20 Nov): bob's 2 sessions
    expect(bodyOf(organizations.answer)).toBe('Sessions per user by organization: (no organization) 2 (1 active person).');
    expect(organizations.charts).toEqual(['leaderboard-organizations.png']);
  });

  it('per-person trends and the people to act on only for the people allowed, in their private answer', async () => {
    const lead = await ask(LEAD, 'trends');
    expect(headerOf(lead.answer)).toBe('Per-person trends · last 30 days');
    expect(lead.answer.response_type).toBe('ephemeral');
    expect(lead.charts).toEqual(['leaderboard-sessions.png', 'leaderboard-trends.png']);
    const member = await ask(MEMBER, 'trends');
    expect(contextsOf(member.answer).join(' ')).toContain(NOT_ALLOWED_NOTE.replace(/`/g, '`'));
    expect(member.charts).toEqual(['leaderboard-teams.png']);

    const lists = await ask(LEAD, 'underutilized users');
    // dan and eve hold $20 seats never used; ann was more active than before, nobody's sessions are shallow
    expect(bodyOf(lists.answer).split('\n')).toEqual([
      'Idle and never-used seats (2, $40 a month):',
      '• dan (dan@acme.com) · Claude Code Pro · never used · $20 a month',
      '• eve (eve@acme.com) · Claude Code Pro · never used · $20 a month',
      'Declining (0): none.',
      'Shallow (0): none.',
    ]);
    const refused = await ask(MEMBER, 'underutilized users');
    expect(JSON.stringify(refused.answer)).not.toMatch(/dan@acme|eve@acme/);
    expect(bodyOf(refused.answer)).toBe('');
  });
});

