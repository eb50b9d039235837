import { dateIn, daysBetween, type Period } from './period.ts';
import type { DayPersonRow, PersonToolRow, RosterPerson, RosterSeat } from './rollup-rows.ts';
import { seatPrice } from './price-list.ts';
import type { TrajectoryDirection } from './report-types.ts';

/** Shared arithmetic of the reports; see docs/metrics.md. */

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** (current - previous) / previous, or null when previous is 0 or either is unknown. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

/** `totalTokens` (catalogue): input + output; cache reads and writes are their own figures. */
export function totalTokens(m: { input: number; output: number }): number {
  return m.input + m.output;
}

/** Prompts + model requests: what makes a person active, and what "declining" compares. */
export function activityOf(r: Pick<PersonToolRow, 'prompts' | 'requests'>): number {
  return r.prompts + r.requests;
}

/** Whether a per-person row makes its person an active user (catalogue `activeUsers`): someone, with prompts or requests. */
export function isActiveRow(r: Pick<PersonToolRow, 'person' | 'prompts' | 'requests'>): boolean {
  return r.person !== '' && activityOf(r) > 0;
}

/**
 * `sessionsPerUser` (catalogue) over per-person-and-tool rows (total rows, tool null, are ignored): sessions of
 * active people ÷ active people who used a tool that recorded sessions in the rows. Sessions without a person do
 * not count, nor do people active only with tools without sessions (Cursor's Tab-only days, with no conversation).
 */
export function sessionsPerUser(rows: PersonToolRow[]): number | null {
  const byTool = rows.filter((r) => r.tool !== null);
  const sessionTools = new Set(byTool.filter((r) => r.sessions > 0).map((r) => r.tool));
  const active = new Set(byTool.filter(isActiveRow).map((r) => r.person));
  const ofActive = byTool.filter((r) => active.has(r.person));
  const counted = new Set(ofActive.filter((r) => r.sessions > 0 || (isActiveRow(r) && sessionTools.has(r.tool))).map((r) => r.person));
  return ratio(ofActive.reduce((sum, r) => sum + r.sessions, 0), counted.size);
}

/** One row per person (tool null) summing their per-tool rows. */
export function personTotals(rows: PersonToolRow[]): PersonToolRow[] {
  const totals = new Map<string, PersonToolRow>();
  for (const r of rows) {
    const t = totals.get(r.person);
    if (!t) {
      totals.set(r.person, { ...r, tool: null });
      continue;
    }
    for (const key of SUMMED) t[key] += r[key];
  }
  return [...totals.values()];
}

/** Active days per person (usage frequency): the days on which the person had prompts or requests, over every tool. */
export function activeDaysByPerson(daily: DayPersonRow[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const r of daily) if (r.activity > 0) days.set(r.person, (days.get(r.person) ?? 0) + 1);
  return days;
}

const SUMMED = [
  'sessions', 'prompts', 'requests', 'input', 'output', 'cacheRead', 'cacheCreation', 'costUsd', 'activeSeconds', 'linesAdded',
  'linesRemoved', 'commits', 'pullRequests', 'wfCodeGeneration', 'wfDebugging', 'wfCodeReview', 'wfDocumentation', 'wfOther',
  'apiValueUsd', 'unpricedTokens',
] as const satisfies ReadonlyArray<keyof PersonToolRow>;

/** The per-person total rows (over every tool) of people who were active. */
export function activeTotals(rows: PersonToolRow[]): PersonToolRow[] {
  return rows.filter((r) => r.tool === null && isActiveRow(r));
}

/** The grand total over everyone, including events that belong to nobody. */
export function grandTotal(rows: PersonToolRow[]): { sessions: number; prompts: number; requests: number; tokens: number } {
  const out = { sessions: 0, prompts: 0, requests: 0, tokens: 0 };
  for (const r of rows) {
    if (r.tool !== null) continue;
    out.sessions += r.sessions;
    out.prompts += r.prompts;
    out.requests += r.requests;
    out.tokens += totalTokens(r);
  }
  return out;
}

/** The first and last calendar day a period touches, in its own zone. */
export function periodDays(period: Period): { from: string; to: string } {
  if (period.granularity === 'day') return { from: period.from, to: period.to };
  return { from: dateIn(period.timeZone, period.from), to: dateIn(period.timeZone, new Date(period.to.getTime() - 1)) };
}

