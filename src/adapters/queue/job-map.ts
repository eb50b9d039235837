import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

const DELIVERY_PAYLOAD = z.object({ orgId: z.uuid(), key: z.string().min(1).max(300) }).strict();
// The delivery log in Postgres makes a delivery once; the job id only keeps one job per delivery in the queue,
// and finished jobs are removed so that the tick can queue a delivery again after its job gave up.
const DELIVERY_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: true } satisfies JobsOptions;

/**
 * Every background job: its queue, payload schema, the options it is added with, and for scheduled ones how often
 * it runs (a cron pattern, or an interval that settings may change).
 */
export const JOBS = {
  'rollup-org': {
    queue: 'rollups',
    payload: z.object({ orgId: z.uuid() }).strict(),
  },
  'rollup-sweep': {
    queue: 'rollups',
    payload: z.object({}).strict(),
    /** hourly safety net: re-marks recent days of every org */
    cron: '7 * * * *',
  },
  'digest-tick': {
    queue: 'chat',
    payload: z.object({}).strict(),
    /** turns due digest schedules into deliveries and queues every open delivery (DIGEST_TICK_MS) */
    everyMs: 60_000,
  },
  'alert-tick': {
    queue: 'chat',
    payload: z.object({}).strict(),
    /** evaluates every enabled alert rule of orgs whose rollups caught up (ALERT_TICK_MS) */
    everyMs: 15 * 60_000,
  },
  'nudge-tick': {
    queue: 'nudges',
    payload: z.object({}).strict(),
    /** every 15 minutes: seat nudges due in working hours become deliveries (orgs with nudges on) (NUDGE_TICK_MS) */
    everyMs: 15 * 60_000,
  },
  deliver: {
    queue: 'chat',
    payload: DELIVERY_PAYLOAD,
    options: DELIVERY_OPTIONS,
  },
  /** a nudge's direct message: on a queue of its own, so that a wave of them never holds up digests and alerts */
  'deliver-nudge': {
    queue: 'nudges',
    payload: DELIVERY_PAYLOAD,
    options: DELIVERY_OPTIONS,
  },
  'cursor-sync': {
    queue: 'cursor',
    /** one org's Cursor sync; `from`/`to` (epoch ms) read a range without the cursors (backfill) */
    payload: z.object({ orgId: z.uuid(), from: z.number().int().optional(), to: z.number().int().optional(), dryRun: z.boolean().optional(), windowDays: z.number().int().min(1).max(30).optional() }).strict(),
  },
  'cursor-tick': {
    queue: 'cursor',
    payload: z.object({}).strict(),
    /** every 5 minutes: enqueues the orgs whose sync interval has elapsed (each org's `--sync-interval`) */
    cron: '*/5 * * * *',
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
/** A handler may report progress (0-100 or an object) on its job. */
export interface JobContext {
  progress(value: number | object): Promise<void>;
}
export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, job: JobContext) => Promise<unknown> };

export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((job) => job.queue))];

/**
 * Jobs a queue starts at most, over all workers (BullMQ's limiter): nudge DMs 4 a second (240 a minute), under
 * Slack's workspace-wide limit on chat.postMessage ("several hundred a minute"), leaving room for digests and alerts.
 */
export const QUEUE_LIMITS: Partial<Record<string, { max: number; duration: number }>> = {
  nudges: { max: 4, duration: 1000 },
};
