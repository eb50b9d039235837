import type { CursorDataset } from './cursor-dataset.ts';
import { addDays, type ApiEv, type Dataset } from './report-dataset.ts';
import { ratio, type Query } from './report-oracle-basics.ts';

// What a Cursor sync adds to an org, restated from docs/metrics.md ("Cursor") and worked out from the double's
// data alone (never through src/domain/cursor): the roster's new people and seats, one activity event per active
// member-day, one model request per usage event, and the member-day counters behind the usage report's `cursor`
// block. The oracle then counts Cursor like any other tool.

/** One member-day's counters, as kept for the `cursor` block (every non-placeholder row). */
export interface CursorDay {
  day: string;
  person: string;
  tabsShown: number;
  tabsAccepted: number;
  applies: number;
  accepts: number;
  rejects: number;
  agentRequests: number;
  composerRequests: number;
  chatRequests: number;
  cmdkUsages: number;
}

export interface SyncedCursor {
  data: CursorDataset;
  /** the org's Cursor seat tier */
  tier: string;
  /** the UTC day of the sync's "now" */
  today: string;
  /** how many days back the first sync started reading (its seats start that day) */
  initialDays: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const COUNTERS = [
  'totalLinesAdded', 'totalLinesDeleted', 'acceptedLinesAdded', 'acceptedLinesDeleted', 'totalApplies', 'totalAccepts', 'totalRejects',
  'totalTabsShown', 'totalTabsAccepted', 'composerRequests', 'chatRequests', 'agentRequests', 'cmdkUsages', 'subscriptionIncludedReqs',
  'apiKeyReqs', 'usageBasedReqs', 'bugbotUsages',
];

/** The dataset with a first Cursor sync of `synced` applied. Every day and event of the double is settled by then. */
export function withCursor(ds: Dataset, synced: SyncedCursor): Dataset & { cursorDays: CursorDay[] } {
  const { data, tier, today } = synced;
  const seatsFrom = addDays(today, -synced.initialDays);
  const people = [...ds.people];
  let licenses = [...ds.licenses];
  const current = data.members.filter((m) => !m.isRemoved);
  const currentEmails = new Set(current.map((m) => m.email.toLowerCase()));
  // members: a person each (added when new), a seat unless one is open; removed members' open seats end today
  for (const m of current) {
    const email = m.email.toLowerCase();
    if (!people.some((p) => p.email === email)) people.push({ email, name: m.name, team: null, department: null });
    const open = licenses.some((l) => l.email === email && l.tool === 'cursor' && (l.validTo === null || l.validTo >= today));
    if (!open) licenses.push({ email, tool: 'cursor', tier, price: null, validFrom: seatsFrom, validTo: null });
  }
  const removed = new Set(data.members.filter((m) => m.isRemoved).map((m) => m.email.toLowerCase()).filter((e) => !currentEmails.has(e)));
  licenses = licenses.map((l) => (removed.has(l.email) && l.tool === 'cursor' && l.validTo === null && l.validFrom <= today ? { ...l, validTo: today } : l));

  const events: ApiEv[] = [];
  const cursorDays: CursorDay[] = [];
  for (let i = 0; i < data.dayCount; i++) {
    for (const row of data.activeRows(i).values()) {
      const person = String(row.email).toLowerCase();
      const day = String(row.day);
      const placeholder = row.isActive !== true && COUNTERS.every((c) => num(row[c]) === 0);
      if (placeholder) continue;
      cursorDays.push({
        day, person, tabsShown: num(row['totalTabsShown']), tabsAccepted: num(row['totalTabsAccepted']), applies: num(row['totalApplies']),
        accepts: num(row['totalAccepts']), rejects: num(row['totalRejects']), agentRequests: num(row['agentRequests']),
        composerRequests: num(row['composerRequests']), chatRequests: num(row['chatRequests']), cmdkUsages: num(row['cmdkUsages']),
      });
      // an active day: a prompt at 12:00 UTC, with the accepted lines and the most used model
      if (row.isActive !== true) continue;
      const model = typeof row['mostUsedModel'] === 'string' ? row['mostUsedModel'] : undefined;
      events.push({
        id: `cursor-day|${person}|${day}`, occurredAt: `${day}T12:00:00.000Z`, tool: 'cursor', kind: 'user_prompt', email: person,
        linesAdded: num(row['acceptedLinesAdded']), linesRemoved: num(row['acceptedLinesDeleted']), ...(model ? { model } : {}),
      });
    }
    for (const [n, e] of data.eventsOfDay(i).entries()) {
      const u = e.tokenUsage ?? {};
      events.push({
        id: `cursor-event|${i}|${n}`, occurredAt: new Date(Number(e.timestamp)).toISOString(), tool: 'cursor', kind: 'api_request',
        ...(e.userEmail ? { email: e.userEmail.toLowerCase() } : {}), ...(e.conversationId ? { sessionId: e.conversationId } : {}), ...(e.model ? { model: e.model } : {}),
        tokens: { input: u.inputTokens ?? 0, output: u.outputTokens ?? 0, cacheRead: u.cacheReadTokens ?? 0, cacheCreation: u.cacheWriteTokens ?? 0 },
        costUsd: (e.chargedCents ?? 0) / 100,
      });
    }
  }
  return { ...ds, people, licenses, events: [...ds.events, ...events], cursorDays };
}

/**
 * The usage report's `cursor` block: the counters summed over the period's days (Cursor's UTC days; for an hourly
 * period the UTC days it touches) and the people in scope; null with another tool, a model or a project filter,
 * or when every counter is 0.
 */
export function cursorBlock(days: readonly CursorDay[], q: Query) {
  if ((q.tool !== null && q.tool !== 'cursor') || q.model !== null || q.project !== null) return null;
  const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const [from, to] = q.win.kind === 'day' ? [q.win.fromDay, q.win.toDay] : [utcDay(q.win.fromMs), utcDay(q.win.toMs - 1)];
  const sum = { tabsShown: 0, tabsAccepted: 0, applies: 0, accepts: 0, rejects: 0, agentRequests: 0, composerRequests: 0, chatRequests: 0, cmdkUsages: 0 };
  for (const d of days) {
    if (d.day < from || d.day > to || (q.persons && !q.persons.has(d.person))) continue;
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += d[k];
  }
  if (Object.values(sum).every((v) => v === 0)) return null;
  return {
    ...sum,
    tabAcceptanceRate: ratio(sum.tabsAccepted, sum.tabsShown),
    agentAcceptanceRate: ratio(sum.accepts, sum.accepts + sum.rejects),
  };
}
