import { describe, expect, it } from 'vitest';
import { tally } from './support/fault-db.ts';
import { serverUnderLoad, useFaultEnvironment } from './support/environment.ts';
import { sleep, waitFor } from './support/ports.ts';
import { waitListening } from './support/server-process.ts';

const env = useFaultEnvironment('kill-server');

describe('kill -9 of the server under load', () => {
  it('loses no acknowledged record', async () => {
    const { server: first, load } = await serverUnderLoad(env, 'kill', 200);
    await first.kill9();
    await sleep(1000);
    const second = env.start();
    await waitListening(second);
    const acknowledgedBefore = load.outcome.acknowledged.size;
    await waitFor('acknowledgements after the restart', () => load.outcome.acknowledged.size > acknowledgedBefore, 30_000);
    const outcome = await load.stop();
    expect(outcome.statuses.get(0) ?? 0).toBeGreaterThan(0); // the kill was felt: some requests got no answer
    const counts = await tally(env.db, env.org.orgId, 'kill -9 of the server under load', outcome);
    expect(counts.lost).toBe(0);
    expect(counts.stored).toBeGreaterThanOrEqual(counts.acknowledged);
  });
});
