// The Cursor Admin API's documented shapes (../shared/reference/telemetry-formats.md §3), as the sync reads them.

/** `GET /teams/members` → `teamMembers[]`. */
export interface CursorMember {
  id?: string | number;
  email: string;
  name?: string | null;
  role?: string;
  isRemoved?: boolean;
}

/** One row of `POST /teams/daily-usage-data`: one user, one UTC day. */
export interface CursorDailyRow {
  userId?: number;
  day?: string;
  /** epoch ms at UTC midnight */
  date: number;
  email?: string | null;
  /** only in paginated answers */
  isActive?: boolean;
  [field: string]: unknown;
}

/** One item of `POST /teams/filtered-usage-events` → `usageEvents[]`. No id: the whole event is the identity. */
export interface CursorUsageEvent {
  /** epoch ms as a string */
  timestamp: string;
  userEmail?: string | null;
  serviceAccountId?: string;
  conversationId?: string;
  model?: string;
  kind?: string;
  maxMode?: boolean;
  requestsCosts?: number;
  isTokenBasedCall?: boolean;
  isChargeable?: boolean;
  isHeadless?: boolean;
  tokenUsage?: {
    inputTokens?: number;
    outputTokens?: number;
    cacheWriteTokens?: number;
    cacheReadTokens?: number;
    totalCents?: number;
  } | null;
  chargedCents?: number;
  [field: string]: unknown;
}

/** The numeric activity counters of a daily row: a row with all of them 0 and `isActive: false` is a placeholder. */
export const DAILY_COUNTERS = [
  'totalLinesAdded', 'totalLinesDeleted', 'acceptedLinesAdded', 'acceptedLinesDeleted', 'totalApplies', 'totalAccepts',
  'totalRejects', 'totalTabsShown', 'totalTabsAccepted', 'composerRequests', 'chatRequests', 'agentRequests', 'cmdkUsages',
  'subscriptionIncludedReqs', 'apiKeyReqs', 'usageBasedReqs', 'bugbotUsages',
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/** The Admin API endpoints the sync calls, which are also the keys of its per-endpoint cursors and rate budgets. */
export const CURSOR_ENDPOINTS = ['members', 'daily-usage-data', 'filtered-usage-events'] as const;
export type CursorEndpoint = (typeof CURSOR_ENDPOINTS)[number];

/** Documented per-team per-minute limits (§3.1): 20 for most Admin endpoints, 60 for filtered-usage-events. */
export const CURSOR_RATE_LIMITS: Readonly<Record<CursorEndpoint, number>> = {
  members: 20,
  'daily-usage-data': 20,
  'filtered-usage-events': 60,
};

/** filtered-usage-events: `pageSize` max 1000. */
export const MAX_EVENTS_PAGE_SIZE = 1000;
