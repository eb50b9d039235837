import type { CursorDailyRow } from './api-shapes.ts';
import { isActiveRow, isPlaceholderRow, rowDay } from './map-daily-usage.ts';

/** One member-day of daily-usage-data as stored in `cursor_daily_usage`. */
export interface CursorDayFacts {
  day: string;
  person: string;
  isActive: boolean;
  tabsShown: number;
  tabsAccepted: number;
  applies: number;
  accepts: number;
  rejects: number;
  composerRequests: number;
  chatRequests: number;
  agentRequests: number;
  cmdkUsages: number;
  linesAdded: number;
  linesDeleted: number;
  acceptedLinesAdded: number;
  acceptedLinesDeleted: number;
  mostUsedModel: string | null;
  clientVersion: string | null;
}

const n = (row: CursorDailyRow, field: string): number => {
  const value = row[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The row's counters, or null for a placeholder or a row without an email. */
export function dailyRowFacts(row: CursorDailyRow): CursorDayFacts | null {
  const person = text(row.email)?.toLowerCase() ?? null;
  if (person === null || isPlaceholderRow(row)) return null;
  return {
    day: rowDay(row),
    person,
    isActive: isActiveRow(row),
    tabsShown: n(row, 'totalTabsShown'),
    tabsAccepted: n(row, 'totalTabsAccepted'),
    applies: n(row, 'totalApplies'),
    accepts: n(row, 'totalAccepts'),
    rejects: n(row, 'totalRejects'),
    composerRequests: n(row, 'composerRequests'),
    chatRequests: n(row, 'chatRequests'),
    agentRequests: n(row, 'agentRequests'),
    cmdkUsages: n(row, 'cmdkUsages'),
    linesAdded: n(row, 'totalLinesAdded'),
    linesDeleted: n(row, 'totalLinesDeleted'),
    acceptedLinesAdded: n(row, 'acceptedLinesAdded'),
    acceptedLinesDeleted: n(row, 'acceptedLinesDeleted'),
    mostUsedModel: text(row['mostUsedModel']),
    clientVersion: text(row['clientVersion']),
  };
}
