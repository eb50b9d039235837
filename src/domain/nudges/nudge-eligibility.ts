import { addDays, daysBetween } from '../metrics/period.ts';
import type { RosterSeat } from '../metrics/rollup-rows.ts';

/** An org's seat nudges (off unless an admin turns them on). */
export interface NudgeSettings {
  enabled: boolean;
  /** a seat with no activity for this many days is idle (default 14) */
  idleDays: number;
  /** a seat never used is nudged once it is older than the org's grace period */
  graceDays: number;
}

export const DEFAULT_IDLE_DAYS = 14;
export const MAX_IDLE_DAYS = 365;

/** What is wrong with an idle-days setting, or null when it is a whole number of days from 1 to MAX_IDLE_DAYS. */
export function idleDaysProblem(days: number): string | null {
  return Number.isInteger(days) && days >= 1 && days <= MAX_IDLE_DAYS ? null : `Idle days is a whole number of days from 1 to ${MAX_IDLE_DAYS}.`;
}
/** Nobody gets a second nudge within this many days of the last one. */
export const NUDGE_INTERVAL_DAYS = 14;
/** After this many nudges for one seat, the seat goes to the admins' reclaim list instead. */
export const MAX_NUDGES_PER_SEAT = 3;

/** What Uptake knows about a person's nudges. */
export interface NudgeHistory {
  optedOut: boolean;
  /** a day (org zone) before which the person asked not to be reminded */
  snoozedUntil: string | null;
  /** the day (org zone) of the person's last nudge, any seat */
  lastNudgedOn: string | null;
  /** nudges sent so far, per seat (`tool|validFrom`) */
  nudgesPerSeat: ReadonlyMap<string, number>;
  /** the person answered "I don't need this seat" for these seats */
  released: ReadonlySet<string>;
  /** the platform could not find the person (not retried until an admin resets it) */
  unreachable: boolean;
}

export const seatKey = (seat: Pick<RosterSeat, 'tool' | 'validFrom'>): string => `${seat.tool}|${seat.validFrom}`;

export type SeatVerdict =
  | { kind: 'nudge'; why: string }
  | { kind: 'reclaim'; why: string }
  | { kind: 'skip'; why: string };

/**
 * Whether a seat's holder gets a nudge today. `lastUsed`: the last day (org zone) the person used the seat's tool,
 * null if never. Idle seats (no use for `idleDays`) and seats never used after the grace period are nudged, unless
 * the person opted out, snoozed, was nudged in the last NUDGE_INTERVAL_DAYS days, could not be reached, or already
 * gave the seat back; a seat nudged MAX_NUDGES_PER_SEAT times goes to the reclaim list instead.
 */
export function seatVerdict(seat: RosterSeat, lastUsed: string | null, history: NudgeHistory, settings: NudgeSettings, today: string): SeatVerdict {
  if (seat.validTo !== null && seat.validTo < today) return { kind: 'skip', why: 'the seat has ended' };
  const used = lastUsed !== null && lastUsed >= seat.validFrom;
  const idleSince = used ? lastUsed : seat.validFrom;
  const idleDays = daysBetween(idleSince, today) - 1;
  const needs = used ? idleDays >= settings.idleDays : idleDays >= settings.graceDays;
  if (!needs) return { kind: 'skip', why: used ? `used ${idleDays} day(s) ago` : `assigned ${idleDays} day(s) ago, within the grace period` };
  const idle = used ? `not used for ${idleDays} days` : `never used since it was assigned on ${seat.validFrom}`;
  const key = seatKey(seat);
  if (history.released.has(key)) return { kind: 'reclaim', why: `offered back by its holder; ${idle}` };
  if ((history.nudgesPerSeat.get(key) ?? 0) >= MAX_NUDGES_PER_SEAT) return { kind: 'reclaim', why: `${MAX_NUDGES_PER_SEAT} nudges without effect; ${idle}` };
  if (history.unreachable) return { kind: 'reclaim', why: `its holder could not be found in chat; ${idle}` };
  if (history.optedOut) return { kind: 'skip', why: 'opted out of these messages' };
  if (history.snoozedUntil !== null && today < history.snoozedUntil) return { kind: 'skip', why: `snoozed until ${history.snoozedUntil}` };
  if (history.lastNudgedOn !== null && today < addDays(history.lastNudgedOn, NUDGE_INTERVAL_DAYS)) return { kind: 'skip', why: `nudged on ${history.lastNudgedOn}` };
  return { kind: 'nudge', why: idle };
}
