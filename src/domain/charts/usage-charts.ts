import type { Bucket, UsageReport } from '../metrics/report-types.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet, type Row } from './chart-types.ts';
import { truncateAll, workflowLabel } from './labels.ts';
import { formatCount } from './number-format.ts';
import { OTHERS, topN } from './top-n.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MAX_BARS = 12;

function usage(r: ReportSet): UsageReport {
  if (!r.usage) throw new Error('the usage report is missing');
  return r.usage;
}

function buckets(list: Bucket[]): ChartData {
  if (list.every((b) => b.count === 0)) return { empty: NO_ACTIVITY };
  return { datasets: { table: list.map((b, order) => ({ bucket: b.bucket, count: b.count, order })) } };
}

/** Sessions per user (catalogue `sessionsPerUser`) per tool with sessions, with the org-wide figure as a rule. */
export function sessionsPerUser(reports: ReportSet): ChartData {
  const u = usage(reports);
  const tools = u.tools.filter((t): t is typeof t & { sessionsPerUser: number } => t.activeUsers > 0 && t.sessionsPerUser !== null);
  if (tools.length === 0 || u.sessionsPerUser === null) return { empty: NO_ACTIVITY };
  const { top } = topN(tools, MAX_BARS, (t) => t.sessions);
  const labels = truncateAll(top.map((t) => t.tool));
  return {
    datasets: {
      table: top.map((t, i) => ({ tool: labels[i] as string, sessionsPerUser: t.sessionsPerUser, users: t.activeUsers })).sort((a, b) => b.sessionsPerUser - a.sessionsPerUser),
      overall: [{ value: u.sessionsPerUser, label: `all tools: ${formatCount(u.sessionsPerUser)}` }],
    },
    note: `Sessions of active people ÷ active people, per tool with sessions · ${formatCount(u.totalSessions)} sessions, ${formatCount(u.activeUsers)} active users`,
  };
}

/** Active days per active user (the adoption report's frequency buckets). */
export function activeDays(reports: ReportSet): ChartData {
  if (!reports.adoption) throw new Error('the adoption report is missing');
  const data = buckets(reports.adoption.frequency);
  return 'empty' in data ? data : { ...data, note: 'How many days each active user was active' };
}

/** Sessions by their tokens (input + output): the session depth distribution. */
export function sessionDepth(reports: ReportSet): ChartData {
  const u = usage(reports);
  const data = buckets(u.sessionDepth);
  const perSession = u.tokensPerSession === null ? '' : ` · ${formatCount(u.tokensPerSession)} tokens per session overall`;
  return 'empty' in data ? data : { ...data, note: `Sessions by their tokens (input + output)${perSession}` };
}

/** Prompts and model requests by weekday and local hour; every cell present so the grid is whole. */
export function peakActivity(reports: ReportSet): ChartData {
  const u = usage(reports);
  const counts = new Map(u.peakActivity.map((p) => [`${p.weekday}|${p.hour}`, p.count]));
  if (u.peakActivity.every((p) => p.count === 0)) return { empty: NO_ACTIVITY };
  const table = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) table.push({ weekday: WEEKDAYS[weekday - 1] as string, day: weekday, hour, count: counts.get(`${weekday}|${hour}`) ?? 0 });
  }
  return { datasets: { table }, note: `Prompts and model requests by local hour (${u.period.timeZone})` };
}

/** Tool calls by workflow category. */
export function workflows(reports: ReportSet): ChartData {
  const u = usage(reports);
  const rows = u.workflows.filter((w) => w.toolCalls > 0);
  if (rows.length === 0) return { empty: NO_ACTIVITY };
  const total = rows.reduce((a, w) => a + w.toolCalls, 0);
  return {
    datasets: { table: rows.map((w) => ({ workflow: workflowLabel(w.workflow), toolCalls: w.toolCalls, share: w.toolCalls / total })).sort((a, b) => b.toolCalls - a.toolCalls) },
    note: `${formatCount(total)} tool calls by workflow`,
  };
}

/** Sessions per tool (top tools plus others). */
export function toolSessions(reports: ReportSet): ChartData {
  const u = usage(reports);
  const tools = u.tools.filter((t) => t.sessions > 0 || t.tokens > 0);
  if (tools.length === 0) return { empty: NO_ACTIVITY };
  const { top, rest } = topN(tools, MAX_BARS, (t) => t.tokens);
  const labels = truncateAll(top.map((t) => t.tool));
  const table: Row[] = top.map((t, i) => ({ tool: labels[i] as string, tokens: t.tokens, sessions: t.sessions }));
  if (rest) table.push({ tool: OTHERS, tokens: rest.reduce((a, t) => a + t.tokens, 0), sessions: rest.reduce((a, t) => a + t.sessions, 0) });
  return { datasets: { table }, note: `Tokens per tool · ${formatCount(u.totalTokens)} tokens in ${formatCount(u.totalSessions)} sessions` };
}
