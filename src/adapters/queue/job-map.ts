import { z } from 'zod';

/** Every background job: its queue, payload schema and (for scheduled ones) its cron pattern. */
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
