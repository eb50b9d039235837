import type { LeaderboardKey, LeaderboardReport, PersonRow } from '../report-types.ts';
import { activeTotals, grandTotal, ratio, rosterIndex, sessionsPerUser, totalTokens, visibleGroups } from '../period-facts.ts';
import { weekStart } from '../period.ts';
import type { PersonToolRow } from '../rollup-rows.ts';
import { groupOf, GROUPINGS, type Grouping } from './groupings.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';

export const LEADERBOARD_SIZE = 10;

function keys(data: PeriodData): Record<LeaderboardKey, number | null> {
  const total = grandTotal(data.personTool);
  return { activeUsers: activeTotals(data.personTool).length, totalSessions: total.sessions, totalTokens: total.tokens };
}

export function leaderboardReport(input: ReportInput): LeaderboardReport {
  const { current } = input;
  const roster = rosterIndex(input.people);
  const actives = activeTotals(current.personTool);
  const weekly = new Map<string, Map<string, { sessions: number; tokens: number }>>();
  for (const r of current.daily) {
    const weeks = weekly.get(r.person) ?? new Map<string, { sessions: number; tokens: number }>();
    const week = weeks.get(weekStart(r.day)) ?? { sessions: 0, tokens: 0 };
    week.sessions += r.sessions;
    week.tokens += r.tokens;
    weeks.set(weekStart(r.day), week);
    weekly.set(r.person, weeks);
  }
  const personRow = (r: PersonToolRow): PersonRow => ({
    person: r.person,
    name: roster.get(r.person)?.name ?? null,
    team: roster.get(r.person)?.team ?? null,
    sessions: r.sessions,
    tokens: totalTokens(r),
    weekly: [...(weekly.get(r.person) ?? new Map()).entries()].sort().map(([weekStart, w]) => ({ weekStart, ...w })),
  });
  const top = (score: (r: PersonToolRow) => number) =>
    [...actives].sort((a, b) => score(b) - score(a) || a.person.localeCompare(b.person)).slice(0, LEADERBOARD_SIZE).map(personRow);

  /** Usage per group of a grouping: the roster's people in scope and every active person, each in one group. */
  const byGroup = (grouping: Grouping) => {
    const keyOf = groupOf(grouping, roster, input.organizations);
    const groups = new Map<string, { members: number; activeUsers: number; sessions: number; tokens: number; rows: PersonToolRow[] }>();
    const entryOf = (key: string) => {
      const entry = groups.get(key) ?? { members: 0, activeUsers: 0, sessions: 0, tokens: 0, rows: [] as PersonToolRow[] };
      groups.set(key, entry);
      return entry;
    };
    for (const person of input.people) if (!input.persons || input.persons.has(person.email)) entryOf(keyOf(person.email)).members++;
    for (const r of actives) {
      const entry = entryOf(keyOf(r.person));
      if (!roster.has(r.person)) entry.members++;
      entry.activeUsers++;
      entry.sessions += r.sessions;
      entry.tokens += totalTokens(r);
    }
    for (const r of current.personTool) if (r.tool !== null && r.person !== '') groups.get(keyOf(r.person))?.rows.push(r);
    const visible = visibleGroups(groups, input.settings.minGroupSize, input.scope === 'org');
    const rows = visible.kept.map(([key, e]) => ({
      key,
      activeUsers: e.activeUsers,
      sessions: e.sessions,
      tokens: e.tokens,
      sessionsPerUser: sessionsPerUser(e.rows),
      tokensPerSession: ratio(e.tokens, e.sessions),
    }));
    return { rows, hidden: visible.hidden };
  };
  const [teams, departments, organizations] = GROUPINGS.map(byGroup) as [ReturnType<typeof byGroup>, ReturnType<typeof byGroup>, ReturnType<typeof byGroup>];
  const k = keys(current);
  const named = input.scope === 'user';
  return {
    ...envelope(input, k, keys(input.previous)),
    activeUsers: k.activeUsers ?? 0,
    totalSessions: k.totalSessions ?? 0,
    totalTokens: k.totalTokens ?? 0,
    topBySessions: named ? top((r) => r.sessions) : [],
    topByTokens: named ? top(totalTokens) : [],
    teams: teams.rows.map(({ key, ...rest }) => ({ team: key, ...rest })),
    departments: departments.rows.map(({ key, ...rest }) => ({ department: key, ...rest })),
    organizations: organizations.rows.map(({ key, ...rest }) => ({ organization: key, ...rest })),
    hiddenGroups: teams.hidden,
    hiddenDepartments: departments.hidden,
    hiddenOrganizations: organizations.hidden,
  };
}
