import { describe, expect, it } from 'vitest';
import { digestDeliveryKey, digestPeriod, nextRunAt, zonedInstant, type DigestTiming } from '../../../src/domain/digests/digest-timing.ts';

const timing = (over: Partial<DigestTiming>): DigestTiming => ({ cadence: 'daily', time: '09:00', weekday: null, monthDay: null, timeZone: 'UTC', ...over });

describe('nextRunAt', () => {
  it.each([
    // [timing, after, expected] — expected instants worked out by hand from the zones' offsets
    [timing({}), '2026-12-01T08:59:00Z', '2026-12-01T09:00:00.000Z'],
    [timing({}), '2026-12-01T09:00:00Z', '2026-12-02T09:00:00.000Z'], // strictly after
    [timing({ timeZone: 'Europe/Berlin' }), '2026-12-01T07:00:00Z', '2026-12-01T08:00:00.000Z'], // CET = UTC+1
    [timing({ timeZone: 'Europe/Berlin' }), '2026-07-01T06:30:00Z', '2026-07-01T07:00:00.000Z'], // CEST = UTC+2
    [timing({ cadence: 'weekly', weekday: 1, timeZone: 'Europe/Berlin' }), '2026-12-01T12:00:00Z', '2026-12-07T08:00:00.000Z'], // Tue → next Mon
    [timing({ cadence: 'weekly', weekday: 2 }), '2026-12-01T08:00:00Z', '2026-12-01T09:00:00.000Z'], // Tue, before 09:00
    [timing({ cadence: 'monthly', monthDay: 1 }), '2026-12-01T09:30:00Z', '2027-01-01T09:00:00.000Z'],
    [timing({ cadence: 'monthly', monthDay: 28 }), '2027-02-28T10:00:00Z', '2027-03-28T09:00:00.000Z'],
    [timing({ time: '23:30', timeZone: 'Asia/Kolkata' }), '2026-12-01T17:59:00Z', '2026-12-01T18:00:00.000Z'], // UTC+5:30
    [timing({ time: '00:15', timeZone: 'America/New_York' }), '2026-12-01T04:00:00Z', '2026-12-01T05:15:00.000Z'], // EST = UTC-5
  ])('%o after %s is %s', (t, after, expected) => {
    expect(nextRunAt(t, new Date(after)).toISOString()).toBe(expected);
  });

  it('keeps the local time across daylight-saving changes', () => {
    const berlin = timing({ timeZone: 'Europe/Berlin' });
    // 28 Mar 2027: clocks go from 02:00 to 03:00 (UTC+1 → UTC+2); 31 Oct 2027 back
    expect(nextRunAt(berlin, new Date('2027-03-27T08:30:00Z')).toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(nextRunAt(berlin, new Date('2027-10-30T08:30:00Z')).toISOString()).toBe('2027-10-31T08:00:00.000Z');
  });

  it('moves a time the spring change skips forward by the gap', () => {
    // 02:30 does not exist in Berlin on 28 Mar 2027: it is 03:30 CEST = 01:30 UTC
    expect(zonedInstant('2027-03-28', '02:30', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });
});

describe('digestPeriod and the delivery key', () => {
  it('reports yesterday, the seven days before, or the previous calendar month, in the digest\'s zone', () => {
    const runAt = new Date('2027-01-04T08:00:00Z'); // Monday 4 Jan 09:00 in Berlin
    expect(digestPeriod(timing({ timeZone: 'Europe/Berlin' }), runAt)).toEqual({ from: '2027-01-03', to: '2027-01-03' });
    expect(digestPeriod(timing({ cadence: 'weekly', weekday: 1, timeZone: 'Europe/Berlin' }), runAt)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(digestPeriod(timing({ cadence: 'monthly', monthDay: 4, timeZone: 'Europe/Berlin' }), runAt)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(digestPeriod(timing({ cadence: 'monthly', monthDay: 1 }), new Date('2027-03-01T09:00:00Z'))).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('names a run by its schedule and period, so a second run of the same period is the same delivery', () => {
    expect(digestDeliveryKey('s1', { from: '2026-12-28', to: '2027-01-03' })).toBe('digest:s1:2026-12-28..2027-01-03');
  });
});
