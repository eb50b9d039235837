import { describe, expect, it } from 'vitest';
import { pendingDays, tally } from './support/fault-db.ts';
import { useFaultEnvironment } from './support/environment.ts';
import { okAnswers, startLoad } from './support/load.ts';
import { sleep, waitFor } from './support/ports.ts';
import { httpStatus, waitForLine, waitListening, type ServerProcess } from './support/server-process.ts';

// With Postgres down at startup the process exited with a stack trace; with Redis down the HTTP port never opened.
const env = useFaultEnvironment('startup');

const stackLines = (server: ServerProcess) => server.lines.filter((l) => /^\s+at /.test(l) || l.includes('"stack"'));

/** Sends 20 batches with two senders; returns the outcome. */
async function ingest(tag: string) {
  const load = startLoad(env.port, env.org.ingestKey, { senders: 2, tag });
  await waitFor('20 answered batches', () => [...load.outcome.statuses.values()].reduce((a, b) => a + b, 0) >= 20, 30_000);
  return load.stop();
}

describe('startup', () => {
  it('with Postgres down: waits, retrying with backoff in one line each, and comes up when Postgres starts', async () => {
    await env.pg.stop();
    const server = env.start();
    try {
      await waitForLine(server, /Postgres is not reachable \(ECONNREFUSED\); retry 3 in/);
      expect(server.alive()).toBe(true);
      expect(await httpStatus(env.port, '/healthz')).toBe(0);
    } finally {
      await env.pg.start(); // also when the wait failed, so the next test has its Postgres
    }
    await waitListening(server, 30_000);
    const outcome = await ingest('pg-start');
    expect([...outcome.statuses.keys()]).toEqual([200]);
    expect(stackLines(server)).toEqual([]);
    console.log(`[faults] startup with Postgres down: ${server.lines.filter((l) => l.includes('Postgres')).join(' | ')}`);
    await tally(env.db, env.org.orgId, 'startup with Postgres down', outcome);
    await server.stop();
  });

  it('with Redis down: opens the HTTP port, ingests, reports "degraded", and rolls up once Redis starts', async () => {
    await env.redis.stop();
    const server = env.start();
    await waitListening(server, 30_000);
    const ready = await fetch(`http://127.0.0.1:${env.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'degraded', postgres: 'ok', redis: 'down' });
    const outcome = await ingest('redis-start');
    expect([...outcome.statuses.keys()]).toEqual([200]);
    expect(outcome.acknowledged.size).toBeGreaterThanOrEqual(1000);
    await sleep(3000); // the workers keep trying to connect meanwhile
    expect(server.lines.filter((l) => /Redis/.test(l)).length).toBeLessThanOrEqual(2);
    expect(stackLines(server)).toEqual([]);
    const counts = await tally(env.db, env.org.orgId, 'startup with Redis down', outcome);
    expect(counts.lost).toBe(0);
    expect(await pendingDays(env.db, env.org.orgId)).toBeGreaterThan(0);
    await env.redis.start();
    await waitFor('the rollups to catch up', async () => (await pendingDays(env.db, env.org.orgId)) === 0, 60_000, 500);
    expect(server.alive()).toBe(true);
    expect(okAnswers(outcome)).toBeGreaterThanOrEqual(20);
  });
});
