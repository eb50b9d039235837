import { METRICS } from '../metrics/catalogue.ts';
import type { Report, View } from '../metrics/report-types.ts';
import { activeUsers, newUsers } from './adoption-charts.ts';
import { chartTitle, filterText } from './chart-title.ts';
import type { ChartDefinition, ChartDrawing, ReportSet } from './chart-types.ts';
import { cursorAcceptance } from './cursor-charts.ts';
import { departments, organizations, personTrends, teams, topBySessions, topByTokens } from './leaderboard-charts.ts';
import { modelShare, modelWorkflow } from './models-charts.ts';
import { seatStates } from './underutilized-charts.ts';
import { activeDays, peakActivity, sessionDepth, sessionsPerUser, toolSessions, workflows } from './usage-charts.ts';
import { costPerActiveUser, tiers } from './value-charts.ts';

const chart = (name: string, view: View, title: string, build: ChartDefinition['build'], reports: View[] = [view], spec = name): ChartDefinition => ({
  name, view, reports, title, build, spec: `${spec}.vl.json`,
});

/** Every chart, in the order of the dashboard. */
export const CHARTS: readonly ChartDefinition[] = [
  chart('adoption-active-users', 'adoption', METRICS.activeUsers.label, activeUsers),
  chart('adoption-new-users', 'adoption', METRICS.newUsers.label, newUsers),
  chart('usage-sessions-per-user', 'usage', METRICS.sessionsPerUser.label, sessionsPerUser),
  chart('usage-active-days', 'usage', METRICS.averageActiveDays.label, activeDays, ['adoption']),
  chart('usage-session-depth', 'usage', METRICS.sessionDepth.label, sessionDepth),
  chart('usage-peak-hours', 'usage', 'Peak activity', peakActivity),
  chart('usage-workflows', 'usage', 'Workflows', workflows),
  chart('usage-tools', 'usage', 'Tools', toolSessions),
  chart('usage-cursor-acceptance', 'usage', 'Cursor acceptance', cursorAcceptance),
  chart('leaderboard-sessions', 'leaderboard', 'Top people by sessions', topBySessions),
  chart('leaderboard-tokens', 'leaderboard', 'Top people by tokens', topByTokens),
  chart('leaderboard-teams', 'leaderboard', 'Teams', teams, ['leaderboard'], 'leaderboard-groups'),
  chart('leaderboard-departments', 'leaderboard', 'Departments', departments, ['leaderboard'], 'leaderboard-groups'),
  chart('leaderboard-organizations', 'leaderboard', 'Organizations', organizations, ['leaderboard'], 'leaderboard-groups'),
  chart('leaderboard-trends', 'leaderboard', 'Weekly sessions per person', personTrends),
  chart('models-share', 'models', 'Model share', modelShare),
  chart('models-workflow', 'models', 'Models by workflow', modelWorkflow),
  chart('value-cost-per-user', 'value', 'Seat cost per active user', costPerActiveUser),
  chart('value-tiers', 'value', 'Value vs seat cost by tier', tiers),
  chart('underutilized-seats', 'underutilized', 'Seats by state', seatStates, ['underutilized', 'value']),
];

const BY_NAME = new Map(CHARTS.map((c) => [c.name, c]));

export function findChart(name: string): ChartDefinition | null {
  return BY_NAME.get(name) ?? null;
}

export function reportSet(reports: Report[]): ReportSet {
  return Object.fromEntries(reports.map((r) => [r.view, r])) as ReportSet;
}

/** The chart's data, title and subtitle (period, filters, what is drawn) from its reports. */
export function drawChart(definition: ChartDefinition, reports: ReportSet): ChartDrawing {
  const primary = reports[definition.reports[0] as View];
  if (!primary) throw new Error(`the ${definition.reports[0]} report is missing`);
  const data = definition.build(reports);
  const context = filterText(primary.filters, primary.scope);
  const empty = 'empty' in data;
  return {
    chart: definition.name,
    spec: definition.spec,
    title: chartTitle(definition.title, primary.period),
    subtitle: empty || !data.note ? [context] : [...[data.note].flat(), context],
    datasets: empty ? {} : data.datasets,
    empty: empty ? data.empty : null,
  };
}
