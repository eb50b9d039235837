// Request windows for the Cursor Admin API: both bounds inclusive (ms), at most 30 days apart, never overlapping
// and never leaving a gap.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** "Date range cannot exceed 30 days." */
export const MAX_WINDOW_MS = 30 * DAY_MS;

/** An inclusive range of epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * Splits [from, to] (both inclusive) into consecutive windows of at most `maxSpanMs` between their bounds: each
 * starts 1 ms after the previous one ends, so no instant is asked for twice or skipped.
 */
export function splitWindows(from: number, to: number, maxSpanMs: number = MAX_WINDOW_MS): TimeWindow[] {
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new Error('window bounds must be whole milliseconds');
  if (maxSpanMs < 1) throw new Error('maxSpanMs must be at least 1');
  const windows: TimeWindow[] = [];
  for (let start = from; start <= to; ) {
    // the span between bounds stays below maxSpanMs: the end is maxSpanMs - 1 ms after the start
    const end = Math.min(to, start + maxSpanMs - 1);
    windows.push({ from: start, to: end });
    start = end + 1;
  }
  return windows;
}

/** UTC midnight of the day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Cursor aggregates usage hourly, so the newest hour may still grow. Usage events are synced up to the end of the
 * hour before the current one; daily rows up to the end of the last whole UTC day before that instant, so a day is
 * read once, complete.
 */
export function settledBounds(nowMs: number): { eventsTo: number; dailyTo: number } {
  const eventsTo = Math.floor(nowMs / HOUR_MS) * HOUR_MS - HOUR_MS - 1;
  const dailyTo = dayStart(eventsTo + 1) - 1;
  return { eventsTo, dailyTo };
}
