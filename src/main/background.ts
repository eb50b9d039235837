import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import type { Container } from './container.ts';

/** The BullMQ workers with their handlers wired to the composition root's ports (no HTTP server needed). */
export async function startBackgroundWorkers(
  container: Pick<Container, 'stores'>,
  redisUrl: string,
  queue: RollupQueue,
  options: { prefix?: string; log: (line: string) => void },
): Promise<RunningWorkers> {
  const store = container.stores.rollups;
  return startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
    },
    { prefix: options.prefix, onError: (error, job) => options.log(`job ${job?.name ?? ''} failed: ${error.message}`) },
  );
}
