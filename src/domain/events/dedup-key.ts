import { hash } from 'node:crypto';

/** Key of a model request that carries a vendor request id (Claude Code `request_id`, transcript `requestId`). */
export function requestKey(tool: string, requestId: string): string {
  return `request|${tool}|${requestId}`;
}

/**
 * Gemini CLI sends no request id. Within one session a response is identified by its model and exact token
 * counts, which both its OTLP `api_response` event and its session file carry, so live and backfilled data meet.
 */
export function tokenTupleKey(
  tool: string,
  sessionId: string,
  model: string,
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number },
): string {
  return `tokens|${tool}|${sessionId}|${model}|${tokens.input}|${tokens.output}|${tokens.cacheRead}|${tokens.cacheCreation}`;
}

/** Key built from every part that makes a record unique; stable across re-sends of the same batch. */
export function compositeKey(parts: ReadonlyArray<string | number | null | undefined>): string {
  return parts.map((p) => (p === null || p === undefined ? '' : String(p).replaceAll('|', '||'))).join('|');
}

/** The stored primary key: a UUID-shaped digest of the dedup key. */
export function eventIdFromKey(dedupKey: string): string {
  const h = hash('sha256', dedupKey, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
