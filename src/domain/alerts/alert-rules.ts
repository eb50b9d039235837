import { METRICS, type MetricKey } from '../metrics/catalogue.ts';
import { addDays } from '../metrics/period.ts';
import { seatPrice } from '../metrics/price-list.ts';
import type { RosterSeat } from '../metrics/rollup-rows.ts';

/**
 * What an alert watches:
 * - `adoption-below`: the adoption rate of the last 7 days (org, or a team or tool filter) is below `threshold` %;
 * - `active-drop`: last week's active users fell at least `threshold` % under the four weeks before, on average;
 * - `idle-seats`: more than `threshold` licensed seats had no activity for `days` days (with their monthly cost);
 * - `unactivated-seats`: more than `threshold` seats assigned in the four weeks up to `days` days ago are unused;
 * - `declining-users`: more than `threshold` people were less than half as active in the last `days` days as in the
 *   `days` before (the underutilized view's declining users).
 */
export type AlertKind = 'adoption-below' | 'active-drop' | 'idle-seats' | 'unactivated-seats' | 'declining-users';

/** A rule changes state at most once per cooldown: a condition that flaps inside it posts nothing. */
export const DEFAULT_COOLDOWN_MINUTES = 24 * 60;
export const MAX_COOLDOWN_MINUTES = 30 * 24 * 60;

export type AlertState = 'ok' | 'firing';

export interface AlertCondition {
  kind: AlertKind;
  threshold: number;
  /** the window of idle-seats, unactivated-seats and declining-users */
  days: number | null;
  /** report filter words (team:web tool:cursor) */
  filters: string;
}

export const ALERT_KINDS = ['adoption-below', 'active-drop', 'idle-seats', 'unactivated-seats', 'declining-users'] as const satisfies readonly AlertKind[];

/** The catalogue metric an alert kind watches, where it watches one as the reports define it (labels, formats). */
export const ALERT_METRICS: Partial<Record<AlertKind, MetricKey>> = {
  'adoption-below': 'adoptionRate',
  'active-drop': 'activeUsers',
  'declining-users': 'decliningUsers',
};

/** The window of the kinds that have one, when none is given. */
export const DEFAULT_DAYS: Partial<Record<AlertKind, number>> = { 'idle-seats': 30, 'unactivated-seats': 7, 'declining-users': 28 };

/** What is wrong with a condition built outside the chat grammar (the API), or null. */
export function conditionProblem(c: AlertCondition): string | null {
  const percent = c.kind === 'adoption-below' || c.kind === 'active-drop';
  if (percent) {
    if (!(c.threshold > 0 && c.threshold <= 100)) return `threshold is a percentage above 0 and at most 100 for ${c.kind}`;
    if (c.days !== null) return `days is not used by ${c.kind}`;
    return null;
  }
  if (!Number.isInteger(c.threshold) || c.threshold < 0 || c.threshold > 1_000_000) return `threshold is a count of ${c.kind === 'declining-users' ? 'people' : 'seats'} (a whole number from 0) for ${c.kind}`;
  if (c.days === null || !Number.isInteger(c.days) || c.days < 1 || c.days > 365) return 'days is 1 to 365';
  return null;
}

/** What a rule saw at one evaluation; `value` null means there was nothing to judge (no data, a hidden group). */
export interface AlertReading {
  value: number | null;
  firing: boolean;
  /** "adoption 42% (target 60%)", "18 idle seats, $540 a month" */
  detail: string;
}

export const noReading = (detail: string): AlertReading => ({ value: null, firing: false, detail });

export function adoptionReading(threshold: number, adoptionRate: number | null): AlertReading {
  if (adoptionRate === null) return noReading('no licensed seats in scope');
  const pct = Math.round(adoptionRate * 1000) / 10;
  return { value: pct, firing: pct < threshold, detail: `adoption ${pct}% (target ${threshold}%)` };
}

