import { parseApiEvent } from '../domain/events/api-event.ts';
import type { UsageEvent } from '../domain/events/usage-event.ts';
import { normalizeLogs } from '../domain/otlp/normalize-logs.ts';
import { normalizeMetrics } from '../domain/otlp/normalize-metrics.ts';
import type { ExportLogsRequest, ExportMetricsRequest } from '../domain/otlp/otlp-json.ts';
import type { Caller, EventStore, RollupRequester } from './ports.ts';

/**
 * Where ingested events go: the store, then a request to roll the org up. Ingestion does not wait for the queue, and
 * a queue outage loses nothing: the days stay marked in Postgres and the next job or the hourly sweep rolls them up.
 */
export interface IngestDeps {
  store: EventStore;
  rollups: RollupRequester | null;
  /** a rollup request that failed (the queue is away) */
  onQueueError: (error: unknown) => void;
}

function rolledUpLater(deps: IngestDeps, orgId: string, stored: number): number {
  if (stored > 0 && deps.rollups) deps.rollups.requestRollup(orgId).catch(deps.onQueueError);
  return stored;
}

export interface OtlpIngestOutcome {
  stored: number;
  rejected: number;
  /** a short explanation of the rejected records, for OTLP `partialSuccess.errorMessage` */
  errorMessage: string;
}

/** A personal key speaks for its person when the client does not say who it is. */
function attribute(events: UsageEvent[], caller: Caller): UsageEvent[] {
  if (!caller.personEmail) return events;
  const email = caller.personEmail;
  return events.map((e) => (e.personEmail ? e : { ...e, personEmail: email, identity: e.identity ?? email }));
}

function summarizeReasons(reasons: Array<{ reason: string }>): string {
  if (reasons.length === 0) return '';
  const distinct = [...new Set(reasons.map((r) => r.reason))];
  const shown = distinct.slice(0, 3).join('; ');
  return `${reasons.length} record(s) rejected: ${shown}${distinct.length > 3 ? `; and ${distinct.length - 3} more reasons` : ''}`;
}

export async function ingestOtlpLogs(deps: IngestDeps, caller: Caller, request: ExportLogsRequest, now: Date): Promise<OtlpIngestOutcome> {
  const result = normalizeLogs(request, now);
  const stored = rolledUpLater(deps, caller.orgId, await deps.store.insertEvents(caller.orgId, attribute(result.events, caller)));
  return { stored, rejected: result.rejected.length, errorMessage: summarizeReasons(result.rejected) };
}

export async function ingestOtlpMetrics(
  deps: IngestDeps,
  caller: Caller,
  request: ExportMetricsRequest,
  now: Date,
): Promise<OtlpIngestOutcome> {
  const result = normalizeMetrics(request, now);
  const points = result.cumulative.map((p) => ({ ...p, event: attribute([p.event], caller)[0] as UsageEvent }));
  const stored = rolledUpLater(
    deps,
    caller.orgId,
    (await deps.store.insertEvents(caller.orgId, attribute(result.events, caller))) + (await deps.store.resolveCumulativePoints(caller.orgId, points)),
  );
  return { stored, rejected: result.rejected.length, errorMessage: summarizeReasons(result.rejected) };
}

export interface ApiIngestOutcome {
  received: number;
  stored: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string | null; reason: string }>;
}

/** Stores the valid events of a JSON batch; each invalid one is reported with its index and reason. */
export async function ingestApiEvents(deps: IngestDeps, caller: Caller, inputs: unknown[], now: Date): Promise<ApiIngestOutcome> {
  const valid: UsageEvent[] = [];
  const rejected: ApiIngestOutcome['rejected'] = [];
  inputs.forEach((input, index) => {
    const outcome = parseApiEvent(input, now);
    if (outcome.ok) valid.push(outcome.event);
    else {
      const id = typeof (input as { id?: unknown } | null)?.id === 'string' ? ((input as { id: string }).id) : null;
      rejected.push({ index, id, reason: outcome.reason });
    }
  });
  const stored = rolledUpLater(deps, caller.orgId, await deps.store.insertEvents(caller.orgId, attribute(valid, caller)));
  return { received: inputs.length, stored, duplicates: valid.length - stored, rejected };
}
