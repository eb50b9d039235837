// `npm run bench:teams -- --database-url <url> [--org <id>] [--iterations 30] [--text "last 30d"]`
//
// Teams message latency over a seeded org (`npm run seed:synthetic`): the real botbuilder CloudAdapter inside the
// real Fastify app (inject, so no socket), validating a JWT from the local Bot Framework double
// (test/support/bot-connector-double.ts), which also receives the reply on a loopback port. Per message: the HTTP
// answer to the activity, the reply card reaching the double, and the card's chart images fetched from their
// signed links (what Teams does next) as PNGs.

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { linkTenant } from '../src/adapters/postgres/teams-tenant-store.ts';
import { createApp } from '../src/main/create-app.ts';
import { BotConnectorDouble, cardOf } from '../test/support/bot-connector-double.ts';
import { isPng } from '../test/support/slack-double.ts';
import { message, newConversationId, type Conversation } from '../test/support/teams-activities.ts';
import { percentile } from './http-load.ts';
import { chatBenchArgs } from './chat-bench-args.ts';
import { openSeededOrg } from './seeded-org.ts';

const args = chatBenchArgs();

const log = (line: string) => console.log(`[bench] ${line}`);
const PUBLIC_URL = 'https://uptake.bench';

async function main(): Promise<void> {
  const { db, orgId } = await openSeededOrg(args.databaseUrl, args.org, log);
  const email = (await sql<{ email: string }>`SELECT email FROM people WHERE org_id = ${orgId} LIMIT 1`.execute(db)).rows[0]?.email ?? 'bench@example.com';
  const appId = randomUUID();
  const user = { id: '29:bench', aadObjectId: randomUUID(), name: 'Bench', email };
  const double = new BotConnectorDouble({ appId, appPassword: 'bench-password', users: [user] });
  await double.start();
  const tenantId = randomUUID();
  await linkTenant(db, orgId, tenantId);
  const app = await createApp({
    db,
    pingRedis: async () => {},
    bodyLimit: 1e6,
    wireBodyLimit: 1e6,
    logLevel: 'silent',
    chartLinks: { secret: Buffer.alloc(32, 1), publicUrl: PUBLIC_URL, ttlSeconds: 3600 },
    teams: { appId, appPassword: 'bench-password', appTenantId: null, orgId: null, dev: false, serviceUrls: [double.serviceUrl], endpoints: double.endpoints, credentials: double.credentials() },
  });
  await app.ready();
  const chat: Conversation = { id: newConversationId('personal'), type: 'personal', tenantId };
  const iterations = args.iterations;
  const texts = args.texts;
  console.log(`\n| message | charts | HTTP p50 ms | HTTP p95 ms | reply p50 ms | reply p95 ms | reply + chart PNGs p50 ms | reply + chart PNGs p95 ms |\n| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const text of texts) {
    const https: number[] = [];
    const replies: number[] = [];
    const withCharts: number[] = [];
    let charts = 0;
    for (let i = 0; i < iterations + 2; i++) {
      const activity = message(chat, user, double.serviceUrl, `ai-adoption ${text}`);
      const token = double.sign(double.serviceUrl);
      const before = double.calls.length;
      const started = performance.now();
      const res = await app.inject({ method: 'POST', url: '/api/messages', payload: activity, headers: { authorization: `Bearer ${token}` } });
      const answered = performance.now();
      if (res.statusCode !== 200) throw new Error(`${text}: ${res.statusCode} ${res.body}`);
      await app.teams!.idle();
      const reply = double.calls.slice(before).find((c) => c.conversationId === chat.id && cardOf(c) !== null);
      if (!reply) throw new Error(`${text}: no card arrived`);
      const images = ((cardOf(reply)!.body as Array<{ type: string; url?: string }>) ?? []).filter((e) => e.type === 'Image').map((e) => e.url!);
      if (images.length === 0) throw new Error(`${text}: the card carried no charts`);
      await Promise.all(
        images.map(async (url) => {
          const png = await app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
          if (png.statusCode !== 200 || !isPng(png.rawPayload)) throw new Error(`${text}: ${url} is not a PNG (${png.statusCode})`);
        }),
      );
      const done = performance.now();
      charts = images.length;
      if (i >= 2) {
        https.push(answered - started);
        replies.push(reply.at - started);
        withCharts.push(done - started);
      }
    }
    for (const list of [https, replies, withCharts]) list.sort((a, b) => a - b);
    const p = (list: number[], q: number) => percentile(list, q).toFixed(1);
    console.log(`| ${text} | ${charts} | ${p(https, 50)} | ${p(https, 95)} | ${p(replies, 50)} | ${p(replies, 95)} | ${p(withCharts, 50)} | ${p(withCharts, 95)} |`);
  }
  await app.close();
  await double.stop();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
