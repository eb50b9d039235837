import type { IncomingMessage, ServerResponse } from 'node:http';
import { CURSOR_RATE_LIMITS, DAILY_COUNTERS, type CursorDailyRow, type CursorEndpoint, type CursorUsageEvent } from '../../src/domain/cursor/api-shapes.ts';
import type { CursorDataset } from './cursor-dataset.ts';
import { LoopbackDouble, readBody, send } from './double-http.ts';

/**
 * A local stand-in for the Cursor Admin API (telemetry-formats.md §3), serving a CursorDataset: Basic auth with
 * the key as user name and an empty password, `GET /teams/members`, `POST /teams/daily-usage-data` (30-day
 * limit; paginated answers list every member and day, with all-zero `isActive: false` placeholders; unpaginated
 * ones only active rows) and `POST /teams/filtered-usage-events` (inclusive bounds, `pageSize` default 100,
 * max 1000). Each endpoint allows its documented number of calls per sliding minute (`windowMs`, scaled down in
 * tests); one more is answered 429 and counted as a violation. Every call is recorded.
 */

export interface CursorDoubleOptions {
  apiKey: string;
  dataset: CursorDataset;
  /** the rate-limit window; 60 000 ms in Cursor, shorter to run fast */
  windowMs?: number;
  /** send `Retry-After` (seconds) with 429s; Cursor documents none */
  retryAfter?: boolean;
}

export interface CursorCall {
  endpoint: CursorEndpoint | 'unknown';
  at: number;
  status: number;
  body: Record<string, unknown>;
}

const PATHS: Record<string, CursorEndpoint> = {
  'GET /teams/members': 'members',
  'POST /teams/daily-usage-data': 'daily-usage-data',
  'POST /teams/filtered-usage-events': 'filtered-usage-events',
};
const DAY_MS = 86_400_000;
const MAX_RANGE_MS = 30 * DAY_MS;

class BadRequest extends Error {}

export class CursorDouble extends LoopbackDouble {
  readonly calls: CursorCall[] = [];
  /** calls answered 429 because the endpoint's limit was reached */
  violations = 0;
  private readonly arrivals = new Map<CursorEndpoint, number[]>();
  private readonly failures = new Map<CursorEndpoint, number[]>();

  constructor(private readonly options: CursorDoubleOptions) {
    super();
  }

  get windowMs(): number {
    return this.options.windowMs ?? 60_000;
  }

  /** The next `times` calls to the endpoint answer `status` (before auth and limits are looked at). */
  failNext(endpoint: CursorEndpoint, status: number, times = 1): void {
    this.failures.set(endpoint, [...(this.failures.get(endpoint) ?? []), ...Array<number>(times).fill(status)]);
  }

  callsTo(endpoint: CursorEndpoint): CursorCall[] {
    return this.calls.filter((c) => c.endpoint === endpoint);
  }

