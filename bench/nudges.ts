// `npm run bench:nudges -- [--database-url <url>] [--seats 10000] [--idle 2000] [--not-in-slack 20] [--nudge-tick-ms 60000]`
//
// A seat-nudge wave at scale (issue 17), in a scratch database created on the server and dropped afterwards:
// `--seats` licensed Claude Code seats, `--idle` of them never used since they were assigned 90 days ago (the others
// used today), `--not-in-slack` of the idle holders unknown to Slack. The Slack double enforces Slack's rate tiers
// with 429 + Retry-After (users.lookupByEmail and conversations.open Tier 3, users.list Tier 2, chat.postMessage 1 a
// second per channel and 300 a minute over the workspace). The real BullMQ workers (startBackgroundWorkers) run the
// nudge tick and deliver; one digest is due a minute into the wave, on the same workspace.
//
// The clock is simulated: the workers' "now" starts on Wednesday 2 December 2026 at 10:00 UTC and runs at real
// speed, and the people live in UTC, London, Berlin and Lagos, so everyone is in working hours for the whole wave
// whatever the time of the run. Rate limits are enforced in real time.
//
// Goals: eligibility evaluated in under 5 s; every DM sent within Slack's limits, 0 lost, 0 duplicates. Reported:
// how long the wave takes, and the Web API calls per minute.

import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../src/adapters/postgres/database.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { createOrg } from '../src/adapters/postgres/org-store.ts';
import { createRollupQueue } from '../src/adapters/queue/rollup-queue.ts';
import { memoryOnceStore } from '../src/adapters/slack/once-store.ts';
import { seatsOverview } from '../src/app/review-seats.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/http/log-redaction.ts';
import { startBackgroundWorkers } from '../src/main/background.ts';
import { buildContainer } from '../src/main/container.ts';
import { checkWave, seedWaveOrg } from '../test/support/nudge-wave.ts';
import { SLACK_RATE_TIERS, SlackDouble, type ApiCall } from '../test/support/slack-double.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    seats: { type: 'string', default: '10000' },
    idle: { type: 'string', default: '2000' },
    'not-in-slack': { type: 'string', default: '20' },
    'nudge-tick-ms': { type: 'string', default: '60000' },
    'digest-at-s': { type: 'string', default: '300' },
  },
  strict: true,
});
const SEATS = Number(values.seats);
const IDLE = Number(values.idle);
const NOT_IN_SLACK = Number(values['not-in-slack']);
const TOKEN = 'xoxb-bench-nudges';
const SIM_START = Date.parse('2026-12-02T10:00:00Z');
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'Africa/Lagos'];
const DIGEST_CHANNEL = 'C0DIGESTS';
/** a digest is due this long into the run: while the DMs go out */
const DIGEST_AT_MS = Number(values['digest-at-s']) * 1000;
const log = (line: string) => console.error(`[bench] ${line}`);

