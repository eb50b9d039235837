import type { EventKind } from './usage-event.ts';

/** Bounds on untrusted input. */
export const LIMITS = {
  /** identifiers, model names, project names */
  maxIdLength: 256,
  maxEmailLength: 320,
  /** an allow-listed attribute value */
  maxAttributeLength: 200,
  /** events in one POST /api/v1/events */
  maxBatchEvents: 1000,
  /** how far ahead of the server clock an event may claim to be */
  maxFutureMs: 24 * 60 * 60 * 1000,
  /** the earliest timestamp accepted (2000-01-01): older ones are a broken clock, and Postgres cannot store years before 1 */
  minTimestampMs: Date.UTC(2000, 0, 1),
  // Bounds on every number rollups sum, per event (README "Numeric bounds"). The rollup columns are sized so that
  // a bound times EVENTS_PER_ORG_DAY_SIZED_FOR cannot overflow them (migrations/0007_rollup_widths.sql).
  /** lines added or removed in one event */
  maxLines: 10_000_000,
  /** each token count of one model request: 1,000x the largest context window (1M tokens) */
  maxTokens: 1_000_000_000,
  /** the cost of one model request */
  maxCostUsd: 100_000,
} as const;

/** The org-day volume the rollup column widths are sized for (about 11,600 events a second all day long). */
export const EVENTS_PER_ORG_DAY_SIZED_FOR = 1_000_000_000;

/** The largest `quantity` one event of a counter kind may carry (what an operator would expect from one client). */
export const MAX_QUANTITY: Partial<Record<EventKind, { max: number; unit: string }>> = {
  session_start: { max: 1_000, unit: 'sessions' },
  commit: { max: 1_000, unit: 'commits' },
  pull_request: { max: 1_000, unit: 'pull requests' },
  active_time: { max: 86_400, unit: 'seconds (24 hours)' },
  code_edit_decision: { max: 10_000, unit: 'decisions' },
};
/** Any other kind's quantity (not summed by rollups today, bounded all the same). */
export const MAX_OTHER_QUANTITY = { max: 1_000_000, unit: '' };

/** The quantity bound of a kind. */
export function quantityBound(kind: EventKind): { max: number; unit: string } {
  return MAX_QUANTITY[kind] ?? MAX_OTHER_QUANTITY;
}

/** A lower-case slug: claude-code, gemini-cli, cursor, or another client's service.name of that shape. */
export const TOOL_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
