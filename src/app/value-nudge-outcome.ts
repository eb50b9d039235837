import type { Report } from '../domain/metrics/report-types.ts';
import type { NudgeOutcome } from '../domain/nudges/nudge-message.ts';
import type { NudgeStore } from './nudge-ports.ts';

/**
 * What the seat nudges sent in a value report's days achieved, shown beside it. Nudges are about the whole org's
 * seats, so a filtered (team, tool, …) or hourly report gets none: null.
 */
export async function valueNudgeOutcome(nudges: Pick<NudgeStore, 'outcome'>, orgId: string, report: Report): Promise<NudgeOutcome | null> {
  if (report.view !== 'value' || report.period.granularity !== 'day') return null;
  if (Object.values(report.filters).some((value) => value !== null)) return null;
  return nudges.outcome(orgId, report.period.from, report.period.to);
}
