import { emptyEvent, type UsageEvent } from '../events/usage-event.ts';
import type { CursorUsageEvent } from './api-shapes.ts';
import { cursorEventKey } from './dedup.ts';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * One Cursor request (filtered-usage-events) as an `api_request`: its time, person (lower-cased email; a service
 * account by its id), conversation id as the session, model, tokens (cache writes are cache creation), and
 * `chargedCents` / 100 as the cost in USD. The billing kind, max mode, headless and request units go in attributes.
 * Returns null for an event without a valid timestamp.
 */
export function usageEventToEvent(raw: CursorUsageEvent): UsageEvent | null {
  const ms = Number(raw.timestamp);
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const event = emptyEvent({ dedupKey: cursorEventKey(raw), occurredAt: new Date(ms), source: 'cursor-api', tool: 'cursor', kind: 'api_request' });
  const email = text(raw.userEmail)?.toLowerCase() ?? null;
  const serviceAccount = text(raw.serviceAccountId);
  event.personEmail = email;
  event.identity = email ?? (serviceAccount === null ? null : `cursor-service-account:${serviceAccount}`);
  event.sessionId = text(raw.conversationId);
  event.model = text(raw.model);
  const tokens = raw.tokenUsage ?? null;
  event.inputTokens = count(tokens?.inputTokens);
  event.outputTokens = count(tokens?.outputTokens);
  event.cacheReadTokens = count(tokens?.cacheReadTokens);
  event.cacheCreationTokens = count(tokens?.cacheWriteTokens);
  event.costUsd = typeof raw.chargedCents === 'number' && Number.isFinite(raw.chargedCents) ? raw.chargedCents / 100 : null;
  const attributes: UsageEvent['attributes'] = {};
  const kind = text(raw.kind);
  if (kind !== null) attributes['cursor.kind'] = kind;
  for (const flag of ['maxMode', 'isHeadless', 'isTokenBasedCall', 'isChargeable'] as const) {
    if (typeof raw[flag] === 'boolean') attributes[`cursor.${flag}`] = raw[flag];
  }
  if (typeof raw.requestsCosts === 'number') attributes['cursor.requestsCosts'] = raw.requestsCosts;
  if (serviceAccount !== null) attributes['cursor.serviceAccountId'] = serviceAccount;
  event.attributes = attributes;
  return event;
}
