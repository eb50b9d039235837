import type { ChatView } from '../commands/command-types.ts';
import { explainMetric, METRICS, type MetricDefinition, type MetricKey } from '../metrics/catalogue.ts';

/** A key metric of a report (a top-level number with `previous` and `change`), as a chat answer shows it. */
export type FactDefinition = Pick<MetricDefinition, 'key' | 'label' | 'format' | 'better'>;

/** The catalogue's metric, with another label where the answer speaks to one person ("Your sessions"). */
const fact = (key: MetricKey, label?: string): FactDefinition => {
  const d = METRICS[key];
  return { key, label: label ?? d.label, format: d.format, better: d.better };
};

/** The key numbers a chat answer shows per view, in order. */
export const FACTS: Record<ChatView, FactDefinition[]> = {
  adoption: [fact('activeUsers'), fact('adoptionRate'), fact('licensedUsers'), fact('newUsers')],
  usage: [fact('activeUsers'), fact('totalSessions'), fact('sessionsPerUser'), fact('totalTokens'), fact('tokensPerSession')],
  leaderboard: [fact('activeUsers'), fact('totalSessions'), fact('totalTokens')],
  models: [fact('totalRequests'), fact('totalTokens')],
  value: [fact('subscriptionCostUsd'), fact('costPerActiveUser'), fact('apiEquivalentUsd'), fact('activeLicensedUsers')],
  underutilized: [fact('zeroSessionSeats'), fact('decliningUsers'), fact('shallowUsers')],
  me: [fact('totalSessions', 'Your sessions'), fact('totalTokens', 'Your tokens'), fact('tokensPerSession')],
  peak: [fact('activeUsers'), fact('totalSessions')],
  workflows: [fact('totalSessions'), fact('activeUsers')],
  depth: [fact('tokensPerSession'), fact('totalSessions'), fact('totalTokens')],
  frequency: [fact('averageActiveDays'), fact('activeUsers')],
  trajectory: [fact('activeLicensedUsers'), fact('costPerActiveUser')],
  intensity: [fact('tokensPerDollar'), fact('sessionsPerDollar'), fact('subscriptionCostUsd')],
  trends: [fact('activeUsers'), fact('totalSessions'), fact('totalTokens')],
  teams: [fact('activeUsers'), fact('totalSessions'), fact('totalTokens')],
  departments: [fact('activeUsers'), fact('totalSessions'), fact('totalTokens')],
  organizations: [fact('activeUsers'), fact('totalSessions'), fact('totalTokens')],
};

/**
 * What only Cursor reports (the usage report's `cursor` block), shown after the key numbers of a usage or `me`
 * answer when the report has Cursor data. The block has no previous period, so these carry no change.
 */
export const CURSOR_FACTS = [METRICS.tabAcceptanceRate, METRICS.agentAcceptanceRate] as const;
/** With Cursor data, its acceptance chart takes the last chart slot of a usage or `me` answer. */
export const CURSOR_CHART = 'usage-cursor-acceptance';

/** At most two charts per chat answer (Slack threads get long fast); per-person charts only for scope=user. */
export const MAX_CHAT_CHARTS = 2;
export const CHAT_CHARTS: Record<ChatView, { org: string[]; user: string[] }> = {
  adoption: { org: ['adoption-active-users', 'adoption-new-users'], user: ['adoption-active-users', 'adoption-new-users'] },
  usage: { org: ['usage-sessions-per-user', 'usage-tools'], user: ['usage-sessions-per-user', 'usage-tools'] },
  leaderboard: { org: ['leaderboard-teams'], user: ['leaderboard-sessions', 'leaderboard-tokens'] },
  models: { org: ['models-share', 'models-workflow'], user: ['models-share', 'models-workflow'] },
  value: { org: ['value-cost-per-user', 'value-tiers'], user: ['value-cost-per-user', 'value-tiers'] },
  underutilized: { org: ['underutilized-seats'], user: ['underutilized-seats'] },
  me: { org: ['usage-peak-hours', 'usage-tools'], user: ['usage-peak-hours', 'usage-tools'] },
  peak: { org: ['usage-peak-hours'], user: ['usage-peak-hours'] },
  workflows: { org: ['usage-workflows'], user: ['usage-workflows'] },
  depth: { org: ['usage-session-depth'], user: ['usage-session-depth'] },
  frequency: { org: ['usage-active-days'], user: ['usage-active-days'] },
  trajectory: { org: ['adoption-active-users', 'value-cost-per-user'], user: ['adoption-active-users', 'value-cost-per-user'] },
  intensity: { org: ['value-tiers'], user: ['value-tiers'] },
  trends: { org: ['leaderboard-teams'], user: ['leaderboard-trends', 'leaderboard-sessions'] },
  teams: { org: ['leaderboard-teams'], user: ['leaderboard-teams'] },
  departments: { org: ['leaderboard-departments'], user: ['leaderboard-departments'] },
  organizations: { org: ['leaderboard-organizations'], user: ['leaderboard-organizations'] },
};

