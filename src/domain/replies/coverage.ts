import type { RosterSeat } from '../metrics/rollup-rows.ts';
import type { Coverage } from './reply-types.ts';

/**
 * Licensed people (a seat valid during the period) and how many of them sent any data since the period began.
 * `lastActive` maps a person's email to their last active day (YYYY-MM-DD).
 */
export function coverageOf(seats: RosterSeat[], lastActive: ReadonlyMap<string, string>, from: string, to: string): Coverage {
  const first = from.slice(0, 10);
  const last = to.slice(0, 10);
  const licensed = new Set(seats.filter((s) => s.validFrom <= last && (s.validTo === null || s.validTo >= first)).map((s) => s.email));
  const reporting = [...licensed].filter((p) => (lastActive.get(p) ?? '') >= first).length;
  return { reporting, licensed: licensed.size };
}
