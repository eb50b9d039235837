import type { RangeName } from '../metrics/period.ts';
import type { Scope, View } from '../metrics/report-types.ts';

/**
 * The seed's questions that a part of a report answers, each asked in chat by one word: peak activity times,
 * workflow distribution, session depth, usage frequency, adoption trajectory, usage intensity, per-person trends,
 * and usage by team, department or organization.
 */
export const TOPICS = ['peak', 'workflows', 'depth', 'frequency', 'trajectory', 'intensity', 'trends', 'teams', 'departments', 'organizations'] as const;
export type ChatTopic = (typeof TOPICS)[number];

/** The report each topic's answer is built from. */
export const TOPIC_REPORT: Record<ChatTopic, View> = {
  peak: 'usage',
  workflows: 'usage',
  depth: 'usage',
  frequency: 'adoption',
  trajectory: 'value',
  intensity: 'value',
  trends: 'leaderboard',
  teams: 'leaderboard',
  departments: 'leaderboard',
  organizations: 'leaderboard',
};

/** A trajectory needs whole weeks (docs/metrics.md "Value"): 30 days rarely hold enough, so it looks back 90. */
export const TOPIC_DEFAULT_RANGE: Partial<Record<ChatTopic, RangeName>> = { trajectory: '90d' };
/** Per-person trends are about people: asked without a scope, they are per person (for those allowed). */
export const TOPIC_DEFAULT_SCOPE: Partial<Record<ChatTopic, Scope>> = { trends: 'user' };

export function isTopic(view: string): view is ChatTopic {
  return (TOPICS as readonly string[]).includes(view);
}
