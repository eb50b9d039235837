import type { FastifyInstance } from 'fastify';
import { buildReport, ReportError } from '../../app/build-report.ts';
import type { NudgeStore } from '../../app/nudge-ports.ts';
import type { ReportReader } from '../../app/ports.ts';
import { valueNudgeOutcome } from '../../app/value-nudge-outcome.ts';
import { csvFileName, reportTables, toCsv } from '../../domain/metrics/report-csv.ts';
import { VIEWS, type Report, type View } from '../../domain/metrics/report-types.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';
import { callerOf, parseReportQuery } from '../report-query.ts';

/** `format=csv&table=…` asks for one table of the report as CSV; the rest of the query is the report's. */
function splitFormat(query: unknown): { format: 'json' | 'csv'; table: string | null; rest: Record<string, unknown> } {
  const { format, table, ...rest } = (query ?? {}) as Record<string, unknown>;
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new HttpError(400, `Bad query (format: must be json or csv).`);
  if (table !== undefined && format !== 'csv') throw new HttpError(400, 'Bad query (table: goes with format=csv).');
  if (table !== undefined && typeof table !== 'string') throw new HttpError(400, 'Bad query (table: give one table name).');
  return { format: format === 'csv' ? 'csv' : 'json', table: (table as string | undefined) ?? null, rest };
}

/**
 * GET /api/v1/reports/{view}: the six dashboard views as JSON (docs/metrics.md), the value view with what seat
 * nudges achieved; with `format=csv`, one of the report's tables (`table=`, default `summary`) as a CSV file.
 */
export async function reportRoutes(app: FastifyInstance, options: { reader: ReportReader; nudges: Pick<NudgeStore, 'outcome'>; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  app.get<{ Params: { view: string } }>('/api/v1/reports/:view', authenticated(options.lookupKey, 'read'), async (request, reply) => {
    const view = request.params.view;
    if (!(VIEWS as readonly string[]).includes(view)) throw new HttpError(404, `Unknown report "${view}". Reports: ${VIEWS.join(', ')}.`);
    const { format, table, rest } = splitFormat(request.query);
    const query = parseReportQuery(rest, callerOf(request.principal!));
    let report: Report;
    try {
      report = await buildReport(options.reader, { ...query, view: view as View }, options.now());
    } catch (error) {
      if (error instanceof ReportError) throw new HttpError(error.statusCode, error.message);
      throw error;
    }
    const answer = report.view === 'value' ? { ...report, nudges: await valueNudgeOutcome(options.nudges, query.caller.orgId, report) } : report;
    if (format === 'json') return answer;
    const tables = reportTables(answer);
    const name = table ?? 'summary';
    const rows = tables.get(name);
    if (!rows) throw new HttpError(400, `Bad query (table: the ${view} report has no table "${name}"). Tables: ${[...tables.keys()].join(', ')}.`);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFileName(report, name)}"`)
      .send(toCsv(rows));
  });
}
