import type { NumberFormat } from '../charts/number-format.ts';
import type { ChatView } from '../commands/command-types.ts';
import type { Better } from './reply-types.ts';

export interface FactDefinition {
  /** a key metric of the report (a top-level number with `previous` and `change`) */
  key: string;
  label: string;
  format: NumberFormat;
  better: Better;
}

const fact = (key: string, label: string, format: NumberFormat, better: Better): FactDefinition => ({ key, label, format, better });

/** The key numbers a chat answer shows per view, in order. */
export const FACTS: Record<ChatView, FactDefinition[]> = {
  adoption: [
    fact('activeUsers', 'Active users', 'count', 'up'),
    fact('adoptionRate', 'Adoption rate', 'percent', 'up'),
    fact('licensedUsers', 'Licensed users', 'count', 'neutral'),
    fact('newUsers', 'New users', 'count', 'up'),
  ],
  usage: [
    fact('activeUsers', 'Active users', 'count', 'up'),
    fact('totalSessions', 'Sessions', 'count', 'up'),
    fact('sessionsPerUser', 'Sessions per user', 'count', 'up'),
    fact('totalTokens', 'Tokens', 'count', 'neutral'),
  ],
  leaderboard: [
    fact('activeUsers', 'Active users', 'count', 'up'),
    fact('totalSessions', 'Sessions', 'count', 'up'),
    fact('totalTokens', 'Tokens', 'count', 'neutral'),
  ],
  models: [fact('totalRequests', 'Model requests', 'count', 'neutral'), fact('totalTokens', 'Tokens', 'count', 'neutral')],
  value: [
    fact('subscriptionCostUsd', 'Seat cost', 'usd', 'neutral'),
    fact('costPerActiveUser', 'Cost per active user', 'usd', 'down'),
    fact('apiEquivalentUsd', 'API-price equivalent', 'usd', 'up'),
    fact('activeLicensedUsers', 'Active licensed users', 'count', 'up'),
  ],
  underutilized: [
    fact('zeroSessionSeats', 'Seats with no sessions', 'count', 'down'),
    fact('decliningUsers', 'Declining users', 'count', 'down'),
    fact('shallowUsers', 'Shallow users', 'count', 'down'),
  ],
  me: [
    fact('totalSessions', 'Your sessions', 'count', 'up'),
    fact('totalTokens', 'Your tokens', 'count', 'neutral'),
    fact('tokensPerSession', 'Tokens per session', 'count', 'neutral'),
  ],
};

/**
 * What only Cursor reports (the usage report's `cursor` block), shown after the key numbers of a usage or `me`
 * answer when the report has Cursor data. The block has no previous period, so these carry no change.
 */
export const CURSOR_FACTS: Array<{ key: 'tabAcceptanceRate' | 'agentAcceptanceRate'; label: string }> = [
  { key: 'tabAcceptanceRate', label: 'Cursor Tab acceptance' },
  { key: 'agentAcceptanceRate', label: 'Cursor agent acceptance' },
];
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
};

export const VIEW_TITLES: Record<ChatView, string> = {
  adoption: 'Adoption',
  usage: 'Usage',
  leaderboard: 'Leaderboard',
  models: 'Models',
  value: 'Value',
  underutilized: 'Underutilized seats',
  me: 'Your usage',
};

/** What "explain these numbers" says per view (docs/metrics.md has the full definitions). */
export const EXPLANATIONS: Record<ChatView, string> = {
  adoption:
    'Active users: people with at least one prompt or model request in the period. Adoption rate: active licensed people ÷ licensed people (a seat on the roster). New users: active people whose first activity falls in the period. Changes compare with the previous period of the same length.',
  usage:
    'Sessions: distinct assistant sessions started in the period. Sessions per user: sessions ÷ active users. Tokens: input + output + cache read + cache creation tokens. Changes compare with the previous period of the same length. With Cursor data: Tab acceptance = Tab suggestions accepted ÷ shown; agent acceptance = suggested changes accepted ÷ accepted + rejected (from Cursor\'s daily counts).',
  leaderboard:
    'Sessions and tokens per person or team over the period. Teams smaller than the org\'s minimum group size are hidden in the org view so nobody can be singled out.',
  models:
    'Model requests and tokens per model family: every tool\'s name for one model counts together (claude-sonnet-4-5, its Bedrock and Vertex ids and Cursor\'s claude-4.5-sonnet are all Claude Sonnet 4.5); a family\'s share is its part of all requests or tokens in the period.',
  value:
    'Seat cost: what the org\'s seats cost over the period, from the roster\'s tiers and prices. Cost per active user: seat cost ÷ active licensed people. API-price equivalent: what the same tokens would cost at list API prices.',
  underutilized:
    'Seats with no sessions: seats whose holder had no sessions with that tool in the period (seats assigned within the grace period are not counted). Declining: active in the previous period, and prompts + requests fell by more than half. Shallow: active people whose tokens per session are below a quarter of the org\'s tokens per session.',
  me: 'Your own sessions and tokens, matched by your chat account\'s email address. Only you see this answer unless you share it.',
};
