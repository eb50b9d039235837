import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHARTS, drawChart, findChart, reportSet } from '../../../src/domain/charts/chart-catalog.ts';
import { filterText, periodText } from '../../../src/domain/charts/chart-title.ts';
import { CHARTS_DIR } from '../../../src/adapters/charts/spec-library.ts';
import { NO_ACTIVITY, type ReportSet } from '../../../src/domain/charts/chart-types.ts';
import { NO_FILTERS, type PeriodInfo } from '../../../src/domain/metrics/report-types.ts';
import { syntheticReports, type Variant } from '../../../bench/charts/synthetic-reports.ts';

const draw = (name: string, reports: ReportSet) => drawChart(findChart(name)!, reports);
const set = (variant: Variant, scope: 'org' | 'user' = 'user') => reportSet(syntheticReports(variant, scope));
const day = (from: string, to: string, days = 30): PeriodInfo => ({ from, to, days, granularity: 'day', timeZone: 'UTC' });

describe('titles', () => {
  it.each<[PeriodInfo, string]>([
    [day('2026-10-22', '2026-11-20'), '22 Oct – 20 Nov 2026'],
    [day('2026-11-03', '2026-11-09', 7), '3 – 9 Nov 2026'],
    [day('2025-12-01', '2026-01-30', 61), '1 Dec 2025 – 30 Jan 2026'],
    [day('2026-11-20', '2026-11-20', 1), '20 Nov 2026'],
    [{ from: '2026-11-19T15:00:00.000Z', to: '2026-11-20T15:00:00.000Z', days: 1, granularity: 'hour', timeZone: 'UTC' }, 'last 24 hours to 20 Nov 2026 15:00 UTC'],
  ])('period %o reads "%s"', (period, text) => {
    expect(periodText(period)).toBe(text);
  });

  it('names the filters', () => {
    const none = { ...NO_FILTERS };
    expect(filterText(none, 'org')).toBe('whole org, all tools');
    expect(filterText({ ...none, tool: 'cursor', team: 'Web' }, 'user')).toBe('per person · team: Web · tool: cursor');
  });

  it('every drawing carries the period in its title and the filters in its subtitle', () => {
    const reports = reportSet(syntheticReports('typical', 'org', { tool: 'cursor' }));
    for (const chart of CHARTS) {
      const d = drawChart(chart, reports);
      expect(d.title).toContain('22 Oct – 20 Nov 2026');
      expect(d.subtitle.at(-1)).toBe('whole org · tool: cursor');
    }
  });
});

describe('chart catalog', () => {
  it('has a unique name and a spec file per chart, and covers the six views', () => {
    expect(new Set(CHARTS.map((c) => c.name)).size).toBe(CHARTS.length);
    const specs = readdirSync(CHARTS_DIR).filter((f) => f.endsWith('.vl.json') && f !== 'empty.vl.json');
    expect(new Set(CHARTS.map((c) => c.spec))).toEqual(new Set(specs));
    expect(new Set(CHARTS.map((c) => c.view)).size).toBe(6);
    expect(findChart('nope')).toBeNull();
  });

  it.each(CHARTS.map((c) => c.name))('%s: typical data draws, empty data says why', (name) => {
    const typical = draw(name, set('typical'));
    expect(typical.empty).toBeNull();
    expect(Object.values(typical.datasets).flat().length).toBeGreaterThan(0);
    const empty = draw(name, set('empty'));
    expect(empty.empty).toMatch(/No activity in this period|No licensed seats in this period|No Cursor data in this period/);
    expect(empty.datasets).toEqual({});
  });
});

