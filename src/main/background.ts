import { createHash } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { CursorSyncQueue } from '../adapters/queue/cursor-queue.ts';
import type { RollupQueue } from '../adapters/queue/rollup-queue.ts';
import { startWorkers, type RunningWorkers } from '../adapters/queue/workers.ts';
import { rollupOrg, sweepRollups } from '../app/compute-rollups.ts';
import { evaluateAlerts } from '../app/evaluate-alerts.ts';
import type { Answer } from '../app/answer-command.ts';
import { PromiseCache } from '../app/promise-cache.ts';
import { deliver, DIGEST_REUSE_MS, queueDueDigests, queueOpenDeliveries, type DigestDeps } from '../app/send-digests.ts';
import { sendNudges } from '../app/send-nudges.ts';
import { isNudgeDelivery } from '../domain/nudges/nudge-message.ts';
import { syncCursor, type CursorSyncProgress } from '../app/sync-cursor.ts';
import { CursorAuthError } from '../domain/cursor/errors.ts';
import { DAY_MS } from '../domain/cursor/windows.ts';
import type { Container } from './container.ts';
import { describeError, outageLog } from './outage-log.ts';

export interface BackgroundOptions {
  prefix?: string;
  log: (line: string) => void;
  /** ROLLUP_CATCH_UP_MS */
  upkeepMs?: number;
  /** JOB_LOCK_MS */
  lockMs?: number;
  /** DIGEST_TICK_MS */
  digestTickMs?: number;
  /** ALERT_TICK_MS */
  alertTickMs?: number;
  /** NUDGE_TICK_MS */
  nudgeTickMs?: number;
  /** DELIVERY_LEASE_MS */
  deliveryLeaseMs?: number;
  /** where the Cursor tick queues due syncs; absent: no scheduled Cursor syncs */
  cursorQueue?: CursorSyncQueue | null;
}

/**
 * The BullMQ workers with their handlers wired to the composition root's ports (no HTTP server needed): rollups,
 * digests and Cursor syncs. Whenever their connection is (again) ready, and every `upkeepMs`, they ask for a rollup
 * of every org with days still marked (written while Redis was down, or claimed by a worker that died), so rollups
 * catch up without waiting for the hourly sweep.
 */
export async function startBackgroundWorkers(
  container: Pick<Container, 'stores' | 'platforms' | 'reader' | 'now'> & Partial<Pick<Container, 'cursor'>>,
  redisUrl: string,
  queue: RollupQueue,
  options: BackgroundOptions,
): Promise<RunningWorkers> {
  const { stores, now } = container;
  const store = stores.rollups;
  const cursor = container.cursor ?? null;
  const redis = outageLog('Redis', 'background jobs wait; ingestion goes on and marks its days in Postgres.', options.log);
  const catchUp = async () => {
    redis.succeeded();
    try {
      for (const orgId of await stores.orgsWithPendingRollups()) await queue.requestRollup(orgId);
    } catch (error) {
      options.log(`rollup catch-up failed: ${describeError(error)}`);
    }
  };
  const digests: DigestDeps = {
    digests: stores.digests,
    deliveries: stores.deliveries,
    alerts: stores.alerts,
    nudges: stores.nudges,
    composed: new PromiseCache<Answer>(DIGEST_REUSE_MS, 500),
    platforms: container.platforms,
    reader: container.reader,
    pendingDays: stores.pendingRollupDays,
    now,
    onError: (error) => options.log(`digest: ${describeError(error)}`),
    leaseMs: options.deliveryLeaseMs,
  };
  // a delivery key holds ':' (which BullMQ job ids may not): the job id is its hash
  const jobIdOf = (orgId: string, key: string) => `deliver-${createHash('sha256').update(`${orgId}\n${key}`).digest('hex').slice(0, 32)}`;
  let nudging = false;
  // a nudge's DM goes to the nudges queue (rate-limited), so that a wave of them never holds up digests and alerts
  const enqueueDelivery = (orgId: string, key: string) => running.add(isNudgeDelivery(key) ? 'deliver-nudge' : 'deliver', { orgId, key }, jobIdOf(orgId, key));
  const running: RunningWorkers = startWorkers(
    redisUrl,
    {
      'rollup-org': ({ orgId }) => rollupOrg(store, orgId),
      'rollup-sweep': () => sweepRollups(store, (orgId) => queue.requestRollup(orgId), new Date()),
      'digest-tick': () => queueDueDigests(digests, enqueueDelivery),
      'alert-tick': () => evaluateAlerts({ alerts: stores.alerts, reader: container.reader, pendingDays: stores.pendingRollupDays, now }),
      'nudge-tick': async () => {
        // a tick reading a large Slack directory (a users.list page every 3.2 s) may outlast the interval: the
        // next one in this process then does nothing rather than read it again beside it
        if (nudging) return { skipped: 'the previous nudge tick is still running' };
        nudging = true;
        try {
          const outcome = await sendNudges({ nudges: stores.nudges, reader: container.reader, platforms: container.platforms, now, onError: (error) => options.log(`nudge: ${describeError(error)}`) });
          // the new DMs are queued at once, not at the next digest tick
          if (outcome.nudged > 0) await queueOpenDeliveries(digests, enqueueDelivery, isNudgeDelivery);
          return outcome;
        } finally {
          nudging = false;
        }
      },
      deliver: ({ orgId, key }) => deliver(digests, orgId, key),
      'deliver-nudge': ({ orgId, key }) => deliver(digests, orgId, key),
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
    {
      everyMs: {
        ...(options.digestTickMs ? { 'digest-tick': options.digestTickMs } : {}),
        ...(options.alertTickMs ? { 'alert-tick': options.alertTickMs } : {}),
        ...(options.nudgeTickMs ? { 'nudge-tick': options.nudgeTickMs } : {}),
      },
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
