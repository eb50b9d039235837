import { parsePeriod, PeriodGrammarError } from '../commands/period-grammar.ts';

/** A period in the reports' grammar (`last month`, `this quarter`, `2026-01-01..2026-01-31`) as UTC dates; null when it is none. */
function calendarPeriod(value: string, now: Date): { from: string; to: string } | null {
  try {
    const period = parsePeriod(value, now.toISOString().slice(0, 10));
    return period.kind === 'dates' ? period : null;
  } catch (error) {
    if (error instanceof PeriodGrammarError) return null;
    throw error;
  }
}

/**
 * `--since` for backfill: a relative span (`30d`, `2w`, `1m`, `1y`) counted back from `now` in UTC calendar
 * terms, a date `YYYY-MM-DD` (UTC midnight), or a calendar period of the reports' grammar (`last month`,
 * `this quarter`, `2026-01-01..2026-01-31`: its first day, UTC). Returns null for anything else.
 */
export function parseSince(value: string, now: Date): Date | null {
  const since = parseSpanOrDate(value, now);
  if (since) return since;
  const period = calendarPeriod(value, now);
  return period ? new Date(`${period.from}T00:00:00Z`) : null;
}

function parseSpanOrDate(value: string, now: Date): Date | null {
  const text = value.trim().toLowerCase();
  const relative = /^(\d{1,4})([dwmy])$/.exec(text);
  if (relative) {
    const n = Number(relative[1]);
    const d = new Date(now.getTime());
    if (relative[2] === 'd') d.setUTCDate(d.getUTCDate() - n);
    else if (relative[2] === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
    else if (relative[2] === 'm') d.setUTCMonth(d.getUTCMonth() - n);
    else d.setUTCFullYear(d.getUTCFullYear() - n);
    return d;
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [y, m, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const d = new Date(Date.UTC(y, m - 1, day));
    return d.getUTCFullYear() === y && d.getUTCMonth() === m - 1 && d.getUTCDate() === day ? d : null;
  }
  return null;
}

export const SINCE_HELP = 'a span back from now (30d, 2w, 1m, 1y), a date (2026-01-15) or a calendar period ("last month", "this quarter")';

/**
 * `--to` for backfill: the end of the range (exclusive). A date includes that whole day (UTC): `--to 2026-01-31`
 * ends at 2026-02-01T00:00Z; a span (`7d`) ends that long before `now`. null for anything else.
 */
export function parseUntil(value: string, now: Date): Date | null {
  const period = parseSpanOrDate(value, now) ? null : calendarPeriod(value, now);
  if (period) return new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000);
  const at = parseSince(value, now);
  if (!at || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return at;
  return new Date(at.getTime() + 86_400_000);
}
