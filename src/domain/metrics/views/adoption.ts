import type { AdoptionKey, AdoptionReport, GroupAdoption } from '../report-types.ts';
import {
  activeDaysByPerson, activeTotals, bucketize, FREQUENCY_BOUNDS, FREQUENCY_LABELS, isActiveRow, licenseFacts, periodDays, ratio, rosterIndex, seatsInPeriod, visibleGroups,
} from '../period-facts.ts';
import { cohorts } from '../cohorts.ts';
import { addDays, weekStart, type Period } from '../period.ts';
import type { DayPersonRow } from '../rollup-rows.ts';
import { groupOf, GROUPINGS, type Grouping } from './groupings.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';

function keyMetrics(input: ReportInput, data: PeriodData, period: Period): Record<AdoptionKey, number | null> {
  const seats = seatsInPeriod(input.seats, period, input.persons, input.filters.tool);
  const facts = licenseFacts(data.personTool, seats);
  const { from, to } = periodDays(period);
  const newUsers = [...facts.active].filter((p) => {
    const first = input.spans.get(p)?.firstDay;
    return first !== undefined && first >= from && first <= to;
  }).length;
  return {
    activeUsers: facts.active.size,
    licensedUsers: facts.licensed.size,
    adoptionRate: ratio(facts.activeLicensed.size, facts.licensed.size),
    newUsers,
  };
}

function firstDays(input: ReportInput): Map<string, string> {
  return new Map([...input.spans.entries()].map(([person, span]) => [person, span.firstDay]));
}

/** Distinct active people per key (day or week start). */
export function activeUsersBy(rows: DayPersonRow[], keyOf: (day: string) => string): Map<string, number> {
  const sets = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.activity <= 0) continue;
    const key = keyOf(r.day);
    const set = sets.get(key) ?? new Set<string>();
    set.add(r.person);
    sets.set(key, set);
  }
  return new Map([...sets.entries()].map(([k, s]) => [k, s.size]));
}

export function adoptionReport(input: ReportInput): AdoptionReport {
  const { current } = input;
  const keys = keyMetrics(input, current, input.period);
  const seats = seatsInPeriod(input.seats, input.period, input.persons, input.filters.tool);
  const facts = licenseFacts(current.personTool, seats);
  const roster = rosterIndex(input.people);
  const actives = activeTotals(current.personTool);
  const daysOf = activeDaysByPerson(current.daily);
  const activeDays = actives.map((r) => daysOf.get(r.person) ?? 0);
  const hideSmall = input.scope === 'org';

  /** Adoption per group of a grouping: the roster's people in scope and every active person, each in one group. */
  const byGroup = (grouping: Grouping) => {
    const keyOf = groupOf(grouping, roster, input.organizations);
    const groups = new Map<string, GroupAdoption & { members: number; people: Set<string> }>();
    const groupEntry = (key: string) => {
      const entry = groups.get(key) ?? { activeUsers: 0, licensedUsers: 0, adoptionRate: null, members: 0, people: new Set<string>() };
      groups.set(key, entry);
      return entry;
    };
    for (const person of input.people) if (!input.persons || input.persons.has(person.email)) groupEntry(keyOf(person.email)).people.add(person.email);
    for (const p of facts.active) groupEntry(keyOf(p)).people.add(p);
    for (const entry of groups.values()) {
      entry.members = entry.people.size;
      entry.activeUsers = [...entry.people].filter((p) => facts.active.has(p)).length;
      entry.licensedUsers = [...entry.people].filter((p) => facts.licensed.has(p)).length;
      entry.adoptionRate = ratio([...entry.people].filter((p) => facts.activeLicensed.has(p)).length, entry.licensedUsers);
    }
    const visible = visibleGroups(groups, input.settings.minGroupSize, hideSmall);
    const rows = visible.kept.map(([key, e]) => ({ key, activeUsers: e.activeUsers, licensedUsers: e.licensedUsers, adoptionRate: e.adoptionRate }));
    return { rows, hidden: visible.hidden };
  };
  const [teams, departments, organizations] = GROUPINGS.map(byGroup) as [ReturnType<typeof byGroup>, ReturnType<typeof byGroup>, ReturnType<typeof byGroup>];

  const toolNames = [...new Set([...seats.map((s) => s.tool), ...current.personTool.flatMap((r) => (r.tool ? [r.tool] : []))])].sort();
  const byTool = toolNames.map((tool) => {
    const active = new Set(current.personTool.filter((r) => r.tool === tool && isActiveRow(r)).map((r) => r.person));
    const licensed = new Set(seats.filter((s) => s.tool === tool).map((s) => s.email));
    const activeLicensed = [...licensed].filter((p) => active.has(p)).length;
    return { tool, activeUsers: active.size, licensedUsers: licensed.size, adoptionRate: ratio(activeLicensed, licensed.size) };
  });

  const daily = activeUsersBy(current.daily, (d) => d);
  const weekly = activeUsersBy(current.daily, weekStart);
  const { from, to } = periodDays(input.period);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!daily.has(day)) daily.set(day, 0);
    if (!weekly.has(weekStart(day))) weekly.set(weekStart(day), 0);
  }
  const unrosteredActive = [...facts.active].filter((p) => !roster.has(p));
  const report: AdoptionReport = {
    ...envelope(input, keys, keyMetrics(input, input.previous, input.previousPeriod)),
    activeUsers: keys.activeUsers ?? 0,
    licensedUsers: keys.licensedUsers ?? 0,
    activeLicensedUsers: facts.activeLicensed.size,
    adoptionRate: keys.adoptionRate,
    newUsers: keys.newUsers ?? 0,
    cohorts: cohorts(facts.active, licenseFacts(input.previous.personTool, []).active, firstDays(input), facts.licensed, periodDays(input.period)),
    unrosteredActiveUsers: unrosteredActive.length,
    activeUnlicensedUsers: facts.active.size - facts.activeLicensed.size,
    averageActiveDays: ratio(activeDays.reduce((sum, days) => sum + days, 0), activeDays.length),
    frequency: bucketize(activeDays, FREQUENCY_BOUNDS, FREQUENCY_LABELS),
    daily: [...daily.entries()].sort().map(([date, activeUsers]) => ({ date, activeUsers })),
    weekly: [...weekly.entries()].sort().map(([weekStart, activeUsers]) => ({ weekStart, activeUsers })),
    byTeam: teams.rows.map(({ key, ...rest }) => ({ team: key, ...rest })),
    byDepartment: departments.rows.map(({ key, ...rest }) => ({ department: key, ...rest })),
    byOrganization: organizations.rows.map(({ key, ...rest }) => ({ organization: key, ...rest })),
    byTool,
    hiddenGroups: teams.hidden,
    hiddenDepartments: departments.hidden,
    hiddenOrganizations: organizations.hidden,
  };
  if (input.scope === 'user') {
    report.unrostered = unrosteredActive.sort().map((person) => ({ person, lastActive: input.lastActive.get(person) ?? '' }));
  }
  return report;
}
