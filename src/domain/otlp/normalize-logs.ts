import { allowedAttributes } from '../events/allowed-attributes.ts';
import { compositeKey, requestKey, tokenTupleKey } from '../events/dedup-key.ts';
import { identityOf, personEmailOf, projectOf, toolFromServiceName } from '../events/identity.ts';
import { emptyEvent, type EventKind, type UsageEvent } from '../events/usage-event.ts';
import { validateEvent } from '../events/validate-event.ts';
import { AttributeReader, dateFromUnixNano, flattenAttributes, scalarOf } from './attributes.ts';
import { asArray, type ExportLogsRequest, type LogRecord } from './otlp-json.ts';

export interface NormalizeResult {
  events: UsageEvent[];
  /** records that were valid but carry nothing we store (plugin loads, config dumps, ...) */
  ignored: number;
  rejected: Array<{ reason: string }>;
}

/** Event names (without the `claude_code.` / `gemini_cli.` prefix) we store, and the kind they become. */
const CLAUDE_KINDS: Record<string, EventKind> = {
  api_request: 'api_request',
  api_error: 'api_error',
  user_prompt: 'user_prompt',
  tool_result: 'tool_result',
  tool_decision: 'tool_decision',
};
// Gemini's api_request has no tokens; its api_response is the model request we count.
const GEMINI_KINDS: Record<string, EventKind> = {
  api_response: 'api_request',
  api_error: 'api_error',
  user_prompt: 'user_prompt',
  tool_call: 'tool_result',
};

function eventNameOf(record: LogRecord, attrs: AttributeReader): string | null {
  const fromAttr = attrs.str('event.name');
  const body = scalarOf(record.body);
  const candidates = [fromAttr, typeof record.eventName === 'string' ? record.eventName : null, typeof body === 'string' ? body : null];
  for (const c of candidates) {
    if (!c) continue;
    const m = /^(?:claude_code|gemini_cli)\.(.+)$/.exec(c);
    if (m) return m[1] ?? null;
  }
  return fromAttr;
}

function kindFor(tool: string, name: string | null): EventKind | null {
  if (!name) return null;
  const kinds = tool === 'gemini-cli' ? GEMINI_KINDS : CLAUDE_KINDS;
  // Own keys only: a name like "constructor" must not find Object.prototype members.
  return Object.hasOwn(kinds, name) ? (kinds[name] as EventKind) : null;
}

function occurredAt(record: LogRecord, attrs: AttributeReader, receivedAt: Date): Date {
  const fromRecord = dateFromUnixNano(record.timeUnixNano) ?? dateFromUnixNano(record.observedTimeUnixNano);
  if (fromRecord) return fromRecord;
  const iso = attrs.str('event.timestamp');
  const parsed = iso ? new Date(iso) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : receivedAt;
}

function intOrZero(v: number | null): number {
  return v === null ? 0 : Math.round(v);
}

function fillClaude(e: UsageEvent, a: AttributeReader): void {
  e.model = a.str('model');
  e.requestId = a.str('request_id');
  e.durationMs = a.num('duration_ms');
  switch (e.kind) {
    case 'api_request':
      e.inputTokens = intOrZero(a.num('input_tokens'));
      e.outputTokens = intOrZero(a.num('output_tokens'));
      e.cacheReadTokens = intOrZero(a.num('cache_read_tokens'));
      e.cacheCreationTokens = intOrZero(a.num('cache_creation_tokens'));
      e.costUsd = a.num('cost_usd') ?? (a.num('cost_usd_micros') !== null ? (a.num('cost_usd_micros') as number) / 1e6 : null);
      break;
    case 'tool_result':
      e.toolName = a.str('tool_name') ?? a.str('name');
      e.success = a.bool('success');
      e.decision = a.str('decision_type');
      break;
    case 'tool_decision':
      e.toolName = a.str('tool_name');
      e.decision = a.str('decision');
      break;
    case 'api_error':
      e.success = false;
      break;
  }
}

