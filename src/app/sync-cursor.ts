import type { CursorEndpoint } from '../domain/cursor/api-shapes.ts';
import { MAX_EVENTS_PAGE_SIZE } from '../domain/cursor/api-shapes.ts';
import { dailyRowFacts, type CursorDayFacts } from '../domain/cursor/daily-facts.ts';
import { CursorAuthError } from '../domain/cursor/errors.ts';
import { dailyRowToEvent } from '../domain/cursor/map-daily-usage.ts';
import { usageEventToEvent } from '../domain/cursor/map-usage-event.ts';
import { DAY_MS, dayStart, settledBounds, splitWindows, type TimeWindow } from '../domain/cursor/windows.ts';
import type { UsageEvent } from '../domain/events/usage-event.ts';
import type { CursorApi, CursorApiFactory, CursorSyncStore, EndpointCursor, EventStore, RollupRequester } from './ports.ts';

export interface CursorSyncDeps {
  store: CursorSyncStore;
  events: Pick<EventStore, 'insertEvents'>;
  rollups: RollupRequester | null;
  api: CursorApiFactory;
  now: () => Date;
  onProgress?: (progress: CursorSyncProgress) => void;
  /** daily-usage-data members per page (default 500) and usage events per page (default and max 1000) */
  pageSizes?: { dailyMembers?: number; events?: number };
  /** how far back a first sync (or one after a reset) starts, in days (default 30) */
  initialDays?: number;
}

export interface CursorSyncOptions {
  /** an explicit range (backfill, `sync --from --to`): read without reading or moving the cursors */
  range?: { from: number; to: number };
  /** read and count, store nothing */
  dryRun?: boolean;
  /** days per request window, 1-30 (default 30, Cursor's limit: the fewest requests) */
  windowDays?: number;
}

export interface CursorSyncProgress {
  endpoint: CursorEndpoint;
  window: TimeWindow;
  page: number;
  /** rows (members, daily rows, usage events) received and new rows stored so far by this endpoint in this sync */
  received: number;
  stored: number;
  /** the share of this endpoint's time range done, 0-1 */
  done: number;
}

export interface EndpointOutcome {
  requests: number;
  received: number;
  stored: number;
}

export interface CursorSyncOutcome {
  members: { count: number; seatsCreated: number; seatsEnded: number };
  daily: EndpointOutcome;
  events: EndpointOutcome;
}

interface Reader<T> {
  endpoint: Exclude<CursorEndpoint, 'members'>;
  /** the whole range this sync may read (inclusive), before the cursor is applied */
  start: number;
  end: number;
  fetch(window: TimeWindow, page: number): Promise<{ items: T[]; hasNextPage: boolean }>;
  toEvent(item: T): UsageEvent | null;
  /** stores what the endpoint gives besides events (daily-usage-data: the member-day counters) */
  alsoStore?(items: T[]): Promise<void>;
}

/**
 * One sync of an org's Cursor data: members → roster seats, daily-usage-data → per person-day facts,
 * filtered-usage-events → per-request events. Each endpoint is read in windows of at most 30 days, page by page;
 * after each page its events are stored (duplicates skipped by their dedup keys) and the endpoint's cursor moves,
 * so a sync killed at any point resumes with the next page. Only settled data is read (see `settledBounds`).
 */
export async function syncCursor(deps: CursorSyncDeps, orgId: string, options: CursorSyncOptions = {}): Promise<CursorSyncOutcome> {
  const connection = await deps.store.connection(orgId);
  if (!connection) throw new Error(`Org ${orgId} has no Cursor connection: run \`uptake cursor setup\` first.`);
  const startedAt = deps.now();
  if (!options.dryRun) await deps.store.markSync(orgId, { kind: 'started', at: startedAt });
  try {
    const outcome = await runSync(deps, orgId, connection, options, startedAt);
    if (!options.dryRun) await deps.store.markSync(orgId, { kind: 'succeeded', at: deps.now() });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const errorKind = error instanceof CursorAuthError ? 'auth' : 'api';
    if (!options.dryRun) await deps.store.markSync(orgId, { kind: 'failed', at: deps.now(), errorKind, message }).catch(() => {});
    throw error;
  }
}

