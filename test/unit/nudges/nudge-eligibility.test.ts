import { describe, expect, it } from 'vitest';
import { seatVerdict, type NudgeHistory, type NudgeSettings } from '../../../src/domain/nudges/nudge-eligibility.ts';
import { isWorkingTime } from '../../../src/domain/nudges/working-hours.ts';
import type { RosterSeat } from '../../../src/domain/metrics/rollup-rows.ts';

const TODAY = '2026-12-02';
const settings: NudgeSettings = { enabled: true, idleDays: 14, graceDays: 7 };
const seat = (validFrom: string, validTo: string | null = null): RosterSeat => ({ email: 'ann@acme.com', tool: 'cursor', tier: 'business', monthlyPriceUsd: 40, validFrom, validTo });
const fresh: NudgeHistory = { optedOut: false, snoozedUntil: null, lastNudgedOn: null, nudgesPerSeat: new Map(), released: new Set(), unreachable: false };

describe('seatVerdict', () => {
  it.each<[string, RosterSeat, string | null, Partial<NudgeHistory>, 'nudge' | 'reclaim' | 'skip', RegExp]>([
    ['idle exactly 14 days', seat('2026-01-01'), '2026-11-18', {}, 'nudge', /not used for 14 days/],
    ['idle 13 days', seat('2026-01-01'), '2026-11-19', {}, 'skip', /used 13 day/],
    ['never used, past the 7 grace days', seat('2026-11-25'), null, {}, 'nudge', /never used since it was assigned on 2026-11-25/],
    ['never used, within the grace days', seat('2026-11-26'), null, {}, 'skip', /within the grace period/],
    ['used only before the seat was assigned', seat('2026-11-20'), '2026-11-01', {}, 'nudge', /never used since/],
    ['the seat has ended', seat('2026-01-01', '2026-12-01'), null, {}, 'skip', /ended/],
    ['opted out', seat('2026-01-01'), null, { optedOut: true }, 'skip', /opted out/],
    ['snoozed until tomorrow', seat('2026-01-01'), null, { snoozedUntil: '2026-12-03' }, 'skip', /snoozed until 2026-12-03/],
    ['snooze ended today', seat('2026-01-01'), null, { snoozedUntil: '2026-12-02' }, 'nudge', /never used/],
    ['nudged 13 days ago', seat('2026-01-01'), null, { lastNudgedOn: '2026-11-19' }, 'skip', /nudged on 2026-11-19/],
    ['nudged 14 days ago', seat('2026-01-01'), null, { lastNudgedOn: '2026-11-18' }, 'nudge', /never used/],
    ['three nudges already: reclaim', seat('2026-01-01'), null, { nudgesPerSeat: new Map([['cursor|2026-01-01', 3]]) }, 'reclaim', /3 nudges without effect/],
    ['two nudges: one more', seat('2026-01-01'), null, { nudgesPerSeat: new Map([['cursor|2026-01-01', 2]]) }, 'nudge', /never used/],
    ['offered back: reclaim, even when opted out', seat('2026-01-01'), null, { released: new Set(['cursor|2026-01-01']), optedOut: true }, 'reclaim', /offered back/],
    ['unreachable: reclaim', seat('2026-01-01'), '2026-10-01', { unreachable: true }, 'reclaim', /could not be found/],
  ])('%s', (_name, s, lastUsed, history, kind, why) => {
    const verdict = seatVerdict(s, lastUsed, { ...fresh, ...history }, settings, TODAY);
    expect(verdict.kind).toBe(kind);
    expect(verdict.why).toMatch(why);
  });

  it('uses the idle days of the settings', () => {
    expect(seatVerdict(seat('2026-01-01'), '2026-11-25', fresh, { ...settings, idleDays: 7 }, TODAY).kind).toBe('nudge');
    expect(seatVerdict(seat('2026-01-01'), '2026-11-25', fresh, { ...settings, idleDays: 8 }, TODAY).kind).toBe('skip');
  });
});

describe('isWorkingTime', () => {
  it.each([
    // Wednesday 2 Dec 2026
    ['Europe/Berlin', '2026-12-02T07:59:00Z', false], // 08:59 CET
    ['Europe/Berlin', '2026-12-02T08:00:00Z', true], // 09:00
    ['Europe/Berlin', '2026-12-02T15:59:00Z', true], // 16:59
    ['Europe/Berlin', '2026-12-02T16:00:00Z', false], // 17:00
    ['America/Los_Angeles', '2026-12-02T16:00:00Z', false], // 08:00 PST
    ['America/Los_Angeles', '2026-12-02T17:00:00Z', true], // 09:00 PST
    ['Asia/Tokyo', '2026-12-04T23:30:00Z', false], // Saturday 08:30 in Tokyo, Friday in UTC
    ['Asia/Tokyo', '2026-12-04T01:00:00Z', true], // Friday 10:00
    ['UTC', '2026-12-05T10:00:00Z', false], // Saturday
    ['UTC', '2026-12-06T10:00:00Z', false], // Sunday
    // daylight saving: 29 Mar 2027, Monday; Berlin is UTC+2 (CEST) from 28 Mar
    ['Europe/Berlin', '2027-03-29T07:00:00Z', true], // 09:00 CEST
    ['Europe/Berlin', '2027-03-29T06:59:00Z', false], // 08:59 CEST
  ])('%s at %s → %s', (zone, at, expected) => expect(isWorkingTime(zone, new Date(at))).toBe(expected));
});
