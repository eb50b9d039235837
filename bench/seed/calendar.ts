// The generated period: whole days in the org's time zone, ending on `end`, never past `now`.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDay {
  /** YYYY-MM-DD in the org's time zone. */
  date: string;
  weekend: boolean;
  /** UTC instant of each local hour's start, plus the next local midnight (25 entries). */
  hourStarts: number[];
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function isValidDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date;
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The zone's offset from UTC at `utcMs`, in ms (positive east of Greenwich). */
function offsetAt(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return wall - (utcMs - (utcMs % 1000));
}

/** The UTC instant of a local wall-clock hour (the later reading when DST makes it ambiguous or missing). */
function localHourToUtc(format: Intl.DateTimeFormat, date: string, hour: number): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + hour * HOUR_MS;
  const first = wall - offsetAt(format, wall);
  const second = wall - offsetAt(format, first);
  return second;
}

export class Calendar {
  readonly days: CalendarDay[];
  /** First instant of the period (local midnight of the first day). */
  readonly startMs: number;
  /** First instant after the period: the midnight after `end`, or `now` when that comes first. */
  readonly endMs: number;

  constructor(timeZone: string, end: string, dayCount: number, now: Date) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.days = Array.from({ length: dayCount }, (_, i) => {
      const date = addDays(end, i - dayCount + 1);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const hourStarts = Array.from({ length: 24 }, (_, h) => localHourToUtc(format, date, h));
      hourStarts.push(localHourToUtc(format, addDays(date, 1), 0));
      return { date, weekend: weekday === 0 || weekday === 6, hourStarts };
    });
    this.startMs = this.day(0).hourStarts[0] as number;
    this.endMs = Math.min(this.day(dayCount - 1).hourStarts[24] as number, now.getTime());
    if (this.endMs <= this.startMs) throw new RangeError(`the period ${this.day(0).date}..${end} lies entirely after now`);
  }

  day(index: number): CalendarDay {
    const day = this.days[index];
    if (!day) throw new RangeError(`day ${index} is outside the period`);
    return day;
  }

  /** Index of the local day holding `ms` (which must lie in the period). */
  dayIndexOf(ms: number): number {
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.day(mid).hourStarts[0] as number) <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** How far through the period `ms` is, 0..1. */
  progress(ms: number): number {
    return Math.min(1, Math.max(0, (ms - this.startMs) / (this.endMs - this.startMs)));
  }

  /** Index of the day `date` falls on relative to the first day (negative before the period). */
  offsetOf(date: string): number {
    return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${this.day(0).date}T00:00:00Z`)) / DAY_MS);
  }

  dateAt(offset: number): string {
    return addDays(this.day(0).date, offset);
  }
}
