import type { UsageEvent } from '../domain/events/usage-event.ts';
import type { CumulativePoint } from '../domain/otlp/normalize-metrics.ts';

/** Where usage events are stored; both methods return how many events were new (not duplicates). */
export interface EventStore {
  insertEvents(orgId: string, events: UsageEvent[]): Promise<number>;
  resolveCumulativePoints(orgId: string, points: CumulativePoint[]): Promise<number>;
}

/** Who is calling: the org of the API key and, for a personal key, the person. */
export interface Caller {
  orgId: string;
  personEmail: string | null;
}
