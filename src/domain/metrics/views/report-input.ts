import type { MetricKey } from '../catalogue.ts';
import type { Filters, PeriodInfo, ReportEnvelope, Scope, View } from '../report-types.ts';
import { change } from '../period-facts.ts';
import type { Period } from '../period.ts';
import type { CursorActivity, DayModelRow, DayPersonRow, ModelRow, PersonSessions, PersonToolRow, ReportSettings, RosterPerson, RosterSeat, SessionStats } from '../rollup-rows.ts';

/** What one period contributes to a report (parts a view does not need stay empty). */
export interface PeriodData {
  personTool: PersonToolRow[];
  models: ModelRow[];
  daily: DayPersonRow[];
  dailyModels: DayModelRow[];
  peak: Array<{ weekday: number; hour: number; count: number }>;
  sessions: SessionStats;
  sessionsByPerson: PersonSessions[];
  /** Cursor's daily counters (usage view); absent or null when not read or not applicable */
  cursor?: CursorActivity | null;
}

export interface ReportInput {
  view: View;
  scope: Scope;
  filters: Filters;
  period: Period;
  previousPeriod: Period;
  /** the people the filters and the caller's rights allow; null: everyone */
  persons: Set<string> | null;
  dataUpTo: Date | null;
  settings: ReportSettings;
  people: RosterPerson[];
  /** each person's organization (adoption and leaderboard only; empty otherwise) */
  organizations: ReadonlyMap<string, string>;
  seats: RosterSeat[];
  prices: ReadonlyMap<string, number>;
  /** first and last active day (org zone) per person, for the tool filter */
  spans: Map<string, { firstDay: string; lastDay: string }>;
  /** last active day per person over every tool */
  lastActive: Map<string, string>;
  current: PeriodData;
  previous: PeriodData;
  /** the period before the previous one: only its per-person totals, for the previous period's declining users */
  beforePrevious: PeriodData | null;
}

export function periodInfo(period: Period): PeriodInfo {
  if (period.granularity === 'hour') {
    return { from: period.from.toISOString(), to: period.to.toISOString(), days: period.days, granularity: 'hour', timeZone: period.timeZone };
  }
  return { from: period.from, to: period.to, days: period.days, granularity: 'day', timeZone: period.timeZone };
}

/** The common part of every report: what it covers, and the key metrics of the previous period with changes. */
export function envelope<K extends MetricKey>(
  input: ReportInput,
  current: Record<K, number | null>,
  previous: Record<K, number | null>,
): ReportEnvelope<K> {
  const keys = Object.keys(current) as K[];
  return {
    view: input.view,
    scope: input.scope,
    period: periodInfo(input.period),
    previousPeriod: periodInfo(input.previousPeriod),
    filters: input.filters,
    dataUpTo: input.dataUpTo?.toISOString() ?? null,
    previous,
    change: Object.fromEntries(keys.map((k) => [k, change(current[k], previous[k])])) as Record<K, number | null>,
  };
}
