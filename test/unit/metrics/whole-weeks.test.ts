import { describe, expect, it } from 'vitest';
import { splitIntoWeeks } from '../../../src/domain/metrics/whole-weeks.ts';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** every day of an inclusive range, counted out one by one */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) out.push(iso(t));
  return out;
}
const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;

describe('splitIntoWeeks', () => {
  it.each([
    // 2 Nov 2026 is a Monday
    ['2026-11-03', '2026-12-02', { first: '2026-11-09', last: '2026-11-23' }, [{ from: '2026-11-03', to: '2026-11-08' }, { from: '2026-11-30', to: '2026-12-02' }]],
    ['2026-11-02', '2026-11-29', { first: '2026-11-02', last: '2026-11-23' }, []],
    ['2026-11-02', '2026-11-08', { first: '2026-11-02', last: '2026-11-02' }, []],
    ['2026-11-03', '2026-11-09', null, [{ from: '2026-11-03', to: '2026-11-09' }]],
    ['2026-11-05', '2026-11-05', null, [{ from: '2026-11-05', to: '2026-11-05' }]],
    // across a year end: 28 Dec 2026 is a Monday, 3 Jan 2027 a Sunday
    ['2026-12-27', '2027-01-04', { first: '2026-12-28', last: '2026-12-28' }, [{ from: '2026-12-27', to: '2026-12-27' }, { from: '2027-01-04', to: '2027-01-04' }]],
  ])('%s..%s', (from, to, weeks, days) => {
    expect(splitIntoWeeks(from, to)).toEqual({ weeks, days });
  });

  it('covers every day of every range of up to 40 days exactly once, with whole Monday-to-Sunday weeks', () => {
    const start = Date.parse('2026-02-20');
    for (let a = 0; a < 14; a++) {
      for (let length = 1; length <= 40; length++) {
        const from = iso(start + a * DAY_MS);
        const to = iso(start + (a + length - 1) * DAY_MS);
        const { weeks, days } = splitIntoWeeks(from, to);
        const covered = days.flatMap((d) => daysOf(d.from, d.to));
        if (weeks) {
          expect(isMonday(weeks.first) && isMonday(weeks.last)).toBe(true);
          covered.push(...daysOf(weeks.first, iso(Date.parse(weeks.last) + 6 * DAY_MS)));
        }
        expect(covered.sort()).toEqual(daysOf(from, to));
        // a whole week inside the range is never left to the daily rows
        const mondays = daysOf(from, to).filter((d) => isMonday(d) && Date.parse(d) + 6 * DAY_MS <= Date.parse(to));
        expect(weeks ? daysOf(weeks.first, weeks.last).filter(isMonday) : []).toEqual(mondays);
      }
    }
  });
});
