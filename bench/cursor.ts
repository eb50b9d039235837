// `npm run bench:cursor -- [--database-url URL] [--redis-url URL] [--members 2000] [--days 90] [--events 1000000] [--scale 60]`
//
// One first sync of a Cursor team through the Admin API double (test/support/cursor-double.ts, in its own process)
// into a fresh database: requests made against the fewest possible, rate-limit violations, rows stored per second
// and the sync process's peak memory. The documented per-minute limits are kept, on a window shortened by --scale
// (60: one "minute" is a second), so a 90-day sync takes seconds instead of about 17 minutes.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { cursorClientFactory } from '../src/adapters/cursor/cursor-client.ts';
import { createRedis } from '../src/adapters/redis/redis-client.ts';
import { redisRateBudgets } from '../src/adapters/redis/redis-rate-budget.ts';
import { createDb } from '../src/adapters/postgres/database.ts';
import { insertEvents } from '../src/adapters/postgres/event-store.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { createOrg } from '../src/adapters/postgres/org-store.ts';
import { cursorStore } from '../src/adapters/postgres/postgres-stores.ts';
import { secretBox } from '../src/adapters/postgres/secret-box.ts';
import { syncCursor } from '../src/app/sync-cursor.ts';
import { CURSOR_ENDPOINTS, CURSOR_RATE_LIMITS } from '../src/domain/cursor/api-shapes.ts';
import { DAY_MS, settledBounds } from '../src/domain/cursor/windows.ts';
import { loadConfig } from '../src/config.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    members: { type: 'string', default: '2000' },
    days: { type: 'string', default: '90' },
    events: { type: 'string', default: '1000000' },
    scale: { type: 'string', default: '60' },
  },
});
const members = Number(values.members);
const days = Number(values.days);
const totalEvents = Number(values.events);
const scale = Number(values.scale);
const log = (line: string) => console.log(`[bench] ${line}`);
const API_KEY = `key_${'be'.repeat(32)}`;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const serverUrl = values['database-url'] ?? config.DATABASE_URL;
  // the rate budget as `npm start` has it: in Redis (without a Redis URL: this process's own)
  const redisUrl = values['redis-url'] ?? config.REDIS_URL;
  const redis = redisUrl ? createRedis(redisUrl, { patient: true }) : null;
  if (!serverUrl) throw new Error('Give --database-url or DATABASE_URL (a server where a scratch database can be created).');
  const name = `uptake_bench_cursor_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 4 });
  try {
    await migrateToLatest(db);
    const { orgId } = await createOrg(db, { name: 'bench' });
    // the data ends with the day before "now"; "now" is 01:30 the next day, so every day is settled
    const firstDayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS - days * DAY_MS;
    const now = new Date(firstDayMs + days * DAY_MS + 90 * 60_000);
    const windowMs = Math.round(60_000 / scale);
    const child = fork('bench/cursor-double-server.ts', [JSON.stringify({
      apiKey: API_KEY, windowMs,
      dataset: { members, days, firstDay: new Date(firstDayMs).toISOString().slice(0, 10), eventsPerDay: Math.round(totalEvents / days), seed: 14 },
    })], { execArgv: ['--import', 'tsx'] });
    const ask = <T>(message: object, key: string) => new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => { if (key in m) { child.off('message', on); resolve(m as T); } };
      child.on('message', on);
      if (Object.keys(message).length > 0) child.send(message);
    });
    const { url: doubleUrl } = await ask<{ url: string }>({}, 'url');
    const store = cursorStore(db, secretBox(randomBytes(32)));
    await store.saveConnection(orgId, { apiKey: API_KEY, tier: 'business', syncIntervalMinutes: 60 });

    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const sampler = setInterval(sample, 25);
    // With --expose-gc (the npm script): the heap still in use after a full collection, every 25 pages, which is
    // what grows if the sync holds on to what it read.
    const gc = (globalThis as { gc?: () => void }).gc;
    let retained = 0;
    let pages = 0;
    const onProgress = () => {
      if (!gc || ++pages % 25 !== 0) return;
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed);
    };
    const started = performance.now();
    const outcome = await syncCursor({
      store, events: { insertEvents: (org, events) => insertEvents(db, org, events) }, rollups: null,
      api: cursorClientFactory({ baseUrl: doubleUrl, windowMs, budgets: redis ? redisRateBudgets(redis, { prefix: `uptake:bench:${name}:` }) : undefined }), now: () => now, initialDays: days, onProgress,
    }, orgId);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    sample();

    const settled = settledBounds(now.getTime());
    const { minimum } = await ask<{ minimum: { members: number; daily: number; events: number; usageEvents: number } }>({ ask: 'minimum', from: firstDayMs, to: settled.eventsTo }, 'minimum');
    const { stats, violations } = await ask<{ stats: Record<string, { calls: number; maxInWindow: number }>; violations: number }>({ ask: 'stats' }, 'stats');
    child.kill();
    const rows = await sql<{ n: string }>`SELECT count(*)::text AS n FROM events WHERE org_id = ${orgId}`.execute(db);
    const stored = Number(rows.rows[0]!.n);
    const made = CURSOR_ENDPOINTS.reduce((sum, e) => sum + (stats[e]?.calls ?? 0), 0);
    const least = minimum.members + minimum.daily + minimum.events;
    if (outcome.events.stored !== minimum.usageEvents) throw new Error(`stored ${outcome.events.stored} usage events, the double holds ${minimum.usageEvents}`);

    log(`${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    log(`${members} members, ${days} days, ${minimum.usageEvents} usage events, rate window ${windowMs} ms (limits ÷ ${scale} in time), rate budget ${redis ? 'in Redis' : 'in process'}`);
    console.log(`\n| endpoint | requests | minimum | most in one window | limit |\n| --- | --- | --- | --- | --- |`);
    const mins: Record<string, number> = { members: minimum.members, 'daily-usage-data': minimum.daily, 'filtered-usage-events': minimum.events };
    for (const e of CURSOR_ENDPOINTS) console.log(`| \`${e}\` | ${stats[e]?.calls} | ${mins[e]} | ${stats[e]?.maxInWindow} | ${CURSOR_RATE_LIMITS[e]} |`);
    console.log(`| **all** | **${made}** | **${least}** (+${(((made - least) / least) * 100).toFixed(1)} %) | | |`);
    console.log(`\nrate-limit violations (429): ${violations}`);
    console.log(`rows stored: ${stored} (${outcome.events.stored} usage events, ${outcome.daily.stored} active person-days) in ${seconds.toFixed(1)} s = ${Math.round(stored / seconds)} rows/s`);
    console.log(`peak memory of the sync process: RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB` +
      (gc ? `; most heap still in use after a full GC (every 25 pages): ${(retained / 2 ** 20).toFixed(0)} MiB` : ' (run with --expose-gc for the heap retained)'));
  } finally {
    redis?.disconnect();
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
