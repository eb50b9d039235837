import { UnrecoverableError } from 'bullmq';
import type { CursorSyncQueue } from '../adapters/queue/cursor-queue.ts';
import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import { syncCursor, type CursorSyncProgress } from '../app/sync-cursor.ts';
import { DAY_MS } from '../domain/cursor/windows.ts';
import { CursorAuthError } from '../domain/cursor/errors.ts';
import type { Container } from './container.ts';

/** The BullMQ workers with their handlers wired to the composition root's ports (no HTTP server needed). */
export async function startBackgroundWorkers(
  container: Pick<Container, 'stores'> & Partial<Pick<Container, 'cursor' | 'now'>>,
  redisUrl: string,
  queue: RollupQueue,
  options: { prefix?: string; log: (line: string) => void; cursorQueue?: CursorSyncQueue | null },
): Promise<RunningWorkers> {
  const store = container.stores.rollups;
  const cursor = container.cursor ?? null;
  const now = container.now ?? (() => new Date());
  return startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
      'cursor-sync': async ({ orgId, from, to, dryRun, windowDays }, job) => {
        if (!cursor) throw new UnrecoverableError('Cursor sync needs ENCRYPTION_KEY (the admin keys are stored encrypted).');
        // a range without a start reads the last 30 days up to its end
        const range = from !== undefined || to !== undefined ? { from: from ?? now().getTime() - 30 * DAY_MS, to: to ?? Number.MAX_SAFE_INTEGER } : undefined;
        const progress = (p: CursorSyncProgress) => void job.progress({ endpoint: p.endpoint, page: p.page, received: p.received, stored: p.stored, done: p.done }).catch(() => {});
        try {
          return await syncCursor(cursor.syncDeps(progress), orgId, { range, dryRun, windowDays });
        } catch (error) {
          // a refused key never gets better by retrying; the status shows it until a new key is set
          if (error instanceof CursorAuthError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      'cursor-tick': async () => {
        if (!cursor || !options.cursorQueue) return { orgs: 0 };
        const due = await cursor.store.dueOrgs(now());
        for (const orgId of due) await options.cursorQueue.requestSync({ orgId });
        return { orgs: due.length };
      },
    },
    { prefix: options.prefix, onError: (error, job) => options.log(`job ${job?.name ?? ''} failed: ${error.message}`) },
  );
}