/** Days (possibly fractional for the 24-hour period) of the period the seat was assigned. */
export function seatDaysInPeriod(seat: Pick<RosterSeat, 'validFrom' | 'validTo'>, period: Period): number {
  const { from, to } = periodDays(period);
  const start = seat.validFrom > from ? seat.validFrom : from;
  const end = seat.validTo !== null && seat.validTo < to ? seat.validTo : to;
  if (start > end) return 0;
  if (period.granularity === 'hour') return 1;
  return daysBetween(start, end);
}

/** Seats overlapping the period, for the people in scope and the tool filter. */
export function seatsInPeriod(seats: RosterSeat[], period: Period, persons: Set<string> | null, tool: string | null): RosterSeat[] {
  return seats.filter((s) => seatDaysInPeriod(s, period) > 0 && (!persons || persons.has(s.email)) && (!tool || s.tool === tool));
}

export function subscriptionCost(seats: RosterSeat[], period: Period, prices: ReadonlyMap<string, number>): number {
  return seats.reduce((sum, s) => sum + (seatPrice(s, prices) * seatDaysInPeriod(s, period)) / 30, 0);
}

export function rosterIndex(people: RosterPerson[]): Map<string, RosterPerson> {
  return new Map(people.map((p) => [p.email, p]));
}

export interface LicenseFacts {
  licensed: Set<string>;
  active: Set<string>;
  activeLicensed: Set<string>;
}

export function licenseFacts(rows: PersonToolRow[], seats: RosterSeat[]): LicenseFacts {
  const active = new Set(activeTotals(rows).map((r) => r.person));
  const licensed = new Set(seats.map((s) => s.email));
  return { licensed, active, activeLicensed: new Set([...licensed].filter((p) => active.has(p))) };
}

/** Groups people by a key and keeps groups of at least `minSize` members; returns the kept groups and how many were hidden. */
export function visibleGroups<T>(
  groups: Map<string, T & { members: number }>,
  minSize: number,
  hideSmall: boolean,
): { kept: Array<[string, T & { members: number }]>; hidden: number } {
  const kept: Array<[string, T & { members: number }]> = [];
  let hidden = 0;
  for (const entry of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (hideSmall && entry[1].members < minSize) hidden++;
    else kept.push(entry);
  }
  return { kept, hidden };
}

/** Counts of values per labelled bucket; `bounds` are exclusive upper bounds, the last bucket is open. */
export function bucketize(values: number[], bounds: number[], labels: string[]): Array<{ bucket: string; count: number }> {
  const counts = labels.map(() => 0);
  for (const v of values) {
    let i = bounds.findIndex((b) => v < b);
    if (i === -1) i = bounds.length;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return labels.map((bucket, i) => ({ bucket, count: counts[i] ?? 0 }));
}

export const FREQUENCY_BOUNDS = [2, 5, 10, 20];
export const FREQUENCY_LABELS = ['1', '2-4', '5-9', '10-19', '20+'];
export const DEPTH_BOUNDS = [10_000, 100_000, 1_000_000, 10_000_000];
export const DEPTH_LABELS = ['<10k', '10k-100k', '100k-1M', '1M-10M', '10M+'];

/** Least-squares slope of y over x = 0, 1, 2, ... */
export function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/** Weeks of data the trajectory needs before it calls anything growing or declining (docs/metrics.md "Value"). */
export const TRAJECTORY_MIN_WEEKS = 4;
export const TRAJECTORY_MIN_ACTIVE_WEEKS = 3;

/**
 * Over whole weeks' active users: too early with fewer than 4 weeks or fewer than 3 with anyone active; else
 * growing / declining when the weekly slope exceeds 2% of the mean per week, flat otherwise.
 */
export function trajectory(fullWeeks: number[]): { direction: TrajectoryDirection; slopePerWeek: number } {
  const s = slope(fullWeeks);
  const activeWeeks = fullWeeks.filter((w) => w > 0).length;
  if (fullWeeks.length < TRAJECTORY_MIN_WEEKS || activeWeeks < TRAJECTORY_MIN_ACTIVE_WEEKS) return { direction: 'too-early', slopePerWeek: s };
  const mean = fullWeeks.reduce((a, b) => a + b, 0) / fullWeeks.length;
  if (s > 0.02 * mean) return { direction: 'growing', slopePerWeek: s };
  if (s < -0.02 * mean) return { direction: 'declining', slopePerWeek: s };
  return { direction: 'flat', slopePerWeek: s };
}

/** How a reply or chart says the direction: "too-early" is "not enough data yet", never a direction. */
export function trajectoryText(direction: TrajectoryDirection): string {
  return direction === 'too-early'
    ? `not enough data yet (needs ${TRAJECTORY_MIN_WEEKS} whole weeks, ${TRAJECTORY_MIN_ACTIVE_WEEKS} of them with activity)`
    : direction;
}
