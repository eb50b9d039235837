import { describe, expect, it } from 'vitest';
import { canonicalJson, cursorEventKey } from '../../../src/domain/cursor/dedup.ts';
import { dailyRowToEvent, isActiveRow, isPlaceholderRow } from '../../../src/domain/cursor/map-daily-usage.ts';
import { usageEventToEvent } from '../../../src/domain/cursor/map-usage-event.ts';
import { MAX_WINDOW_MS, settledBounds, splitWindows } from '../../../src/domain/cursor/windows.ts';

const DAY = 86_400_000;
const t = (iso: string) => Date.parse(iso);

describe('splitWindows', () => {
  it('covers the range with inclusive windows under 30 days that neither overlap nor leave gaps', () => {
    const from = t('2026-01-01T00:00:00Z');
    const to = t('2026-03-31T23:59:59.999Z');
    const windows = splitWindows(from, to);
    expect(windows).toEqual([
      { from, to: t('2026-01-30T23:59:59.999Z') },
      { from: t('2026-01-31T00:00:00Z'), to: t('2026-03-01T23:59:59.999Z') },
      { from: t('2026-03-02T00:00:00Z'), to: t('2026-03-31T23:59:59.999Z') },
    ]);
    for (const w of windows) expect(w.to - w.from).toBeLessThan(MAX_WINDOW_MS);
  });

  it('gives one window for a short range, one for a single instant, none for an empty one', () => {
    expect(splitWindows(10, 20)).toEqual([{ from: 10, to: 20 }]);
    expect(splitWindows(10, 10)).toEqual([{ from: 10, to: 10 }]);
    expect(splitWindows(11, 10)).toEqual([]);
    expect(splitWindows(0, 9, 5)).toEqual([{ from: 0, to: 4 }, { from: 5, to: 9 }]);
  });
});

describe('settledBounds', () => {
  it('reads events up to the end of the hour before the current one, daily rows up to the last whole day before that', () => {
    expect(settledBounds(t('2026-05-10T10:30:00Z'))).toEqual({ eventsTo: t('2026-05-10T08:59:59.999Z'), dailyTo: t('2026-05-09T23:59:59.999Z') });
    expect(settledBounds(t('2026-05-10T00:30:00Z'))).toEqual({ eventsTo: t('2026-05-09T22:59:59.999Z'), dailyTo: t('2026-05-08T23:59:59.999Z') });
  });
});

const zeroRow = {
  userId: 1, day: '2026-05-01', date: t('2026-05-01T00:00:00Z'), email: 'Ann@Acme.com', isActive: false, totalLinesAdded: 0, totalLinesDeleted: 0,
  acceptedLinesAdded: 0, acceptedLinesDeleted: 0, totalApplies: 0, totalAccepts: 0, totalRejects: 0, totalTabsShown: 0, totalTabsAccepted: 0,
  composerRequests: 0, chatRequests: 0, agentRequests: 0, cmdkUsages: 0, subscriptionIncludedReqs: 0, apiKeyReqs: 0, usageBasedReqs: 0,
  bugbotUsages: 0, mostUsedModel: null, clientVersion: null,
};

describe('daily-usage rows', () => {
  it('skips all-zero isActive:false placeholders', () => {
    expect(isPlaceholderRow(zeroRow)).toBe(true);
    expect(dailyRowToEvent(zeroRow)).toBeNull();
    expect(isPlaceholderRow({ ...zeroRow, totalTabsShown: 3 })).toBe(false);
  });

  it('is active by isActive when paginated, else by any non-zero counter', () => {
    expect(isActiveRow({ ...zeroRow, isActive: true })).toBe(true);
    expect(isActiveRow({ ...zeroRow, totalTabsShown: 3 })).toBe(false);
    const { isActive: _, ...unpaginated } = zeroRow;
    expect(isActiveRow({ ...unpaginated, totalTabsAccepted: 1 })).toBe(true);
    expect(isActiveRow(unpaginated)).toBe(false);
  });

  it('maps an active day to one Cursor user_prompt at noon UTC with accepted lines, requests and every counter', () => {
    const event = dailyRowToEvent({ ...zeroRow, isActive: true, acceptedLinesAdded: 40, acceptedLinesDeleted: 4, composerRequests: 2, chatRequests: 3, agentRequests: 5, cmdkUsages: 1, totalTabsShown: 9, totalTabsAccepted: 6, mostUsedModel: 'gpt-5', clientVersion: '1.7.2' })!;
    expect(event).toMatchObject({
      dedupKey: 'cursor-day|ann@acme.com|2026-05-01', occurredAt: new Date('2026-05-01T12:00:00Z'), tool: 'cursor', kind: 'user_prompt',
      personEmail: 'ann@acme.com', model: 'gpt-5', linesAdded: 40, linesRemoved: 4, quantity: 11,
    });
    expect(event.attributes).toMatchObject({ 'cursor.totalTabsShown': 9, 'cursor.totalTabsAccepted': 6, 'cursor.clientVersion': '1.7.2', 'cursor.day': '2026-05-01' });
  });
});

