import { describe, expect, it } from 'vitest';
import { tally } from './support/fault-db.ts';
import { serverUnderLoad, useFaultEnvironment } from './support/environment.ts';
import { sleep, waitFor } from './support/ports.ts';
import { waitListening } from './support/server-process.ts';

// D1: a Postgres restart under load killed the process ("Unhandled 'error' event") in 5 of 6 runs.
const OUTAGE_MS = 30_000;

const env = useFaultEnvironment('postgres-outage');

describe('Postgres stopped for 30 s under load', () => {
  it('the process survives, answers 503 with Retry-After meanwhile, and loses no acknowledged record', async () => {
    const { server, load } = await serverUnderLoad(env, 'pg', 100);
    await env.pg.stop();
    const stoppedAt = Date.now();
    const before503 = load.outcome.statuses.get(503) ?? 0;
    await sleep(OUTAGE_MS);
    expect(server.alive()).toBe(true);
    const answered503 = (load.outcome.statuses.get(503) ?? 0) - before503;
    await env.pg.start();
    console.log(`[faults] Postgres was down ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
    const acknowledgedBefore = load.outcome.acknowledged.size;
    await waitFor('acknowledgements after Postgres is back', () => load.outcome.acknowledged.size > acknowledgedBefore + 500, 60_000);
    const outcome = await load.stop();
    expect(server.alive()).toBe(true);
    expect(answered503).toBeGreaterThan(0);
    expect(outcome.retryAfter503).toBe(outcome.statuses.get(503));
    expect(outcome.statuses.get(0) ?? 0).toBe(0); // every request was answered: the process never went away
    expect([...outcome.statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(server.lines.filter((l) => /Unhandled|uncaught/i.test(l))).toEqual([]);
    const counts = await tally(env.db, env.org.orgId, 'Postgres stopped 30 s under load', outcome);
    expect(counts.lost).toBe(0);
  });
});
