import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowViewer } from '../../src/adapters/postgres/chat-viewer-store.ts';
import { postgresStores } from '../../src/adapters/postgres/postgres-stores.ts';
import { memoryOnceStore } from '../../src/adapters/slack/once-store.ts';
import { evaluateAlerts, type AlertDeps } from '../../src/app/evaluate-alerts.ts';
import { deliver, type DigestDeps } from '../../src/app/send-digests.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { buildContainer } from '../../src/main/container.ts';
import { seedChatOrg } from '../support/chat-dataset.ts';
import { ingest, rollup } from '../support/report-harness.ts';
import { SlackDouble } from '../support/slack-double.ts';
import { signedHeaders, slashCommandBody } from '../support/slack-requests.ts';
import { deliveryDepsOf } from '../support/worker-deps.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// An alert rule from chat, evaluated on the real rollups: it fires once, stays quiet while firing, waits while the
// org's data is being rolled up, and resolves once; each change is delivered once to Slack. Numbers by hand from
// test/support/chat-dataset.ts: in the 7 days before 23 Nov only bob is active: 1 of 5 licensed, 20 %.

const NOW = new Date('2026-11-23T10:00:00Z');
/** the alert evaluations' clock: moved on to see a cooldown end */
let clock = NOW;
const ORG_ID = randomUUID();
const SECRET = 'alerts-signing-secret';
const LEAD = 'U0LEAD';
const CHANNEL = 'C0ALERTS';

let ctx: TestContext;
let slack: SlackDouble;
let alertDeps: AlertDeps;
let deliveryDeps: DigestDeps;

beforeAll(async () => {
  slack = new SlackDouble({ tokens: ['xoxb-alerts'], users: { [LEAD]: { email: 'ann@acme.com' } }, botChannels: [CHANNEL] });
  await slack.start();
  const chat = { slack: { signingSecret: SECRET, apiUrl: slack.apiUrl, single: { botToken: 'xoxb-alerts', orgId: ORG_ID }, encryptionKey: null, once: memoryOnceStore() } };
  ctx = await createTestApp({ now: () => NOW, ...chat });
  await seedChatOrg(ctx, ORG_ID);
  await allowViewer(ctx.db, ORG_ID, { kind: 'user', id: LEAD }, 'slack');
  const container = buildContainer({ db: ctx.db, log: createLogger('silent'), now: () => NOW, ...chat });
  const stores = postgresStores(ctx.db);
  alertDeps = { alerts: stores.alerts, reader: container.reader, pendingDays: stores.pendingRollupDays, now: () => clock };
  deliveryDeps = deliveryDepsOf(container, () => NOW);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await slack?.stop();
});

async function slashCommand(text: string): Promise<string> {
  const responseUrl = slack.responseUrl();
  const body = slashCommandBody({ team: 'T0ACME', channel: CHANNEL, user: LEAD, text, responseUrl });
  await ctx.app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(NOW.getTime() / 1000)) });
  await ctx.app.slackIdle();
  return JSON.stringify(slack.responses.find((r) => r.id === responseUrl.split('/').pop())?.body);
}

async function deliveries(): Promise<Array<{ key: string; state: string }>> {
  return (await sql<{ key: string; state: string }>`SELECT delivery_key AS key, state FROM chat_deliveries WHERE org_id = ${ORG_ID} ORDER BY due_at, delivery_key`.execute(ctx.db)).rows;
}

async function deliverAll(): Promise<void> {
  for (const d of await deliveries()) if (d.state === 'due') await deliver(deliveryDeps, ORG_ID, d.key);
}

const alertTexts = () => [...slack.messages.values()].filter((m) => m.channel === CHANNEL).map((m) => String(m.blocks));

describe('alerts', () => {
  it('fire once, stay quiet while firing, wait for rollups, keep their cooldown, and resolve once', async () => {
    expect(await slashCommand('alert adoption < 70%')).toMatch(/Alert [0-9a-f]{8}: adoption below 70%/);
    expect(await slashCommand('alerts')).toContain('not evaluated yet');

    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 1, waiting: 0 });
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 0, waiting: 0 });
    expect((await deliveries()).map((d) => d.key)).toEqual([expect.stringMatching(/^alert:[0-9a-f-]{36}:1:fire$/)]);
    await deliverAll();
    expect(alertTexts()).toHaveLength(1);
    expect(alertTexts()[0]).toContain('Alert: adoption below 70%');
    expect(alertTexts()[0]).toContain('adoption 20% (target 70%)');

    // ann, cat, dan and eve become active on 21 Nov: 5 of 5 licensed; until it is rolled up the rule waits
    const key = await ctx.createKey(ORG_ID, ['ingest']);
    await ingest(ctx, key, ['ann', 'cat', 'dan', 'eve'].map((who) => ({ id: `${who}-21`, occurredAt: '2026-11-21T10:00:00Z', tool: 'claude-code', kind: 'user_prompt', email: `${who}@acme.com`, sessionId: `${who}-s21` })));
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 0, changed: 0, waiting: 1 });
    await rollup(ctx, ORG_ID);
    // the condition cleared, but within the rule's cooldown (a day, by default) after it fired: nothing yet
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 0, waiting: 0 });
    expect(await deliveries()).toHaveLength(1);
    clock = new Date(NOW.getTime() + 23 * 3600_000);
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 0, waiting: 0 });
    clock = new Date(NOW.getTime() + 24 * 3600_000);
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 1, waiting: 0 });
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 1, changed: 0, waiting: 0 });
    await deliverAll();
    await deliverAll();
    expect((await deliveries()).map((d) => d.state)).toEqual(['sent', 'sent']);
    expect(alertTexts()).toHaveLength(2);
    expect(alertTexts()[1]).toContain('Resolved: adoption below 70%');
    expect(alertTexts()[1]).toContain('adoption 100% (target 70%)');
    expect(await slashCommand('alerts')).toContain('· ok · adoption 100% (target 70%)');
  });

  it('catch a new seat nobody has used a week after it was assigned', async () => {
    expect(await slashCommand('alert unactivated 7d')).toContain('more than 0 new seats unused 7 days after assignment');
    const personId = randomUUID();
    await sql`INSERT INTO people (org_id, person_id, email, display_name) VALUES (${ORG_ID}, ${personId}, 'fay@acme.com', 'fay')`.execute(ctx.db);
    await sql`INSERT INTO licenses (org_id, license_id, person_id, tool, tier, monthly_price_usd, valid_from, valid_to)
      VALUES (${ORG_ID}, ${randomUUID()}, ${personId}, 'cursor', 'business', 40, '2026-11-10', NULL)`.execute(ctx.db);
    // the adoption rule holds (it is ok at 5 of 6); the new rule fires for fay's seat, assigned two weeks ago and unused
    // and over 10–23 Nov against 27 Oct – 9 Nov, zed (active on 1 Nov only) is the one person who declined
    expect(await slashCommand('alert declining 14d > 0 cooldown:0')).toContain('more than 0 people declining over 14 days');
    expect(await evaluateAlerts(alertDeps)).toEqual({ evaluated: 3, changed: 2, waiting: 0 });
    await deliverAll();
    expect(alertTexts()).toHaveLength(4);
    expect(alertTexts().slice(2).join('\n')).toContain('1 of 1 seats assigned 7+ days ago not used yet');
    expect(alertTexts().slice(2).join('\n')).toContain('1 person less than half as active in the last 14 days as in the 14 before');
  });
});

