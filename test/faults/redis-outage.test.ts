import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { eventsVsRollups, pendingDays, tally } from './support/fault-db.ts';
import { serverUnderLoad, useFaultEnvironment } from './support/environment.ts';
import { okAnswers } from './support/load.ts';
import { sleep, waitFor } from './support/ports.ts';

// D5: during a Redis outage every ingest request logged a 1.3 KB stack; a Redis restarted without persistence
// lost the hourly sweep until the process restarted; /readyz went 503 although ingestion worked.
const OUTAGE_MS = 5000;

const env = useFaultEnvironment('redis-outage');

async function jobSchedulers(redisUrl: string): Promise<string[]> {
  const queue = new Queue('rollups', { connection: { url: redisUrl } });
  try {
    return (await queue.getJobSchedulers()).map((s) => s.key);
  } finally {
    await queue.close();
  }
}

describe('Redis stopped under load', () => {
  it('ingestion goes on, the outage is logged once, and rollups and the sweep come back with Redis', async () => {
    const { server, load } = await serverUnderLoad(env, 'redis', 100);
    expect(await jobSchedulers(env.redis.url)).toEqual(['rollup-sweep']);
    const linesBefore = server.lines.length;
    await env.redis.stop();
    const okBefore = okAnswers(load.outcome);
    await sleep(OUTAGE_MS);
    const ready = await fetch(`http://127.0.0.1:${env.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'degraded', postgres: 'ok', redis: 'down' });
    const outcome = await load.stop();
    const okDuringOutage = okAnswers(outcome) - okBefore;
    const outageLines = server.lines.slice(linesBefore);
    console.log(`[faults] Redis outage: ${okDuringOutage} batches acknowledged in ${OUTAGE_MS / 1000} s, ${outageLines.length} log lines: ${JSON.stringify(outageLines)}`);
    expect(okDuringOutage).toBeGreaterThan(25);
    expect([...outcome.statuses.keys()]).toEqual([200]);
    expect(outageLines.length).toBeLessThanOrEqual(3); // once for the rollup requests, once for the workers
    expect(outageLines.filter((l) => /^\s+at /.test(l) || l.includes('"stack"'))).toEqual([]);
    expect(await pendingDays(env.db, env.org.orgId)).toBeGreaterThan(0);

    // Redis comes back empty (no persistence); no new event arrives: the catch-up alone rolls the days up
    await env.redis.start();
    await waitFor('the rollups to catch up', async () => (await pendingDays(env.db, env.org.orgId)) === 0, 60_000, 500);
    const compared = await eventsVsRollups(env.db, env.org.orgId);
    expect(compared.rollups).toEqual(compared.events);
    expect(await jobSchedulers(env.redis.url)).toEqual(['rollup-sweep']);
    expect(server.lines.some((l) => /Redis is available again/.test(l))).toBe(true);
    const counts = await tally(env.db, env.org.orgId, 'Redis stopped under load', outcome);
    expect(counts.lost).toBe(0);
  });
});
