import { addDays, weekStart } from './period.ts';

/** A range of days as the whole ISO weeks (Monday to Sunday) inside it and the days before and after them. */
export interface WeekSplit {
  /** the Mondays of the first and last whole week; null when the range holds no whole week */
  weeks: { first: string; last: string } | null;
  /** the days outside those weeks, as at most two inclusive ranges (all of the range when it holds no whole week) */
  days: Array<{ from: string; to: string }>;
}

/** Splits the inclusive range `from`..`to` (YYYY-MM-DD) so that weekly rows can stand in for its whole weeks. */
export function splitIntoWeeks(from: string, to: string): WeekSplit {
  const firstMonday = weekStart(from) === from ? from : addDays(weekStart(from), 7);
  const lastMonday = addDays(weekStart(addDays(to, 1)), -7);
  if (firstMonday > lastMonday) return { weeks: null, days: [{ from, to }] };
  const days: WeekSplit['days'] = [];
  if (from < firstMonday) days.push({ from, to: addDays(firstMonday, -1) });
  const afterWeeks = addDays(lastMonday, 7);
  if (afterWeeks <= to) days.push({ from: afterWeeks, to });
  return { weeks: { first: firstMonday, last: lastMonday }, days };
}
