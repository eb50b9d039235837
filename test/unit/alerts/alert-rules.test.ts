import { describe, expect, it } from 'vitest';
import { activeDropReading, adoptionReading, decliningUsersReading, describeCooldown, idleSeatsReading, transition, unactivatedSeatsReading } from '../../../src/domain/alerts/alert-rules.ts';
import { parseAlertCommand } from '../../../src/domain/alerts/parse-alert-command.ts';
import type { RosterSeat } from '../../../src/domain/metrics/rollup-rows.ts';

describe('alert readings', () => {
  it.each([
    [60, 0.42, { value: 42, firing: true }],
    [60, 0.6, { value: 60, firing: false }],
    [60, null, { value: null, firing: false }],
  ])('adoption below %d%% with a rate of %s', (threshold, rate, expected) => {
    expect(adoptionReading(threshold, rate)).toMatchObject(expected);
  });

  it.each([
    // baseline = mean of the four weeks before the last: (10 + 10 + 12 + 8) / 4 = 10
    [20, [10, 10, 12, 8, 7], { value: 30, firing: true }],
    [20, [10, 10, 12, 8, 9], { value: 10, firing: false }],
    [20, [10, 10, 12, 8, 12], { value: -20, firing: false }],
    [20, [0, 0, 0, 0, 3], { value: null, firing: false }],
    [20, [5, 5, 5, 3], { value: null, firing: false }],
  ])('active users down %d%%: %o', (threshold, weekly, expected) => {
    expect(activeDropReading(threshold, weekly)).toMatchObject(expected);
  });

  it('counts seats held longer than the window with no activity in it, and their monthly cost', () => {
    const seat = (email: string, validFrom: string, price: number | null, validTo: string | null = null): RosterSeat => ({ email, tool: 'cursor', tier: 'business', monthlyPriceUsd: price, validFrom, validTo });
    const seats = [
      seat('idle@x', '2026-01-01', 40), // never active: idle
      seat('old@x', '2026-01-01', null), // last active before the window: idle, priced by the org's list (35)
      seat('busy@x', '2026-01-01', 40), // active in the window
      seat('new@x', '2026-11-25', 40), // assigned inside the window: not idle yet
      seat('gone@x', '2026-01-01', 40, '2026-11-01'), // seat ended
    ];
    const lastActive = new Map([['old@x', '2026-10-30'], ['busy@x', '2026-11-28']]);
    // today 2026-12-01, 30 days: the window is 2026-11-02 .. 2026-12-01
    const reading = idleSeatsReading(1, 30, seats, lastActive, new Map([['cursor|business', 35]]), '2026-12-01');
    expect(reading).toMatchObject({ value: 2, firing: true });
    expect(reading.detail).toContain('$75 a month');
    expect(idleSeatsReading(2, 30, seats, lastActive, new Map([['cursor|business', 35]]), '2026-12-01').firing).toBe(false);
  });
});

describe('unactivated seats', () => {
  it('counts seats assigned one to five weeks before the grace days ended that were never used since', () => {
    const seat = (email: string, validFrom: string): RosterSeat => ({ email, tool: 'claude-code', tier: 'pro', monthlyPriceUsd: null, validFrom, validTo: null });
    // today 2026-12-01, 7 days: seats assigned 2026-10-27 .. 2026-11-24 count
    const seats = [seat('unused@x', '2026-11-20'), seat('used@x', '2026-11-10'), seat('before@x', '2026-11-01'), seat('tooNew@x', '2026-11-28'), seat('tooOld@x', '2026-09-01')];
    // before@x was active, but only before the seat was assigned
    const lastActive = new Map([['used@x', '2026-11-12'], ['before@x', '2026-10-15']]);
    expect(unactivatedSeatsReading(0, 7, seats, lastActive, '2026-12-01')).toMatchObject({ value: 2, firing: true, detail: '2 of 3 seats assigned 7+ days ago not used yet (alert above 0)' });
    expect(unactivatedSeatsReading(2, 7, seats, lastActive, '2026-12-01').firing).toBe(false);
  });
});

