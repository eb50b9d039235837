import { addDays, weekStart } from '../metrics/period.ts';
import type { LeaderboardReport, PersonRow } from '../metrics/report-types.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet, type Row } from './chart-types.ts';
import { truncateAll } from './labels.ts';
import { formatCount } from './number-format.ts';
import { OTHERS, topN } from './top-n.ts';

const MAX_PEOPLE = 10;
/** lines a reader can tell apart */
const MAX_TREND_PEOPLE = 6;
const MAX_TEAMS = 15;
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

/** Sessions per active user by team (top teams by sessions plus others). */
export function teams(reports: ReportSet): ChartData {
  const b = leaderboard(reports);
  const rows = b.teams.filter((t) => t.activeUsers > 0);
  if (rows.length === 0) return { empty: b.totalSessions > 0 && b.hiddenGroups > 0 ? 'Every team is below the minimum group size' : NO_ACTIVITY };
  const { top, rest } = topN(rows, MAX_TEAMS, (t) => t.sessions);
  const labels = truncateAll(top.map((t) => t.team));
  const table: Row[] = top.map((t, i) => ({ team: labels[i] as string, sessionsPerUser: t.sessions / t.activeUsers, users: t.activeUsers })).sort((x, y) => (y['sessionsPerUser'] as number) - (x['sessionsPerUser'] as number));
  if (rest) {
    const users = rest.reduce((a, t) => a + t.activeUsers, 0);
    table.push({ team: OTHERS, sessionsPerUser: rest.reduce((a, t) => a + t.sessions, 0) / users, users });
  }
  const hidden = b.hiddenGroups > 0 ? ` · ${b.hiddenGroups} small team${b.hiddenGroups === 1 ? '' : 's'} hidden` : '';
  return { datasets: { table }, note: `Sessions per active user by team${hidden}` };
}

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
