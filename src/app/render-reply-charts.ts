import { drawChart, findChart, reportSet } from '../domain/charts/chart-catalog.ts';
import type { Report } from '../domain/metrics/report-types.ts';
import type { Answer } from './answer-command.ts';
import { buildReport } from './build-report.ts';
import type { ChartRenderer, ReportReader } from './ports.ts';

export interface RenderedChart {
  name: string;
  title: string;
  png: Buffer;
}

/** The PNGs of a reply's charts, drawn from the answer's report (other reports a chart reads are built with the same request). */
export async function renderReplyCharts(reader: ReportReader, renderer: ChartRenderer, answer: Answer, now: Date): Promise<RenderedChart[]> {
  const { request, report } = answer;
  if (!request || !report) return [];
  const extra = new Map<string, Promise<Report>>();
  const reportFor = (view: Report['view']): Promise<Report> => {
    if (view === report.view) return Promise.resolve(report);
    let pending = extra.get(view);
    if (!pending) extra.set(view, (pending = buildReport(reader, { ...request, view }, now)));
    return pending;
  };
  const charts = answer.reply.charts.map((name) => findChart(name)).filter((d) => d !== null);
  return Promise.all(
    charts.map(async (definition) => {
      const drawing = drawChart(definition, reportSet(await Promise.all(definition.reports.map(reportFor))));
      return { name: definition.name, title: drawing.title, png: await renderer.render(drawing) };
    }),
  );
}
