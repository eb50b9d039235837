import { addDays, dateIn, offsetMinutes } from '../metrics/period.ts';

export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** When a digest goes out: every day, on a weekday (1 = Monday … 7 = Sunday) or on a day of the month, at a local time. */
export interface DigestTiming {
  cadence: Cadence;
  /** HH:MM, 24-hour, in `timeZone` */
  time: string;
  /** weekly only */
  weekday: number | null;
  /** monthly only: 1 to 28, so every month has it */
  monthDay: number | null;
  timeZone: string;
}

/** The reported span: whole local days, both included. */
export interface DigestPeriod {
  from: string;
  to: string;
}

/** The instant a local date and time means in a zone (a time skipped by a DST change moves forward by the gap). */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  let instant = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
  instant = wall - offsetMinutes(timeZone, new Date(instant)) * 60_000;
  return new Date(instant);
}

function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

function matches(timing: DigestTiming, day: string): boolean {
  if (timing.cadence === 'weekly') return isoWeekday(day) === timing.weekday;
  if (timing.cadence === 'monthly') return Number(day.slice(8, 10)) === timing.monthDay;
  return true;
}

/** The first run strictly after `after`. */
export function nextRunAt(timing: DigestTiming, after: Date): Date {
  const today = dateIn(timing.timeZone, after);
  for (let i = -1; i <= 32; i++) {
    const day = addDays(today, i);
    if (!matches(timing, day)) continue;
    const at = zonedInstant(day, timing.time, timing.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error(`No run of a ${timing.cadence} digest within 32 days of ${after.toISOString()}`);
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/**
 * What a run reports: a daily digest yesterday, a weekly one the seven days before its day, a monthly one the
 * previous calendar month; all in the digest's zone, so a run is complete once those days are rolled up.
 */
export function digestPeriod(timing: DigestTiming, runAt: Date): DigestPeriod {
  const runDay = dateIn(timing.timeZone, runAt);
  if (timing.cadence === 'daily') return { from: addDays(runDay, -1), to: addDays(runDay, -1) };
  if (timing.cadence === 'weekly') return { from: addDays(runDay, -7), to: addDays(runDay, -1) };
  const lastDay = addDays(monthStart(runDay), -1);
  return { from: monthStart(lastDay), to: lastDay };
}

/** What makes one delivery of a digest: the same schedule and period are delivered once, whoever runs it. */
export function digestDeliveryKey(scheduleId: string, period: DigestPeriod): string {
  return `digest:${scheduleId}:${period.from}..${period.to}`;
}
