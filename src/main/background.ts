import type { Db } from '../adapters/postgres/database.ts';
import { claimDirtyDays, markRecentDaysOfAllOrgs, rebuildRollupDays } from '../adapters/postgres/rollup-store.ts';
import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import type { RollupStore } from '../app/ports.ts';

export function rollupStore(db: Db): RollupStore {
  return {
    claimDirtyDays: (orgId) => claimDirtyDays(db, orgId),
    markRecentDays: (days, now) => markRecentDaysOfAllOrgs(db, days, now),
    rebuildDays: (orgId, days) => rebuildRollupDays(db, orgId, days),
  };
}

/** The BullMQ workers with their handlers wired to the stores. */
export async function startBackgroundWorkers(
  db: Db,
  redisUrl: string,
  queue: RollupQueue,
  options: { prefix?: string; log: (line: string) => void },
): Promise<RunningWorkers> {
  const store = rollupStore(db);
  return startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
    },
    { prefix: options.prefix, onError: (error, job) => options.log(`job ${job?.name ?? ''} failed: ${error.message}`) },
  );
}
