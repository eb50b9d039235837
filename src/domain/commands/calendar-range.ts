import { addDays } from '../metrics/period.ts';

/** Calendar periods a person says in words; resolved against today's date in the org's zone. */
export const CALENDAR_RANGES = ['this week', 'last week', 'this month', 'last month', 'this quarter', 'last quarter'] as const;
export type CalendarRange = (typeof CALENDAR_RANGES)[number];

function monthStart(day: string, monthsBack: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function quarterStart(day: string, quartersBack: number): string {
  const month = Number(day.slice(5, 7)) - 1;
  return monthStart(day, (month % 3) + quartersBack * 3);
}

function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** First and last day (both included) of a calendar range; "this" ranges end today. */
export function calendarDates(range: CalendarRange, today: string): { from: string; to: string } {
  switch (range) {
    case 'this week':
      return { from: mondayOf(today), to: today };
    case 'last week': {
      const from = addDays(mondayOf(today), -7);
      return { from, to: addDays(from, 6) };
    }
    case 'this month':
      return { from: monthStart(today, 0), to: today };
    case 'last month':
      return { from: monthStart(today, 1), to: addDays(monthStart(today, 0), -1) };
    case 'this quarter':
      return { from: quarterStart(today, 0), to: today };
    case 'last quarter':
      return { from: quarterStart(today, 1), to: addDays(quarterStart(today, 0), -1) };
  }
}
