import type { FastifyInstance } from 'fastify';
import { buildReport, ReportError } from '../../app/build-report.ts';
import type { NudgeStore } from '../../app/nudge-ports.ts';
import type { ReportReader } from '../../app/ports.ts';
import { valueNudgeOutcome } from '../../app/value-nudge-outcome.ts';
import { VIEWS, type View } from '../../domain/metrics/report-types.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';
import { callerOf, parseReportQuery } from '../report-query.ts';

/** GET /api/v1/reports/{view}: the six dashboard views as JSON (docs/metrics.md); the value view with what seat nudges achieved. */
export async function reportRoutes(app: FastifyInstance, options: { reader: ReportReader; nudges: Pick<NudgeStore, 'outcome'>; lookupKey: KeyLookup; now: () => Date }): Promise<void> {
  app.get<{ Params: { view: string } }>('/api/v1/reports/:view', authenticated(options.lookupKey, 'read'), async (request) => {
    const view = request.params.view;
    if (!(VIEWS as readonly string[]).includes(view)) throw new HttpError(404, `Unknown report "${view}". Reports: ${VIEWS.join(', ')}.`);
    const query = parseReportQuery(request.query, callerOf(request.principal!));
    try {
      const report = await buildReport(options.reader, { ...query, view: view as View }, options.now());
      return report.view === 'value' ? { ...report, nudges: await valueNudgeOutcome(options.nudges, query.caller.orgId, report) } : report;
    } catch (error) {
      if (error instanceof ReportError) throw new HttpError(error.statusCode, error.message);
      throw error;
    }
  });
}
