import type {
  AdoptionReport, LeaderboardReport, ModelsReport, UnderutilizedReport, UsageReport, ValueReport, View,
} from '../metrics/report-types.ts';

export type Row = Record<string, string | number | null>;

export interface ReportSet {
  adoption?: AdoptionReport;
  usage?: UsageReport;
  leaderboard?: LeaderboardReport;
  models?: ModelsReport;
  value?: ValueReport;
  underutilized?: UnderutilizedReport;
}

/** What a data builder answers: rows per named data source, or why there is nothing to draw. */
export type ChartData = { datasets: Record<string, Row[]>; note?: string | string[] } | { empty: string };

/** A chart ready for the renderer: the spec file to use, its title and data; `empty` draws the message instead. */
export interface ChartDrawing {
  chart: string;
  spec: string;
  title: string;
  subtitle: string[];
  datasets: Record<string, Row[]>;
  empty: string | null;
}

export interface ChartDefinition {
  name: string;
  /** the dashboard view the chart belongs to */
  view: View;
  /** the reports its data comes from (the first one gives the period and filters) */
  reports: View[];
  /** file name under charts/ */
  spec: string;
  title: string;
  build: (reports: ReportSet) => ChartData;
}

export const NO_ACTIVITY = 'No activity in this period';
