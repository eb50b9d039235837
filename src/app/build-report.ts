import { TOOLS } from '../domain/commands/parse-command.ts';
import { requestedPeriod } from '../domain/commands/period-grammar.ts';
import { dateIn, isTimeZone, offsetMinutes, previousPeriod, resolvePeriod, PeriodError, type Period } from '../domain/metrics/period.ts';
import { unknownFilter, type KnownValues, type UnknownFilter } from '../domain/metrics/filter-check.ts';
import type { Filters, Report, Scope, ValueFilter, View } from '../domain/metrics/report-types.ts';
import type { ReportSettings, ReportSlice, RosterPerson } from '../domain/metrics/rollup-rows.ts';
import { adoptionReport } from '../domain/metrics/views/adoption.ts';
import { leaderboardReport } from '../domain/metrics/views/leaderboard.ts';
import { modelsReport } from '../domain/metrics/views/models.ts';
import type { PeriodData, ReportInput } from '../domain/metrics/views/report-input.ts';
import { underutilizedReport } from '../domain/metrics/views/underutilized.ts';
import { usageReport } from '../domain/metrics/views/usage.ts';
import { valueReport } from '../domain/metrics/views/value.ts';
import type { ReportReader } from './ports.ts';

type ReportContext = NonNullable<Awaited<ReturnType<ReportReader['context']>>>;

/** `fix`: the filter value that was not found, and the closest one the org has (a chat answer offers it). */
export class ReportError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404,
    message: string,
    readonly fix: { field: ValueFilter; value: string; replacement: string | null } | null = null,
  ) {
    super(message);
  }
}

/** The views that group people by team, department and organization. */
const GROUPED_VIEWS: readonly View[] = ['adoption', 'leaderboard'];

export interface ReportRequest {
  view: View;
  range?: string;
  from?: string;
  to?: string;
  tz?: string;
  filters: Filters;
  scope: Scope;
  caller: { orgId: string; personEmail: string | null; isAdmin: boolean };
}

const BUILDERS: Record<View, (input: ReportInput) => Report> = {
  adoption: adoptionReport,
  usage: usageReport,
  leaderboard: leaderboardReport,
  models: modelsReport,
  value: valueReport,
  underutilized: underutilizedReport,
};

/** Which parts of a period each view reads, beyond the per-person totals every view needs (the previous period only needs what its key metrics use). */
interface Needs {
  models?: boolean;
  /** per-person daily rows; 'named': only for scope=user (the leaderboard's weekly rows of the people it names) */
  daily?: boolean | 'named';
  dailyModels?: boolean;
  peak?: boolean;
  sessions?: boolean;
  sessionsByPerson?: boolean;
  cursor?: boolean;
}
const NEEDS: Record<View, Needs> = {
  adoption: { daily: true },
  usage: { peak: true, sessions: true, cursor: true },
  leaderboard: { daily: 'named' },
  models: { models: true, dailyModels: true },
  value: { daily: true },
  underutilized: { sessions: true, sessionsByPerson: true },
};

function checkTimeZone(tz: string, orgTimeZone: string, period: Period, now: Date): void {
  if (!isTimeZone(tz)) throw new ReportError(400, `Unknown time zone "${tz}". Use an IANA name such as Europe/Berlin.`);
  if (tz === orgTimeZone) return;
  const instants = period.granularity === 'hour' ? [period.from, period.to] : [new Date(`${period.from}T12:00:00Z`), new Date(`${period.to}T12:00:00Z`), now];
  if (instants.some((at) => offsetMinutes(tz, at) % 60 !== 0)) {
    throw new ReportError(400, `Time zone "${tz}" is not a whole number of hours from UTC; reports can use it only when it is the org's time zone (now ${orgTimeZone}).`);
  }
}

/** The filters that pick people by a group they belong to: the roster's team and department, the organization they sent. */
const GROUP_FILTERS = ['team', 'department', 'organization'] as const;
type GroupFilter = (typeof GROUP_FILTERS)[number];

/** Who belongs to each group filter's groups. */
export interface Membership {
  people: RosterPerson[];
  organizations: ReadonlyMap<string, string>;
}

function membersOf(field: GroupFilter, value: string, membership: Membership): string[] {
  const wanted = value.toLowerCase();
  if (field === 'organization') return [...membership.organizations].filter(([, o]) => o.toLowerCase() === wanted).map(([p]) => p);
  return membership.people.filter((p) => p[field]?.toLowerCase() === wanted).map((p) => p.email);
}

/** The people a request may see: a personal key sees itself; the person, team, department and organization filters narrow it. */
function personsInScope(request: ReportRequest, membership: Membership, settings: ReportSettings): Set<string> | null {
  const { caller, scope, filters } = request;
  if (scope === 'user' && !caller.isAdmin && !caller.personEmail) {
    throw new ReportError(403, 'scope=user needs an admin key, or a read key bound to a person (who then sees only themselves).');
  }
  if (scope === 'org' && filters.person) throw new ReportError(403, 'The person filter names a person: use scope=user (admin key, or your own personal key).');
  let persons: Set<string> | null = null;
  if (scope === 'user' && !caller.isAdmin) {
    if (filters.person && filters.person !== caller.personEmail) throw new ReportError(403, 'A personal key can only see its own person.');
    persons = new Set([caller.personEmail as string]);
  }
  if (filters.person) persons = new Set([filters.person]);
  for (const field of GROUP_FILTERS) {
    const value = filters[field];
    if (value === null) continue;
    const members = membersOf(field, value, membership);
    if (scope === 'org' && members.length < settings.minGroupSize) {
      const what = field === 'organization' ? 'people who sent it' : 'people on the roster';
      throw new ReportError(403, `The ${field} "${value}" has fewer than ${settings.minGroupSize} ${what}; its numbers are shown only with scope=user and an admin key.`);
    }
    persons = new Set(members.filter((p) => !persons || persons.has(p)));
  }
  return persons;
}