describe('chart data', () => {
  it('active users: one point per day up to 92 days, weekly beyond; the seat line only with licensed users', () => {
    const d = draw('adoption-active-users', set('typical'));
    expect(d.datasets['table']).toHaveLength(30);
    expect(d.datasets['seats']).toEqual([{ licensed: 40, label: '40 licensed users, adoption 73%' }]);
    const unlicensed = set('typical').adoption!.activeUnlicensedUsers;
    expect(unlicensed).toBeGreaterThan(0);
    expect(d.subtitle[0]).toContain(`adoption 73% (+${unlicensed} active without a seat)`);
    const adoption = set('large').adoption!;
    const weekly = draw('adoption-active-users', reportSet([{ ...adoption, period: { ...adoption.period, days: 120 } }]));
    expect(weekly.datasets['table']).toHaveLength(adoption.weekly.length);
    expect(weekly.datasets['table']?.[0]?.['unit']).toBe('week');
  });

  it('per-person trends: a line per top person over every week of the period, 0 in a week without sessions', () => {
    const board = set('typical').leaderboard!;
    const person = (email: string, sessions: number, weekly: Array<[string, number]>) => ({ person: email, name: null, team: null, sessions, tokens: 0, weekly: weekly.map(([weekStart, s]) => ({ weekStart, sessions: s, tokens: 0 })) });
    // 22 Oct (a Thursday) – 20 Nov 2026 touches the weeks of Mondays 19 Oct, 26 Oct, 2 Nov, 9 Nov and 16 Nov
    const topBySessions = [person('ann@acme.com', 5, [['2026-10-19', 2], ['2026-11-16', 3]]), person('bob@acme.com', 1, [['2026-11-02', 1]]), person('cat@acme.com', 0, [])];
    const d = draw('leaderboard-trends', { leaderboard: { ...board, topBySessions } });
    expect(d.datasets['table']).toEqual([
      ...[['2026-10-19', 2], ['2026-10-26', 0], ['2026-11-02', 0], ['2026-11-09', 0], ['2026-11-16', 3]].map(([week, sessions]) => ({ person: 'ann', week, sessions, order: 0 })),
      ...[['2026-10-19', 0], ['2026-10-26', 0], ['2026-11-02', 1], ['2026-11-09', 0], ['2026-11-16', 0]].map(([week, sessions]) => ({ person: 'bob', week, sessions, order: 1 })),
    ]);
    expect(draw('leaderboard-trends', set('typical', 'org')).empty).toMatch(/scope=user/);
  });

  it('all-zero series count as empty', () => {
    const reports = set('typical');
    const zeroDays = { ...reports.adoption!, daily: reports.adoption!.daily.map((d) => ({ ...d, activeUsers: 0 })) };
    expect(draw('adoption-active-users', { adoption: zeroDays }).empty).toBe(NO_ACTIVITY);
    const zeroDepth = { ...reports.usage!, sessionDepth: reports.usage!.sessionDepth.map((b) => ({ ...b, count: 0 })) };
    expect(draw('usage-session-depth', { usage: zeroDepth }).empty).toBe(NO_ACTIVITY);
  });

  it('the people leaderboard is empty at org scope, saying names need scope=user', () => {
    expect(draw('leaderboard-sessions', set('typical', 'org')).empty).toMatch(/scope=user/);
    const d = draw('leaderboard-tokens', set('typical'));
    expect(d.datasets['table']).toHaveLength(10);
    const values = d.datasets['table']!.map((r) => r['value'] as number);
    expect(values).toEqual([...values].sort((x, y) => y - x));
  });

  it('caps 100+ teams to the 15 with the most sessions, and models to a top N plus "others" keeping totals', () => {
    const reports = set('large');
    const teams = draw('leaderboard-teams', reports);
    const source = reports.leaderboard!.teams;
    const kept = [...source].sort((x, y) => y.sessions - x.sessions || x.team.localeCompare(y.team)).slice(0, 15);
    expect(teams.datasets['table']!.map((t) => t['users']).sort()).toEqual(kept.map((t) => t.activeUsers).sort());
    expect(teams.subtitle[0]).toBe(`Sessions per user by team · the 15 teams of ${source.length} with the most sessions · 1 small team hidden`);
    const share = draw('models-share', reports).datasets['table']!;
    expect(new Set(share.map((r) => r['model'])).size).toBe(8);
    const total = (rows: Array<Record<string, unknown>>, f: string) => rows.reduce((n, r) => n + (r[f] as number), 0);
    expect(total(share, 'requests')).toBe(reports.models!.weekly.reduce((n, w) => n + w.requests, 0));
    expect(share.filter((r) => r['model'] === 'others').every((r) => r['rank'] === 7)).toBe(true);
    const matrix = draw('models-workflow', reports).datasets['table']!;
    expect(new Set(matrix.map((r) => r['model'])).size).toBe(10);
    expect(total(matrix, 'toolCalls')).toBe(reports.models!.modelWorkflow.reduce((n, w) => n + w.toolCalls, 0));
  });

  it('names models, workflows and tiers by their display names, never raw ids', () => {
    const reports = set('typical');
    const share = draw('models-share', reports).datasets['table']!.map((r) => r['model']);
    expect(share).toContain('Claude Sonnet 4.5');
    expect(share).toContain('Gemini 2.5 Pro');
    expect(share.filter((m) => /^[a-z0-9.-]+$/.test(m as string) && m !== 'others')).toEqual([]);
    const matrix = draw('models-workflow', reports).datasets['table']!;
    expect(new Set(matrix.map((r) => r['workflow']))).toEqual(new Set(['Code generation', 'Debugging', 'Code review', 'Documentation', 'Other']));
    expect(draw('value-tiers', reports).datasets['table']!.map((r) => r['tier'])).toContain('Claude Code Max 5x');
  });

  it('departments and organizations: sessions per user of each group, a group without sessions and small groups said so', () => {
    const reports = set('typical', 'org');
    const board = reports.leaderboard!;
    const d = draw('leaderboard-departments', reports);
    const expected = board.departments.map((g) => ({ group: g.department, sessionsPerUser: g.sessionsPerUser, users: g.activeUsers }));
    expect(d.datasets['table']).toEqual([...expected].sort((x, y) => y.sessionsPerUser! - x.sessionsPerUser!));
    expect(d.subtitle[0]).toBe('Sessions per user by department · 1 small department hidden');
    const o = draw('leaderboard-organizations', reports);
    expect(o.datasets['table']!.map((r) => r['group']).sort()).toEqual(['Acme', 'Acme Labs']);
    expect(o.subtitle[0]).toBe('Sessions per user by organization');
    // a Cursor-only department has no sessions per user: no bar, and the subtitle says why
    const cursorOnly = { department: 'Design', activeUsers: 7, sessions: 0, tokens: 5e6, sessionsPerUser: null, tokensPerSession: null };
    const withCursor = draw('leaderboard-departments', reportSet([{ ...board, departments: [...board.departments, cursorOnly] }]));
    expect(withCursor.datasets['table']!.map((r) => r['group'])).not.toContain('Design');
    expect(withCursor.subtitle[0]).toBe('Sessions per user by department · 1 department without sessions (tools that record none) · 1 small department hidden');
    const allHidden = reportSet([{ ...board, departments: [], hiddenDepartments: 3 }]);
    expect(draw('leaderboard-departments', allHidden).empty).toBe('Every department is below the minimum group size');
  });

  it('truncates long names with an ellipsis', () => {
    const teams = draw('leaderboard-teams', set('large')).datasets['table']!.map((t) => t['group'] as string);
    expect(teams.filter((t) => t.includes('…')).length).toBeGreaterThan(10);
    expect(teams.every((t) => [...t].length <= 26)).toBe(true);
  });

  it("Cursor acceptance: Tab and agent rates with their counts, only with Cursor data", () => {
    const reports = set('typical');
    const c = reports.usage!.cursor!;
    const d = draw('usage-cursor-acceptance', reports);
    expect(d.datasets['table']).toEqual([
      { measure: 'Tab completions', rate: 14_950 / 48_200, label: '31% · 14.9k of 48.2k shown' },
      { measure: 'Agent changes', rate: 1_640 / 2_050, label: '80% · 1.6k of 2k reviewed' },
    ]);
    expect(c.tabAcceptanceRate).toBe(14_950 / 48_200);
    // a rate without a denominator is left out; no Cursor block (another tool, or no Cursor data): nothing drawn
    const noAgent = { ...reports.usage!, cursor: { ...c, accepts: 0, rejects: 0, agentAcceptanceRate: null } };
    expect(draw('usage-cursor-acceptance', { usage: noAgent }).datasets['table']!.map((r) => r['measure'])).toEqual(['Tab completions']);
    expect(draw('usage-cursor-acceptance', { usage: { ...reports.usage!, cursor: null } }).empty).toBe('No Cursor data in this period');
    expect(draw('usage-cursor-acceptance', set('single')).empty).toBe('No Cursor data in this period');
  });

  it('peak activity fills the whole week × hour grid', () => {
    const d = draw('usage-peak-hours', set('single'));
    expect(d.datasets['table']).toHaveLength(168);
    expect(d.datasets['table']!.filter((c) => (c['count'] as number) > 0)).toEqual([{ weekday: 'Thu', day: 4, hour: 10, count: 3 }]);
  });

  it('seat states: idle and never used apart at scope=user, together at scope=org', () => {
    const user = set('typical');
    const rows = draw('underutilized-seats', user).datasets['table']!;
    const never = user.underutilized!.idleSeats.filter((s) => s.lastActive === null).length;
    expect(rows.map((r) => [r['state'], r['seats']])).toEqual([
      ['Active', user.value!.byTier.reduce((n, t) => n + t.activeSeats, 0)],
      ['Idle', user.underutilized!.zeroSessionSeats - never],
      ['Never used', never],
      ['In grace period', 2],
    ]);
    expect(draw('underutilized-seats', set('typical', 'org')).datasets['table']!.map((r) => r['state'])).toEqual(['Active', 'Idle or never used', 'In grace period']);
  });

  it('cost per active user spreads the period cost over its weeks', () => {
    const reports = set('typical');
    const v = reports.value!;
    const rows = draw('value-cost-per-user', reports).datasets['table']!;
    expect(rows[0]!['costPerUser']).toBeCloseTo((v.subscriptionCostUsd * 7) / 30 / v.trajectory.weekly[0]!.activeUsers, 6);
  });

  it('cost per active user: a partial week gets its days of the cost; the trajectory reads "not enough data" while too early', () => {
    const reports = set('typical');
    const v = reports.value!;
    const weekly = [{ weekStart: '2026-10-19', days: 4, activeUsers: 8 }, ...v.trajectory.weekly.slice(1)];
    const early = { ...v, trajectory: { ...v.trajectory, direction: 'too-early' as const, weekly } };
    const d = draw('value-cost-per-user', { ...reports, value: early });
    expect(d.datasets['table']![0]!['costPerUser']).toBeCloseTo((v.subscriptionCostUsd * 4) / 30 / 8, 6);
    expect(d.subtitle.join(' ')).toContain('Weekly active users: not enough data yet');
    expect(draw('value-cost-per-user', reports).subtitle.join(' ')).toContain('Weekly active users: growing');
  });
});