/** `weekly`: active users of the last five whole weeks, oldest first. */
export function activeDropReading(threshold: number, weekly: number[]): AlertReading {
  if (weekly.length < 5) return noReading('fewer than five weeks of data');
  const current = weekly[weekly.length - 1]!;
  const baseline = weekly.slice(-5, -1).reduce((a, b) => a + b, 0) / 4;
  if (baseline === 0) return noReading('no active users in the four weeks before');
  const drop = Math.round(((baseline - current) / baseline) * 1000) / 10;
  return { value: drop, firing: drop >= threshold, detail: `${current} active last week against ${Math.round(baseline * 10) / 10} a week before (${drop >= 0 ? `${drop}% fewer` : `${-drop}% more`})` };
}

/** Seats held at least `days` days whose person has not been active in the last `days` days. */
export function idleSeatsReading(threshold: number, days: number, seats: RosterSeat[], lastActive: ReadonlyMap<string, string>, prices: ReadonlyMap<string, number>, today: string): AlertReading {
  const since = addDays(today, -days + 1);
  const idle = seats.filter((s) => s.validFrom < since && (s.validTo === null || s.validTo >= today) && !((lastActive.get(s.email) ?? '') >= since));
  const cost = Math.round(idle.reduce((sum, s) => sum + seatPrice(s, prices), 0));
  return { value: idle.length, firing: idle.length > threshold, detail: `${idle.length} seats idle for ${days} days ($${cost.toLocaleString('en-US')} a month; alert above ${threshold})` };
}

/** New seats (assigned from `days` + 28 to `days` days ago) with no activity since they were assigned: first-use activation. */
export function unactivatedSeatsReading(threshold: number, days: number, seats: RosterSeat[], lastActive: ReadonlyMap<string, string>, today: string): AlertReading {
  const newest = addDays(today, -days);
  const oldest = addDays(newest, -28);
  const fresh = seats.filter((s) => s.validFrom >= oldest && s.validFrom <= newest && (s.validTo === null || s.validTo >= today));
  const unused = fresh.filter((s) => !((lastActive.get(s.email) ?? '') >= s.validFrom));
  return { value: unused.length, firing: unused.length > threshold, detail: `${unused.length} of ${fresh.length} seats assigned ${days}+ days ago not used yet (alert above ${threshold})` };
}

/** People less than half as active in the last `days` days as in the `days` before (null: the report could not say). */
export function decliningUsersReading(threshold: number, days: number, declining: number | null): AlertReading {
  if (declining === null) return noReading('no earlier period to compare with');
  return { value: declining, firing: declining > threshold, detail: `${declining} ${declining === 1 ? 'person' : 'people'} less than half as active in the last ${days} days as in the ${days} before (alert above ${threshold})` };
}

/**
 * A rule is a small state machine: one message when it fires, one when it resolves, none while its state holds,
 * and none within the cooldown after its last change (`minutesSinceChange` null: it never changed).
 */
export function transition(state: AlertState, reading: AlertReading, cooldown: { minutes: number; minutesSinceChange: number | null } = { minutes: 0, minutesSinceChange: null }): 'fire' | 'resolve' | null {
  if (reading.value === null) return null;
  if (cooldown.minutesSinceChange !== null && cooldown.minutesSinceChange < cooldown.minutes) return null;
  if (state === 'ok' && reading.firing) return 'fire';
  if (state === 'firing' && !reading.firing) return 'resolve';
  return null;
}

const TITLES: Record<AlertKind, (c: AlertCondition) => string> = {
  'adoption-below': (c) => `adoption below ${c.threshold}%`,
  'active-drop': (c) => `${METRICS.activeUsers.label.toLowerCase()} down ${c.threshold}% or more`,
  'idle-seats': (c) => `more than ${c.threshold} seats idle for ${c.days} days`,
  'unactivated-seats': (c) => `more than ${c.threshold} new seats unused ${c.days} days after assignment`,
  'declining-users': (c) => `more than ${c.threshold} people declining over ${c.days} days`,
};

/** "1 day", "12 hours", "90 minutes", "no cooldown" */
export function describeCooldown(minutes: number): string {
  if (minutes === 0) return 'no cooldown';
  if (minutes % (24 * 60) === 0) return minutes === 24 * 60 ? '1 day' : `${minutes / (24 * 60)} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

/** "adoption below 60% · team:web" */
export function describeCondition(condition: AlertCondition): string {
  return [TITLES[condition.kind](condition), condition.filters].filter((p) => p.length > 0).join(' · ');
}
