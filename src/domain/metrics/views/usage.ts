import type { UsageKey, UsageReport } from '../report-types.ts';
import { activeTotals, DEPTH_LABELS, grandTotal, isActiveRow, ratio, sessionsPerUser, totalTokens } from '../period-facts.ts';
import { WORKFLOWS } from '../workflow.ts';
import type { PersonToolRow } from '../rollup-rows.ts';
import { cursorUsage } from './cursor-usage.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';

export function usageKeys(data: PeriodData): Record<UsageKey, number | null> {
  const activeUsers = activeTotals(data.personTool).length;
  const total = grandTotal(data.personTool);
  return {
    activeUsers,
    totalSessions: total.sessions,
    sessionsPerUser: sessionsPerUser(data.personTool),
    totalTokens: total.tokens,
    tokensPerSession: ratio(total.tokens, total.sessions),
  };
}

export const WORKFLOW_FIELDS = {
  code_generation: 'wfCodeGeneration',
  debugging: 'wfDebugging',
  code_review: 'wfCodeReview',
  documentation: 'wfDocumentation',
  other: 'wfOther',
} as const;

/** Tool calls per workflow category with their share of all tool calls. */
export function workflowShares(rows: Array<Pick<PersonToolRow, (typeof WORKFLOW_FIELDS)[keyof typeof WORKFLOW_FIELDS]>>) {
  const counts = WORKFLOWS.map((w) => rows.reduce((sum, r) => sum + r[WORKFLOW_FIELDS[w]], 0));
  const all = counts.reduce((a, b) => a + b, 0);
  return WORKFLOWS.map((workflow, i) => ({ workflow, toolCalls: counts[i] ?? 0, share: ratio(counts[i] ?? 0, all) ?? 0 }));
}

export function usageReport(input: ReportInput): UsageReport {
  const { current } = input;
  const keys = usageKeys(current);
  const totals = current.personTool.filter((r) => r.tool === null);
  const sum = (f: (r: PersonToolRow) => number) => totals.reduce((acc, r) => acc + f(r), 0);
  const tools = [...new Set(current.personTool.flatMap((r) => (r.tool ? [r.tool] : [])))].sort().map((tool) => {
    const rows = current.personTool.filter((r) => r.tool === tool);
    return {
      tool,
      activeUsers: rows.filter(isActiveRow).length,
      sessions: rows.reduce((a, r) => a + r.sessions, 0),
      sessionsPerUser: sessionsPerUser(rows),
      tokens: rows.reduce((a, r) => a + totalTokens(r), 0),
    };
  });
  return {
    ...envelope(input, keys, usageKeys(input.previous)),
    activeUsers: keys.activeUsers ?? 0,
    totalSessions: keys.totalSessions ?? 0,
    sessionsPerUser: keys.sessionsPerUser,
    totalTokens: keys.totalTokens ?? 0,
    tokensPerSession: keys.tokensPerSession,
    tokens: { input: sum((r) => r.input), output: sum((r) => r.output), cacheRead: sum((r) => r.cacheRead), cacheCreation: sum((r) => r.cacheCreation) },
    prompts: sum((r) => r.prompts),
    requests: sum((r) => r.requests),
    costUsd: sum((r) => r.costUsd),
    linesAdded: sum((r) => r.linesAdded),
    linesRemoved: sum((r) => r.linesRemoved),
    activeHours: sum((r) => r.activeSeconds) / 3600,
    sessionDepth: DEPTH_LABELS.map((bucket, i) => ({ bucket, count: current.sessions.buckets[i] ?? 0 })),
    peakActivity: [...current.peak].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    workflows: workflowShares(totals),
    tools,
    cursor: cursorUsage(current.cursor),
  };
}
