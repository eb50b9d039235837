import type { ValueKey, ValueReport } from '../report-types.ts';
import { isActiveRow, licenseFacts, periodDays, ratio, seatDaysInPeriod, seatsInPeriod, subscriptionCost, totalTokens, trajectory } from '../period-facts.ts';
import { addDays, weekStart, type Period } from '../period.ts';
import { seatPrice } from '../price-list.ts';
import type { DayPersonRow, RosterSeat } from '../rollup-rows.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';

/** Each person's seat per tool in the period: the most recently assigned one gets their usage of that tool. */
function seatOfPersonTool(seats: RosterSeat[]): Map<string, RosterSeat> {
  const out = new Map<string, RosterSeat>();
  for (const s of seats) {
    const key = `${s.email}|${s.tool}`;
    const known = out.get(key);
    if (!known || s.validFrom > known.validFrom) out.set(key, s);
  }
  return out;
}

interface TierTotals {
  tool: string;
  tier: string;
  seats: number;
  active: Set<string>;
  cost: number;
  value: number;
}

function valueFacts(input: ReportInput, data: PeriodData, period: Period) {
  const seats = seatsInPeriod(input.seats, period, input.persons, input.filters.tool);
  const facts = licenseFacts(data.personTool, seats);
  const cost = subscriptionCost(seats, period, input.prices);
  const owner = seatOfPersonTool(seats);
  const tiers = new Map<string, TierTotals>();
  const tierOf = (s: RosterSeat) => {
    const key = `${s.tool}|${s.tier}`;
    const entry = tiers.get(key) ?? { tool: s.tool, tier: s.tier, seats: 0, active: new Set<string>(), cost: 0, value: 0 };
    tiers.set(key, entry);
    return entry;
  };
  for (const s of seats) {
    const t = tierOf(s);
    t.seats++;
    t.cost += (seatPrice(s, input.prices) * seatDaysInPeriod(s, period)) / 30;
  }
  let value = 0;
  let unpriced = 0;
  for (const r of data.personTool) {
    const seat = r.tool ? owner.get(`${r.person}|${r.tool}`) : undefined;
    if (!seat) continue;
    value += r.apiValueUsd;
    unpriced += r.unpricedTokens;
    const tier = tierOf(seat);
    tier.value += r.apiValueUsd;
    if (isActiveRow(r)) tier.active.add(r.person);
  }
  const licensedUsage = data.personTool.filter((r) => r.tool === null && facts.licensed.has(r.person));
  return {
    cost,
    value,
    unpriced,
    tiers,
    activeLicensed: facts.activeLicensed.size,
    tokens: licensedUsage.reduce((a, r) => a + totalTokens(r), 0),
    sessions: licensedUsage.reduce((a, r) => a + r.sessions, 0),
  };
}

/**
 * Distinct active people per ISO week (Monday start, as in the other views) that the period touches; `days` is how
 * many of the week's days fall in the period, so a partial first or last week says so (docs/metrics.md "Value").
 */
export function weeklyWindows(rows: DayPersonRow[], days: { from: string; to: string }): ValueReport['trajectory']['weekly'] {
  const weeks = new Map<string, { days: number; people: Set<string> }>();
  for (let day = days.from; day <= days.to; day = addDays(day, 1)) {
    const week = weeks.get(weekStart(day)) ?? { days: 0, people: new Set<string>() };
    week.days++;
    weeks.set(weekStart(day), week);
  }
  for (const r of rows) if (r.activity > 0 && r.day >= days.from && r.day <= days.to) weeks.get(weekStart(r.day))?.people.add(r.person);
  return [...weeks.entries()].map(([start, w]) => ({ weekStart: start, days: w.days, activeUsers: w.people.size }));
}

function keys(f: ReturnType<typeof valueFacts>): Record<ValueKey, number | null> {
  return {
    subscriptionCostUsd: f.cost,
    costPerActiveUser: ratio(f.cost, f.activeLicensed),
    apiEquivalentUsd: f.value,
    activeLicensedUsers: f.activeLicensed,
  };
}

export function valueReport(input: ReportInput): ValueReport {
  const f = valueFacts(input, input.current, input.period);
  const k = keys(f);
  const weekly = weeklyWindows(input.current.daily, periodDays(input.period));
  return {
    ...envelope(input, k, keys(valueFacts(input, input.previous, input.previousPeriod))),
    subscriptionCostUsd: f.cost,
    activeLicensedUsers: f.activeLicensed,
    costPerActiveUser: k.costPerActiveUser,
    tokensPerDollar: ratio(f.tokens, f.cost),
    sessionsPerDollar: ratio(f.sessions, f.cost),
    apiEquivalentUsd: f.value,
    unpricedTokens: f.unpriced,
    byTier: [...f.tiers.values()]
      .sort((a, b) => a.tool.localeCompare(b.tool) || a.tier.localeCompare(b.tier))
      .map((t) => ({
        tool: t.tool,
        tier: t.tier,
        seats: t.seats,
        activeSeats: t.active.size,
        subscriptionCostUsd: t.cost,
        apiEquivalentUsd: t.value,
        costPerActiveSeat: ratio(t.cost, t.active.size),
      })),
    trajectory: { ...trajectory(weekly.filter((w) => w.days === 7).map((w) => w.activeUsers)), weekly },
  };
}
