import { z } from 'zod';
import type { CursorApi, CursorApiFactory } from '../../app/ports.ts';
import { CURSOR_RATE_LIMITS, type CursorDailyRow, type CursorEndpoint, type CursorMember, type CursorUsageEvent } from '../../domain/cursor/api-shapes.ts';
import { CursorApiError, CursorAuthError } from '../../domain/cursor/errors.ts';
import type { TimeWindow } from '../../domain/cursor/windows.ts';
import type { CallBudget, CallBudgets } from './call-budget.ts';
import { inProcessBudgets } from './rate-budget.ts';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, type RetryPolicy } from './retry-policy.ts';

export interface CursorClientOptions {
  /** CURSOR_API_URL */
  baseUrl: string;
  /** the rate-limit window (60 000 ms; shorter against a scaled-down double) */
  windowMs?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** the per-endpoint budgets; default: this process's own (use the Redis ones when several processes sync) */
  budgets?: CallBudgets;
  /** told about each retry */
  onRetry?: (info: { endpoint: CursorEndpoint; status: number | null; attempt: number; delayMs: number }) => void;
}

const membersAnswer = z.object({ teamMembers: z.array(z.looseObject({ email: z.string() })) });
const dailyAnswer = z.object({
  data: z.array(z.looseObject({ date: z.number() })),
  pagination: z.looseObject({ hasNextPage: z.boolean() }).optional(),
});
const eventsAnswer = z.object({
  totalUsageEventsCount: z.number().optional(),
  pagination: z.looseObject({ hasNextPage: z.boolean() }).optional(),
  usageEvents: z.array(z.looseObject({ timestamp: z.union([z.string(), z.number()]).transform(String) })),
});

const PATHS: Record<CursorEndpoint, { method: 'GET' | 'POST'; path: string }> = {
  members: { method: 'GET', path: '/teams/members' },
  'daily-usage-data': { method: 'POST', path: '/teams/daily-usage-data' },
  'filtered-usage-events': { method: 'POST', path: '/teams/filtered-usage-events' },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A factory of Cursor Admin API clients. Clients for the same key share one rate budget per endpoint (the limits
 * are per team), so two syncs of one org still stay under them: in this process, or in every process when the
 * budgets live in Redis.
 */
export function cursorClientFactory(options: CursorClientOptions): CursorApiFactory {
  const budgets = new Map<string, Record<CursorEndpoint, CallBudget>>();
  const windowMs = options.windowMs ?? 60_000;
  const budgetOf = options.budgets ?? inProcessBudgets;
  return (apiKey) => {
    let own = budgets.get(apiKey);
    if (!own) {
      own = {
        members: budgetOf(apiKey, 'members', CURSOR_RATE_LIMITS.members, windowMs),
        'daily-usage-data': budgetOf(apiKey, 'daily-usage-data', CURSOR_RATE_LIMITS['daily-usage-data'], windowMs),
        'filtered-usage-events': budgetOf(apiKey, 'filtered-usage-events', CURSOR_RATE_LIMITS['filtered-usage-events'], windowMs),
      };
      budgets.set(apiKey, own);
    }
    return cursorClient(options, apiKey, own);
  };
}

function cursorClient(options: CursorClientOptions, apiKey: string, budgets: Record<CursorEndpoint, CallBudget>): CursorApi {
  const auth = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
  const base = options.baseUrl.replace(/\/+$/, '');
  const retry = options.retry ?? DEFAULT_RETRY;

  async function call(endpoint: CursorEndpoint, body?: Record<string, unknown>): Promise<unknown> {
    const { method, path } = PATHS[endpoint];
    for (let attempt = 0; ; attempt++) {
      const answered = await budgets[endpoint].take();
      let status: number | null = null;
      let retryAfter: number | null = null;
      let detail = '';
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: auth, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        }).finally(answered);
        status = response.status;
        if (response.ok) return await response.json();
        detail = (await response.text()).slice(0, 300);
        if (status === 401 || status === 403) throw new CursorAuthError(status, `Cursor refused the admin key (${status} on ${path}): ${detail}`);
        if (status !== 429 && status < 500) throw new CursorApiError(status, `Cursor answered ${status} on ${path}: ${detail}`);
        retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      } catch (error) {
        if (error instanceof CursorAuthError || error instanceof CursorApiError) throw error;
        detail = error instanceof Error ? error.message : String(error);
      }
      if (attempt + 1 >= retry.maxAttempts) {
        throw new CursorApiError(status, `Cursor ${path} failed after ${retry.maxAttempts} attempts (${status ?? 'network error'}): ${detail}`);
      }
      const delayMs = retryDelay(retry, attempt, retryAfter);
      options.onRetry?.({ endpoint, status, attempt: attempt + 1, delayMs });
      await sleep(delayMs);
    }
  }

  const parse = <T>(schema: z.ZodType<T>, value: unknown, endpoint: CursorEndpoint): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CursorApiError(200, `Cursor's ${endpoint} answer has an unexpected shape: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  };

  return {
    async members() {
      return parse(membersAnswer, await call('members'), 'members').teamMembers as CursorMember[];
    },
    async dailyUsage(window: TimeWindow, page: number, pageSize: number) {
      const answer = parse(dailyAnswer, await call('daily-usage-data', { startDate: window.from, endDate: window.to, page, pageSize }), 'daily-usage-data');
      return { rows: answer.data as CursorDailyRow[], hasNextPage: answer.pagination?.hasNextPage ?? false };
    },
    async usageEvents(window: TimeWindow, page: number, pageSize: number) {
      const answer = parse(eventsAnswer, await call('filtered-usage-events', { startDate: window.from, endDate: window.to, page, pageSize }), 'filtered-usage-events');
      return { events: answer.usageEvents as CursorUsageEvent[], hasNextPage: answer.pagination?.hasNextPage ?? false, total: answer.totalUsageEventsCount ?? answer.usageEvents.length };
    },
  };
}
