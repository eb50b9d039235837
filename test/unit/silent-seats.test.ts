import { describe, expect, it } from 'vitest';
import type { RosterSeat } from '../../src/domain/metrics/rollup-rows.ts';
import { silentSeats } from '../../src/domain/roster/silent-seats.ts';

const seat = (email: string, tool: string, validFrom = '2026-01-01', validTo: string | null = null): RosterSeat => ({ email, tool, tier: 'pro', monthlyPriceUsd: null, validFrom, validTo });

describe('silentSeats', () => {
  const today = '2026-03-10';
  const people = [{ email: 'ann@a.co', name: 'Ann', team: 'Web', department: null }];

  it('counts seats open today, once per person and tool, and lists who has no data in the window', () => {
    const seats = [
      seat('ann@a.co', 'claude-code'),
      seat('ann@a.co', 'claude-code', '2026-02-01'), // a second open seat of the same tool: one person
      seat('bob@a.co', 'claude-code'),
      seat('cy@a.co', 'claude-code', '2026-01-01', '2026-03-09'), // ended yesterday
      seat('dan@a.co', 'claude-code', '2026-03-11'), // starts tomorrow
      seat('bob@a.co', 'cursor'),
    ];
    // --days 7: the window is 2026-03-04 … 2026-03-10
    const lastActive = new Map([
      ['claude-code', new Map([['ann@a.co', '2026-03-04'], ['bob@a.co', '2026-03-03']])],
      ['cursor', new Map<string, string>()],
    ]);
    const { since, tools } = silentSeats(seats, people, lastActive, today, 7);
    expect(since).toBe('2026-03-04');
    expect(tools['claude-code']).toEqual({ licensed: 2, reporting: 1, silent: [{ email: 'bob@a.co', name: null, team: null, tier: 'pro', assignedOn: '2026-01-01', lastActive: '2026-03-03' }] });
    expect(tools.cursor).toEqual({ licensed: 1, reporting: 0, silent: [{ email: 'bob@a.co', name: null, team: null, tier: 'pro', assignedOn: '2026-01-01', lastActive: null }] });
  });

  it('activity in another tool does not count', () => {
    const lastActive = new Map([['cursor', new Map([['ann@a.co', today]])]]);
    const { tools } = silentSeats([seat('ann@a.co', 'claude-code')], people, lastActive, today, 1);
    expect(tools['claude-code']!.silent.map((s) => [s.email, s.name, s.team])).toEqual([['ann@a.co', 'Ann', 'Web']]);
  });
});
