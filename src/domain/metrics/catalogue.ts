import type { NumberFormat } from '../charts/number-format.ts';

/**
 * Every metric Uptake names: its key in reports, label, unit, number format, which direction is good, its
 * definition (what "explain" says) and the section of docs/metrics.md that defines it. docs/metrics.md lists each
 * one as `- **<label>** (`<key>`): ...` under that section; test/unit/metric-catalogue.test.ts keeps both in step.
 */

export const METRIC_KEYS = [
  'activeUsers', 'newUsers', 'averageActiveDays', 'licensedUsers', 'activeLicensedUsers', 'activeUnlicensedUsers', 'adoptionRate',
  'totalSessions', 'sessionsPerUser', 'totalTokens', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens',
  'tokensPerSession', 'sessionDepth', 'totalRequests',
  'subscriptionCostUsd', 'costPerActiveUser', 'tokensPerDollar', 'sessionsPerDollar', 'apiEquivalentUsd', 'unpricedTokens',
  'zeroSessionSeats', 'decliningUsers', 'shallowUsers',
  'tabAcceptanceRate', 'agentAcceptanceRate',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Which way a change is good news: `neutral` when more is neither better nor worse. */
export type Better = 'up' | 'down' | 'neutral';

export type MetricUnit = 'people' | 'sessions' | 'tokens' | 'requests' | 'seats' | 'days' | 'fraction' | 'usd' | 'per person' | 'per session' | 'per dollar';

export interface MetricDefinition {
  key: MetricKey;
  label: string;
  unit: MetricUnit;
  format: NumberFormat;
  better: Better;
  /** one or two sentences, the text behind "explain" */
  definition: string;
  /** the heading of docs/metrics.md the metric is defined under, as its anchor (`activity`, `sessions-and-tokens`) */
  anchor: string;
}

type Entry = Omit<MetricDefinition, 'key'>;
const m = (label: string, unit: MetricUnit, format: NumberFormat, better: Better, anchor: string, definition: string): Entry => ({
  label, unit, format, better, anchor, definition,
});

export const METRICS: { readonly [K in MetricKey]: MetricDefinition & { key: K } } = withKeys({
  activeUsers: m('Active users', 'people', 'count', 'up', 'activity',
    'people with at least one prompt or model request in the period (events that belong to nobody are not people).'),
  newUsers: m('New users', 'people', 'count', 'up', 'activity', 'active people whose first ever active day falls in the period.'),
  averageActiveDays: m('Active days per user', 'days', 'count', 'up', 'activity', 'active days ÷ active people (usage frequency).'),
  licensedUsers: m('Licensed users', 'people', 'count', 'neutral', 'activity', 'people on the roster with a seat during the period.'),
  activeLicensedUsers: m('Active licensed users', 'people', 'count', 'up', 'activity', 'licensed people who were active in the period.'),
  activeUnlicensedUsers: m('Active without a seat', 'people', 'count', 'neutral', 'activity',
    'active people with no seat in the period (shown beside the adoption rate, never in it).'),
  adoptionRate: m('Adoption rate', 'fraction', 'percent', 'up', 'activity',
    'active licensed people ÷ licensed people; a project or model filter narrows who counts as active, never the licensed people.'),
  totalSessions: m('Sessions', 'sessions', 'count', 'up', 'sessions-and-tokens', 'distinct assistant sessions started in the period.'),
  sessionsPerUser: m('Sessions per user', 'per person', 'count', 'up', 'sessions-and-tokens',
    'sessions of active people ÷ active people of the tools that record sessions (anonymous sessions and session-less tools do not count).'),
  totalTokens: m('Tokens', 'tokens', 'count', 'neutral', 'sessions-and-tokens',
    'input + output tokens of model requests; cache reads and cache writes are counted apart.'),
  inputTokens: m('Input tokens', 'tokens', 'count', 'neutral', 'sessions-and-tokens', 'prompt tokens sent to the model, without cached ones.'),
  outputTokens: m('Output tokens', 'tokens', 'count', 'neutral', 'sessions-and-tokens', 'tokens the model wrote, thinking included.'),
  cacheReadTokens: m('Cache read tokens', 'tokens', 'count', 'neutral', 'sessions-and-tokens', 'prompt tokens served from the prompt cache.'),
  cacheCreationTokens: m('Cache write tokens', 'tokens', 'count', 'neutral', 'sessions-and-tokens', 'prompt tokens written to the prompt cache.'),
  tokensPerSession: m('Tokens per session', 'per session', 'count', 'neutral', 'sessions-and-tokens', 'tokens ÷ sessions, over the same people, tools and filters.'),
  sessionDepth: m('Session depth', 'per session', 'count', 'neutral', 'sessions-and-tokens',
    'tokens of the sessions started in the period ÷ those sessions (its distribution buckets sessions by their tokens).'),
  totalRequests: m('Model requests', 'requests', 'count', 'neutral', 'sessions-and-tokens', 'model requests in the period.'),
  subscriptionCostUsd: m('Seat cost', 'usd', 'usd', 'neutral', 'value', 'what the seats cost over the period, from their tiers and prices.'),
  costPerActiveUser: m('Cost per active user', 'usd', 'usd', 'down', 'value', 'seat cost ÷ active licensed people.'),
  tokensPerDollar: m('Tokens per dollar', 'per dollar', 'count', 'up', 'value', 'tokens of licensed people ÷ seat cost.'),
  sessionsPerDollar: m('Sessions per dollar', 'per dollar', 'count', 'up', 'value', 'sessions of licensed people ÷ seat cost.'),
  apiEquivalentUsd: m('API-price equivalent', 'usd', 'usd', 'up', 'value',
    'what the same input, output, cache read and cache write tokens would cost at list API prices.'),
  unpricedTokens: m('Unpriced tokens', 'tokens', 'count', 'neutral', 'value', 'tokens of models without a known API price.'),
  zeroSessionSeats: m('Seats with no sessions', 'seats', 'count', 'down', 'underutilized-seats',
    'seats whose holder did not use that tool in the period (seats within the grace period are not counted).'),
  decliningUsers: m('Declining users', 'people', 'count', 'down', 'underutilized-seats',
    'active in the previous period, and prompts + requests fell by more than half.'),
  shallowUsers: m('Shallow users', 'people', 'count', 'down', 'underutilized-seats',
    "active people whose session depth is below a quarter of the org's."),
  tabAcceptanceRate: m('Cursor Tab acceptance', 'fraction', 'percent', 'up', 'cursor', 'Tab suggestions accepted ÷ shown (Cursor daily counts).'),
  agentAcceptanceRate: m('Cursor agent acceptance', 'fraction', 'percent', 'up', 'cursor',
    "suggested changes accepted ÷ accepted + rejected (Cursor's daily counts)."),
});

function withKeys<T extends Record<MetricKey, Entry>>(entries: T): { [K in MetricKey]: MetricDefinition & { key: K } } {
  return Object.fromEntries(Object.entries(entries).map(([key, e]) => [key, { key, ...e }])) as { [K in MetricKey]: MetricDefinition & { key: K } };
}

export function metric(key: MetricKey): MetricDefinition {
  return METRICS[key];
}

export function isMetricKey(value: string): value is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(value);
}

/** "Adoption rate: active licensed people ÷ licensed people; …" */
export function explainMetric(key: MetricKey): string {
  const d = METRICS[key];
  return `${d.label}: ${d.definition}`;
}
