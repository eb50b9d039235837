import { addDays, weekStart } from '../metrics/period.ts';
import type { GroupUsage, LeaderboardReport, PersonRow } from '../metrics/report-types.ts';
import type { Grouping } from '../metrics/views/groupings.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet, type Row } from './chart-types.ts';
import { truncateAll } from './labels.ts';
import { formatCount } from './number-format.ts';
import { OTHERS, topN } from './top-n.ts';

const MAX_PEOPLE = 10;
/** lines a reader can tell apart */
const MAX_TREND_PEOPLE = 6;
const MAX_GROUPS = 15;
export const NAMES_NEED_USER_SCOPE = 'People are named only with scope=user (an admin key, or your own personal key)';

function leaderboard(r: ReportSet): LeaderboardReport {
  if (!r.leaderboard) throw new Error('the leaderboard report is missing');
  return r.leaderboard;
}

function people(board: LeaderboardReport, rows: PersonRow[], measure: 'sessions' | 'tokens', total: number): ChartData {
  const active = rows.filter((p) => p[measure] > 0);
  if (active.length === 0) return { empty: board.scope === 'org' && total > 0 ? NAMES_NEED_USER_SCOPE : NO_ACTIVITY };
  const { top } = topN(active, MAX_PEOPLE, (p) => p[measure]);
  const labels = truncateAll(top.map((p) => p.name ?? p.person.replace(/@.*/, '')));
  const table: Row[] = top.map((p, i) => ({ person: labels[i] as string, value: p[measure], order: i }));
  // the report lists the top people only; everyone else is summed in the subtitle (a bar would dwarf the top ones)
  const rest = total - top.reduce((a, p) => a + p[measure], 0);
  const others = rest > 0 ? ` · ${OTHERS}: ${formatCount(rest)}` : '';
  return { datasets: { table }, note: `Top ${top.length} of ${formatCount(total)} ${measure}${others}` };
}

export function topBySessions(reports: ReportSet): ChartData {
  const b = leaderboard(reports);
  return people(b, b.topBySessions, 'sessions', b.totalSessions);
}

export function topByTokens(reports: ReportSet): ChartData {
  const b = leaderboard(reports);
  return people(b, b.topByTokens, 'tokens', b.totalTokens);
}

export interface LeaderboardGroups {
  rows: Array<GroupUsage & { name: string }>;
  /** groups below the org's minimum group size, left out at scope=org */
  hidden: number;
  plural: string;
}

const GROUPS: Record<Grouping, { rows: (b: LeaderboardReport) => LeaderboardGroups['rows']; hidden: (b: LeaderboardReport) => number; plural: string }> = {
  team: { rows: (b) => b.teams.map((g) => ({ ...g, name: g.team })), hidden: (b) => b.hiddenGroups, plural: 'teams' },
  department: { rows: (b) => b.departments.map((g) => ({ ...g, name: g.department })), hidden: (b) => b.hiddenDepartments, plural: 'departments' },
  organization: { rows: (b) => b.organizations.map((g) => ({ ...g, name: g.organization })), hidden: (b) => b.hiddenOrganizations, plural: 'organizations' },
};

/** The leaderboard's groups of one kind that have active users. */
export function leaderboardGroups(board: LeaderboardReport, grouping: Grouping): LeaderboardGroups {
  const { rows, hidden, plural } = GROUPS[grouping];
  return { rows: rows(board).filter((g) => g.activeUsers > 0), hidden: hidden(board), plural };
}

/**
 * Sessions per user (the catalogue's definition, per group) by team, department or organization: the groups with the
 * most sessions, highest first. A group whose tools record no sessions (Cursor only) has no bar; the subtitle counts it.
 */
function groups(reports: ReportSet, grouping: Grouping): ChartData {
  const b = leaderboard(reports);
  const { rows, hidden, plural } = leaderboardGroups(b, grouping);
  if (rows.length === 0) return { empty: b.totalSessions > 0 && hidden > 0 ? `Every ${grouping} is below the minimum group size` : NO_ACTIVITY };
  const withSessions = rows.filter((g) => g.sessionsPerUser !== null);
  if (withSessions.length === 0) return { empty: 'No sessions in this period' };
  const shown = [...withSessions].sort((x, y) => y.sessions - x.sessions || x.name.localeCompare(y.name)).slice(0, MAX_GROUPS);
  const labels = truncateAll(shown.map((g) => g.name));
  const table: Row[] = shown
    .map((g, i) => ({ group: labels[i] as string, sessionsPerUser: g.sessionsPerUser, users: g.activeUsers }))
    .sort((x, y) => (y.sessionsPerUser as number) - (x.sessionsPerUser as number));
  const groupsOf = (n: number, adjective = '') => `${n} ${adjective}${n === 1 ? grouping : plural}`;
  const notes = [
    shown.length < withSessions.length ? `the ${groupsOf(shown.length)} of ${withSessions.length} with the most sessions` : '',
    rows.length > withSessions.length ? `${groupsOf(rows.length - withSessions.length)} without sessions (tools that record none)` : '',
    hidden > 0 ? `${groupsOf(hidden, 'small ')} hidden` : '',
  ].filter((n) => n.length > 0);
  return { datasets: { table }, note: [`Sessions per user by ${grouping}`, ...notes].join(' · ') };
}

export const teams = (reports: ReportSet): ChartData => groups(reports, 'team');
export const departments = (reports: ReportSet): ChartData => groups(reports, 'department');
export const organizations = (reports: ReportSet): ChartData => groups(reports, 'organization');

/** Every week (its Monday) the report's period touches: a week without sessions is a 0 on the line, not a gap. */
function weeksOf(board: LeaderboardReport): string[] {
  const first = weekStart(board.period.from.slice(0, 10));
  const last = weekStart(board.period.to.slice(0, 10));
  const weeks: string[] = [];
  for (let week = first; week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** Weekly sessions of the top people by sessions: who is picking up and who is falling off (per-person trends). */
export function personTrends(reports: ReportSet): ChartData {
  const b = leaderboard(reports);
  const active = b.topBySessions.filter((p) => p.sessions > 0);
  if (active.length === 0) return { empty: b.scope === 'org' && b.totalSessions > 0 ? NAMES_NEED_USER_SCOPE : NO_ACTIVITY };
  const top = active.slice(0, MAX_TREND_PEOPLE);
  const labels = truncateAll(top.map((p) => p.name ?? p.person.replace(/@.*/, '')));
  const weeks = weeksOf(b);
  const table: Row[] = top.flatMap((p, i) => {
    const sessions = new Map(p.weekly.map((w) => [w.weekStart, w.sessions]));
    return weeks.map((week) => ({ person: labels[i] as string, week, sessions: sessions.get(week) ?? 0, order: i }));
  });
  return { datasets: { table }, note: `Weekly sessions of the top ${top.length} people by sessions` };
}
