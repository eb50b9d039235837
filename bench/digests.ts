// `npm run bench:digests -- --database-url <url> [--org <id>] [--orgs 50] [--conversations 500] [--variants 10] [--tick-ms 60000]`
//
// Digests and alerts at scale over a seeded database (`npm run seed:synthetic`, the 10M-event org):
// - the big org's Slack workspace (test/support/slack-double.ts with Slack's rate tiers: 429 + Retry-After) gets
//   `--conversations` weekly digests due at the same minute, one view each (two charts), in `--variants` distinct
//   (view, filters) combinations; the real BullMQ workers deliver them with the default digest tick;
// - `--orgs` orgs (the big one and small synthetic ones, created once and reused) get five alert rules each, and
//   one alert evaluation over all of them is timed, three times.
// Goals (issue 13): every digest within 3 minutes of its scheduled minute, 0 duplicates, charts rendered once per
// distinct (org, view, filters, period), an alert tick under 10 s.

import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { VegaChartRenderer } from '../src/adapters/charts/vega-renderer.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { memoryOnceStore } from '../src/adapters/slack/once-store.ts';
import { createRollupQueue } from '../src/adapters/queue/rollup-queue.ts';
import { rollupOrg } from '../src/app/compute-rollups.ts';
import { evaluateAlerts } from '../src/app/evaluate-alerts.ts';
import type { ChartRenderer } from '../src/app/ports.ts';
import { loadConfig } from '../src/config.ts';
import { startBackgroundWorkers } from '../src/main/background.ts';
import { buildContainer } from '../src/main/container.ts';
import { createLogger } from '../src/http/log-redaction.ts';
import { SLACK_RATE_TIERS, SlackDouble } from '../test/support/slack-double.ts';
import { percentile } from './http-load.ts';
import { seedSyntheticOrg } from './seed-synthetic.ts';
import { openSeededOrg } from './seeded-org.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    org: { type: 'string' },
    orgs: { type: 'string', default: '50' },
    conversations: { type: 'string', default: '500' },
    variants: { type: 'string', default: '10' },
    'tick-ms': { type: 'string', default: '60000' },
  },
  strict: true,
});
const ORGS = Number(values.orgs);
const CONVERSATIONS = Number(values.conversations);
const VARIANTS = Number(values.variants);
const TICK_MS = Number(values['tick-ms']);
const TOKEN = 'xoxb-bench-digests';
const SMALL_ORG_PREFIX = 'bench-digests-';
const log = (line: string) => console.error(`[bench] ${line}`);

/** Each digest shows one view (two charts) with or without a tool filter. */
const VIEWS = ['adoption', 'usage', 'value', 'models', 'underutilized'];
const variantOf = (i: number) => ({ view: VIEWS[i % VIEWS.length]!, filters: Math.floor(i / VIEWS.length) % 2 === 1 ? 'tool:claude-code' : '' });

/** Counts drawings: the goal is one per distinct chart. */
class CountingRenderer implements ChartRenderer {
  renders = 0;
  private readonly inner = new VegaChartRenderer();
  async render(drawing: Parameters<ChartRenderer['render']>[0]): Promise<Buffer> {
    this.renders += 1;
    return this.inner.render(drawing);
  }
}

