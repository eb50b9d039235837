import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, QUEUE_LIMITS, QUEUE_NAMES, type JobHandlers, type JobName, type JobPayload } from './job-map.ts';

export interface RunningWorkers {
  /** adds a job with the options the job map declares for it; `jobId` keeps one job per id in the queue */
  add<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void>;
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

export interface WorkerOptions {
  prefix?: string;
  /** a job failed, or a worker or the upkeep failed while Redis was reachable (no job) */
  onError?: (error: Error, job?: Job) => void;
  /** the connection to Redis failed (called on every reconnect attempt while Redis is down) */
  onConnectionError?: (error: Error) => void;
  /** the connection to Redis is (again) ready and the job schedulers are in place */
  onReady?: () => void;
  /** how often the job schedulers are put back even without a reconnect (a Redis restarted empty) */
  upkeepMs?: number;
  /** a job's lock (renewed at half of it) and the stalled-job check: the job of a killed worker runs again within about twice this */
  lockMs?: number;
  /** how often the interval-scheduled jobs run, where settings change the job map's default */
  everyMs?: Partial<Record<JobName, number>>;
}

/**
 * Starts one worker per queue and keeps the job schedulers of the declared cron jobs in place: at start, after
 * every reconnect (a Redis restarted without persistence has lost them) and every `upkeepMs`. Returns at once,
 * even with Redis down: the workers connect when it is back.
 */
export function startWorkers(redisUrl: string, handlers: JobHandlers, options: WorkerOptions = {}): RunningWorkers {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (error) => options.onConnectionError?.(error));
  const lostConnection = (error: Error) =>
    connection.status !== 'ready' || typeof (error as { code?: unknown }).code === 'string' || /Connection is closed|Stream isn't writeable/.test(error.message);
  const workers = QUEUE_NAMES.map((queueName) => {
    const worker = new Worker(queueName, (job) => dispatch(handlers, job), {
      connection, prefix: options.prefix, concurrency: 2, lockDuration: options.lockMs ?? 30_000, stalledInterval: options.lockMs ?? 30_000,
      ...(QUEUE_LIMITS[queueName] ? { limiter: QUEUE_LIMITS[queueName] } : {}),
    });
    worker.on('failed', (job, error) => options.onError?.(error, job));
    // while Redis is away every worker repeats its connection's errors: they are the outage's, not the worker's
    worker.on('error', (error) => (lostConnection(error) ? options.onConnectionError?.(error) : options.onError?.(error)));
    return worker;
  });
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection, prefix: options.prefix }));
  for (const queue of queues) queue.on('error', () => {});
  const upkeep = async () => {
    try {
      const declared = new Set<string>();
      for (const [name, job] of Object.entries(JOBS) as Array<[JobName, (typeof JOBS)[JobName]]>) {
        const repeat = 'cron' in job ? { pattern: job.cron } : 'everyMs' in job ? { every: options.everyMs?.[name] ?? job.everyMs } : null;
        if (!repeat) continue;
        declared.add(`${job.queue}|${name}`);
        const queue = queues[QUEUE_NAMES.indexOf(job.queue)]!;
        await queue.upsertJobScheduler(name, repeat, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } });
      }
      // a scheduler no longer declared (a job renamed, moved to another queue or removed in a new version) stops
      for (const queue of queues) {
        for (const scheduler of await queue.getJobSchedulers()) {
          if (scheduler.key && !declared.has(`${queue.name}|${scheduler.key}`)) await queue.removeJobScheduler(scheduler.key);
        }
      }
      options.onReady?.();
    } catch (error) {
      if (connection.status === 'ready') options.onError?.(error as Error);
    }
  };
  connection.on('ready', () => void upkeep());
  const timer = setInterval(() => {
    if (connection.status === 'ready') void upkeep();
  }, options.upkeepMs ?? 60_000);
  timer.unref();
  return {
    async add(name, payload, jobId) {
      const job = JOBS[name];
      const queue = queues[QUEUE_NAMES.indexOf(job.queue)]!;
      await queue.add(name, payload, { ...('options' in job ? job.options : {}), jobId });
    },
    async close(deadlineMs = 10_000) {
      clearInterval(timer);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
      await Promise.race([Promise.all(workers.map((w) => w.close())), timeout]);
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    },
  };
}
