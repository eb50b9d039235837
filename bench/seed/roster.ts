// Who is in the synthetic org, which seats they hold, and how each of them uses (or ignores) their tools.

import type { Calendar } from './calendar.ts';
import {
  CLAUDE,
  CURSOR,
  EMAIL_DOMAIN,
  FIRST_NAMES,
  LAST_NAMES,
  SEATS,
  TEAMS,
  type SeatSpec,
  type SeedTool,
  type TeamSpec,
} from './catalog.ts';
import { WeightedTable, type Rng } from './random.ts';

export interface SeedPerson {
  personId: string;
  email: string;
  displayName: string;
  team: string;
  department: string;
}

export interface SeedLicense {
  licenseId: string;
  personId: string;
  tool: SeedTool;
  tier: string;
  /** null: the price list applies. */
  monthlyPriceUsd: string | null;
  validFrom: string;
  validTo: string | null;
}

/** One tool a person uses, between two day offsets of the period (both included). */
export interface ToolUsage {
  tool: SeedTool;
  weight: number;
  firstDay: number;
  lastDay: number;
}

/** Someone who produces events: a rostered person using a tool, or an unrostered one. */
export interface Actor {
  email: string;
  usages: ToolUsage[];
  /** Relative amount of activity on an active day. */
  intensity: number;
  weekdayActive: number;
  weekendActive: number;
  /** Hours this person's day runs later (or earlier, when negative) than the org's shape. */
  hourShift: number;
  /** Usage fades towards the end of the period. */
  declining: boolean;
  /** Short sessions with few tokens. */
  shallow: boolean;
  projects: readonly string[];
}

export interface Roster {
  people: SeedPerson[];
  licenses: SeedLicense[];
  actors: Actor[];
  unrosteredCount: number;
  /** Seats whose holder never uses the seat's tool. */
  idleSeatCount: number;
}

const IDLE_SHARE = 0.1;
const UNROSTERED_SHARE = 0.05;
const DECLINING_SHARE = 0.08;
const SHALLOW_SHARE = 0.05;
const SHADOW_USER_SHARE = 0.25;
const ALL_PROJECTS = [...new Set(TEAMS.flatMap((t) => t.projects))];

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

function makeName(rng: Rng, index: number): { email: string; displayName: string } {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { email: `${first}.${last}${index + 1}@${EMAIL_DOMAIN}`, displayName: `${capitalize(first)} ${capitalize(last)}` };
}

/** Team of each person: the small teams get their fixed size, the rest is shared out by weight. */
function assignTeams(rng: Rng, count: number): TeamSpec[] {
  const fixedCap = Math.floor(count / 8);
  const fixed = TEAMS.filter((t) => t.fixedSize !== undefined);
  const weighted = TEAMS.filter((t) => t.fixedSize === undefined);
  const out: TeamSpec[] = fixed.flatMap((t) => Array<TeamSpec>(Math.min(t.fixedSize ?? 0, fixedCap)).fill(t));
  const rest = count - out.length;
  const totalWeight = weighted.reduce((s, t) => s + t.weight, 0);
  const sizes = weighted.map((t) => Math.floor((rest * t.weight) / totalWeight));
  for (let i = 0; sizes.reduce((s, n) => s + n, 0) < rest; i++) sizes[i % sizes.length]! += 1;
  weighted.forEach((t, i) => out.push(...Array<TeamSpec>(sizes[i] ?? 0).fill(t)));
  return rng.shuffle(out);
}

/** A seat's assignment dates: mostly long before the period, some during it, a few in its last week. */
function seatDates(rng: Rng, calendar: Calendar): { validFrom: string; validTo: string | null; recent: boolean } {
  const days = calendar.days.length;
  const r = rng.next();
  if (r < 0.05) return { validFrom: calendar.dateAt(rng.int(Math.max(0, days - 7), days - 1)), validTo: null, recent: true };
  const from = r < 0.17 ? rng.int(0, Math.max(0, days - 8)) : -rng.int(14, 420);
  const lastEnd = days - 2;
  const firstEnd = Math.max(from, 0) + 1;
  const ends = rng.chance(0.03) && firstEnd <= lastEnd;
  return { validFrom: calendar.dateAt(from), validTo: ends ? calendar.dateAt(rng.int(firstEnd, lastEnd)) : null, recent: false };
}

