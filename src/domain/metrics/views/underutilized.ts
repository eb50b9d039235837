import type { SeatRow, UnderutilizedKey, UnderutilizedReport } from '../report-types.ts';
import { activeTotals, activityOf, isActiveRow, periodDays, ratio, rosterIndex, seatsInPeriod, totalTokens } from '../period-facts.ts';
import { addDays, type Period } from '../period.ts';
import { seatPrice } from '../price-list.ts';
import type { PersonToolRow, RosterSeat } from '../rollup-rows.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';

/** A quarter of the org's tokens per session: below it, a person's sessions count as shallow. */
const SHALLOW_FRACTION = 0.25;
/** Activity (prompts + requests) that fell below this share of the previous period's counts as declining. */
const DECLINE_FRACTION = 0.5;

function usedTool(rows: PersonToolRow[]): Set<string> {
  return new Set(rows.filter((r) => r.tool !== null && (r.sessions > 0 || activityOf(r) > 0)).map((r) => `${r.person}|${r.tool}`));
}

function seatStates(input: ReportInput, data: PeriodData, period: Period): { idle: RosterSeat[]; grace: RosterSeat[] } {
  const used = usedTool(data.personTool);
  const graceStart = addDays(periodDays(period).to, -(input.settings.gracePeriodDays - 1));
  const unused = seatsInPeriod(input.seats, period, input.persons, input.filters.tool).filter((s) => !used.has(`${s.email}|${s.tool}`));
  return {
    idle: unused.filter((s) => input.settings.gracePeriodDays === 0 || s.validFrom < graceStart),
    grace: unused.filter((s) => input.settings.gracePeriodDays > 0 && s.validFrom >= graceStart),
  };
}

/** Active people whose sessions (started in the period) hold under a quarter of the org's tokens per session. */
function shallowPeople(data: PeriodData): Array<{ person: string; sessions: number; tokensPerSession: number }> {
  const active = new Set(activeTotals(data.personTool).map((r) => r.person));
  const orgDepth = ratio(data.sessions.tokens, data.sessions.sessions);
  if (orgDepth === null) return [];
  return data.sessionsByPerson
    .filter((p) => active.has(p.person) && p.sessions > 0)
    .map((p) => ({ person: p.person, sessions: p.sessions, tokensPerSession: p.tokens / p.sessions }))
    .filter((x) => x.tokensPerSession < SHALLOW_FRACTION * orgDepth);
}

function decliningPeople(current: PeriodData, previous: PeriodData): Array<{ person: string; activity: number; previousActivity: number }> {
  const now = new Map(current.personTool.filter((r) => r.tool === null).map((r) => [r.person, activityOf(r)]));
  return previous.personTool
    .filter((r) => r.tool === null && isActiveRow(r))
    .map((r) => ({ person: r.person, activity: now.get(r.person) ?? 0, previousActivity: activityOf(r) }))
    .filter((x) => x.activity < DECLINE_FRACTION * x.previousActivity);
}

export function underutilizedReport(input: ReportInput): UnderutilizedReport {
  const roster = rosterIndex(input.people);
  const who = (person: string) => ({ name: roster.get(person)?.name ?? null, team: roster.get(person)?.team ?? null, lastActive: input.lastActive.get(person) ?? null });
  const seats = seatStates(input, input.current, input.period);
  const previousSeats = seatStates(input, input.previous, input.previousPeriod);
  const declining = decliningPeople(input.current, input.previous);
  const shallow = shallowPeople(input.current);
  const k: Record<UnderutilizedKey, number | null> = { zeroSessionSeats: seats.idle.length, decliningUsers: declining.length, shallowUsers: shallow.length };
  const previous: Record<UnderutilizedKey, number | null> = {
    zeroSessionSeats: previousSeats.idle.length,
    decliningUsers: input.beforePrevious ? decliningPeople(input.previous, input.beforePrevious).length : null,
    shallowUsers: shallowPeople(input.previous).length,
  };
  const named = input.scope === 'user';
  const seatRow = (s: RosterSeat): SeatRow => ({ person: s.email, ...who(s.email), tool: s.tool, tier: s.tier, assignedOn: s.validFrom, monthlyCostUsd: seatPrice(s, input.prices) });
  const byPerson = <T extends { person: string }>(a: T, b: T) => a.person.localeCompare(b.person);
  return {
    ...envelope(input, k, previous),
    zeroSessionSeats: seats.idle.length,
    seatsInGracePeriod: seats.grace.length,
    decliningUsers: declining.length,
    shallowUsers: shallow.length,
    gracePeriodDays: input.settings.gracePeriodDays,
    idleSeats: named ? seats.idle.map(seatRow).sort(byPerson) : [],
    graceSeats: named ? seats.grace.map(seatRow).sort(byPerson) : [],
    declining: named ? declining.map((d) => ({ ...d, ...who(d.person) })).sort(byPerson) : [],
    shallow: named ? shallow.map((x) => ({ ...x, ...who(x.person) })).sort(byPerson) : [],
  };
}
