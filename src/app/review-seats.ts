import { dateIn } from '../domain/metrics/period.ts';
import { reviewSeats, type SeatReview } from '../domain/nudges/review-seats.ts';
import type { NudgeStore, StoredNudgeSettings } from './nudge-ports.ts';
import type { ReportReader } from './ports.ts';

export interface SeatsOverview {
  today: string;
  settings: StoredNudgeSettings & { graceDays: number };
  /** who would get a nudge now (outside working hours they wait) */
  nudge: SeatReview[];
  /** seats offered back, nudged without effect, or whose holder cannot be reached */
  reclaim: SeatReview[];
  /** the rest, with why no nudge goes out */
  skipped: SeatReview[];
}

/** Every current seat of an org sorted into who gets a nudge now, the reclaim list and the rest (nothing is sent). */
export async function seatsOverview(deps: { nudges: NudgeStore; reader: ReportReader; now: () => Date }, orgId: string): Promise<SeatsOverview | null> {
  const context = await deps.reader.context(orgId);
  if (!context) return null;
  const today = dateIn(context.settings.timeZone, deps.now());
  const stored = await deps.nudges.settings(orgId);
  const settings = { ...stored, graceDays: context.settings.gracePeriodDays };
  const tools = [...new Set(context.seats.map((s) => s.tool))];
  const lastUsed = new Map<string, Map<string, string>>();
  for (const tool of tools) {
    const spans = await deps.reader.activitySpans(orgId, tool);
    lastUsed.set(tool, new Map([...spans.entries()].map(([person, span]) => [person, span.lastDay])));
  }
  const reviews = reviewSeats({ seats: context.seats, people: context.people, prices: context.prices, lastUsed, histories: await deps.nudges.histories(orgId), settings, today });
  return {
    today,
    settings,
    nudge: reviews.filter((r) => r.verdict.kind === 'nudge'),
    reclaim: reviews.filter((r) => r.verdict.kind === 'reclaim'),
    skipped: reviews.filter((r) => r.verdict.kind === 'skip'),
  };
}
