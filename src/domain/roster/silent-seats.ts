import { addDays } from '../metrics/period.ts';
import type { RosterPerson, RosterSeat } from '../metrics/rollup-rows.ts';

export interface SilentSeat {
  email: string;
  name: string | null;
  team: string | null;
  tier: string;
  assignedOn: string;
  /** the last day with data for this tool, or null: never */
  lastActive: string | null;
}

export interface ToolCoverage {
  licensed: number;
  reporting: number;
  silent: SilentSeat[];
}

/**
 * Per tool: the seats open `today` and which of their people sent no data for that tool in the last `days` days
 * (today included). `lastActive` maps tool → person email → last active day (YYYY-MM-DD, the org's zone).
 */
export function silentSeats(
  seats: RosterSeat[],
  people: RosterPerson[],
  lastActive: ReadonlyMap<string, ReadonlyMap<string, string>>,
  today: string,
  days: number,
): { since: string; tools: Record<string, ToolCoverage> } {
  const since = addDays(today, -days + 1);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const tools: Record<string, ToolCoverage> = {};
  const open = seats.filter((s) => s.validFrom <= today && (s.validTo === null || s.validTo >= today));
  const seen = new Set<string>();
  for (const seat of open.sort((a, b) => a.tool.localeCompare(b.tool) || a.email.localeCompare(b.email))) {
    if (seen.has(`${seat.tool}|${seat.email}`)) continue;
    seen.add(`${seat.tool}|${seat.email}`);
    const entry = (tools[seat.tool] ??= { licensed: 0, reporting: 0, silent: [] });
    entry.licensed++;
    const last = lastActive.get(seat.tool)?.get(seat.email) ?? null;
    if (last !== null && last >= since) {
      entry.reporting++;
      continue;
    }
    const person = byEmail.get(seat.email);
    entry.silent.push({ email: seat.email, name: person?.name ?? null, team: person?.team ?? null, tier: seat.tier, assignedOn: seat.validFrom, lastActive: last });
  }
  return { since, tools };
}
