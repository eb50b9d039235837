/**
 * `--since` for backfill: a relative span (`30d`, `2w`, `1m`, `1y`) counted back from `now` in UTC calendar
 * terms, or a date `YYYY-MM-DD` (UTC midnight). Returns null for anything else.
 */
export function parseSince(value: string, now: Date): Date | null {
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

export const SINCE_HELP = 'a span back from now (30d, 2w, 1m, 1y) or a date (2026-01-15)';

/**
 * `--to` for backfill: the end of the range (exclusive). A date includes that whole day (UTC): `--to 2026-01-31`
 * ends at 2026-02-01T00:00Z; a span (`7d`) ends that long before `now`. null for anything else.
 */
export function parseUntil(value: string, now: Date): Date | null {
  const at = parseSince(value, now);
  if (!at || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return at;
  return new Date(at.getTime() + 86_400_000);
}