export const VIEW_TITLES: Record<ChatView, string> = {
  adoption: 'Adoption',
  usage: 'Usage',
  leaderboard: 'Leaderboard',
  models: 'Models',
  value: 'Value',
  underutilized: 'Underutilized seats',
  me: 'Your usage',
  peak: 'Peak activity',
  workflows: 'Workflows',
  depth: 'Session depth',
  frequency: 'Usage frequency',
  trajectory: 'Adoption trajectory',
  intensity: 'Usage intensity',
  trends: 'Per-person trends',
  teams: 'By team',
  departments: 'By department',
  organizations: 'By organization',
};

const GROUP_NOTE = (group: string, source: string) =>
  `By ${group}: active people grouped by ${source}, with each group's sessions per user. In the org view, a ${group} with fewer people than the org's minimum group size is hidden so nobody can be singled out.`;

/** What a view's answer says besides its key numbers' definitions in "explain these numbers". */
const VIEW_NOTES: Record<ChatView, string> = {
  adoption: 'Changes compare with the previous period of the same length.',
  usage: 'Cache reads and writes are shown apart from tokens. Changes compare with the previous period of the same length.',
  leaderboard: "Teams smaller than the org's minimum group size are hidden in the org view so nobody can be singled out.",
  models:
    "Requests and tokens are per model family: every tool's name for one model counts together (claude-sonnet-4-5, its Bedrock and Vertex ids and Cursor's claude-4.5-sonnet are all Claude Sonnet 4.5); a family's share is its part of all requests or tokens in the period.",
  value: '',
  underutilized: '',
  me: "Your own numbers, matched by your chat account's email address. Only you see this answer unless you share it.",
  peak: "Peak activity: prompts and model requests per weekday and hour in the report's time zone.",
  workflows: 'Workflows: tool calls by what they were for (code generation, debugging, code review, documentation, other).',
  depth: 'Session depth: sessions counted by their tokens (under 10k, 10k-100k, 100k-1M, 1M-10M, 10M and more).',
  frequency: 'Usage frequency: active people counted by their active days in the period (1, 2-4, 5-9, 10-19, 20 or more).',
  trajectory:
    'Trajectory: the slope of weekly active users over the whole ISO weeks of the period; it says growing or declining only with 4 whole weeks, 3 of them with activity.',
  intensity: '',
  trends: "Per-person trends: weekly sessions of the people with the most sessions (for the people your admin allowed to see per-person numbers).",
  teams: GROUP_NOTE('team', "the roster's team"),
  departments: GROUP_NOTE('department', "the roster's department"),
  organizations: GROUP_NOTE('organization', 'the organization their tool sends (organization.name)'),
};

const EXPLAINED_TOO: Partial<Record<ChatView, MetricKey[]>> = {
  adoption: ['activeUnlicensedUsers'],
  usage: ['tabAcceptanceRate', 'agentAcceptanceRate'],
};

/** What "explain these numbers" says per view: the catalogue's definitions (docs/metrics.md has them in full). */
export const EXPLANATIONS: Record<ChatView, string> = Object.fromEntries(
  (Object.keys(FACTS) as ChatView[]).map((view) => {
    const keys = [...new Set([...FACTS[view].map((f) => f.key), ...(EXPLAINED_TOO[view] ?? [])])];
    return [view, [...keys.map((k) => `${explainMetric(k)}`), VIEW_NOTES[view]].filter((t) => t.length > 0).join(' ')];
  }),
) as Record<ChatView, string>;