describe('transition', () => {
  const firing = { value: 1, firing: true, detail: '' };
  const fine = { value: 1, firing: false, detail: '' };
  const unknown = { value: null, firing: false, detail: '' };
  it.each([
    ['ok', firing, 'fire'],
    ['ok', fine, null],
    ['firing', firing, null],
    ['firing', fine, 'resolve'],
    ['firing', unknown, null],
    ['ok', unknown, null],
  ] as const)('%s + %o → %s', (state, reading, expected) => {
    expect(transition(state, reading)).toBe(expected);
  });

  it.each([
    // [state, reading, cooldown minutes, minutes since the last change, expected]
    ['ok', firing, 1440, null, 'fire'],
    ['ok', firing, 1440, 1439.9, null],
    ['ok', firing, 1440, 1440, 'fire'],
    ['firing', fine, 60, 30, null],
    ['firing', fine, 60, 61, 'resolve'],
    ['firing', fine, 0, 0, 'resolve'],
    ['firing', firing, 0, 5000, null],
  ] as const)('%s + %o with a cooldown of %d min, %s min after the last change → %s', (state, reading, minutes, since, expected) => {
    expect(transition(state, reading, { minutes, minutesSinceChange: since })).toBe(expected);
  });

  it.each([
    [0, 'no cooldown'],
    [90, '90 minutes'],
    [60, '1 hour'],
    [720, '12 hours'],
    [1440, '1 day'],
    [4320, '3 days'],
  ])('describes a cooldown of %d minutes as %j', (minutes, text) => expect(describeCooldown(minutes)).toBe(text));
});

describe('declining users', () => {
  it.each([
    [3, 4, { value: 4, firing: true }],
    [3, 3, { value: 3, firing: false }],
    [0, 0, { value: 0, firing: false }],
    [3, null, { value: null, firing: false }],
  ])('above %d with %s declining', (threshold, declining, expected) => {
    expect(decliningUsersReading(threshold, 28, declining)).toMatchObject(expected);
  });
});

describe('parseAlertCommand', () => {
  it('reads the three kinds, with filters', () => {
    const day = 1440;
    expect(parseAlertCommand('/ai-adoption alert adoption < 60% team:web')).toEqual({ kind: 'add', condition: { kind: 'adoption-below', threshold: 60, days: null, filters: 'team:web' }, cooldownMinutes: day });
    expect(parseAlertCommand('alert active users drop 25%')).toEqual({ kind: 'add', condition: { kind: 'active-drop', threshold: 25, days: null, filters: '' }, cooldownMinutes: day });
    expect(parseAlertCommand('alert idle 14d > 5 tool:cursor')).toEqual({ kind: 'add', condition: { kind: 'idle-seats', threshold: 5, days: 14, filters: 'tool:cursor' }, cooldownMinutes: day });
    expect(parseAlertCommand('alert unactivated 10d tool:cursor')).toEqual({ kind: 'add', condition: { kind: 'unactivated-seats', threshold: 0, days: 10, filters: 'tool:cursor' }, cooldownMinutes: day });
    expect(parseAlertCommand('alert declining people > 3 team:web')).toEqual({ kind: 'add', condition: { kind: 'declining-users', threshold: 3, days: 28, filters: 'team:web' }, cooldownMinutes: day });
    expect(parseAlertCommand('alert declining 14d > 0 cooldown:12h')).toEqual({ kind: 'add', condition: { kind: 'declining-users', threshold: 0, days: 14, filters: '' }, cooldownMinutes: 720 });
    expect(parseAlertCommand('alert adoption < 50% cooldown:0')).toMatchObject({ cooldownMinutes: 0 });
    expect(parseAlertCommand('alert adoption < 50% cooldown:90m')).toMatchObject({ cooldownMinutes: 90 });
    expect(parseAlertCommand('alert adoption < 50% cooldown:2d')).toMatchObject({ cooldownMinutes: 2880 });
    expect(parseAlertCommand('alert unactivated')).toMatchObject({ kind: 'add', condition: { days: 7, threshold: 0 } });
    expect(parseAlertCommand('alerts')).toEqual({ kind: 'list' });
    expect(parseAlertCommand('alert off ABCDEF12')).toEqual({ kind: 'off', id: 'abcdef12' });
  });

  it.each([
    ['alert adoption', /target rate/],
    ['alert drop 20', /drop, e.g./],
    ['alert idle 30%', /counts seats/],
    ['alert unactivated 50%', /counts seats/],
    ['alert speed 10%', /adoption, drop, idle, unactivated or declining/],
    ['alert declining', /how many declining people/],
    ['alert declining 20%', /how many declining people/],
    ['alert adoption < 60% cooldown:31d', /cooldown as minutes, hours or days/],
    ['alert adoption < 60% cooldown:soon', /cooldown as minutes, hours or days/],
    ['alert idle 400d > 1', /1 to 365 days/],
    ['alert adoption < 60% ann@acme.com', /never one person/],
  ])('refuses %j', (text, message) => {
    const parsed = parseAlertCommand(text);
    expect(parsed?.kind === 'error' ? parsed.message : '').toMatch(message);
  });

  it('leaves other text alone', () => {
    expect(parseAlertCommand('adoption last 30d')).toBeNull();
  });
});