  /** The most calls to the endpoint that arrived within any one window. */
  maxInWindow(endpoint: CursorEndpoint): number {
    const times = this.callsTo(endpoint).map((c) => c.at);
    let most = 0;
    for (let lo = 0, hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= this.windowMs) lo++;
      most = Math.max(most, hi - lo + 1);
    }
    return most;
  }

  protected async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const endpoint = PATHS[`${request.method} ${new URL(request.url ?? '/', this.url).pathname}`];
    const at = performance.now();
    let body: Record<string, unknown> = {};
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ endpoint: endpoint ?? 'unknown', at, status, body });
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      send(response, status, payload);
    };
    if (!endpoint) return answer(404, { error: 'Not Found', message: 'Resource not found' });
    const injected = this.failures.get(endpoint)?.shift();
    if (injected !== undefined) return answer(injected, { error: 'Injected', message: `status ${injected}` });
    if (!this.authorized(request.headers.authorization)) return answer(401, { error: 'Unauthorized', message: 'Invalid API key' });
    const wait = this.admit(endpoint, at);
    if (wait !== null) {
      this.violations++;
      const headers: Record<string, string> = this.options.retryAfter === false ? {} : { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) };
      return answer(429, { error: 'Too Many Requests', message: 'Rate limit exceeded. Please try again later.' }, headers);
    }
    try {
      if (raw.length > 0) body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (endpoint === 'members') return answer(200, { teamMembers: this.options.dataset.members });
      if (endpoint === 'daily-usage-data') return answer(200, this.dailyUsage(body));
      return answer(200, this.usageEvents(body));
    } catch (error) {
      if (error instanceof BadRequest || error instanceof SyntaxError) return answer(400, { error: 'Bad Request', message: error.message });
      throw error;
    }
  }

  private authorized(header: string | undefined): boolean {
    const encoded = /^Basic (\S+)$/.exec(header ?? '')?.[1];
    return encoded !== undefined && Buffer.from(encoded, 'base64').toString('utf8') === `${this.options.apiKey}:`;
  }

  /** null when the call is within the endpoint's limit (and counts), else how long until a slot frees. */
  private admit(endpoint: CursorEndpoint, at: number): number | null {
    const times = (this.arrivals.get(endpoint) ?? []).filter((t) => at - t < this.windowMs);
    this.arrivals.set(endpoint, times);
    if (times.length >= CURSOR_RATE_LIMITS[endpoint]) return this.windowMs - (at - times[0]!);
    times.push(at);
    return null;
  }

  private range(body: Record<string, unknown>): { start: number; end: number } {
    const { startDate: start, endDate: end } = body;
    if (typeof start !== 'number' || typeof end !== 'number') throw new BadRequest('startDate and endDate (epoch ms) are required');
    if (end < start) throw new BadRequest('endDate is before startDate');
    if (end - start > MAX_RANGE_MS) throw new BadRequest('Date range cannot exceed 30 days');
    return { start, end };
  }

  private dailyUsage(body: Record<string, unknown>): Record<string, unknown> {
    const { start, end } = this.range(body);
    const data = this.options.dataset;
    const days: number[] = [];
    for (let i = 0; i < data.dayCount; i++) if (data.dayMs(i) >= start && data.dayMs(i) <= end) days.push(i);
    const period = { startDate: start, endDate: end };
    const paginated = typeof body.page === 'number' && typeof body.pageSize === 'number';
    if (!paginated) {
      const rows = days.flatMap((i) => [...data.activeRows(i).values()].map(({ isActive: _, ...row }) => row));
      return { data: rows, period };
    }
    const page = body.page as number;
    const pageSize = body.pageSize as number;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1) throw new BadRequest('page and pageSize must be positive integers');
    const users = [...data.members].sort((a, b) => a.userId - b.userId);
    const totalPages = Math.ceil(users.length / pageSize);
    const rows: CursorDailyRow[] = [];
    for (const member of users.slice((page - 1) * pageSize, page * pageSize)) {
      for (const i of days) rows.push(data.activeRows(i).get(member.email) ?? placeholder(member.userId, member.email, data.dayMs(i)));
    }
    return {
      data: rows,
      period,
      pagination: { page, pageSize, totalUsers: users.length, totalPages, hasNextPage: page < totalPages, hasPreviousPage: page > 1 },
    };
  }

  private usageEvents(body: Record<string, unknown>): Record<string, unknown> {
    const { start, end } = this.range(body);
    const page = body.page ?? 1;
    const pageSize = body.pageSize ?? 100;
    if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) throw new BadRequest('page must be a positive integer');
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new BadRequest('pageSize must be 1 to 1000');
    const data = this.options.dataset;
    // The events in range, as slices of each day's sorted list; only the days cut by a bound are built to count.
    const slices: Array<{ day: number; lo: number; hi: number }> = [];
    for (let i = 0; i < data.dayCount; i++) {
      const dayStart = data.dayMs(i);
      if (dayStart + DAY_MS - 1 < start || dayStart > end) continue;
      if (dayStart >= start && dayStart + DAY_MS - 1 <= end) slices.push({ day: i, lo: 0, hi: data.eventCount(i) });
      else {
        const events = data.eventsOfDay(i);
        slices.push({ day: i, lo: firstAtOrAfter(events, start), hi: firstAtOrAfter(events, end + 1) });
      }
    }
    const total = slices.reduce((sum, s) => sum + s.hi - s.lo, 0);
    const numPages = Math.ceil(total / pageSize);
    const usageEvents: CursorUsageEvent[] = [];
    let skip = (page - 1) * pageSize;
    for (const s of slices) {
      const size = s.hi - s.lo;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      const take = Math.min(size - skip, pageSize - usageEvents.length);
      usageEvents.push(...data.eventsOfDay(s.day).slice(s.lo + skip, s.lo + skip + take));
      skip = 0;
      if (usageEvents.length === pageSize) break;
    }
    return {
      totalUsageEventsCount: total,
      pagination: { numPages, currentPage: page, pageSize, hasNextPage: page < numPages, hasPreviousPage: page > 1 },
      usageEvents,
      period: { startDate: start, endDate: end },
    };
  }
}

function placeholder(userId: number, email: string, date: number): CursorDailyRow {
  const row: CursorDailyRow = { userId, day: new Date(date).toISOString().slice(0, 10), date, email, isActive: false };
  for (const field of DAILY_COUNTERS) row[field] = 0;
  return Object.assign(row, { mostUsedModel: null, applyMostUsedExtension: null, tabMostUsedExtension: null, clientVersion: null });
}

function firstAtOrAfter(events: CursorUsageEvent[], ms: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(events[mid]!.timestamp) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