async function runSync(deps: CursorSyncDeps, orgId: string, connection: { apiKey: string; tier: string }, options: CursorSyncOptions, now: Date): Promise<CursorSyncOutcome> {
  const api = deps.api(connection.apiKey);
  const settled = settledBounds(now.getTime());
  const from = options.range?.from ?? dayStart(now.getTime() - (deps.initialDays ?? 30) * DAY_MS);
  const to = options.range?.to ?? Number.MAX_SAFE_INTEGER;
  const cursors = options.range || options.dryRun ? null : await deps.store.cursors(orgId);

  const members = await api.members();
  const daily = cursors?.['daily-usage-data'];
  const firstDay = Math.min(now.getTime(), daily?.reading?.from ?? (daily?.doneThrough != null ? daily.doneThrough + 1 : dayStart(from)));
  const days = { seatsFrom: new Date(firstDay).toISOString().slice(0, 10), today: now.toISOString().slice(0, 10) };
  const seats = options.dryRun ? { seatsCreated: 0, seatsEnded: 0 } : await deps.store.syncMembers(orgId, members, connection.tier, days);
  if (!options.dryRun) await deps.store.saveCursor(orgId, 'members', { doneThrough: now.getTime(), reading: null }, { rows: members.length, requests: 1 });
  const dailyPage = deps.pageSizes?.dailyMembers ?? 500;
  const eventsPage = Math.min(deps.pageSizes?.events ?? MAX_EVENTS_PAGE_SIZE, MAX_EVENTS_PAGE_SIZE);

  const dailyOutcome = await readEndpoint(deps, orgId, daily ?? null, options, {
    endpoint: 'daily-usage-data',
    start: dayStart(from),
    end: Math.min(settled.dailyTo, dayStart(to) + DAY_MS - 1),
    fetch: async (window, page) => {
      const answer = await api.dailyUsage(window, page, dailyPage);
      return { items: answer.rows, hasNextPage: answer.hasNextPage };
    },
    toEvent: dailyRowToEvent,
    alsoStore: async (rows) => {
      const facts: CursorDayFacts[] = [];
      for (const row of rows) {
        const fact = dailyRowFacts(row);
        if (fact) facts.push(fact);
      }
      await deps.store.saveDays(orgId, facts);
    },
  });
  const events = await readEndpoint(deps, orgId, cursors?.['filtered-usage-events'] ?? null, options, {
    endpoint: 'filtered-usage-events',
    start: from,
    end: Math.min(settled.eventsTo, to),
    fetch: async (window, page) => {
      const answer = await api.usageEvents(window, page, eventsPage);
      return { items: answer.events, hasNextPage: answer.hasNextPage };
    },
    toEvent: usageEventToEvent,
  });
  return { members: { count: members.length, ...seats }, daily: dailyOutcome, events };
}

/** The windows still to read: the one in progress (from its next page), then the rest of the range after the cursor. */
function plan(cursor: EndpointCursor | null, start: number, end: number, windowMs: number): Array<{ window: TimeWindow; firstPage: number }> {
  const todo: Array<{ window: TimeWindow; firstPage: number }> = [];
  let next = start;
  if (cursor?.reading) {
    todo.push({ window: { from: cursor.reading.from, to: cursor.reading.to }, firstPage: cursor.reading.nextPage });
    next = cursor.reading.to + 1;
  } else if (cursor?.doneThrough !== null && cursor?.doneThrough !== undefined) {
    next = Math.max(start, cursor.doneThrough + 1);
  }
  for (const window of splitWindows(next, end, windowMs)) todo.push({ window, firstPage: 1 });
  return todo;
}

async function readEndpoint<T>(deps: CursorSyncDeps, orgId: string, cursor: EndpointCursor | null, options: CursorSyncOptions, reader: Reader<T>): Promise<EndpointOutcome> {
  const outcome: EndpointOutcome = { requests: 0, received: 0, stored: 0 };
  const persist = cursor !== null;
  const todo = plan(cursor, reader.start, reader.end, Math.min(30, Math.max(1, options.windowDays ?? 30)) * DAY_MS);
  const first = todo[0]?.window.from ?? reader.end;
  let doneThrough = cursor?.doneThrough ?? null;
  for (const { window, firstPage } of todo) {
    let windowStored = 0;
    for (let page = firstPage; ; page++) {
      const answer = await reader.fetch(window, page);
      outcome.requests++;
      outcome.received += answer.items.length;
      const events: UsageEvent[] = [];
      for (const item of answer.items) {
        const event = reader.toEvent(item);
        if (event) events.push(event);
      }
      const stored = options.dryRun ? 0 : await deps.events.insertEvents(orgId, events);
      if (!options.dryRun) await reader.alsoStore?.(answer.items);
      outcome.stored += stored;
      windowStored += stored;
      // a page without rows ends the window even if Cursor says there is more, so a bad answer cannot loop forever
      const more = answer.hasNextPage && answer.items.length > 0;
      if (!more) doneThrough = window.to;
      if (persist) {
        await deps.store.saveCursor(orgId, reader.endpoint, { doneThrough, reading: more ? { from: window.from, to: window.to, nextPage: page + 1 } : null }, { rows: stored, requests: 1 });
      }
      const span = Math.max(1, reader.end - first + 1);
      deps.onProgress?.({ endpoint: reader.endpoint, window, page, received: outcome.received, stored: outcome.stored, done: more ? (window.from - first) / span : (window.to - first + 1) / span });
      if (!more) break;
    }
    if (windowStored > 0) await deps.rollups?.requestRollup(orgId).catch(() => {});
  }
  return outcome;
}
