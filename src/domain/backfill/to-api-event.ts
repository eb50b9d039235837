import { hash } from 'node:crypto';
import type { UsageRequest } from './usage-request.ts';

/** The `POST /api/v1/events` body of one backfilled model request (see src/domain/events/api-event.ts). */
export interface BackfillApiEvent {
  id: string;
  occurredAt: string;
  tool: string;
  kind: 'api_request';
  email?: string;
  sessionId: string;
  requestId?: string;
  model: string;
  project?: string;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
  attributes: { source: 'backfill' };
}

/**
 * A deterministic id from the request itself, so a rerun sends the same ids. The server's dedup key for a
 * request with `requestId` is the one live OTLP data gets; for Gemini it is the session + model + token tuple.
 */
export function backfillEventId(r: UsageRequest): string {
  if (r.requestId) return `${r.tool}:request:${r.requestId}`;
  if (r.messageId) return `${r.tool}:message:${r.sessionId}:${r.messageId}`;
  const t = r.tokens;
  return `${r.tool}:line:${hash('sha256', [r.sessionId, r.occurredAt, r.model, t.input, t.output, t.cacheRead, t.cacheCreation].join('|'), 'hex').slice(0, 32)}`;
}

export function toApiEvent(r: UsageRequest, email: string | null): BackfillApiEvent {
  const event: BackfillApiEvent = {
    id: backfillEventId(r).slice(0, 256),
    occurredAt: r.occurredAt,
    tool: r.tool,
    kind: 'api_request',
    sessionId: r.sessionId,
    model: r.model,
    tokens: { ...r.tokens },
    attributes: { source: 'backfill' },
  };
  if (email) event.email = email;
  if (r.requestId) event.requestId = r.requestId;
  if (r.project) event.project = r.project.slice(0, 256);
  return event;
}
