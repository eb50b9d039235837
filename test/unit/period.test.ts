import { describe, expect, it } from 'vitest';
import { addDays, dateIn, offsetMinutes, PeriodError, previousPeriod, resolvePeriod, weekStart } from '../../src/domain/metrics/period.ts';

const NOW = new Date('2026-11-24T03:30:00Z'); // still Nov 23 in Los Angeles

describe('resolvePeriod', () => {
  it.each([
    ['7d', 'UTC', '2026-11-18', '2026-11-24', 7],
    ['30d', 'UTC', '2026-10-26', '2026-11-24', 30],
    ['30d', 'America/Los_Angeles', '2026-10-25', '2026-11-23', 30],
    ['90d', 'UTC', '2026-08-27', '2026-11-24', 90],
    ['6m', 'UTC', '2026-05-27', '2026-11-24', 182],
    ['12m', 'UTC', '2025-11-25', '2026-11-24', 365],
  ])('range %s in %s is %s..%s (%i days, today included)', (range, timeZone, from, to, days) => {
    expect(resolvePeriod({ range, timeZone }, NOW)).toEqual({ granularity: 'day', from, to, days, timeZone });
  });

  it('defaults to 30 days', () => {
    expect(resolvePeriod({ timeZone: 'UTC' }, NOW)).toMatchObject({ from: '2026-10-26', to: '2026-11-24' });
  });

  it('24h is the 24 whole UTC hours ending with the current one', () => {
    expect(resolvePeriod({ range: '24h', timeZone: 'UTC' }, NOW)).toEqual({
      granularity: 'hour', from: new Date('2026-11-23T04:00:00Z'), to: new Date('2026-11-24T04:00:00Z'), days: 1, timeZone: 'UTC',
    });
  });

  it('from/to dates are both included', () => {
    expect(resolvePeriod({ from: '2026-01-01', to: '2026-02-15', timeZone: 'UTC' }, NOW)).toMatchObject({ days: 46 });
    expect(resolvePeriod({ from: '2024-02-28', to: '2024-03-01', timeZone: 'UTC' }, NOW)).toMatchObject({ days: 3 });
  });

  it.each([
    [{ range: '5y' }, /Unknown range "5y".*24h, 7d/],
    [{ range: '7d', from: '2026-01-01', to: '2026-01-02' }, /either "range" or "from" and "to"/],
    [{ from: '2026-01-01' }, /both be dates/],
    [{ from: '2026-02-30', to: '2026-03-01' }, /both be dates/],
    [{ from: '2026-03-02', to: '2026-03-01' }, /must not be after/],
    [{ from: '2025-01-01', to: '2026-02-05' }, /at most 400 days; this one spans 401/],
  ])('refuses %o', (input, message) => {
    expect(() => resolvePeriod({ ...input, timeZone: 'UTC' }, NOW)).toThrow(PeriodError);
    expect(() => resolvePeriod({ ...input, timeZone: 'UTC' }, NOW)).toThrow(message);
  });
});

describe('previousPeriod', () => {
  it('has the same length and ends the day before', () => {
    const p = resolvePeriod({ range: '7d', timeZone: 'UTC' }, NOW);
    expect(previousPeriod(p)).toMatchObject({ from: '2026-11-11', to: '2026-11-17', days: 7 });
  });
  it('for 24h is the 24 hours before', () => {
    const p = previousPeriod(resolvePeriod({ range: '24h', timeZone: 'UTC' }, NOW));
    expect(p).toMatchObject({ from: new Date('2026-11-22T04:00:00Z'), to: new Date('2026-11-23T04:00:00Z') });
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2026-11-24', '2026-11-23'], // Tuesday
    ['2026-11-23', '2026-11-23'], // Monday
    ['2026-11-29', '2026-11-23'], // Sunday
    ['2027-01-01', '2026-12-28'],
  ])('week of %s starts on Monday %s', (day, monday) => expect(weekStart(day)).toBe(monday));

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    ['UTC', 0],
    ['Asia/Kolkata', 330],
    ['America/New_York', -300],
    ['Europe/Berlin', 60],
  ])('offset of %s in November is %i minutes', (tz, minutes) => expect(offsetMinutes(tz, NOW)).toBe(minutes));

  it('local dates follow the zone', () => {
    expect(dateIn('America/Los_Angeles', NOW)).toBe('2026-11-23');
    expect(dateIn('Asia/Tokyo', NOW)).toBe('2026-11-24');
  });
});
