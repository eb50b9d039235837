import { sql } from 'kysely';
import { expect } from 'vitest';
import type { CallBudgets } from '../../src/adapters/cursor/call-budget.ts';
import { cursorClientFactory } from '../../src/adapters/cursor/cursor-client.ts';
import type { Db } from '../../src/adapters/postgres/database.ts';
import { insertEvents } from '../../src/adapters/postgres/event-store.ts';
import { cursorStore, type CursorStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { secretBox } from '../../src/adapters/postgres/secret-box.ts';
import type { CursorApiFactory } from '../../src/app/ports.ts';
import type { CursorSyncDeps } from '../../src/app/sync-cursor.ts';
import type { CursorDataset } from './cursor-dataset.ts';

/** The encryption key the Cursor tests seal admin keys with. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7);
export const TEST_CURSOR_KEY = `key_${'ab'.repeat(32)}`;

export interface CursorHarnessSettings {
  doubleUrl: string;
  windowMs: number;
  now: string;
  initialDays: number;
  pageSizes: { dailyMembers: number; events: number };
}

/**
 * One client factory per double and window, as a process has one: the per-minute limits are per team (key), so
 * every sync of the tests in one process shares the key's budget.
 */
const factories = new Map<string, CursorApiFactory>();
function factoryFor(url: string, windowMs: number): CursorApiFactory {
  const key = `${url}|${windowMs}`;
  let factory = factories.get(key);
  if (!factory) {
    factory = testClientFactory(url, windowMs);
    factories.set(key, factory);
  }
  return factory;
}

/** A client factory of its own (as another process has), with quick retries; `budgets` default to in-process ones. */
export function testClientFactory(url: string, windowMs: number, budgets?: CallBudgets): CursorApiFactory {
  return cursorClientFactory({ baseUrl: url, windowMs, budgets, retry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200 } });
}

/** The sync's dependencies on a test database and the double (also used by the child process a test kills). */
export function cursorSyncDeps(db: Db, settings: CursorHarnessSettings, api?: CursorApiFactory): Omit<CursorSyncDeps, 'store'> & { store: CursorStore } {
  return {
    store: cursorStore(db, secretBox(TEST_ENCRYPTION_KEY)),
    events: { insertEvents: (orgId, events) => insertEvents(db, orgId, events) },
    rollups: null,
    api: api ?? factoryFor(settings.doubleUrl, settings.windowMs),
    now: () => new Date(settings.now),
    initialDays: settings.initialDays,
    pageSizes: settings.pageSizes,
  };
}

/** What the double holds, computed from the dataset alone (not through any code under test). */
export function groundTruth(dataset: CursorDataset) {
  const activeDays = new Set<string>();
  let events = 0;
  let tokens = 0;
  /** docs/metrics.md: the reports' Tokens are input + output (cache reads and writes apart) */
  let reportTokens = 0;
  let chargedCents = 0;
  const models = new Set<string>();
  const conversations = new Set<string>();
  for (let i = 0; i < dataset.dayCount; i++) {
    for (const email of dataset.activeRows(i).keys()) activeDays.add(`${email.toLowerCase()}|${dataset.dayOf(i)}`);
    for (const e of dataset.eventsOfDay(i)) {
      events++;
      const u = e.tokenUsage ?? {};
      tokens += (u.inputTokens ?? 0) + (u.outputTokens ?? 0) + (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
      reportTokens += (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
      chargedCents += e.chargedCents ?? 0;
      if (e.model) models.add(e.model);
      if (e.conversationId) conversations.add(e.conversationId);
    }
  }
  const current = dataset.members.filter((m) => !m.isRemoved).map((m) => m.email.toLowerCase()).sort();
  return { activeDays, events, tokens, reportTokens, chargedCents, models, conversations, currentMembers: current };
}

/** What a sync stored for an org: Cursor model requests with their totals, active person-days and open Cursor seats. */
export async function storedCursorData(db: Db, orgId: string) {
  const totals = await sql<{ events: number; tokens: string; cost: string; models: number; sessions: number }>`
    SELECT count(*)::int AS events, coalesce(sum(input_tokens + output_tokens + cache_read_tokens + cache_creation_tokens), 0)::text AS tokens,
      coalesce(sum(cost_usd), 0)::text AS cost, count(DISTINCT model)::int AS models, count(DISTINCT session_id)::int AS sessions
    FROM events WHERE org_id = ${orgId} AND tool = 'cursor' AND kind = 'api_request'`.execute(db);
  const days = await sql<{ key: string }>`SELECT person_email || '|' || (attributes->>'cursor.day') AS key FROM events
    WHERE org_id = ${orgId} AND tool = 'cursor' AND kind = 'user_prompt'`.execute(db);
  const seats = await sql<{ email: string }>`SELECT p.email FROM licenses l JOIN people p USING (org_id, person_id)
    WHERE l.org_id = ${orgId} AND l.tool = 'cursor' AND l.valid_to IS NULL ORDER BY p.email`.execute(db);
  const t = totals.rows[0]!;
  return { events: t.events, tokens: Number(t.tokens), costUsd: Number(t.cost), models: t.models, sessions: t.sessions, activeDays: new Set(days.rows.map((r) => r.key)), seats: seats.rows.map((r) => r.email) };
}
export type StoredCursorData = Awaited<ReturnType<typeof storedCursorData>>;

export function expectCursorGroundTruth(got: StoredCursorData, truth: ReturnType<typeof groundTruth>): void {
  expect(got.events).toBe(truth.events);
  expect(got.tokens).toBe(truth.tokens);
  expect(got.costUsd).toBeCloseTo(truth.chargedCents / 100, 6);
  expect(got.models).toBe(truth.models.size);
  expect(got.sessions).toBe(truth.conversations.size);
  expect([...got.activeDays].sort()).toEqual([...truth.activeDays].sort());
  expect(got.seats).toEqual(truth.currentMembers);
}
