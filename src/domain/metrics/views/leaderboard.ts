import type { LeaderboardKey, LeaderboardReport, PersonRow } from '../report-types.ts';
import { activeTotals, grandTotal, NO_TEAM, ratio, rosterIndex, sessionsPerUser, teamOf, totalTokens, visibleGroups } from '../period-facts.ts';
import { weekStart } from '../period.ts';
import type { PersonToolRow } from '../rollup-rows.ts';
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

  const teams = new Map<string, { members: number; activeUsers: number; sessions: number; tokens: number; rows: PersonToolRow[] }>();
  const emptyTeam = () => ({ members: 0, activeUsers: 0, sessions: 0, tokens: 0, rows: [] as PersonToolRow[] });
  for (const person of input.people) {
    if (input.persons && !input.persons.has(person.email)) continue;
    const team = person.team ?? NO_TEAM;
    const entry = teams.get(team) ?? emptyTeam();
    entry.members++;
    teams.set(team, entry);
  }
  for (const r of actives) {
    const team = teamOf(r.person, roster);
    const entry = teams.get(team) ?? emptyTeam();
    if (!roster.has(r.person)) entry.members++;
    entry.activeUsers++;
    entry.sessions += r.sessions;
    entry.tokens += totalTokens(r);
    teams.set(team, entry);
  }
  for (const r of current.personTool) {
    if (r.tool !== null && r.person !== '') teams.get(teamOf(r.person, roster))?.rows.push(r);
  }
  const visible = visibleGroups(teams, input.settings.minGroupSize, input.scope === 'org');
  const k = keys(current);
  const named = input.scope === 'user';
  return {
    ...envelope(input, k, keys(input.previous)),
    activeUsers: k.activeUsers ?? 0,
    totalSessions: k.totalSessions ?? 0,
    totalTokens: k.totalTokens ?? 0,
    topBySessions: named ? top((r) => r.sessions) : [],
    topByTokens: named ? top(totalTokens) : [],
    teams: visible.kept.map(([team, e]) => ({
      team,
      activeUsers: e.activeUsers,
      sessions: e.sessions,
      tokens: e.tokens,
      sessionsPerUser: sessionsPerUser(e.rows),
      tokensPerSession: ratio(e.tokens, e.sessions),
    })),
    hiddenGroups: visible.hidden,
  };
}
