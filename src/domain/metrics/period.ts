/** Report periods; see docs/metrics.md "Periods". Pure: the clock is passed in. */

export const RANGES = ['24h', '7d', '30d', '90d', '6m', '12m'] as const;
export type RangeName = (typeof RANGES)[number];
export const MAX_PERIOD_DAYS = 400;

const RANGE_DAYS: Record<Exclude<RangeName, '24h'>, number> = { '7d': 7, '30d': 30, '90d': 90, '6m': 182, '12m': 365 };

export type Period =
  | { granularity: 'day'; from: string; to: string; days: number; timeZone: string }
  /** [from, to) whole UTC hours */
  | { granularity: 'hour'; from: Date; to: Date; days: number; timeZone: string };

export class PeriodError extends Error {}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The zone's offset from UTC in minutes at an instant (e.g. 330 for Asia/Kolkata). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

// Reports map tens of thousands of rows to a few dozen distinct days: remember the answers.
const weekStarts = new Map<string, string>();

/** Monday of the ISO week holding the day. */
export function weekStart(day: string): string {
  const known = weekStarts.get(day);
  if (known !== undefined) return known;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const monday = addDays(day, -((weekday + 6) % 7));
  if (weekStarts.size > 10_000) weekStarts.clear();
  weekStarts.set(day, monday);
  return monday;
}

/** A real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export interface PeriodInput {
  range?: string;
  from?: string;
  to?: string;
  timeZone: string;
}

/** The period a report covers. Throws PeriodError with a message that says what is accepted. */
export function resolvePeriod(input: PeriodInput, now: Date): Period {
  const { timeZone } = input;
  if (input.from !== undefined || input.to !== undefined) {
    if (input.range !== undefined) throw new PeriodError('Give either "range" or "from" and "to", not both.');
    if (!input.from || !input.to || !isDate(input.from) || !isDate(input.to)) {
      throw new PeriodError('"from" and "to" must both be dates like 2026-01-31.');
    }
    if (input.from > input.to) throw new PeriodError('"from" must not be after "to".');
    const days = daysBetween(input.from, input.to);
    if (days > MAX_PERIOD_DAYS) throw new PeriodError(`A period may span at most ${MAX_PERIOD_DAYS} days; this one spans ${days}.`);
    return { granularity: 'day', from: input.from, to: input.to, days, timeZone };
  }
  const range = input.range ?? '30d';
  if (!(RANGES as readonly string[]).includes(range)) {
    throw new PeriodError(`Unknown range "${range}". Use one of ${RANGES.join(', ')}, or from=YYYY-MM-DD&to=YYYY-MM-DD.`);
  }
  if (range === '24h') {
    const end = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
    return { granularity: 'hour', from: new Date(end.getTime() - 24 * HOUR_MS), to: end, days: 1, timeZone };
  }
  const days = RANGE_DAYS[range as Exclude<RangeName, '24h'>];
  const to = dateIn(timeZone, now);
  return { granularity: 'day', from: addDays(to, -(days - 1)), to, days, timeZone };
}

/** The period of the same length that ends just before this one starts. */
export function previousPeriod(period: Period): Period {
  if (period.granularity === 'hour') {
    const length = period.to.getTime() - period.from.getTime();
    return { ...period, from: new Date(period.from.getTime() - length), to: period.from };
  }
  return { ...period, from: addDays(period.from, -period.days), to: addDays(period.from, -1) };
}

/** Every day of a day period, in order. */
export function daysOf(period: Extract<Period, { granularity: 'day' }>): string[] {
  return Array.from({ length: period.days }, (_, i) => addDays(period.from, i));
}
