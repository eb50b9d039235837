import { parseArgs } from 'node:util';
import { SKIP_REASON_TEXT, type SkipReason } from '../domain/backfill/skip-reasons.ts';
import { parseSince, parseUntil, SINCE_HELP } from '../domain/backfill/since.ts';
import { toApiEvent, type BackfillApiEvent } from '../domain/backfill/to-api-event.ts';
import { addTokens, totalTokens, zeroTokens, type TokenCounts } from '../domain/backfill/tokens.ts';
import { LIMITS } from '../domain/events/limits.ts';
import { CliOutcome, UsageError } from './cli-outcome.ts';
import { connect } from './connection.ts';
import { devEnvironment, loadDevSettings } from './dev-settings.ts';
import { ProgressBar } from './progress-bar.ts';
import type { ToolSpec } from './tool-specs.ts';

export const backfillHelp = (spec: ToolSpec) => `uptake ${spec.command} backfill [--since 30d|2w|1m|1y|2026-01-15] [--to 7d|2026-01-31] [--dry-run] [--batch-size 100] [-v]
  Sends ${spec.label} usage from before telemetry was set up, read from ${spec.historyHelp}.
  One event per model request, with an id derived from the request: running it again, or after live
  telemetry already sent a request, never counts anything twice. Corrupt or truncated lines are skipped and counted.
  --since        only requests from then on: ${SINCE_HELP} (default: everything)
  --to           only requests before then: the same forms; a date includes that whole day (UTC) (default: now)
  --dry-run      send nothing; print what would be sent
  --batch-size   events per request, 1 to ${LIMITS.maxBatchEvents} (default 100)
  -v, --verbose  print each batch's outcome (and with --dry-run every event)
`;

interface BatchOutcome {
  stored: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string; reason: string }>;
}

function tokensByModel(events: BackfillApiEvent[]): Record<string, TokenCounts & { requests: number; total: number }> {
  const out: Record<string, TokenCounts & { requests: number; total: number }> = {};
  for (const e of events) {
    const m = (out[e.model] ??= { requests: 0, ...zeroTokens(), total: 0 });
    m.requests++;
    addTokens(m, e.tokens);
    m.total += totalTokens(e.tokens);
  }
  return out;
}

export async function backfillCommand(spec: ToolSpec, args: string[], now = new Date()): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: 'string' },
      to: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'batch-size': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return backfillHelp(spec);
  const since = values.since === undefined ? null : parseSince(values.since, now);
  if (values.since !== undefined && !since) throw new UsageError(`--since "${values.since}": use ${SINCE_HELP}.`);
  const to = values.to === undefined ? null : parseUntil(values.to, now);
  if (values.to !== undefined && !to) throw new UsageError(`--to "${values.to}": use ${SINCE_HELP}.`);
  if (since && to && to <= since) throw new UsageError(`--to (${to.toISOString()}) must come after --since (${since.toISOString()}).`);
  const batchSize = values['batch-size'] === undefined ? 100 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > LIMITS.maxBatchEvents) {
    throw new UsageError(`--batch-size must be a whole number from 1 to ${LIMITS.maxBatchEvents}.`);
  }
  const dryRun = Boolean(values['dry-run']);
  const verbose = Boolean(values.verbose);
  const connection = dryRun ? null : connect(spec, { onRetry: (n, ms, why) => process.stderr.write(`\nretry ${n} in ${Math.round(ms)} ms: ${why}\n`) });
  const settings = connection?.settings ?? loadDevSettings(devEnvironment());

  const history = spec.collect(devEnvironment());
  const [from, until] = [since?.toISOString() ?? null, to?.toISOString() ?? null];
  const inRange = history.requests.filter((r) => (from === null || r.occurredAt >= from) && (until === null || r.occurredAt < until));
  inRange.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const events = inRange.map((r) => toApiEvent(r, settings.email ?? null));

  const skippedLines: Record<string, number> = {};
  for (const [reason, n] of Object.entries(history.skipped)) skippedLines[SKIP_REASON_TEXT[reason as SkipReason]] = n;
  const summary: Record<string, unknown> = {
    tool: spec.tool,
    dryRun,
    since: from,
    to: until,
    files: history.files,
    requests: events.length,
    beforeSince: from === null ? 0 : history.requests.filter((r) => r.occurredAt < from).length,
    ...(until === null ? {} : { notBeforeTo: history.requests.filter((r) => r.occurredAt >= until).length }),
    streamingDuplicateLines: history.duplicateLines,
    skippedLines,
    ...(history.unreadable.length > 0 ? { unreadableFiles: history.unreadable } : {}),
    tokensByModel: tokensByModel(events),
  };
  if (dryRun) {
    summary.wouldSend = events.length;
    summary.batches = Math.ceil(events.length / batchSize);
    summary[verbose ? 'events' : 'sample'] = verbose ? events : events.slice(0, 3);
    return summary;
  }

  const totals = { sent: 0, stored: 0, duplicates: 0, rejected: [] as BatchOutcome['rejected'] };
  const bar = new ProgressBar(`Sending ${spec.label} history`, events.length);
  try {
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      const outcome = await connection!.client.request<BatchOutcome>('POST', '/api/v1/events', { events: batch });
      totals.sent += batch.length;
      totals.stored += outcome.stored;
      totals.duplicates += outcome.duplicates;
      for (const r of outcome.rejected) totals.rejected.push({ ...r, index: r.index + i });
      if (verbose) process.stderr.write(`batch ${i / batchSize + 1}: ${batch.length} sent, ${outcome.stored} stored, ${outcome.duplicates} already there, ${outcome.rejected.length} rejected\n`);
      bar.update(totals.sent);
    }
  } catch (error) {
    bar.finish();
    return new CliOutcome({ ...summary, ...totals, error: (error as Error).message }, 1);
  }
  bar.finish();
  const result = { ...summary, sent: totals.sent, stored: totals.stored, duplicates: totals.duplicates, rejected: totals.rejected };
  return totals.rejected.length > 0 ? new CliOutcome(result, 1) : result;
}
