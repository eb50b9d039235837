import { ratio } from '../period-facts.ts';
import type { CursorUsage } from '../report-types.ts';
import type { CursorActivity } from '../rollup-rows.ts';

/**
 * What only Cursor reports, from its daily counters: Tab acceptance (tabs accepted ÷ tabs shown) and agent edit
 * acceptance (accepted ÷ accepted + rejected suggested changes). null when not applicable or without Cursor data.
 */
export function cursorUsage(activity: CursorActivity | null | undefined): CursorUsage | null {
  if (!activity) return null;
  const counters = Object.values(activity);
  if (counters.every((v) => v === 0)) return null;
  return {
    tabsShown: activity.tabsShown,
    tabsAccepted: activity.tabsAccepted,
    tabAcceptanceRate: ratio(activity.tabsAccepted, activity.tabsShown),
    applies: activity.applies,
    accepts: activity.accepts,
    rejects: activity.rejects,
    agentAcceptanceRate: ratio(activity.accepts, activity.accepts + activity.rejects),
    agentRequests: activity.agentRequests,
    composerRequests: activity.composerRequests,
    chatRequests: activity.chatRequests,
    cmdkUsages: activity.cmdkUsages,
  };
}
