import type { Reply } from '../replies/reply-types.ts';
import type { Cadence, DigestPeriod } from './digest-timing.ts';

/** A digest shows at most this many charts (the first of each view, then the rest in view order). */
export const MAX_DIGEST_CHARTS = 4;

const TITLES: Record<Cadence, string> = { daily: 'Daily AI adoption digest', weekly: 'Weekly AI adoption digest', monthly: 'Monthly AI adoption digest' };

function chartsOf(replies: Reply[]): string[] {
  const picked: string[] = [];
  const rounds = Math.max(0, ...replies.map((r) => r.charts.length));
  for (let round = 0; round < rounds; round++) {
    for (const reply of replies) {
      const chart = reply.charts[round];
      if (chart && !picked.includes(chart) && picked.length < MAX_DIGEST_CHARTS) picked.push(chart);
    }
  }
  return picked;
}

/** The digest's own lines under the views' numbers. */
export interface DigestLines {
  /** "People: 4 new · …" (docs/metrics.md, Cohorts); null when the adoption report could not be built */
  cohorts: string | null;
  /** the org's alerts firing now, one line each */
  alerts: string[];
  /** what the period's seat nudges achieved; null when none went out */
  nudges: string | null;
  /** a note when the period's data is not all in yet */
  late: string | null;
}

export function alertsLine(alerts: string[]): string | null {
  return alerts.length === 0 ? null : `Alerts firing: ${alerts.join('; ')}`;
}

/**
 * One message for a digest run from the replies of its views: their key numbers with ▲▼ (each number once), the
 * cohort line, the alerts firing, the views' notes, up to four charts, the freshness and coverage line, and a
 * note when the period's data is not all in yet.
 * No buttons: a digest is posted where everyone sees it, and a click would answer with the clicker's rights.
 */
export function composeDigest(cadence: Cadence, period: DigestPeriod, replies: Reply[], lines: DigestLines): Reply {
  const reports = replies.filter((r) => r.kind === 'report');
  const first = reports[0];
  if (!first) {
    const problem = replies.find((r) => r.body !== null)?.body ?? 'No report could be built.';
    return { kind: 'error', title: TITLES[cadence], subtitle: `${period.from} – ${period.to}`, facts: [], charts: [], context: '', notes: [], body: problem, actions: [], command: null };
  }
  const facts = reports.flatMap((r) => r.facts).filter((fact, i, all) => all.findIndex((f) => f.label === fact.label) === i);
  const own = [lines.cohorts, alertsLine(lines.alerts), lines.nudges].filter((line) => line !== null);
  const notes = [...new Set([...own, ...reports.flatMap((r) => r.notes), ...(lines.late ? [lines.late] : [])])];
  return { kind: 'report', title: TITLES[cadence], subtitle: first.subtitle, facts, charts: chartsOf(reports), context: first.context, notes, body: null, actions: [], command: null };
}
