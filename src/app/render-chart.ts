import { drawChart, findChart, reportSet } from '../domain/charts/chart-catalog.ts';
import type { ChartDrawing } from '../domain/charts/chart-types.ts';
import { buildReport, ReportError, type ReportRequest } from './build-report.ts';
import type { ChartRenderer, ReportReader } from './ports.ts';

export type ChartRequest = Omit<ReportRequest, 'view'>;

/** Builds the reports a chart reads (same parameters and permissions as the reports) and the chart's data. */
export async function prepareChart(reader: ReportReader, chart: string, request: ChartRequest, now: Date): Promise<ChartDrawing> {
  const definition = findChart(chart);
  if (!definition) throw new ReportError(404, `Unknown chart "${chart}". See GET /api/v1/charts.`);
  const reports = await Promise.all(definition.reports.map((view) => buildReport(reader, { ...request, view }, now)));
  return drawChart(definition, reportSet(reports));
}

/** The chart as a PNG image. */
export async function renderChart(reader: ReportReader, renderer: ChartRenderer, chart: string, request: ChartRequest, now: Date): Promise<Buffer> {
  return renderer.render(await prepareChart(reader, chart, request, now));
}
