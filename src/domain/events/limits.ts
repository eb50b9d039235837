/** Bounds on untrusted input. */
export const LIMITS = {
  /** identifiers, model names, tool names, project names */
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
  /** lines added or removed in one event (the columns are 32-bit) */
  maxLines: 1e9,
  maxTokens: 1e12,
  maxCostUsd: 1e7,
} as const;
