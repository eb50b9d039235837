import { emptyEvent, type UsageEvent } from '../events/usage-event.ts';
import { DAILY_COUNTERS, type CursorDailyRow } from './api-shapes.ts';
import { DAY_MS } from './windows.ts';
import { cursorDayKey } from './dedup.ts';

const counter = (row: CursorDailyRow, field: string): number => {
  const value = row[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};

const hasActivity = (row: CursorDailyRow): boolean => DAILY_COUNTERS.some((field) => counter(row, field) !== 0);

/**
 * Paginated answers hold a row for every member and day, with all-zero placeholders (`isActive: false`) for days
 * without use. Those are not facts and are skipped.
 */
export function isPlaceholderRow(row: CursorDailyRow): boolean {
  return row.isActive !== true && !hasActivity(row);
}

/** Active that day: `isActive` when Cursor sends it (paginated answers), else any non-zero activity counter. */
export function isActiveRow(row: CursorDailyRow): boolean {
  return typeof row.isActive === 'boolean' ? row.isActive : hasActivity(row);
}

/** The row's UTC day, `YYYY-MM-DD`. */
export function rowDay(row: CursorDailyRow): string {
  return typeof row.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(row.day) ? row.day : new Date(row.date).toISOString().slice(0, 10);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * One active Cursor person-day as a usage event (docs/metrics.md, "Cursor"): kind `user_prompt`, so the person is
 * active that day in every report; accepted lines as lines added and removed; every counter, the most used model
 * and the client version in its attributes. Stamped at 12:00 UTC of the day, which is the same calendar day in
 * every zone from UTC-11 to UTC+11. Returns null for placeholders, inactive days and rows without an email.
 */
export function dailyRowToEvent(row: CursorDailyRow): UsageEvent | null {
  const email = text(row.email)?.toLowerCase() ?? null;
  if (email === null || isPlaceholderRow(row) || !isActiveRow(row)) return null;
  const day = rowDay(row);
  const event = emptyEvent({
    dedupKey: cursorDayKey(email, day),
    occurredAt: new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS / 2),
    source: 'cursor-api',
    tool: 'cursor',
    kind: 'user_prompt',
  });
  event.personEmail = email;
  event.identity = email;
  event.model = text(row['mostUsedModel']);
  event.linesAdded = counter(row, 'acceptedLinesAdded');
  event.linesRemoved = counter(row, 'acceptedLinesDeleted');
  event.quantity = counter(row, 'composerRequests') + counter(row, 'chatRequests') + counter(row, 'agentRequests') + counter(row, 'cmdkUsages');
  const attributes: UsageEvent['attributes'] = { 'cursor.day': day };
  for (const field of DAILY_COUNTERS) attributes[`cursor.${field}`] = counter(row, field);
  for (const field of ['mostUsedModel', 'clientVersion', 'applyMostUsedExtension', 'tabMostUsedExtension']) {
    const value = text(row[field]);
    if (value !== null) attributes[`cursor.${field}`] = value;
  }
  event.attributes = attributes;
  return event;
}
