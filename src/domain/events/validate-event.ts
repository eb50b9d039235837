import { LIMITS, quantityBound, TOOL_PATTERN } from './limits.ts';
import type { UsageEvent } from './usage-event.ts';

/** Why a normalized event must be rejected, or null when it is valid. */
export function validateEvent(event: UsageEvent, now: Date): string | null {
  if (Number.isNaN(event.occurredAt.getTime())) return 'invalid timestamp';
  if (event.occurredAt.getTime() > now.getTime() + LIMITS.maxFutureMs) {
    return `timestamp ${event.occurredAt.toISOString()} is more than a day in the future`;
  }
  if (event.occurredAt.getTime() < LIMITS.minTimestampMs) {
    return `timestamp ${event.occurredAt.toISOString()} is before ${new Date(LIMITS.minTimestampMs).toISOString()}`;
  }
  for (const [name, value] of [
    ['input tokens', event.inputTokens],
    ['output tokens', event.outputTokens],
    ['cache read tokens', event.cacheReadTokens],
    ['cache creation tokens', event.cacheCreationTokens],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) return `${name} must be a non-negative number, got ${value}`;
    if (value > LIMITS.maxTokens) return `${name} ${value} is implausibly large: at most ${LIMITS.maxTokens} per event`;
  }
  if (event.costUsd !== null && (!Number.isFinite(event.costUsd) || event.costUsd < 0 || event.costUsd > LIMITS.maxCostUsd)) {
    return `cost ${event.costUsd} must be between 0 and ${LIMITS.maxCostUsd} USD`;
  }
  if (event.durationMs !== null && (!Number.isFinite(event.durationMs) || event.durationMs < 0)) {
    return `duration ${event.durationMs} must be a non-negative number`;
  }
  if (event.linesAdded < 0 || event.linesRemoved < 0) return 'lines added and removed must be non-negative';
  if (event.linesAdded > LIMITS.maxLines || event.linesRemoved > LIMITS.maxLines) {
    return `lines added and removed must be at most ${LIMITS.maxLines}`;
  }
  if (event.quantity !== null) {
    if (!Number.isFinite(event.quantity) || event.quantity < 0) return `value ${event.quantity} must be a non-negative number`;
    const bound = quantityBound(event.kind);
    if (event.quantity > bound.max) {
      return `quantity ${event.quantity} must be at most ${bound.max}${bound.unit ? ` ${bound.unit}` : ''} for kind ${event.kind}`;
    }
  }
  if (!TOOL_PATTERN.test(event.tool)) {
    return `tool ${JSON.stringify(event.tool)} must be a lower-case name like claude-code (a letter, then up to 63 letters, digits or -)`;
  }
  for (const [name, value] of [
    ['session id', event.sessionId],
    ['prompt id', event.promptId],
    ['request id', event.requestId],
    ['model', event.model],
    ['tool name', event.toolName],
    ['decision', event.decision],
    ['project', event.project],
    ['identity', event.identity],
    ['email', event.personEmail],
  ] as const) {
    // (an email's length is already bounded by normalizeEmail)
    if (value !== null && name !== 'email' && value.length > LIMITS.maxIdLength) {
      return `${name} is ${value.length} characters long; the limit is ${LIMITS.maxIdLength}`;
    }
    // Postgres text cannot hold a NUL character.
    if (value !== null && value.includes('\u0000')) return `${name} contains a NUL character (\\u0000)`;
  }
  return null;
}
