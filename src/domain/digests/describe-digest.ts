import type { DigestTiming } from './digest-timing.ts';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "weekly on Monday at 09:00 (Europe/Berlin)" */
export function describeTiming(timing: DigestTiming): string {
  const when =
    timing.cadence === 'weekly' ? `weekly on ${DAY_NAMES[(timing.weekday ?? 1) - 1]}` : timing.cadence === 'monthly' ? `monthly on day ${timing.monthDay}` : 'daily';
  return `${when} at ${timing.time} (${timing.timeZone})`;
}

/** The short id people type to remove a schedule (`digest off 1a2b3c4d`). */
export function shortId(scheduleId: string): string {
  return scheduleId.slice(0, 8);
}

/** One line of a schedule list: "1a2b3c4d · weekly on Monday at 09:00 (UTC) · adoption, usage · team:web · next 7 Dec 09:00". */
export function describeSchedule(schedule: { scheduleId: string; timing: DigestTiming; views: string[]; filters: string; disabledReason: string | null }, nextRun: string): string {
  const parts = [shortId(schedule.scheduleId), describeTiming(schedule.timing), schedule.views.join(', ')];
  if (schedule.filters) parts.push(schedule.filters);
  parts.push(schedule.disabledReason ? `stopped: ${schedule.disabledReason}` : `next ${nextRun}`);
  return parts.join(' · ');
}