const usage = {
  timestamp: '1750979225854', userEmail: 'Bob@Acme.com', model: 'claude-4.5-sonnet', kind: 'Usage-based', maxMode: true, requestsCosts: 1.4,
  isTokenBasedCall: true, isChargeable: true, isHeadless: false, conversationId: 'c-1',
  tokenUsage: { inputTokens: 100, outputTokens: 20, cacheWriteTokens: 5, cacheReadTokens: 300, totalCents: 1.2 }, chargedCents: 1.75,
};

describe('usage events', () => {
  it('maps a request: time, person, conversation as session, model, tokens and chargedCents as cost', () => {
    expect(usageEventToEvent(usage)).toMatchObject({
      occurredAt: new Date(1750979225854), kind: 'api_request', tool: 'cursor', personEmail: 'bob@acme.com', sessionId: 'c-1', model: 'claude-4.5-sonnet',
      inputTokens: 100, outputTokens: 20, cacheCreationTokens: 5, cacheReadTokens: 300, costUsd: 0.0175,
      attributes: { 'cursor.kind': 'Usage-based', 'cursor.maxMode': true, 'cursor.isHeadless': false, 'cursor.requestsCosts': 1.4 },
    });
  });

  it('keeps a request-based event without tokens, and drops one without a timestamp', () => {
    const { tokenUsage: _, ...requestBased } = usage;
    expect(usageEventToEvent({ ...requestBased, isTokenBasedCall: false })).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0.0175 });
    expect(usageEventToEvent({ ...usage, timestamp: 'soon' })).toBeNull();
  });

  it('dedups on a SHA-256 of the whole event: key order does not matter, any other difference does', () => {
    const reordered = Object.fromEntries(Object.entries(usage).reverse());
    expect(cursorEventKey(reordered)).toBe(cursorEventKey(usage));
    expect(cursorEventKey(usage)).toMatch(/^cursor-event\|[0-9a-f]{64}$/);
    expect(cursorEventKey({ ...usage, tokenUsage: { ...usage.tokenUsage, outputTokens: 21 } })).not.toBe(cursorEventKey(usage));
    expect(cursorEventKey({ ...usage, conversationId: 'c-2' })).not.toBe(cursorEventKey(usage));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });
});

describe('cursorUsage', () => {
  const none = { tabsShown: 0, tabsAccepted: 0, applies: 0, accepts: 0, rejects: 0, agentRequests: 0, composerRequests: 0, chatRequests: 0, cmdkUsages: 0, acceptedLinesAdded: 0, linesAdded: 0 };
  it('gives Tab and agent acceptance rates, null rates without a denominator, and null without Cursor data', async () => {
    const { cursorUsage } = await import('../../../src/domain/metrics/views/cursor-usage.ts');
    expect(cursorUsage(null)).toBeNull();
    expect(cursorUsage(none)).toBeNull();
    expect(cursorUsage({ ...none, tabsShown: 8, tabsAccepted: 2, accepts: 3, rejects: 1 })).toMatchObject({ tabAcceptanceRate: 0.25, agentAcceptanceRate: 0.75 });
    expect(cursorUsage({ ...none, agentRequests: 4 })).toMatchObject({ tabAcceptanceRate: null, agentAcceptanceRate: null, agentRequests: 4 });
  });
});
