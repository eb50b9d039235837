import { parseArgs } from 'node:util';
import { parseSince, SINCE_HELP } from '../domain/backfill/since.ts';
import { CliOutcome, UsageError } from './cli-outcome.ts';
import { adminConnection, CONNECTION_FLAGS, CONNECTION_HELP } from './cursor-connection.ts';
import { ProgressBar } from './progress-bar.ts';
import type { UptakeClient } from './uptake-client.ts';

export const cursorSyncHelp = `uptake cursor sync [--from ISO] [--to ISO] [--watch] [-v]
  Runs one sync now (on the server's worker; one per org at a time) and follows it with a progress bar, then
  prints the status. Without --from/--to it continues from where the last sync stopped; with them it reads that
  range (dates or ISO instants) without moving the sync's cursors. --watch only follows the scheduled syncs:
  one JSON line now, then one each time a sync ends (Ctrl-C to stop).
${CONNECTION_HELP}
`;

export const cursorBackfillHelp = `uptake cursor backfill [--since 30d|2w|2025-01-15] [--to DATE] [--batch-size 1-100] [--dry-run] [-v]
  Reads a past range from Cursor (default: the last 30 days; Cursor keeps only a rolling window) and stores what is
  not stored yet. --since is ${SINCE_HELP}. --batch-size is the days per request window (default 10; Cursor allows
  at most 30, so larger values read 30 days a request). --dry-run reads and counts, stores nothing.
${CONNECTION_HELP}
`;

interface SyncJob {
  jobId: string;
  state: string;
  progress: { endpoint?: string; done?: number; received?: number; stored?: number } | number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function instant(value: string | undefined, flag: string, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseSince(value, now)?.getTime() : Date.parse(value);
  if (ms === undefined || Number.isNaN(ms)) throw new UsageError(`${flag} must be a date (2026-01-15) or an ISO instant.`);
  return ms;
}

/** Follows the org's running job until it ends, drawing its progress; returns the status after it. */
async function follow(client: UptakeClient, verbose: boolean): Promise<unknown> {
  const bars = new Map<string, ProgressBar>();
  let lastLine = '';
  for (;;) {
    const { job } = await client.request<{ job: SyncJob | null }>('GET', '/api/v1/cursor/sync');
    if (!job) break;
    const p = typeof job.progress === 'object' ? job.progress : null;
    if (p?.endpoint) {
      const bar = bars.get(p.endpoint) ?? new ProgressBar(p.endpoint.padEnd(22), 1000);
      bars.set(p.endpoint, bar);
      bar.update(Math.round((p.done ?? 0) * 1000));
      const line = `${p.endpoint}: ${p.received ?? 0} received, ${p.stored ?? 0} new`;
      if (verbose && line !== lastLine) process.stderr.write(`${line}\n`);
      lastLine = line;
    }
    await sleep(1000);
  }
  for (const bar of bars.values()) bar.finish();
  const status = await client.request<{ lastError: unknown }>('GET', '/api/v1/cursor/status');
  return status.lastError ? new CliOutcome(status, 1) : status;
}

/** Prints the current state, then a line each time a sync ends. */
async function watch(client: UptakeClient): Promise<never> {
  let seen: string | null | undefined;
  for (;;) {
    const status = await client.request<{ lastSyncFinishedAt: string | null; nextSyncAt: string | null; lastError: unknown; endpoints: unknown }>('GET', '/api/v1/cursor/status');
    if (status.lastSyncFinishedAt !== seen) {
      seen = status.lastSyncFinishedAt;
      process.stdout.write(`${JSON.stringify({ finishedAt: seen, nextSyncAt: status.nextSyncAt, lastError: status.lastError, endpoints: status.endpoints })}\n`);
    }
    await sleep(15_000);
  }
}

export async function cursorSyncCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { ...CONNECTION_FLAGS, from: { type: 'string' }, to: { type: 'string' }, watch: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' } } });
  if (values.help) return cursorSyncHelp;
  const now = new Date();
  const from = instant(values.from, '--from', now);
  const to = instant(values.to, '--to', now);
  const { client } = adminConnection(values);
  if (values.watch) return watch(client);
  const job = await client.request<SyncJob & { alreadyQueued: boolean }>('POST', '/api/v1/cursor/sync', {
    ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
  });
  if (job.alreadyQueued) process.stderr.write('A sync of this org is already queued or running: following it.\n');
  return follow(client, values.verbose ?? false);
}

export async function cursorBackfillCommand(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_FLAGS, since: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string' }, 'dry-run': { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' } },
  });
  if (values.help) return cursorBackfillHelp;
  const now = new Date();
  const since = parseSince(values.since ?? '30d', now);
  if (!since) throw new UsageError(`--since must be ${SINCE_HELP}.`);
  const to = instant(values.to, '--to', now);
  const batch = Number(values['batch-size'] ?? 10);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100) throw new UsageError('--batch-size is a whole number from 1 to 100.');
  const { client } = adminConnection(values);
  const job = await client.request<SyncJob & { alreadyQueued: boolean }>('POST', '/api/v1/cursor/sync', {
    from: since.toISOString(),
    ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
    dryRun: values['dry-run'] ?? false,
    windowDays: Math.min(batch, 30),
  });
  if (job.alreadyQueued) process.stderr.write('A sync of this org is already queued or running: following it (the backfill was not queued; run it again after).\n');
  return follow(client, values.verbose ?? false);
}
