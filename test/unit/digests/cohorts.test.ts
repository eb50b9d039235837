import { describe, expect, it } from 'vitest';
import { cohorts, describeCohorts } from '../../../src/domain/metrics/cohorts.ts';

const PERIOD = { from: '2026-11-01', to: '2026-11-30' };

describe('cohorts of a period against the one before', () => {
  const table: Array<{ name: string; now: string[]; before: string[]; first: Record<string, string>; licensed: string[]; expected: ReturnType<typeof cohorts> }> = [
    { name: 'nobody', now: [], before: [], first: {}, licensed: [], expected: { new: 0, activated: 0, retained: 0, reactivated: 0, lapsed: 0 } },
    { name: 'first activity in the period: new', now: ['a'], before: [], first: { a: '2026-11-01' }, licensed: [], expected: { new: 1, activated: 0, retained: 0, reactivated: 0, lapsed: 0 } },
    { name: 'new with a seat: also activated', now: ['a'], before: [], first: { a: '2026-11-30' }, licensed: ['a'], expected: { new: 1, activated: 1, retained: 0, reactivated: 0, lapsed: 0 } },
    { name: 'active in both periods: retained', now: ['a'], before: ['a'], first: { a: '2026-09-01' }, licensed: ['a'], expected: { new: 0, activated: 0, retained: 1, reactivated: 0, lapsed: 0 } },
    { name: 'back after a gap: reactivated', now: ['a'], before: [], first: { a: '2026-10-01' }, licensed: ['a'], expected: { new: 0, activated: 0, retained: 0, reactivated: 1, lapsed: 0 } },
    { name: 'gone this period: lapsed', now: [], before: ['a'], first: { a: '2026-10-01' }, licensed: [], expected: { new: 0, activated: 0, retained: 0, reactivated: 0, lapsed: 1 } },
    { name: 'no known first day counts as new', now: ['a'], before: [], first: {}, licensed: [], expected: { new: 1, activated: 0, retained: 0, reactivated: 0, lapsed: 0 } },
    {
      name: 'a mix partitions the active people',
      now: ['n1', 'n2', 'r1', 'r2', 'x1'],
      before: ['r1', 'r2', 'l1', 'l2', 'l3'],
      first: { n1: '2026-11-10', n2: '2026-11-29', r1: '2026-01-01', r2: '2026-10-31', x1: '2026-03-03', l1: '2026-10-02' },
      licensed: ['n2', 'r1', 'l1'],
      expected: { new: 2, activated: 1, retained: 2, reactivated: 1, lapsed: 3 },
    },
  ];
  it.each(table)('$name', ({ now, before, first, licensed, expected }) => {
    const got = cohorts(new Set(now), new Set(before), new Map(Object.entries(first)), new Set(licensed), PERIOD);
    expect(got).toEqual(expected);
    expect(got.new + got.retained + got.reactivated).toBe(now.length);
  });

  it('reads as one line, naming activated seats only when there are some', () => {
    expect(describeCohorts({ new: 4, activated: 2, retained: 30, reactivated: 3, lapsed: 5 })).toBe('People: 4 new (2 activating a seat) · 30 retained · 3 reactivated · 5 lapsed');
    expect(describeCohorts({ new: 1, activated: 0, retained: 0, reactivated: 0, lapsed: 0 })).toBe('People: 1 new · 0 retained · 0 reactivated · 0 lapsed');
  });
});
