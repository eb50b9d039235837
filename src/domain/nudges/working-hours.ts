/** Nudges go out on weekdays from 9:00 to 17:00 in the person's time zone. */
export const WORK_START_HOUR = 9;
export const WORK_END_HOUR = 17;

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The weekday (1 = Monday) and hour of an instant in a time zone. */
function localWeekdayHour(timeZone: string, at: Date): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const weekday = WEEKDAYS[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 1;
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  return { weekday, hour };
}

export function isWorkingTime(timeZone: string, at: Date): boolean {
  const { weekday, hour } = localWeekdayHour(timeZone, at);
  return weekday <= 5 && hour >= WORK_START_HOUR && hour < WORK_END_HOUR;
}
