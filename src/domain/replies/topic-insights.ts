import { formatCount, formatPercent, formatUsd } from '../charts/number-format.ts';
import { tierLabel, workflowLabel } from '../charts/labels.ts';
import type { ChatView } from '../commands/command-types.ts';
import { trajectoryText } from '../metrics/period-facts.ts';
import { leaderboardGroups } from '../charts/leaderboard-charts.ts';
import type { AdoptionReport, Bucket, LeaderboardReport, Report, UnderutilizedReport, UsageReport, ValueReport } from '../metrics/report-types.ts';
import type { Grouping } from '../metrics/views/groupings.ts';

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** people named per list in a chat answer; the CSV button and the API have them all */
export const MAX_LISTED = 8;

const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
const share = (part: number, whole: number) => formatPercent(whole === 0 ? 0 : part / whole);

function peakLines(r: UsageReport): string[] {
  const total = r.peakActivity.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return [];
  // ties go to the earlier weekday and hour, so the same data always reads the same
  const cells = [...r.peakActivity].sort((a, b) => b.count - a.count || a.weekday - b.weekday || a.hour - b.hour);
  const busiest = cells[0]!;
  const byDay = new Map<number, number>();
  for (const c of r.peakActivity) byDay.set(c.weekday, (byDay.get(c.weekday) ?? 0) + c.count);
  const [day, dayCount] = [...byDay.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return [
    `Busiest hour: ${WEEKDAYS[busiest.weekday]}s ${hour(busiest.hour)}–${hour((busiest.hour + 1) % 24)} (${share(busiest.count, total)} of prompts and model requests). Busiest day: ${WEEKDAYS[day]} (${share(dayCount, total)}).`,
  ];
}

function workflowLines(r: UsageReport): string[] {
  const calls = r.workflows.filter((w) => w.toolCalls > 0).sort((a, b) => b.toolCalls - a.toolCalls);
  if (calls.length === 0) return [];
  return [`Tool calls by workflow: ${calls.map((w) => `${workflowLabel(w.workflow)} ${formatPercent(w.share)}`).join(', ')}.`];
}

function bucketLine(title: string, buckets: Bucket[], describe: (bucket: string, count: number) => string): string[] {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return [];
  return [`${title}: ${buckets.filter((b) => b.count > 0).map((b) => `${describe(b.bucket, b.count)} (${share(b.count, total)})`).join(', ')}.`];
}

const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;

function trajectoryLines(r: ValueReport): string[] {
  const { direction, slopePerWeek, weekly } = r.trajectory;
  const whole = weekly.filter((w) => w.days === 7).length;
  if (direction === 'too-early') return [`Weekly active users: ${trajectoryText(direction)}; this period has ${plural(whole, 'whole week', 'whole weeks')}. Try \`trajectory 90d\` or longer.`];
  const slope = `${slopePerWeek >= 0 ? '+' : '−'}${formatCount(Math.abs(slopePerWeek))} people a week`;
  return [`Weekly active users: ${trajectoryText(direction)} (${slope} over ${whole} whole weeks).`];
}

function listed<T>(title: string, rows: T[], line: (row: T) => string): string[] {
  if (rows.length === 0) return [`${title}: none.`];
  const more = rows.length > MAX_LISTED ? [`… and ${rows.length - MAX_LISTED} more (the CSV button has them all).`] : [];
  return [`${title}:`, ...rows.slice(0, MAX_LISTED).map((row) => `• ${line(row)}`), ...more];
}

const who = (row: { person: string; name: string | null }) => (row.name ? `${row.name} (${row.person})` : row.person);

/** The people to act on, for the people allowed to see them (the report names people only with scope=user). */
function actOnLines(r: UnderutilizedReport): string[] {
  if (r.scope !== 'user') return [];
  const cost = r.idleSeats.reduce((sum, s) => sum + s.monthlyCostUsd, 0);
  return [
    ...listed(`Idle and never-used seats (${r.idleSeats.length}, ${formatUsd(cost)} a month)`, r.idleSeats, (s) =>
      `${who(s)} · ${tierLabel(s.tool, s.tier)} · ${s.lastActive ? `last active ${s.lastActive}` : 'never used'} · ${formatUsd(s.monthlyCostUsd)} a month`),
    ...listed(`Declining (${r.declining.length})`, r.declining, (d) => `${who(d)} · ${formatCount(d.activity)} prompts and requests, ${formatCount(d.previousActivity)} the period before`),
    ...listed(`Shallow (${r.shallow.length})`, r.shallow, (x) => `${who(x)} · ${formatCount(x.sessions)} sessions, ${formatCount(x.tokensPerSession)} tokens per session`),
  ];
}

/** groups named in a chat answer, the most sessions per user first; the chart and the CSV have them all */
const MAX_GROUPS_NAMED = 5;

/** Sessions per user of each group (the catalogue's definition), highest first; groups whose tools record no sessions last. */
function groupLines(r: LeaderboardReport, grouping: Grouping): string[] {
  const { rows, hidden, plural: groups } = leaderboardGroups(r, grouping);
  const hiddenLine = hidden > 0 ? [`${plural(hidden, `small ${grouping}`, `small ${groups}`)} hidden (fewer people than the org's minimum group size).`] : [];
  if (rows.length === 0) return hiddenLine;
  const ranked = [...rows].sort((a, b) => (b.sessionsPerUser ?? -1) - (a.sessionsPerUser ?? -1) || a.name.localeCompare(b.name));
  const more = ranked.length > MAX_GROUPS_NAMED ? `, and ${plural(ranked.length - MAX_GROUPS_NAMED, `more ${grouping}`, `more ${groups}`)}` : '';
  const named = ranked
    .slice(0, MAX_GROUPS_NAMED)
    .map((g) => `${g.name} ${g.sessionsPerUser === null ? 'no sessions' : formatCount(g.sessionsPerUser)} (${plural(g.activeUsers, 'active person', 'active people')})`);
  return [`Sessions per user by ${grouping}: ${named.join(', ')}${more}.`, ...hiddenLine];
}

/** What a view's answer says in words beside its numbers and charts (empty: nothing to add). */
export function insightLines(view: ChatView, report: Report): string[] {
  switch (view) {
    case 'peak':
      return peakLines(report as UsageReport);
    case 'workflows':
      return workflowLines(report as UsageReport);
    case 'depth':
      return bucketLine('Sessions by tokens', (report as UsageReport).sessionDepth, (bucket, n) => `${bucket} tokens: ${plural(n, 'session', 'sessions')}`);
    case 'frequency':
      return bucketLine('People by active days', (report as AdoptionReport).frequency, (bucket, n) => `${bucket} ${bucket === '1' ? 'day' : 'days'}: ${plural(n, 'person', 'people')}`);
    case 'trajectory':
      return trajectoryLines(report as ValueReport);
    case 'underutilized':
      return actOnLines(report as UnderutilizedReport);
    case 'teams':
      return groupLines(report as LeaderboardReport, 'team');
    case 'departments':
      return groupLines(report as LeaderboardReport, 'department');
    case 'organizations':
      return groupLines(report as LeaderboardReport, 'organization');
    default:
      return [];
  }
}
