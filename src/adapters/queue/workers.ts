import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobHandlers, type JobName } from './job-map.ts';

export interface RunningWorkers {
  close(deadlineMs?: number): Promise<void>;
}

function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

async function dispatch(handlers: JobHandlers, job: Job): Promise<unknown> {
  if (!isJobName(job.name)) throw new UnrecoverableError(`No handler for job "${job.name}"`);
  const parsed = JOBS[job.name].payload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Bad payload for ${job.name}: ${parsed.error.message}`);
  const handler = handlers[job.name] as (payload: unknown, context: { progress(value: number | object): Promise<void> }) => Promise<unknown>;
  return handler(parsed.data, { progress: (value) => job.updateProgress(value) });
}

/** Starts one worker per queue and reconciles the job schedulers with the declared cron jobs. */
export async function startWorkers(
  redisUrl: string,
  handlers: JobHandlers,
  options: { prefix?: string; onError?: (error: Error, job?: Job) => void } = {},
): Promise<RunningWorkers> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const workers = QUEUE_NAMES.map((queueName) => {
    const worker = new Worker(queueName, (job) => dispatch(handlers, job), { connection, prefix: options.prefix, concurrency: 2 });
    worker.on('failed', (job, error) => options.onError?.(error, job));
    worker.on('error', (error) => options.onError?.(error));
    return worker;
  });
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection, prefix: options.prefix }));
  for (const [name, job] of Object.entries(JOBS)) {
    if (!('cron' in job)) continue;
    const queue = queues[QUEUE_NAMES.indexOf(job.queue)]!;
    await queue.upsertJobScheduler(name, { pattern: job.cron }, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } });
  }
  return {
    async close(deadlineMs = 10_000) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
      await Promise.race([Promise.all(workers.map((w) => w.close())), timeout]);
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    },
  };
}
