import type { UsageEvent } from '../domain/events/usage-event.ts';
import type {
  DayModelRow, DayPersonRow, ModelRow, PersonSessions, PersonToolRow, ReportSettings, ReportSlice, RosterPerson, RosterSeat, SessionStats,
} from '../domain/metrics/rollup-rows.ts';
import type { CumulativePoint } from '../domain/otlp/normalize-metrics.ts';

/** Where usage events are stored; both methods return how many events were new (not duplicates). */
export interface EventStore {
  insertEvents(orgId: string, events: UsageEvent[]): Promise<number>;
  resolveCumulativePoints(orgId: string, points: CumulativePoint[]): Promise<number>;
}

/** Who is calling: the org of the API key and, for a personal key, the person. */
export interface Caller {
  orgId: string;
  personEmail: string | null;
}

/** Rollup tables: which days need rebuilding, and the rebuild itself. */
export interface RollupStore {
  /** the org's days to rebuild, claimed until a rebuild of them commits (those of a job that died included) */
  claimDirtyDays(orgId: string): Promise<string[]>;
  /** marks the most recent `days` days of every org; returns the org ids */
  markRecentDays(days: number, now: Date): Promise<string[]>;
  /** rebuilds the days and releases their claims in one transaction */
  rebuildDays(orgId: string, days: string[]): Promise<{ days: string[] }>;
}

/** Asks the workers to roll up an org's newly written days. */
export interface RollupRequester {
  requestRollup(orgId: string): Promise<void>;
}

/** Reads rollups and the roster for reports. */
export interface ReportReader {
  context(orgId: string): Promise<{ settings: ReportSettings; people: RosterPerson[]; seats: RosterSeat[]; prices: Map<string, number> } | null>;
  personToolTotals(slice: ReportSlice): Promise<PersonToolRow[]>;
  modelTotals(slice: ReportSlice): Promise<ModelRow[]>;
  dailyByPerson(slice: ReportSlice): Promise<DayPersonRow[]>;
  dailyByModel(slice: ReportSlice): Promise<DayModelRow[]>;
  peakActivity(slice: ReportSlice): Promise<Array<{ weekday: number; hour: number; count: number }>>;
  sessionStats(slice: ReportSlice): Promise<SessionStats>;
  sessionsByPerson(slice: ReportSlice): Promise<PersonSessions[]>;
  activitySpans(orgId: string, tool: string | null): Promise<Map<string, { firstDay: string; lastDay: string }>>;
  dataUpTo(orgId: string): Promise<Date | null>;
}

/** Draws a chart (domain/charts) as a PNG image. */
export interface ChartRenderer {
  render(drawing: import('../domain/charts/chart-types.ts').ChartDrawing): Promise<Buffer>;
}