async function main(): Promise<void> {
  const { db, orgId } = await openSeededOrg(values['database-url'], values.org, log);
  const databaseUrl = values['database-url'] ?? loadConfig(process.env).DATABASE_URL!;
  const redisUrl = loadConfig(process.env).REDIS_URL ?? 'redis://127.0.0.1:6379';
  await migrateToLatest(db);

  // the small orgs, made once and reused by later runs
  const existing = await sql<{ org_id: string }>`SELECT org_id FROM orgs WHERE name LIKE ${`${SMALL_ORG_PREFIX}%`} ORDER BY name`.execute(db);
  const orgIds = [orgId, ...existing.rows.map((r) => r.org_id)].slice(0, ORGS);
  for (let i = orgIds.length; i < ORGS; i++) {
    const seeded = await seedSyntheticOrg(db, { databaseUrl, people: 80, days: 70, events: 20_000, orgName: `${SMALL_ORG_PREFIX}${String(i).padStart(2, '0')}`, seed: i, timeZone: 'UTC' });
    orgIds.push(seeded.orgId);
    log(`seeded small org ${i}: ${seeded.events} events`);
  }
  const container0 = buildContainer({ db, log: createLogger('silent') });
  for (const id of orgIds) {
    const rolled = await rollupOrg(container0.stores.rollups, id);
    if (rolled.days.length > 0) log(`rolled up ${rolled.days.length} day(s) of ${id}`);
  }
  await sql`DELETE FROM chat_deliveries WHERE org_id IN (${sql.join(orgIds)})`.execute(db);
  await sql`DELETE FROM digest_schedules WHERE org_id IN (${sql.join(orgIds)})`.execute(db);
  await sql`DELETE FROM alert_rules WHERE org_id IN (${sql.join(orgIds)})`.execute(db);

  // 500 weekly digests in the big org's workspace, all due at the next whole minute
  const channels = Array.from({ length: CONVERSATIONS }, (_, i) => `C0DIGEST${String(i).padStart(4, '0')}`);
  const slack = new SlackDouble({ tokens: [TOKEN], users: {}, botChannels: channels, rateTiers: SLACK_RATE_TIERS });
  await slack.start();
  const due = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
  const weekday = ((due.getUTCDay() + 6) % 7) + 1;
  const atTime = due.toISOString().slice(11, 16);
  for (const [i, channel] of channels.entries()) {
    const { view, filters } = variantOf(i % VARIANTS);
    await sql`INSERT INTO digest_schedules (org_id, schedule_id, platform, conversation_id, cadence, at_time, weekday, time_zone, views, filters, next_run_at)
      VALUES (${orgId}, ${randomUUID()}, 'slack', ${channel}, 'weekly', ${atTime}, ${weekday}, 'UTC', ${sql`ARRAY[${view}]`}, ${filters}, ${due})`.execute(db);
  }
  const distinct = new Set(Array.from({ length: Math.min(VARIANTS, CONVERSATIONS) }, (_, i) => JSON.stringify(variantOf(i)))).size;
  log(`${CONVERSATIONS} digests (${distinct} distinct) due at ${due.toISOString()}; digest tick every ${TICK_MS} ms`);

  const renderer = new CountingRenderer();
  const container = buildContainer({
    db,
    log: createLogger('silent'),
    chartRenderer: renderer,
    slack: { signingSecret: 'bench', apiUrl: slack.apiUrl, single: { botToken: TOKEN, orgId }, encryptionKey: null, once: memoryOnceStore() },
  });
  const prefix = `bench-digests-${randomBytes(4).toString('hex')}`;
  const queue = createRollupQueue(redisUrl, { debounceMs: 1000, prefix });
  const errors: string[] = [];
  const workers = await startBackgroundWorkers(container, redisUrl, queue, { prefix, log: (line) => errors.push(line), digestTickMs: TICK_MS, alertTickMs: 24 * 3600_000 });
  const started = performance.now();
  const sentCount = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM chat_deliveries WHERE org_id = ${orgId} AND state = 'sent'`.execute(db)).rows[0]!.n);
  for (;;) {
    const sent = await sentCount();
    if (sent >= CONVERSATIONS) break;
    if (performance.now() - started > 15 * 60_000) throw new Error(`only ${sent} of ${CONVERSATIONS} sent after 15 minutes; ${errors.slice(-5).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 3000)); // a few more seconds: nothing may be sent again
  await workers.close();
  await queue.close();

  const rows = (await sql<{ sent_at: Date }>`SELECT sent_at FROM chat_deliveries WHERE org_id = ${orgId} AND state = 'sent'`.execute(db)).rows;
  const latency = rows.map((r) => (r.sent_at.getTime() - due.getTime()) / 1000).sort((a, b) => a - b);
  const perKey = new Map<string, number>();
  for (const m of slack.messages.values()) {
    const key = (m.metadata as { event_payload?: { delivery_key?: string } } | null)?.event_payload?.delivery_key ?? '(none)';
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const duplicates = [...perKey.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const methods = new Map<string, number>();
  for (const call of slack.calls) methods.set(call.method, (methods.get(call.method) ?? 0) + 1);

  console.log(`\n| digests | distinct | messages | duplicates | sent after the due minute p50 / p95 / max (s) | charts drawn | chart uploads | 429s | Retry-After ignored |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  console.log(`| ${CONVERSATIONS} | ${distinct} | ${slack.messages.size} | ${duplicates} | ${percentile(latency, 50).toFixed(1)} / ${percentile(latency, 95).toFixed(1)} / ${latency.at(-1)!.toFixed(1)} | ${renderer.renders} (goal ${distinct * 2}) | ${slack.uploads.size} | ${slack.rateLimited} | ${slack.retryAfterIgnored} |`);
  console.log(`\nWeb API calls: ${[...methods.entries()].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  if (errors.length > 0) console.log(`worker log lines: ${errors.length}; last: ${errors.at(-1)}`);

  // five rules per org, one evaluation of them all timed three times
  for (const id of orgIds) {
    for (const [kind, threshold, days] of [['adoption-below', 60, null], ['active-drop', 20, null], ['idle-seats', 5, 30], ['unactivated-seats', 0, 7], ['declining-users', 3, 28]] as const) {
      await sql`INSERT INTO alert_rules (org_id, rule_id, platform, conversation_id, kind, threshold, days) VALUES (${id}, ${randomUUID()}, 'slack', 'C0ALERTS', ${kind}, ${threshold}, ${days})`.execute(db);
    }
  }
  const deps = { alerts: container.stores.alerts, reader: container.reader, pendingDays: container.stores.pendingRollupDays, now: () => new Date() };
  console.log(`\n| alert tick | rules evaluated | waiting for rollups | changed state | seconds |\n| --- | --- | --- | --- | --- |`);
  for (let tick = 1; tick <= 3; tick++) {
    const t0 = performance.now();
    const outcome = await evaluateAlerts(deps);
    console.log(`| ${tick} | ${outcome.evaluated} | ${outcome.waiting} | ${outcome.changed} | ${((performance.now() - t0) / 1000).toFixed(2)} |`);
  }

  await sql`DELETE FROM chat_deliveries WHERE org_id IN (${sql.join(orgIds)})`.execute(db);
  await sql`DELETE FROM digest_schedules WHERE org_id IN (${sql.join(orgIds)})`.execute(db);
  await sql`DELETE FROM alert_rules WHERE org_id IN (${sql.join(orgIds)})`.execute(db);
  await slack.stop();
  await db.destroy();
}

await main();
