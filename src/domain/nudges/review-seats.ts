import { seatPrice } from '../metrics/price-list.ts';
import type { RosterPerson, RosterSeat } from '../metrics/rollup-rows.ts';
import { seatVerdict, type NudgeHistory, type NudgeSettings, type SeatVerdict } from './nudge-eligibility.ts';

/** One licensed seat as the nudges see it. */
export interface SeatReview {
  email: string;
  name: string | null;
  tool: string;
  tier: string;
  since: string;
  lastUsed: string | null;
  monthlyCostUsd: number;
  verdict: SeatVerdict;
}

const NO_HISTORY: NudgeHistory = { optedOut: false, snoozedUntil: null, lastNudgedOn: null, nudgesPerSeat: new Map(), released: new Set(), unreachable: false };

/**
 * Every current seat with its verdict for today. A person gets one nudge at a time: of several seats due, the
 * most expensive one is nudged and the others wait.
 */
export function reviewSeats(input: {
  seats: RosterSeat[];
  people: RosterPerson[];
  prices: ReadonlyMap<string, number>;
  /** last active day per tool, then per person */
  lastUsed: ReadonlyMap<string, ReadonlyMap<string, string>>;
  histories: ReadonlyMap<string, NudgeHistory>;
  settings: NudgeSettings;
  today: string;
}): SeatReview[] {
  const names = new Map(input.people.map((p) => [p.email, p.name]));
  const reviews = input.seats
    .filter((s) => s.validFrom <= input.today && (s.validTo === null || s.validTo >= input.today))
    .map((seat): SeatReview => {
      const lastUsed = input.lastUsed.get(seat.tool)?.get(seat.email) ?? null;
      return {
        email: seat.email,
        name: names.get(seat.email) ?? null,
        tool: seat.tool,
        tier: seat.tier,
        since: seat.validFrom,
        lastUsed,
        monthlyCostUsd: seatPrice(seat, input.prices),
        verdict: seatVerdict(seat, lastUsed, input.histories.get(seat.email) ?? NO_HISTORY, input.settings, input.today),
      };
    })
    .sort((a, b) => a.email.localeCompare(b.email) || b.monthlyCostUsd - a.monthlyCostUsd || a.tool.localeCompare(b.tool));
  const nudged = new Set<string>();
  return reviews.map((r) => {
    if (r.verdict.kind !== 'nudge') return r;
    if (nudged.has(r.email)) return { ...r, verdict: { kind: 'skip', why: 'another of their seats is nudged first' } };
    nudged.add(r.email);
    return r;
  });
}

/** A seat as the API, the CLI and chat list it: the facts and why it is listed. */
export function seatLine(r: SeatReview) {
  return { email: r.email, name: r.name, tool: r.tool, tier: r.tier, since: r.since, lastUsed: r.lastUsed, monthlyCostUsd: r.monthlyCostUsd, why: r.verdict.why };
}

/** The monthly cost of a list of seats, to the cent. */
export function monthlyCostOf(seats: SeatReview[]): number {
  return Math.round(seats.reduce((sum, r) => sum + r.monthlyCostUsd, 0) * 100) / 100;
}