/** Calls of a method: how many, the most in any 60 s, and the mean per minute from the first to the last. */
function perMinute(calls: ApiCall[]): { count: number; peak: number; mean: string } {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= 60_000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const minutes = at.length > 1 ? (at.at(-1)! - at[0]!) / 60_000 : 0;
  return { count: at.length, peak, mean: minutes >= 1 ? (at.length / minutes).toFixed(1) : '– (under a minute)' };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const serverUrl = values['database-url'] ?? config.DATABASE_URL;
  const redisUrl = config.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!serverUrl) throw new Error('Give --database-url or DATABASE_URL (a server where a scratch database can be created).');
  const name = `uptake_bench_nudges_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 10 });
  try {
    await migrateToLatest(db);
    const { orgId } = await createOrg(db, { name: 'bench-nudges' });
    await sql`UPDATE orgs SET time_zone = 'UTC' WHERE org_id = ${orgId}`.execute(db);
    const today = new Date(SIM_START).toISOString().slice(0, 10);
    const wave = await seedWaveOrg(db, orgId, { seats: SEATS, idle: IDLE, notInSlack: NOT_IN_SLACK, today, zones: ZONES });
    log(`${SEATS} seats, ${IDLE} idle (${NOT_IN_SLACK} of them not in Slack), ${Object.keys(wave.slackUsers).length} Slack users; database ${name}`);

    const slack = new SlackDouble({ tokens: [TOKEN], users: wave.slackUsers, botChannels: [DIGEST_CHANNEL], rateTiers: SLACK_RATE_TIERS });
    await slack.start();
    const t0 = performance.now();
    const now = () => new Date(SIM_START + (performance.now() - t0));
    const container = buildContainer({
      db,
      log: createLogger('silent'),
      now,
      slack: { signingSecret: 'bench', apiUrl: slack.apiUrl, single: { botToken: TOKEN, orgId }, encryptionKey: null, once: memoryOnceStore() },
    });

    // eligibility, as the tick evaluates it (nothing sent)
    const evaluations: number[] = [];
    let wouldNudge = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const overview = await seatsOverview({ nudges: container.stores.nudges, reader: container.reader, now }, orgId);
      evaluations.push((performance.now() - started) / 1000);
      wouldNudge = overview?.nudge.length ?? 0;
    }
    log(`eligibility: ${wouldNudge} seats due a nudge; ${evaluations.map((s) => s.toFixed(2)).join(' / ')} s`);

    // a digest due while the DMs go out, on the same workspace (its own queue: chat)
    const digestDue = new Date(SIM_START + (performance.now() - t0) + DIGEST_AT_MS);
    await sql`INSERT INTO digest_schedules (org_id, schedule_id, platform, conversation_id, cadence, at_time, weekday, time_zone, views, next_run_at)
      VALUES (${orgId}, ${randomUUID()}, 'slack', ${DIGEST_CHANNEL}, 'weekly', ${digestDue.toISOString().slice(11, 16)}, 3, 'UTC', ARRAY['adoption'], ${digestDue})`.execute(db);
    const digestWallDue = Date.now() + DIGEST_AT_MS;

    const prefix = `bench-nudges-${randomBytes(4).toString('hex')}`;
    const queue = createRollupQueue(redisUrl, { debounceMs: 1000, prefix });
    const errors: string[] = [];
    const started = performance.now();
    const workers = await startBackgroundWorkers(container, redisUrl, queue, {
      prefix, log: (line) => errors.push(line), nudgeTickMs: Number(values['nudge-tick-ms']), alertTickMs: 24 * 3600_000,
    });
    const eligible = IDLE - NOT_IN_SLACK;
    const sentNudges = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM chat_deliveries WHERE org_id = ${orgId} AND state = 'sent' AND delivery_key LIKE 'nudge:%'`.execute(db)).rows[0]!.n;
    let lastReport = 0;
    for (;;) {
      const sent = await sentNudges();
      if (sent >= eligible) break;
      const elapsed = performance.now() - started;
      if (elapsed > 40 * 60_000) throw new Error(`only ${sent} of ${eligible} sent after 40 minutes; ${errors.slice(-5).join(' | ')}`);
      if (elapsed - lastReport > 60_000) {
        log(`${(elapsed / 1000).toFixed(0)} s: ${sent} of ${eligible} DMs sent, ${slack.rateLimited} answers 429`);
        lastReport = elapsed;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const waveSeconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 5000)); // a few more seconds: nothing may be sent again
    await workers.close();
    await queue.close();

    const check = await checkWave(db, orgId, wave, slack);
    const digest = (await sql<{ sent_at: Date | null }>`SELECT sent_at FROM chat_deliveries WHERE org_id = ${orgId} AND delivery_key NOT LIKE 'nudge:%'`.execute(db)).rows[0];
    const digestLate = digest?.sent_at ? `${((digest.sent_at.getTime() - digestWallDue) / 1000).toFixed(1)} s after it was due` : 'not yet (the wave ended first)';
    const dmCalls = slack.callsTo('chat.postMessage').filter((c) => c.args.channel !== DIGEST_CHANNEL);
    // the wave runs from its first Web API call (the first tick's users.list) to the last DM
    const waveCalls = slack.calls.filter((c) => c.args.channel !== DIGEST_CHANNEL && !c.method.startsWith('files.'));
    const firstCall = (Math.min(...waveCalls.map((c) => c.at)) - started) / 1000;
    const firstDm = (Math.min(...dmCalls.map((c) => c.at)) - started) / 1000;
    const lastDm = (Math.max(...dmCalls.map((c) => c.at)) - started) / 1000;

    console.log(`\n| seats | idle | not in Slack | eligibility (3 runs, s) | DMs due | DMs sent once | lost | duplicates | first call / first DM / last DM (s after start) | wave: first call to last DM (s) | 429s | Retry-After ignored |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    console.log(`| ${SEATS} | ${IDLE} | ${NOT_IN_SLACK} | ${evaluations.map((s) => s.toFixed(2)).join(' / ')} | ${check.eligible} | ${check.deliveredOnce} | ${check.lost} | ${check.duplicates} | ${firstCall.toFixed(1)} / ${firstDm.toFixed(1)} / ${lastDm.toFixed(1)} | ${(lastDm - firstCall).toFixed(1)} | ${slack.rateLimited} | ${slack.retryAfterIgnored} |`);
    console.log(`all ${check.eligible} DMs sent ${waveSeconds.toFixed(1)} s after the workers started (a nudge tick at once, then every ${Number(values['nudge-tick-ms']) / 1000} s)`);
    console.log(`\n| Web API method | calls | peak in any 60 s | mean per minute | Slack's limit |\n| --- | --- | --- | --- | --- |`);
    const methods = [...new Set(slack.calls.map((c) => c.method))].sort();
    for (const method of methods) {
      const calls = method === 'chat.postMessage' ? dmCalls : slack.callsTo(method);
      const rate = perMinute(calls);
      const tier = SLACK_RATE_TIERS[method];
      const limit = !tier ? '' : tier.perChannel ? `${tier.max}/s per channel, ${tier.workspace?.max}/min per workspace` : `${tier.max}/min`;
      console.log(`| ${method}${method === 'chat.postMessage' ? ' (DMs)' : ''} | ${rate.count} | ${rate.peak} | ${rate.mean} | ${limit} |`);
    }
    console.log(`\nnudges table: ${check.nudgeRows} rows, ${check.nudgeRowsSentWithTs} sent with the DM's ts recorded; ${check.strays} DMs to people not due; ${check.unreachableRecorded} of ${NOT_IN_SLACK} missing people recorded unreachable`);
    const dmsBeforeDigest = digest?.sent_at ? (await sql<{ n: number }>`SELECT count(*)::int AS n FROM chat_deliveries WHERE org_id = ${orgId} AND delivery_key LIKE 'nudge:%' AND sent_at < ${digest.sent_at}`.execute(db)).rows[0]!.n : 0;
    console.log(`digest due ${DIGEST_AT_MS / 1000} s after the workers started: sent ${digestLate}, while the DMs went out (${dmsBeforeDigest} of ${check.eligible} sent before it)`);
    if (errors.length > 0) console.log(`worker log lines: ${errors.length}; last: ${errors.at(-1)}`);
    await slack.stop();
  } finally {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
