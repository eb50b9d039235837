import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import { createHash } from 'node:crypto';
import { deliverDigest, queueDueDigests, type DigestDeps } from '../app/send-digests.ts';
import type { Container } from './container.ts';
import { describeError, outageLog } from './outage-log.ts';

/**
 * The BullMQ workers with their handlers wired to the composition root's ports (no HTTP server needed). Whenever
 * their connection is (again) ready, and every `upkeepMs`, they ask for a rollup of every org with days still
 * marked (written while Redis was down, or claimed by a worker that died), so rollups catch up without waiting for
 * the hourly sweep.
 */
export async function startBackgroundWorkers(
  container: Pick<Container, 'stores' | 'platforms' | 'reader' | 'now'>,
  redisUrl: string,
  queue: RollupQueue,
  options: { prefix?: string; log: (line: string) => void; upkeepMs?: number; lockMs?: number; digestTickMs?: number; deliveryLeaseMs?: number },
): Promise<RunningWorkers> {
  const { stores } = container;
  const digests: DigestDeps = {
    digests: stores.digests,
    deliveries: stores.deliveries,
    platforms: container.platforms,
    reader: container.reader,
    pendingDays: stores.pendingRollupDays,
    now: container.now,
    onError: (error) => options.log(`digest: ${describeError(error)}`),
    leaseMs: options.deliveryLeaseMs,
  };
  // a delivery key holds ':' (which BullMQ job ids may not): the job id is its hash
  const jobIdOf = (orgId: string, key: string) => `deliver-${createHash('sha256').update(`${orgId}\n${key}`).digest('hex').slice(0, 32)}`;
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
  const running: RunningWorkers = startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
      'digest-tick': () => queueDueDigests(digests, (orgId, key) => running.add('deliver-digest', { orgId, key }, jobIdOf(orgId, key))),
      'deliver-digest': ({ orgId, key }) => deliverDigest(digests, orgId, key),
    },
    {
      everyMs: options.digestTickMs ? { 'digest-tick': options.digestTickMs } : {},
      prefix: options.prefix,
      upkeepMs: options.upkeepMs,
      lockMs: options.lockMs,
      onReady: () => void catchUp(),
      onConnectionError: (error) => redis.failed(error),
      onError: (error, job) => options.log(`${job ? `job ${job.name}` : 'worker'} failed: ${error.message.split('\n')[0]}`),
    },
  );
  return running;
}