function makeLicense(rng: Rng, calendar: Calendar, person: SeedPerson, spec: SeatSpec): SeedLicense & { recent: boolean } {
  const tier = new WeightedTable(spec.tiers).pick(rng);
  const dates = seatDates(rng, calendar);
  return {
    licenseId: rng.uuid(),
    personId: person.personId,
    tool: spec.tool,
    tier,
    monthlyPriceUsd: rng.chance(0.08) ? (spec.negotiated[tier] ?? null) : null,
    ...dates,
  };
}

function actorTraits(rng: Rng, email: string, projects: readonly string[], usages: ToolUsage[]): Actor {
  const declining = rng.chance(DECLINING_SHARE);
  const shallow = !declining && rng.chance(SHALLOW_SHARE);
  return {
    email,
    usages,
    intensity: rng.logNormal(shallow ? 0.4 : 1, 0.6),
    weekdayActive: rng.between(0.55, 0.95),
    weekendActive: rng.between(0.02, 0.18),
    hourShift: rng.pick([-1, 0, 0, 0, 1, 2]),
    declining,
    shallow,
    projects,
  };
}

/** The usage window a seat allows, or null when its holder leaves it unused. */
function seatUsage(rng: Rng, calendar: Calendar, license: SeedLicense & { recent: boolean }, hasClaude: boolean): ToolUsage | null {
  if (license.recent && rng.chance(0.5)) return null;
  if (license.tool !== CLAUDE && hasClaude && rng.chance(0.15)) return null;
  const spec = SEATS.find((s) => s.tool === license.tool);
  const firstDay = Math.max(0, calendar.offsetOf(license.validFrom));
  const lastDay = license.validTo === null ? calendar.days.length - 1 : calendar.offsetOf(license.validTo);
  if (lastDay < firstDay) return null;
  return { tool: license.tool, weight: (spec?.usageWeight ?? 1) * rng.between(0.5, 1.5), firstDay, lastDay };
}

/** Picks exactly round(share * count) items (at least one when there are any). */
function pickShare<T>(rng: Rng, items: readonly T[], share: number): Set<T> {
  const n = items.length === 0 ? 0 : Math.max(1, Math.round(items.length * share));
  return new Set(rng.shuffle([...items]).slice(0, n));
}

function unrosteredActors(rng: Rng, calendar: Calendar, firstIndex: number, count: number): Actor[] {
  const days = calendar.days.length;
  return Array.from({ length: count }, (_, i) => {
    const { email } = makeName(rng, firstIndex + i);
    const tool = rng.chance(0.8) ? CLAUDE : CURSOR;
    const usage: ToolUsage = { tool, weight: 1, firstDay: rng.int(0, Math.floor(days / 2)), lastDay: days - 1 };
    return actorTraits(rng, email, rng.shuffle([...ALL_PROJECTS]).slice(0, 2), [usage]);
  });
}

export function buildRoster(rng: Rng, peopleCount: number, calendar: Calendar): Roster {
  const teams = assignTeams(rng, peopleCount);
  const people = teams.map((team, i): SeedPerson => ({ personId: rng.uuid(), ...makeName(rng, i), team: team.name, department: team.department }));
  const licensesByPerson = people.map((person) => SEATS.filter((spec) => rng.chance(spec.share)).map((spec) => makeLicense(rng, calendar, person, spec)));
  const idle = pickShare(rng, people.filter((_, i) => (licensesByPerson[i] ?? []).length > 0), IDLE_SHARE);

  const actors: Actor[] = [];
  let idleSeatCount = 0;
  people.forEach((person, i) => {
    const licenses = licensesByPerson[i] ?? [];
    const projects = teams[i]?.projects ?? ALL_PROJECTS;
    if (idle.has(person)) {
      idleSeatCount += licenses.length;
      return;
    }
    const hasClaude = licenses.some((l) => l.tool === CLAUDE);
    const usages = licenses.map((l) => seatUsage(rng, calendar, l, hasClaude));
    idleSeatCount += usages.filter((u) => u === null).length;
    const used = usages.filter((u): u is ToolUsage => u !== null);
    if (licenses.length === 0 && rng.chance(SHADOW_USER_SHARE)) {
      used.push({ tool: CLAUDE, weight: 0.5, firstDay: 0, lastDay: calendar.days.length - 1 });
    }
    if (used.length > 0) actors.push(actorTraits(rng, person.email, projects, used));
  });

  const unrosteredCount = Math.max(1, Math.round(peopleCount * UNROSTERED_SHARE));
  actors.push(...unrosteredActors(rng, calendar, peopleCount, unrosteredCount));
  const licenses = licensesByPerson.flat().map(({ recent: _recent, ...license }) => license);
  return { people, licenses, actors, unrosteredCount, idleSeatCount };
}
