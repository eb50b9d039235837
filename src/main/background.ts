import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import type { Container } from './container.ts';
import { describeError, outageLog } from './outage-log.ts';

/**
 * The BullMQ workers with their handlers wired to the composition root's ports (no HTTP server needed). Whenever
 * their connection is (again) ready, and every `upkeepMs`, they ask for a rollup of every org with days still
 * marked (written while Redis was down, or claimed by a worker that died), so rollups catch up without waiting for
 * the hourly sweep.
 */
export async function startBackgroundWorkers(
  container: Pick<Container, 'stores'>,
  redisUrl: string,
  queue: RollupQueue,
  options: { prefix?: string; log: (line: string) => void; upkeepMs?: number; lockMs?: number },
): Promise<RunningWorkers> {
  const store = container.stores.rollups;
  const redis = outageLog('Redis', 'background jobs wait; ingestion goes on and marks its days in Postgres.', options.log);
  const catchUp = async () => {
    redis.succeeded();
    try {
      for (const orgId of await container.stores.orgsWithPendingRollups()) await queue.requestRollup(orgId);
    } catch (error) {
      options.log(`rollup catch-up failed: ${describeError(error)}`);
    }
  };
  return startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
    },
    {
      prefix: options.prefix,
      upkeepMs: options.upkeepMs,
      lockMs: options.lockMs,
      onReady: () => void catchUp(),
      onConnectionError: (error) => redis.failed(error),
      onError: (error, job) => options.log(`${job ? `job ${job.name}` : 'worker'} failed: ${error.message.split('\n')[0]}`),
    },
  );
}
