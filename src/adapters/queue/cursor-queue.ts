import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, type JobPayload } from './job-map.ts';

export interface CursorSyncJob {
  jobId: string;
  state: string;
  progress: unknown;
}

/** Enqueues Cursor syncs: one job per org at a time (its job id is the org's), whatever asks for it. */
export interface CursorSyncQueue {
  /** the org's waiting or running job when there is one, else a new one */
  requestSync(payload: JobPayload<'cursor-sync'>): Promise<CursorSyncJob & { alreadyQueued: boolean }>;
  /** the org's waiting or running sync, or null */
  current(orgId: string): Promise<CursorSyncJob | null>;
  close(): Promise<void>;
}

/** BullMQ refuses ':' in custom job ids. */
export const cursorJobId = (orgId: string) => `cursor-sync-${orgId}`;

export function createCursorQueue(redisUrl: string, options: { prefix?: string } = {}): CursorSyncQueue {
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on('error', () => {});
  const queue = new Queue(JOBS['cursor-sync'].queue, { connection, prefix: options.prefix });
  queue.on('error', () => {});
  const current = async (orgId: string): Promise<CursorSyncJob | null> => {
    const job = await queue.getJob(cursorJobId(orgId));
    if (!job) return null;
    const state = await job.getState();
    return state === 'completed' || state === 'failed' || state === 'unknown' ? null : { jobId: job.id ?? cursorJobId(orgId), state, progress: job.progress };
  };
  return {
    async requestSync(payload) {
      const existing = await current(payload.orgId);
      if (existing) return { ...existing, alreadyQueued: true };
      // A finished job keeps no id: the next request makes a new job with the same id. The outcome is in Postgres.
      const job = await queue.add('cursor-sync', payload, { jobId: cursorJobId(payload.orgId), removeOnComplete: true, removeOnFail: true, attempts: 1 });
      return { jobId: job.id ?? cursorJobId(payload.orgId), state: 'waiting', progress: 0, alreadyQueued: false };
    },
    current,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
