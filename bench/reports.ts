// `npm run bench:reports -- --database-url <url> [--org <id>] [--rebuild] [--iterations 40] [--range 30d] [--breakdown]`
//
// Report latency over a seeded org (`npm run seed:synthetic`): p50/p95 per report through the real HTTP app
// (Fastify inject, so no socket), for scope=org and scope=user. With --rebuild, first times a full rollup
// rebuild of every day of the org (what `uptake admin rollups rebuild` does). With --breakdown, then the time of
// each query of each report (bench/report-breakdown.ts).

import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApiKey } from '../src/adapters/postgres/api-key-store.ts';
import { rebuildAllRollups } from '../src/adapters/postgres/rollup-store.ts';
import { VIEWS } from '../src/domain/metrics/report-types.ts';
import { createApp } from '../src/main/create-app.ts';
import { percentile } from './http-load.ts';
import { reportBreakdown } from './report-breakdown.ts';
import { openSeededOrg } from './seeded-org.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    org: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    iterations: { type: 'string', default: '40' },
    range: { type: 'string', default: '30d' },
    breakdown: { type: 'boolean', default: false },
  },
  strict: true,
});

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const { db, orgId } = await openSeededOrg(args['database-url'], args.org, log);

  if (args.rebuild) {
    const started = performance.now();
    const outcome = await rebuildAllRollups(db, orgId, (step, ms) => log(`  ${step}: ${(ms / 1000).toFixed(1)} s`));
    log(`full rollup rebuild: ${outcome.days.length} days, ${outcome.sessions.toLocaleString('en-US')} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const sizes = await sql<{ t: string; n: string }>`
    SELECT 'rollup_daily' AS t, count(*)::text AS n FROM rollup_daily WHERE org_id = ${orgId}
    UNION ALL SELECT 'rollup_hourly', count(*)::text FROM rollup_hourly WHERE org_id = ${orgId}
    UNION ALL SELECT 'rollup_sessions', count(*)::text FROM rollup_sessions WHERE org_id = ${orgId}`.execute(db);
  log(`rollup rows: ${sizes.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString('en-US')}`).join(', ')}`);

  const { key, keyId } = await createApiKey(db, { orgId, scopes: ['admin'], personEmail: null, name: 'bench:reports' });
  const app = await createApp({ db, pingRedis: async () => {}, bodyLimit: 1e6, wireBodyLimit: 1e6, logLevel: 'silent' });
  const iterations = Number(args.iterations);
  console.log(`\n| report | scope | p50 ms | p95 ms |\n| --- | --- | --- | --- |`);
  for (const view of VIEWS) {
    for (const scope of ['org', 'user']) {
      const url = `/api/v1/reports/${view}?range=${args.range}&scope=${scope}`;
      const times: number[] = [];
      for (let i = 0; i < iterations + 3; i++) {
        const started = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        if (i >= 3) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`| ${view} | ${scope} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
    }
  }
  await app.close();
  if (args.breakdown) await reportBreakdown(db, orgId, args.range, iterations);
  await sql`DELETE FROM api_keys WHERE org_id = ${orgId} AND key_id = ${keyId}`.execute(db);
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
