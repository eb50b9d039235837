import { z } from 'zod';
import { allowedAttributes } from './allowed-attributes.ts';
import { compositeKey, requestKey, tokenTupleKey } from './dedup-key.ts';
import { normalizeEmail } from './identity.ts';
import { LIMITS, TOOL_PATTERN } from './limits.ts';
import { EVENT_KINDS, emptyEvent, type UsageEvent } from './usage-event.ts';
import { validateEvent } from './validate-event.ts';

const id = z.string().trim().min(1).max(LIMITS.maxIdLength);
const count = z.number().int().min(0).max(LIMITS.maxTokens);

/** One event of `POST /api/v1/events`, the native JSON format (used by `uptake ... backfill`). */
export const apiEventSchema = z
  .object({
    id: id.describe('client-chosen id; re-sending the same id is a no-op'),
    occurredAt: z.iso.datetime({ offset: true }),
    tool: z.string().trim().toLowerCase().regex(TOOL_PATTERN, 'must be a lower-case name like claude-code, gemini-cli or cursor (a letter, then up to 63 letters, digits or -)'),
    kind: z.enum(EVENT_KINDS),
    email: z.string().max(LIMITS.maxEmailLength).refine((v) => normalizeEmail(v) !== null, 'must be an email address').optional(),
    identity: id.optional(),
    sessionId: id.optional(),
    promptId: id.optional(),
    requestId: id.optional(),
    model: id.optional(),
    tokens: z
      .object({ input: count.default(0), output: count.default(0), cacheRead: count.default(0), cacheCreation: count.default(0) })
      .strict()
      .optional(),
    costUsd: z.number().min(0).max(LIMITS.maxCostUsd).optional(),
    durationMs: z.number().min(0).optional(),
    toolName: id.optional(),
    success: z.boolean().optional(),
    decision: id.optional(),
    linesAdded: z.number().int().min(0).max(LIMITS.maxLines).optional(),
    linesRemoved: z.number().int().min(0).max(LIMITS.maxLines).optional(),
    quantity: z.number().min(0).optional(),
    project: id.optional(),
    attributes: z.record(z.string().max(64), z.union([z.string().max(LIMITS.maxAttributeLength), z.number(), z.boolean()])).optional(),
  })
  .strict();

export type ApiEvent = z.infer<typeof apiEventSchema>;

export const apiBatchSchema = z.object({ events: z.array(z.unknown()).max(LIMITS.maxBatchEvents) }).strict();

/** The dedup key for a JSON event: a request id (or Gemini's token tuple) wins, so backfill meets live OTLP. */
function apiDedupKey(e: ApiEvent): string {
  if (e.kind === 'api_request' && e.requestId) return requestKey(e.tool, e.requestId);
  if (e.kind === 'api_request' && e.tool === 'gemini-cli' && e.sessionId && e.model && e.tokens) {
    return tokenTupleKey(e.tool, e.sessionId, e.model, e.tokens);
  }
  return compositeKey(['api', e.id]);
}

export function usageEventFromApi(e: ApiEvent): UsageEvent {
  const event = emptyEvent({ dedupKey: apiDedupKey(e), occurredAt: new Date(e.occurredAt), source: 'api', tool: e.tool, kind: e.kind });
  event.personEmail = normalizeEmail(e.email);
  event.identity = e.identity ?? event.personEmail;
  event.sessionId = e.sessionId ?? null;
  event.promptId = e.promptId ?? null;
  event.requestId = e.requestId ?? null;
  event.model = e.model ?? null;
  event.inputTokens = e.tokens?.input ?? 0;
  event.outputTokens = e.tokens?.output ?? 0;
  event.cacheReadTokens = e.tokens?.cacheRead ?? 0;
  event.cacheCreationTokens = e.tokens?.cacheCreation ?? 0;
  event.costUsd = e.costUsd ?? null;
  event.durationMs = e.durationMs ?? null;
  event.toolName = e.toolName ?? null;
  event.success = e.success ?? null;
  event.decision = e.decision ?? null;
  event.linesAdded = e.linesAdded ?? 0;
  event.linesRemoved = e.linesRemoved ?? 0;
  event.quantity = e.quantity ?? null;
  event.project = e.project ?? null;
  event.attributes = allowedAttributes(Object.entries(e.attributes ?? {}));
  return event;
}

export type ApiEventOutcome = { ok: true; event: UsageEvent } | { ok: false; reason: string };

/** Validates one untrusted JSON event; a bad event is reported, never thrown. */
export function parseApiEvent(input: unknown, now: Date): ApiEventOutcome {
  const parsed = apiEventSchema.safeParse(input);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
    return { ok: false, reason };
  }
  const event = usageEventFromApi(parsed.data);
  const problem = validateEvent(event, now);
  return problem ? { ok: false, reason: problem } : { ok: true, event };
}
