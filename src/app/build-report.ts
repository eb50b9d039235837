import { isTimeZone, offsetMinutes, previousPeriod, resolvePeriod, PeriodError, type Period } from '../domain/metrics/period.ts';
import type { Filters, Report, Scope, View } from '../domain/metrics/report-types.ts';
import type { ReportSettings, ReportSlice, RosterPerson } from '../domain/metrics/rollup-rows.ts';
import { adoptionReport } from '../domain/metrics/views/adoption.ts';
import { leaderboardReport } from '../domain/metrics/views/leaderboard.ts';
import { modelsReport } from '../domain/metrics/views/models.ts';
import type { PeriodData, ReportInput } from '../domain/metrics/views/report-input.ts';
import { underutilizedReport } from '../domain/metrics/views/underutilized.ts';
import { usageReport } from '../domain/metrics/views/usage.ts';
import { valueReport } from '../domain/metrics/views/value.ts';
import type { ReportReader } from './ports.ts';

export class ReportError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

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
  daily?: boolean;
  dailyModels?: boolean;
  peak?: boolean;
  sessions?: boolean;
  sessionsByPerson?: boolean;
  cursor?: boolean;
}
const NEEDS: Record<View, Needs> = {
  adoption: { daily: true },
  usage: { peak: true, sessions: true, cursor: true },
  leaderboard: { daily: true },
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

/** The people a request may see: a personal key sees itself; the person and team filters narrow it. */
function personsInScope(request: ReportRequest, people: RosterPerson[], settings: ReportSettings): Set<string> | null {
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
  if (filters.team) {
    const team = filters.team.toLowerCase();
    const members = people.filter((p) => p.team?.toLowerCase() === team).map((p) => p.email);
    if (scope === 'org' && members.length < settings.minGroupSize) {
      throw new ReportError(403, `Team "${filters.team}" has fewer than ${settings.minGroupSize} people on the roster; its numbers are shown only with scope=user and an admin key.`);
    }
    persons = new Set(members.filter((p) => !persons || persons.has(p)));
  }
  return persons;
}

async function loadPeriod(reader: ReportReader, slice: ReportSlice, needs: Needs, full: boolean): Promise<PeriodData> {
  const none = Promise.resolve([]);
  const [personTool, models, daily, dailyModels, peak, sessions, sessionsByPerson, cursor] = await Promise.all([
    reader.personToolTotals(slice),
    needs.models ? reader.modelTotals(slice) : none,
    full && needs.daily ? reader.dailyByPerson(slice) : none,
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
    period = resolvePeriod({ range: request.range, from: request.from, to: request.to, timeZone: isTimeZone(tz) ? tz : 'UTC' }, now);
  } catch (error) {
    if (error instanceof PeriodError) throw new ReportError(400, error.message);
    throw error;
  }
  checkTimeZone(tz, context.settings.timeZone, period, now);
  const persons = personsInScope(request, context.people, context.settings);
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
  const needs = NEEDS[request.view];
  const [current, prior, beforePrevious, spans, allSpans, dataUpTo] = await Promise.all([
    loadPeriod(reader, slice(period), needs, true),
    loadPeriod(reader, slice(previous), needs, false),
    request.view === 'underutilized' ? loadPeriod(reader, slice(previousPeriod(previous)), {}, false) : null,
    reader.activitySpans(request.caller.orgId, request.filters.tool),
    request.filters.tool ? reader.activitySpans(request.caller.orgId, null) : null,
    reader.dataUpTo(request.caller.orgId),
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
    seats: context.seats,
    prices: context.prices,
    spans,
    lastActive,
    current,
    previous: prior,
    beforePrevious,
  });
}
