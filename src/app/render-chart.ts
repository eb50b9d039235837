import { drawChart, findChart, reportSet } from '../domain/charts/chart-catalog.ts';
import { buildReport, ReportError, type ReportRequest } from './build-report.ts';
import type { ChartRenderer, ReportReader } from './ports.ts';

export type ChartRequest = Omit<ReportRequest, 'view'>;

/** Builds the reports a chart reads (same parameters and permissions as the reports) and renders it as PNG. */
export async function renderChart(reader: ReportReader, renderer: ChartRenderer, chart: string, request: ChartRequest, now: Date): Promise<Buffer> {
  const definition = findChart(chart);
  if (!definition) throw new ReportError(404, `Unknown chart "${chart}". See GET /api/v1/charts.`);
  const reports = await Promise.all(definition.reports.map((view) => buildReport(reader, { ...request, view }, now)));
  return renderer.render(drawChart(definition, reportSet(reports)));
}
