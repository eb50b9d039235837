import { allowedAttributes } from '../events/allowed-attributes.ts';
import { compositeKey } from '../events/dedup-key.ts';
import { identityOf, personEmailOf, projectOf, toolFromServiceName } from '../events/identity.ts';
import { emptyEvent, type EventKind, type UsageEvent } from '../events/usage-event.ts';
import { validateEvent } from '../events/validate-event.ts';
import { AttributeReader, dateFromUnixNano, flattenAttributes, type Scalar } from './attributes.ts';
import { asArray, TEMPORALITY_CUMULATIVE, TEMPORALITY_DELTA, type ExportMetricsRequest, type NumberDataPoint } from './otlp-json.ts';

/**
 * Counters we store. Token and cost counters are deliberately absent: the per-request log events
 * (`api_request` / `api_response`), which carry ids, are the one source of truth for tokens and cost,
 * so a session sending both never counts twice.
 */
const METRIC_KINDS: Record<string, EventKind> = {
  'claude_code.session.count': 'session_start',
  'claude_code.lines_of_code.count': 'lines_changed',
  'claude_code.commit.count': 'commit',
  'claude_code.pull_request.count': 'pull_request',
  'claude_code.active_time.total': 'active_time',
  'claude_code.code_edit_tool.decision': 'code_edit_decision',
  'gemini_cli.session.count': 'session_start',
  'gemini_cli.lines.changed': 'lines_changed',
};

/** A point of a cumulative series: its delta is known only against the series' previous point. */
export interface CumulativePoint {
  seriesKey: string;
  startNs: string;
  timeNs: string;
  value: number;
  /** The event to store once the delta is known; `applyDelta` fills its value. */
  event: UsageEvent;
}

export interface NormalizeMetricsResult {
  events: UsageEvent[];
  cumulative: CumulativePoint[];
  ignored: number;
  rejected: Array<{ reason: string }>;
}

/** Puts a counter delta into the event's typed fields. */
export function applyDelta(event: UsageEvent, delta: number): UsageEvent {
  if (event.kind === 'lines_changed') {
    const type = event.attributes['type'];
    return {
      ...event,
      linesAdded: type === 'added' ? Math.round(delta) : 0,
      linesRemoved: type === 'removed' ? Math.round(delta) : 0,
    };
  }
  return { ...event, quantity: delta };
}

function sortedEntries(map: Map<string, Scalar>): string {
  return JSON.stringify([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pointValue(p: NumberDataPoint): number | null {
  const raw = p.asDouble ?? p.asInt;
  if (raw === undefined || raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

const MAX_INT64 = 9223372036854775807n;

/** A fixed64 nanosecond time as a decimal string ('0' when absent or not a number), or null beyond int64 (unstorable). */
function nsString(v: string | number | undefined): string | null {
  const s = v === undefined || v === null ? '0' : String(v);
  if (!/^\d+$/.test(s)) return '0';
  return BigInt(s) <= MAX_INT64 ? s : null;
}

/** Turns an OTLP metrics request into usage events (delta points) and cumulative points to difference. */
export function normalizeMetrics(request: ExportMetricsRequest, receivedAt: Date): NormalizeMetricsResult {
  const result: NormalizeMetricsResult = { events: [], cumulative: [], ignored: 0, rejected: [] };
  for (const rm of asArray(request.resourceMetrics)) {
    const resourceAttrs = flattenAttributes(rm?.resource?.attributes);
    const tool = toolFromServiceName(resourceAttrs.get('service.name'));
    const resourceKey = sortedEntries(resourceAttrs);
    for (const sm of asArray(rm?.scopeMetrics)) {
      for (const metric of asArray(sm?.metrics)) {
        // Own keys only: a name like "constructor" must not find Object.prototype members.
        const kind = typeof metric?.name === 'string' && Object.hasOwn(METRIC_KINDS, metric.name) ? METRIC_KINDS[metric.name] : undefined;
        const points = asArray(metric?.sum?.dataPoints);
        if (!kind || !metric?.sum) {
          result.ignored += points.length;
          continue;
        }
        const temporality = metric.sum.aggregationTemporality;
        for (const point of points) {
          const own = flattenAttributes(point?.attributes);
          const attrs = new AttributeReader(own, resourceAttrs);
          const value = pointValue(point ?? {});
          if (value === null) {
            result.rejected.push({ reason: `${metric.name}: data point has no numeric value` });
            continue;
          }
          if (kind === 'session_start' && attrs.str('start_type') === 'agents_view') {
            result.ignored++;
            continue;
          }
          const seriesKey = compositeKey([tool, metric.name, resourceKey, sortedEntries(own)]);
          const startNs = nsString(point.startTimeUnixNano);
          const timeNs = nsString(point.timeUnixNano);
          if (startNs === null || timeNs === null) {
            result.rejected.push({ reason: `${metric.name}: data point time is out of range` });
            continue;
          }
          const event = emptyEvent({
            dedupKey: compositeKey(['metric', seriesKey, startNs, timeNs]),
            occurredAt: dateFromUnixNano(timeNs) ?? receivedAt,
            source: 'otlp-metrics',
            tool,
            kind,
          });
          event.personEmail = personEmailOf(attrs);
          event.identity = identityOf(attrs);
          event.sessionId = attrs.str('session.id');
          event.model = attrs.str('model');
          event.project = projectOf(attrs);
          event.toolName = attrs.str('tool_name') ?? attrs.str('function_name');
          event.decision = attrs.str('decision');
          event.attributes = allowedAttributes(attrs.ownEntries());
          const problem = validateEvent(applyDelta(event, Math.max(value, 0)), receivedAt) ?? (value < 0 ? `${metric.name}: negative counter value ${value}` : null);
          if (problem) {
            result.rejected.push({ reason: problem });
          } else if (temporality === TEMPORALITY_CUMULATIVE) {
            result.cumulative.push({ seriesKey, startNs, timeNs, value, event });
          } else if (temporality === TEMPORALITY_DELTA || temporality === undefined || temporality === 0) {
            // Unspecified temporality (old Claude Code versions) is treated as delta, the client's default.
            if (value > 0) result.events.push(applyDelta(event, value));
            else result.ignored++;
          } else {
            result.rejected.push({ reason: `${metric.name}: unknown aggregation temporality ${temporality}` });
          }
        }
      }
    }
  }
  return result;
}
