import { Rng } from '../../bench/seed/random.ts';
import type { CursorDailyRow, CursorUsageEvent } from '../../src/domain/cursor/api-shapes.ts';

/**
 * A Cursor team's data, generated deterministically and lazily (a day's rows and events are built when asked for,
 * from the seed), so a double can serve millions of usage events without holding them. Every member active on a
 * day has a daily row; every usage event belongs to a member active that day. Each day also holds events at its
 * first and last millisecond (window bounds are inclusive) and a pair of events that differ only in their tokens.
 */

export interface DoubleMember {
  id: string;
  userId: number;
  /** as Cursor returns it: some addresses have capitals */
  email: string;
  name: string;
  role: 'owner' | 'member';
  isRemoved: boolean;
}

export interface CursorDatasetOptions {
  members: number;
  days: number;
  /** the first UTC day, YYYY-MM-DD */
  firstDay: string;
  eventsPerDay: number;
  seed?: number;
  /** share of members active on a day */
  activeShare?: number;
  /** how many members are removed (the last ones) */
  removed?: number;
  /** the members' emails as Cursor returns them (default: generated, some with capitals); `members` is then their count */
  emails?: string[];
}

const DAY_MS = 86_400_000;
const MODELS = ['claude-4.5-sonnet', 'claude-4-sonnet-thinking', 'gpt-5', 'default', 'gemini-2.5-pro'];
const KINDS = ['Included in Business', 'Usage-based', 'USAGE_EVENT_KIND_INCLUDED_IN_BUSINESS'];

export class CursorDataset {
  readonly members: DoubleMember[];
  readonly firstDayMs: number;
  private readonly rng: Rng;
  private readonly activeCache = new Map<number, Map<string, CursorDailyRow>>();
  private readonly eventCache = new Map<number, CursorUsageEvent[]>();

  constructor(readonly options: CursorDatasetOptions) {
    this.rng = new Rng(options.seed ?? 14);
    this.firstDayMs = Date.parse(`${options.firstDay}T00:00:00Z`);
    const removed = options.removed ?? 0;
    this.members = Array.from({ length: options.members }, (_, i) => ({
      id: `user_${this.rng.fork(`id${i}`).hex(24)}`,
      userId: 1000 + i,
      email: options.emails?.[i] ?? (i % 7 === 3 ? `Dev${i}.Name@Acme.COM` : `dev${i}@acme.com`),
      name: `Dev ${i}`,
      role: i === 0 ? 'owner' : 'member',
      isRemoved: i >= options.members - removed,
    }));
  }

  get dayCount(): number {
    return this.options.days;
  }

  dayMs(index: number): number {
    return this.firstDayMs + index * DAY_MS;
  }

  dayOf(index: number): string {
    return new Date(this.dayMs(index)).toISOString().slice(0, 10);
  }

  /** The members active on the day, by email, with their (non-placeholder) daily rows. */
  activeRows(index: number): Map<string, CursorDailyRow> {
    const cached = this.activeCache.get(index);
    if (cached) return cached;
    const rng = this.rng.fork(`active${index}`);
    const rows = new Map<string, CursorDailyRow>();
    for (const member of this.members) {
      if (!rng.chance(this.options.activeShare ?? 0.6)) continue;
      const tabsShown = rng.int(0, 200);
      rows.set(member.email, {
        userId: member.userId, day: this.dayOf(index), date: this.dayMs(index), email: member.email, isActive: true,
        totalLinesAdded: rng.int(0, 500), totalLinesDeleted: rng.int(0, 200), acceptedLinesAdded: rng.int(0, 300),
        acceptedLinesDeleted: rng.int(0, 100), totalApplies: rng.int(0, 30), totalAccepts: rng.int(0, 20), totalRejects: rng.int(0, 10),
        totalTabsShown: tabsShown, totalTabsAccepted: rng.int(0, tabsShown), composerRequests: rng.int(0, 20), chatRequests: rng.int(0, 20),
        agentRequests: rng.int(0, 40), cmdkUsages: rng.int(0, 10), subscriptionIncludedReqs: rng.int(0, 50), apiKeyReqs: 0,
        usageBasedReqs: rng.int(0, 5), bugbotUsages: 0, mostUsedModel: rng.pick(MODELS), applyMostUsedExtension: 'ts',
        tabMostUsedExtension: 'ts', clientVersion: rng.pick(['1.7.2', '1.8.0', null]),
      });
    }
    this.activeCache.set(index, rows);
    return rows;
  }

  /** How many usage events the day holds (known without building them). */
  eventCount(index: number): number {
    if (this.activeRows(index).size === 0) return 0;
    const base = this.options.eventsPerDay;
    return Math.max(4, base + this.rng.fork(`count${index}`).int(-Math.floor(base / 10), Math.floor(base / 10)));
  }

  /** The day's usage events, sorted by time (ascending). The last few days built are kept. */
  eventsOfDay(index: number): CursorUsageEvent[] {
    const cached = this.eventCache.get(index);
    if (cached) return cached;
    const count = this.eventCount(index);
    const active = [...this.activeRows(index).values()];
    const rng = this.rng.fork(`events${index}`);
    const start = this.dayMs(index);
    const events: CursorUsageEvent[] = [];
    for (let i = 0; i < count; i++) {
      const row = active[rng.int(0, active.length - 1)]!;
      const at = i === 0 ? start : i === 1 ? start + DAY_MS - 1 : start + rng.int(0, DAY_MS - 1);
      events.push(this.event(rng, row.email as string, at));
    }
    // two events alike in everything but their tokens are two events
    if (count >= 4) {
      const twin = { ...events[2]!, tokenUsage: { ...events[2]!.tokenUsage, outputTokens: (events[2]!.tokenUsage?.outputTokens ?? 0) + 1 } };
      events[3] = twin;
    }
    events.sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
    this.eventCache.set(index, events);
    if (this.eventCache.size > 4) this.eventCache.delete(this.eventCache.keys().next().value as number);
    return events;
  }

  private event(rng: Rng, email: string, at: number): CursorUsageEvent {
    const tokenBased = rng.chance(0.85);
    const event: CursorUsageEvent = {
      timestamp: String(at),
      userEmail: email,
      model: rng.pick(MODELS),
      kind: rng.pick(KINDS),
      maxMode: rng.chance(0.1),
      requestsCosts: Math.round(rng.between(0, 3) * 10) / 10,
      isTokenBasedCall: tokenBased,
      isChargeable: rng.chance(0.3),
      isHeadless: rng.chance(0.05),
      chargedCents: Math.round(rng.between(0, 50) * 1000) / 1000,
    };
    if (rng.chance(0.7)) event.conversationId = `conv-${email.length}-${rng.int(1, 40)}`;
    if (tokenBased) {
      event.tokenUsage = {
        inputTokens: rng.int(100, 20_000), outputTokens: rng.int(10, 4000), cacheWriteTokens: rng.int(0, 5000),
        cacheReadTokens: rng.int(0, 50_000), totalCents: Math.round(rng.between(0, 40) * 1000) / 1000,
      };
    }
    return event;
  }
}