function fillGemini(e: UsageEvent, a: AttributeReader): void {
  e.model = a.str('model') ?? a.str('model_name');
  e.durationMs = a.num('duration_ms');
  switch (e.kind) {
    case 'api_request': {
      // Gemini's input count includes cached tokens; tool-use prompt tokens are input too; thoughts bill as output.
      const input = intOrZero(a.num('input_token_count'));
      const cached = intOrZero(a.num('cached_content_token_count'));
      e.inputTokens = input - cached + intOrZero(a.num('tool_token_count'));
      e.cacheReadTokens = cached;
      e.outputTokens = intOrZero(a.num('output_token_count')) + intOrZero(a.num('thoughts_token_count'));
      e.success = true;
      break;
    }
    case 'tool_result':
      e.toolName = a.str('function_name');
      e.success = a.bool('success');
      e.decision = a.str('decision');
      break;
    case 'api_error':
      e.success = false;
      break;
  }
}

function dedupKeyFor(e: UsageEvent, a: AttributeReader, record: LogRecord): string {
  if (e.kind === 'api_request' && e.requestId) return requestKey(e.tool, e.requestId);
  if (e.kind === 'api_request' && e.tool === 'gemini-cli' && e.sessionId && e.model) {
    return tokenTupleKey(e.tool, e.sessionId, e.model, {
      input: e.inputTokens,
      output: e.outputTokens,
      cacheRead: e.cacheReadTokens,
      cacheCreation: e.cacheCreationTokens,
    });
  }
  const toolUseId = a.str('tool_use_id');
  if ((e.kind === 'tool_result' || e.kind === 'tool_decision') && toolUseId) {
    return compositeKey([e.kind, e.tool, toolUseId]);
  }
  return compositeKey([
    e.kind,
    e.tool,
    e.identity,
    e.sessionId,
    a.str('event.sequence'),
    String(record.timeUnixNano ?? ''),
    a.str('event.timestamp'),
    e.promptId,
    e.toolName,
  ]);
}

/** Turns an OTLP logs request from Claude Code or Gemini CLI into usage events; everything else is ignored. */
export function normalizeLogs(request: ExportLogsRequest, receivedAt: Date): NormalizeResult {
  const result: NormalizeResult = { events: [], ignored: 0, rejected: [] };
  for (const rl of asArray(request.resourceLogs)) {
    const resourceAttrs = flattenAttributes(rl?.resource?.attributes);
    const tool = toolFromServiceName(resourceAttrs.get('service.name'));
    for (const sl of asArray(rl?.scopeLogs)) {
      for (const record of asArray(sl?.logRecords)) {
        if (!record || typeof record !== 'object') {
          result.rejected.push({ reason: 'log record is not an object' });
          continue;
        }
        const attrs = new AttributeReader(flattenAttributes(record.attributes), resourceAttrs);
        const kind = kindFor(tool, eventNameOf(record, attrs));
        if (!kind) {
          result.ignored++;
          continue;
        }
        const event = emptyEvent({ dedupKey: '', occurredAt: occurredAt(record, attrs, receivedAt), source: 'otlp-logs', tool, kind });
        event.personEmail = personEmailOf(attrs);
        event.identity = identityOf(attrs);
        event.sessionId = attrs.str('session.id');
        event.promptId = attrs.str('prompt.id') ?? attrs.str('prompt_id');
        event.project = projectOf(attrs);
        if (tool === 'gemini-cli') fillGemini(event, attrs);
        else fillClaude(event, attrs);
        event.attributes = allowedAttributes(attrs.ownEntries());
        event.dedupKey = dedupKeyFor(event, attrs, record);
        const problem = validateEvent(event, receivedAt);
        if (problem) result.rejected.push({ reason: problem });
        else result.events.push(event);
      }
    }
  }
  return result;
}