describe('an alert whose conversation is gone', () => {
  it('stops, saying why, and is no longer evaluated', async () => {
    const ruleId = randomUUID();
    await sql`INSERT INTO alert_rules (org_id, rule_id, platform, conversation_id, kind, threshold, cooldown_minutes)
      VALUES (${ORG_ID}, ${ruleId}, 'slack', 'C0GONE', 'adoption-below', 99, 0)`.execute(ctx.db);
    const before = (await evaluateAlerts(alertDeps)).evaluated;
    await deliverAll();
    const row = (await sql<{ disabled_reason: string | null }>`SELECT disabled_reason FROM alert_rules WHERE org_id = ${ORG_ID} AND rule_id = ${ruleId}`.execute(ctx.db)).rows[0];
    expect(row?.disabled_reason).toMatch(/gone or Uptake was removed from it.*not_in_channel/);
    expect((await deliveries()).filter((d) => d.state === 'failed')).toHaveLength(1);
    expect((await evaluateAlerts(alertDeps)).evaluated).toBe(before - 1);
  });
});

describe('GET/POST/DELETE /api/v1/alerts', () => {
  it('lets an org admin manage the org\'s alerts, and nobody else', async () => {
    const adminKey = await ctx.createKey(ORG_ID, ['admin']);
    const readKey = await ctx.createKey(ORG_ID, ['read']);
    const other = await ctx.createOrg('other');
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: unknown) =>
      ctx.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

    const created = await call('POST', '/api/v1/alerts', adminKey, { platform: 'slack', conversationId: 'C0API', kind: 'idle-seats', threshold: 3, filters: 'tool:cursor', cooldownMinutes: 720 });
    expect(created.statusCode, created.body).toBe(201);
    const alert = created.json().alert as { ruleId: string };
    expect(alert).toMatchObject({ platform: 'slack', conversationId: 'C0API', kind: 'idle-seats', threshold: 3, days: 30, filters: 'tool:cursor', cooldownMinutes: 720, state: 'ok', changedAt: null });

    for (const [payload, message] of [
      [{ platform: 'slack', conversationId: 'C0API', kind: 'adoption-below', threshold: 160 }, /percentage above 0 and at most 100/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'adoption-below', threshold: 60, days: 7 }, /days is not used by adoption-below/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'idle-seats', threshold: 2.5 }, /a whole number/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'declining-users', threshold: 1, days: 400 }, /days is 1 to 365/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'speed', threshold: 1 }, /kind/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'active-drop', threshold: 20, filters: 'tool:curser' }, /Did you mean tool:cursor/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'active-drop', threshold: 20, filters: 'person:ann@acme.com' }, /never one person/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'active-drop', threshold: 20, filters: 'team:nope' }, /^Unknown team "nope": this org has no such team\./],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'active-drop', threshold: 20, filters: 'department:sales' }, /^Unknown department "sales"/],
      [{ platform: 'slack', conversationId: 'C0API', kind: 'active-drop', threshold: 20, cooldownMinutes: 99999 }, /cooldownMinutes/],
    ] as const) {
      const res = await call('POST', '/api/v1/alerts', adminKey, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toMatch(message);
    }
    expect((await call('GET', '/api/v1/alerts', readKey)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/alerts', other.adminKey)).json()).toEqual({ alerts: [] });
    expect((await call('DELETE', `/api/v1/alerts/${alert.ruleId}`, other.adminKey)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/alerts', adminKey)).json().alerts.map((a: { ruleId: string }) => a.ruleId)).toContain(alert.ruleId);
    expect((await call('DELETE', `/api/v1/alerts/${alert.ruleId.slice(0, 8)}`, adminKey)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/alerts', adminKey)).json().alerts.map((a: { ruleId: string }) => a.ruleId)).not.toContain(alert.ruleId);
  });
});
