import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ingest, rollup } from './report-harness.ts';
import type { TestContext } from './test-app.ts';

// The org every chat test asks about (Slack and Teams alike). Its numbers are worked out by hand in the tests.

export const CHAT_NOW = new Date('2026-11-20T15:00:00Z');
export const LICENSED = ['ann@acme.com', 'bob@acme.com', 'cat@acme.com', 'dan@acme.com', 'eve@acme.com'];

/** One session: a prompt and a model request with `tokens` input tokens. */
function session(email: string, at: string, tokens: number) {
  const id = randomUUID();
  const t = Date.parse(at);
  return [
    { id: `${id}-p`, occurredAt: new Date(t - 60_000).toISOString(), tool: 'claude-code', kind: 'user_prompt', email, sessionId: id },
    { id: `${id}-r`, occurredAt: at, tool: 'claude-code', kind: 'api_request', email, sessionId: id, requestId: `req-${id}`, model: 'claude-sonnet-4-5', tokens: { input: tokens, output: 0, cacheRead: 0, cacheCreation: 0 } },
  ];
}

// last 30 days = 22 Oct – 20 Nov 2026; the previous period is 22 Sep – 21 Oct.
export const CHAT_EVENTS = [
  ...session('ann@acme.com', '2026-10-01T10:00:00Z', 1000), // previous period: ann is the only active user
  ...session('ann@acme.com', '2026-11-02T10:00:00Z', 2000),
  ...session('ann@acme.com', '2026-11-10T10:00:00Z', 2000),
  ...session('bob@acme.com', '2026-11-15T10:00:00Z', 5000),
  ...session('bob@acme.com', '2026-11-20T14:55:00Z', 3000), // the newest event: "Data up to 5 min ago"
  ...session('cat@acme.com', '2026-10-25T10:00:00Z', 4000),
  ...session('zed@acme.com', '2026-11-01T10:00:00Z', 10000), // active, not on the roster
];

/** Creates the org (UTC), its five licensed people, their events and rollups. */
export async function seedChatOrg(ctx: TestContext, orgId: string, name = 'acme'): Promise<void> {
  await sql`INSERT INTO orgs (org_id, name, time_zone) VALUES (${orgId}, ${name}, 'UTC')`.execute(ctx.db);
  for (const email of LICENSED) {
    const personId = randomUUID();
    await sql`INSERT INTO people (org_id, person_id, email, display_name, team) VALUES (${orgId}, ${personId}, ${email}, ${email.split('@')[0]}, 'Platform')`.execute(ctx.db);
    await sql`INSERT INTO licenses (org_id, license_id, person_id, tool, tier, monthly_price_usd, valid_from, valid_to)
      VALUES (${orgId}, ${randomUUID()}, ${personId}, 'claude-code', 'pro', 20, '2026-01-01', NULL)`.execute(ctx.db);
  }
  await ingest(ctx, await ctx.createKey(orgId, ['ingest']), CHAT_EVENTS);
  await rollup(ctx, orgId);
}
