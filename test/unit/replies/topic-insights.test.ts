import { describe, expect, it } from 'vitest';
import type { AdoptionReport, UnderutilizedReport, UsageReport, ValueReport } from '../../../src/domain/metrics/report-types.ts';
import { insightLines, MAX_LISTED } from '../../../src/domain/replies/topic-insights.ts';

// Hand-made report parts: each expected line is worked out from them here.
const usage = (part: Partial<UsageReport>) => ({ view: 'usage', scope: 'org', peakActivity: [], workflows: [], sessionDepth: [], ...part }) as UsageReport;

describe('what a topic says beside its numbers', () => {
  it('peak: the busiest hour and day, ties to the earlier one', () => {
    // 20 in all: Tuesday 10:00 has 6 (30%); Monday 9:00 also has 6 but Monday holds 6 of 20 and Tuesday 6 + 4 = 10 (50%)
    const peakActivity = [{ weekday: 2, hour: 10, count: 6 }, { weekday: 1, hour: 9, count: 6 }, { weekday: 2, hour: 23, count: 4 }, { weekday: 5, hour: 8, count: 4 }];
    expect(insightLines('peak', usage({ peakActivity }))).toEqual(['Busiest hour: Mondays 09:00–10:00 (30% of prompts and model requests). Busiest day: Tuesday (50%).']);
    expect(insightLines('peak', usage({ peakActivity: [{ weekday: 7, hour: 23, count: 1 }] }))[0]).toContain('Sundays 23:00–00:00 (100%');
    expect(insightLines('peak', usage({}))).toEqual([]);
  });

  it('workflows: each workflow\'s share of tool calls, largest first, readable names', () => {
    const workflows = [{ workflow: 'debugging', toolCalls: 1, share: 0.25 }, { workflow: 'code_generation', toolCalls: 3, share: 0.75 }, { workflow: 'other', toolCalls: 0, share: 0 }];
    expect(insightLines('workflows', usage({ workflows }))).toEqual(['Tool calls by workflow: Code generation 75%, Debugging 25%.']);
  });

  it('depth and frequency: the buckets that hold anyone, with their shares', () => {
    const sessionDepth = [{ bucket: '<10k', count: 3 }, { bucket: '10k-100k', count: 1 }, { bucket: '100k-1M', count: 0 }];
    expect(insightLines('depth', usage({ sessionDepth }))).toEqual(['Sessions by tokens: <10k tokens: 3 sessions (75%), 10k-100k tokens: 1 session (25%).']);
    const frequency = [{ bucket: '1', count: 1 }, { bucket: '2-4', count: 0 }, { bucket: '5-9', count: 4 }];
    expect(insightLines('frequency', { view: 'adoption', frequency } as unknown as AdoptionReport)).toEqual(['People by active days: 1 day: 1 person (20%), 5-9 days: 4 people (80%).']);
  });

  it('trajectory: the direction with its slope, or why it is too early', () => {
    const weeks = (n: number) => Array.from({ length: n }, (_, i) => ({ weekStart: `2026-10-${String(5 + 7 * i).padStart(2, '0')}`, days: 7, activeUsers: i }));
    const value = (trajectory: ValueReport['trajectory']) => ({ view: 'value', trajectory }) as ValueReport;
    expect(insightLines('trajectory', value({ direction: 'growing', slopePerWeek: 2.5, weekly: [...weeks(4), { weekStart: '2026-11-02', days: 3, activeUsers: 9 }] }))).toEqual([
      'Weekly active users: growing (+2.5 people a week over 4 whole weeks).',
    ]);
    expect(insightLines('trajectory', value({ direction: 'declining', slopePerWeek: -1, weekly: weeks(5) }))[0]).toContain('declining (−1 people a week over 5 whole weeks)');
    expect(insightLines('trajectory', value({ direction: 'too-early', slopePerWeek: 0, weekly: weeks(3) }))[0]).toMatch(/^Weekly active users: not enough data yet .*; this period has 3 whole weeks\. Try `trajectory 90d`/);
  });

  it('underutilized, per person: the idle seats with their cost, declining and shallow people; nothing in the org view', () => {
    const seat = (i: number, lastActive: string | null) => ({ person: `p${i}@acme.com`, name: i === 0 ? 'Pat' : null, team: null, tool: 'claude-code', tier: 'max_5x', assignedOn: '2026-01-01', lastActive, monthlyCostUsd: 100 });
    const report = {
      view: 'underutilized', scope: 'user',
      idleSeats: Array.from({ length: MAX_LISTED + 2 }, (_, i) => seat(i, i === 0 ? null : '2026-10-01')),
      declining: [{ person: 'd@acme.com', name: null, team: null, activity: 2, previousActivity: 10, lastActive: null }],
      shallow: [],
    } as unknown as UnderutilizedReport;
    const lines = insightLines('underutilized', report);
    expect(lines[0]).toBe(`Idle and never-used seats (${MAX_LISTED + 2}, $1k a month):`);
    expect(lines[1]).toBe('• Pat (p0@acme.com) · Claude Code Max 5x · never used · $100 a month');
    expect(lines[2]).toBe('• p1@acme.com · Claude Code Max 5x · last active 2026-10-01 · $100 a month');
    expect(lines[MAX_LISTED + 1]).toBe('… and 2 more (the CSV button has them all).');
    expect(lines.slice(MAX_LISTED + 2)).toEqual(['Declining (1):', '• d@acme.com · 2 prompts and requests, 10 the period before', 'Shallow (0): none.']);
    expect(insightLines('underutilized', { ...report, scope: 'org' })).toEqual([]);
  });
});
