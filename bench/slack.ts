// `npm run bench:slack -- --database-url <url> [--org <id>] [--iterations 30] [--text "last 30d"]`
//
// Slash command latency over a seeded org (`npm run seed:synthetic`): the real Bolt app inside the real Fastify
// app (inject, so no socket) against the local Slack Web API double (test/support/slack-double.ts) on a loopback
// port. Per command: the time to the HTTP ack, and the time to the last Web API call of the answer (the ephemeral
// answer through the response_url, conversations.open, and files.uploadV2's three calls per chart).

import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { memoryOnceStore } from '../src/adapters/slack/once-store.ts';
import { createApp } from '../src/main/create-app.ts';
import { SlackDouble, isPng } from '../test/support/slack-double.ts';
import { signedHeaders, slashCommandBody } from '../test/support/slack-requests.ts';
import { percentile } from './http-load.ts';
import { chatBenchArgs } from './chat-bench-args.ts';
import { openSeededOrg } from './seeded-org.ts';

const args = chatBenchArgs();

const log = (line: string) => console.log(`[bench] ${line}`);
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';
const USER = 'U0BENCH';

async function main(): Promise<void> {
  const { db, orgId } = await openSeededOrg(args.databaseUrl, args.org, log);

  const email = (await sql<{ email: string }>`SELECT email FROM people WHERE org_id = ${orgId} LIMIT 1`.execute(db)).rows[0]?.email ?? 'bench@example.com';
  const double = new SlackDouble({ tokens: [TOKEN], users: { [USER]: { email } }, botChannels: ['C0BENCH'] });
  await double.start();
  const app = await createApp({
    db,
    pingRedis: async () => {},
    bodyLimit: 1e6,
    wireBodyLimit: 1e6,
    logLevel: 'silent',
    slack: { signingSecret: SECRET, apiUrl: double.apiUrl, single: { botToken: TOKEN, orgId }, encryptionKey: null, once: memoryOnceStore() },
  });
  await app.ready();
  const iterations = args.iterations;
  const texts = args.texts;
  console.log(`\n| command | charts | ack p50 ms | ack p95 ms | answer p50 ms | answer p95 ms |\n| --- | --- | --- | --- | --- | --- |`);
  for (const text of texts) {
    const acks: number[] = [];
    const answers: number[] = [];
    let charts = 0;
    for (let i = 0; i < iterations + 2; i++) {
      const responseUrl = double.responseUrl();
      const body = slashCommandBody({ team: 'T0BENCH', channel: 'C0BENCH', user: USER, text, responseUrl, triggerId: createHash('sha1').update(randomUUID()).digest('hex') });
      const callsBefore = double.calls.length;
      const uploadsBefore = double.uploads.size;
      const started = performance.now();
      const res = await app.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signedHeaders(SECRET, body, Math.floor(Date.now() / 1000)) });
      const acked = performance.now();
      if (res.statusCode !== 200) throw new Error(`${text}: ${res.statusCode} ${res.body}`);
      await app.slackIdle();
      const id = responseUrl.split('/').pop();
      const answer = double.responses.find((r) => r.id === id);
      if (!answer) throw new Error(`${text}: no answer arrived`);
      const last = Math.max(answer.at, ...double.calls.slice(callsBefore).map((c) => c.at));
      const uploads = [...double.uploads.values()].slice(uploadsBefore);
      if (!uploads.every((u) => u.completed && isPng(u.bytes))) throw new Error(`${text}: a chart upload is incomplete or not a PNG`);
      charts = uploads.length;
      if (charts === 0) throw new Error(`${text}: the answer carried no charts: ${JSON.stringify(answer).slice(0, 500)}`);
      if (i >= 2) {
        acks.push(acked - started);
        answers.push(last - started);
      }
    }
    acks.sort((a, b) => a - b);
    answers.sort((a, b) => a - b);
    console.log(`| ${text} | ${charts} | ${percentile(acks, 50).toFixed(1)} | ${percentile(acks, 95).toFixed(1)} | ${percentile(answers, 50).toFixed(1)} | ${percentile(answers, 95).toFixed(1)} |`);
  }
  await app.close();
  await double.stop();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