/** What the org has for each filter; the event values are read only when the filters name one of them. */
async function knownValues(reader: ReportReader, orgId: string, filters: Filters, context: ReportContext): Promise<KnownValues> {
  const { tool, model, project, organization } = filters;
  const events = tool || model || project || organization
    ? await reader.eventFilterValues(orgId)
    : { tool: [], model: [], project: [], organization: [] };
  const roster = (field: 'team' | 'department') => [...new Set(context.people.flatMap((p) => (p[field] ? [p[field]] : [])))];
  return {
    ...events,
    team: roster('team'),
    department: roster('department'),
    tool: [...new Set([...TOOLS, ...context.seats.map((s) => s.tool), ...events.tool])],
  };
}

/** The first filter naming a team, department, organization, tool, model or project the org does not have. */
export async function unknownFilterOf(reader: ReportReader, orgId: string, filters: Filters, context: ReportContext): Promise<UnknownFilter | null> {
  return unknownFilter(filters, await knownValues(reader, orgId, filters, context));
}

async function loadPeriod(reader: ReportReader, slice: ReportSlice, needs: Needs, full: boolean): Promise<PeriodData> {
  const none = Promise.resolve([]);
  const [personTool, models, daily, dailyModels, peak, sessions, sessionsByPerson, cursor] = await Promise.all([
    reader.personToolTotals(slice),
    needs.models ? reader.modelTotals(slice) : none,
    full && needs.daily === true ? reader.dailyByPerson(slice) : none,
    full && needs.dailyModels ? reader.dailyByModel(slice) : none,
    full && needs.peak ? reader.peakActivity(slice) : none,
    needs.sessions ? reader.sessionStats(slice) : Promise.resolve({ sessions: 0, tokens: 0, buckets: [] }),
    needs.sessionsByPerson ? reader.sessionsByPerson(slice) : none,
    full && needs.cursor && reader.cursorActivity ? reader.cursorActivity(slice) : Promise.resolve(null),
  ]);
  return { personTool, models, daily, dailyModels, peak, sessions, sessionsByPerson, cursor };
}

export async function buildReport(reader: ReportReader, request: ReportRequest, now: Date): Promise<Report> {
  const context = await reader.context(request.caller.orgId);
  if (!context) throw new ReportError(404, 'Unknown org.');
  const tz = request.tz ?? context.settings.timeZone;
  let period: Period;
  try {
    const timeZone = isTimeZone(tz) ? tz : 'UTC';
    period = resolvePeriod({ ...requestedPeriod(request, dateIn(timeZone, now)), timeZone }, now);
  } catch (error) {
    if (error instanceof PeriodError) throw new ReportError(400, error.message);
    throw error;
  }
  checkTimeZone(tz, context.settings.timeZone, period, now);
  const unknown = await unknownFilterOf(reader, request.caller.orgId, request.filters, context);
  if (unknown) throw new ReportError(400, unknown.message, { field: unknown.field, value: unknown.value, replacement: unknown.suggestion });
  // the organization filter needs each person's organization first; the grouped views read it beside their queries
  const filterOrganizations = request.filters.organization ? await reader.personOrganizations(request.caller.orgId) : null;
  const persons = personsInScope(request, { people: context.people, organizations: filterOrganizations ?? new Map() }, context.settings);
  const previous = previousPeriod(period);
  const slice = (p: Period): ReportSlice => ({
    orgId: request.caller.orgId,
    orgTimeZone: context.settings.timeZone,
    period: p,
    persons: persons ? [...persons] : null,
    tool: request.filters.tool,
    model: request.filters.model,
    project: request.filters.project,
  });
  const wanted = NEEDS[request.view];
  const needs: Needs = { ...wanted, daily: wanted.daily === 'named' ? request.scope === 'user' : wanted.daily };
  const [current, prior, beforePrevious, spans, allSpans, dataUpTo, organizations] = await Promise.all([
    loadPeriod(reader, slice(period), needs, true),
    loadPeriod(reader, slice(previous), needs, false),
    request.view === 'underutilized' ? loadPeriod(reader, slice(previousPeriod(previous)), {}, false) : null,
    reader.activitySpans(request.caller.orgId, request.filters.tool),
    request.filters.tool ? reader.activitySpans(request.caller.orgId, null) : null,
    reader.dataUpTo(request.caller.orgId),
    filterOrganizations ?? (GROUPED_VIEWS.includes(request.view) ? reader.personOrganizations(request.caller.orgId) : new Map<string, string>()),
  ]);
  const lastActive = new Map([...(allSpans ?? spans).entries()].map(([p, s]) => [p, s.lastDay]));
  return BUILDERS[request.view]({
    view: request.view,
    scope: request.scope,
    filters: request.filters,
    period,
    previousPeriod: previous,
    persons,
    dataUpTo,
    settings: context.settings,
    people: context.people,
    organizations,
    seats: context.seats,
    prices: context.prices,
    spans,
    lastActive,
    current,
    previous: prior,
    beforePrevious,
  });
}
