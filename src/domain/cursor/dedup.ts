import { hash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Cursor usage events have no id. Two events are the same event only when every field is the same, so the dedup
 * key is a SHA-256 of the whole event (key order does not matter): a re-read or a retried page stores nothing new,
 * and two distinct requests in the same millisecond are never collapsed.
 */
export function cursorEventKey(event: object): string {
  return `cursor-event|${hash('sha256', canonicalJson(event), 'hex')}`;
}

/** One person-day of daily-usage-data: the day is final when synced, so (email, day) is its identity. */
export function cursorDayKey(email: string, day: string): string {
  return `cursor-day|${email}|${day}`;
}
