import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS } from './job-map.ts';

export interface RollupQueue {
  /** Asks for the org's dirty days to be rolled up soon; many calls while one job waits make one job. */
  requestRollup(orgId: string): Promise<void>;
  close(): Promise<void>;
}

export interface RollupQueueOptions {
  /** wait this long before rolling up, so a burst of batches becomes one job */
  debounceMs: number;
  prefix?: string;
}

export function createRollupQueue(redisUrl: string, options: RollupQueueOptions): RollupQueue {
  // A producer on the request path fails fast instead of buffering commands while Redis is away.
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on('error', () => {});
  const queue = new Queue(JOBS['rollup-org'].queue, { connection, prefix: options.prefix });
  queue.on('error', () => {});
  return {
    async requestRollup(orgId) {
      await queue.add(
        'rollup-org',
        { orgId },
        {
          delay: options.debounceMs,
          deduplication: { id: `rollup-org:${orgId}`, keepLastIfActive: true },
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      );
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
