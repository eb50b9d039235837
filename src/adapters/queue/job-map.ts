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
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>) => Promise<unknown> };

export const QUEUE_NAMES = [...new Set(Object.values(JOBS).map((job) => job.queue))];
