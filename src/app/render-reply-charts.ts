import { createHash } from 'node:crypto';
import { drawChart, findChart, reportSet } from '../domain/charts/chart-catalog.ts';
import type { Report } from '../domain/metrics/report-types.ts';
import type { Answer } from './answer-command.ts';
import { buildReport, type ReportRequest } from './build-report.ts';
import type { ChartRenderer, ReportReader } from './ports.ts';
import type { PromiseCache } from './promise-cache.ts';

export interface RenderedChart {
  name: string;
  title: string;
  png: Buffer;
  /** the same for every drawing of this chart from the same data (org, request, period): what caches key on */
  key: string;
}

export type ChartCache = PromiseCache<RenderedChart>;

/** A chart's identity: its name and everything its reports are built from (the caller too: rights change the data). */
export function chartKey(name: string, request: ReportRequest, report: Report): string {
  const { caller, filters, scope } = request;
  const identity = [name, caller.orgId, caller.personEmail, caller.isAdmin, scope, filters, report.period];
  return createHash('sha256').update(JSON.stringify(identity)).digest('base64url');
}

/**
 * The PNGs of a reply's charts, drawn from the answer's report (other reports a chart reads are built with the same
 * request). With a cache, a chart already drawn from the same data is reused instead of drawn again.
 */
export async function renderReplyCharts(reader: ReportReader, renderer: ChartRenderer, answer: Answer, now: Date, cache?: ChartCache): Promise<RenderedChart[]> {
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
    charts.map((definition) => {
      const key = chartKey(definition.name, request, report);
      const draw = async (): Promise<RenderedChart> => {
        const drawing = drawChart(definition, reportSet(await Promise.all(definition.reports.map(reportFor))));
        return { name: definition.name, title: drawing.title, png: await renderer.render(drawing), key };
      };
      return cache ? cache.get(key, draw) : draw();
    }),
  );
}
