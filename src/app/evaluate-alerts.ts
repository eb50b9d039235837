import { activeDropReading, adoptionReading, decliningUsersReading, describeCondition, idleSeatsReading, noReading, transition, unactivatedSeatsReading, type AlertReading } from '../domain/alerts/alert-rules.ts';
import { parseCommand } from '../domain/commands/parse-command.ts';
import type { AdoptionReport, UnderutilizedReport, View } from '../domain/metrics/report-types.ts';
import { addDays, dateIn, weekStart } from '../domain/metrics/period.ts';
import { textReply } from '../domain/replies/build-reply.ts';
import type { Reply } from '../domain/replies/reply-types.ts';
import { buildReport, ReportError } from './build-report.ts';
import type { AlertRule, AlertStore } from './digest-ports.ts';
import type { ReportReader } from './ports.ts';

export interface AlertDeps {
  alerts: AlertStore;
  reader: ReportReader;
  /** days of the org not rolled up yet within [from, to] */
  pendingDays: (orgId: string, from: string, to: string) => Promise<number>;
  now: () => Date;
}

async function reportOver<V extends 'adoption' | 'underutilized'>(deps: AlertDeps, rule: AlertRule, view: V, from: string, to: string, today: string): Promise<V extends 'adoption' ? AdoptionReport : UnderutilizedReport> {
  const parsed = parseCommand(`${view} ${rule.condition.filters}`, today);
  const filters = parsed.kind === 'query' ? parsed.query.filters : null;
  if (!filters) throw new ReportError(400, `The alert's filters no longer read: ${rule.condition.filters}`);
  const request = {
    view: view as View,
    from,
    to,
    filters: { ...filters, person: null },
    scope: 'org' as const,
    caller: { orgId: rule.orgId, personEmail: null, isAdmin: false },
  };
  return (await buildReport(deps.reader, request, deps.now())) as V extends 'adoption' ? AdoptionReport : UnderutilizedReport;
}

/** What a rule sees now, from the rollups (groups too small to show are never judged: the report refuses them). */
export async function readRule(deps: AlertDeps, rule: AlertRule, today: string): Promise<AlertReading> {
  const { condition } = rule;
  try {
    if (condition.kind === 'adoption-below') {
      return adoptionReading(condition.threshold, (await reportOver(deps, rule, 'adoption', addDays(today, -7), addDays(today, -1), today)).adoptionRate);
    }
    if (condition.kind === 'active-drop') {
      const thisMonday = weekStart(today);
      const report = await reportOver(deps, rule, 'adoption', addDays(thisMonday, -35), addDays(thisMonday, -1), today);
      return activeDropReading(condition.threshold, report.weekly.map((w) => w.activeUsers));
    }
    if (condition.kind === 'declining-users') {
      const days = condition.days ?? 28;
      const report = await reportOver(deps, rule, 'underutilized', addDays(today, -days), addDays(today, -1), today);
      return decliningUsersReading(condition.threshold, days, report.decliningUsers);
    }
    const context = await deps.reader.context(rule.orgId);
    if (!context) return noReading('the org is gone');
    const tool = /(?:^|\s)tool:(\S+)/.exec(condition.filters)?.[1] ?? null;
    const spans = await deps.reader.activitySpans(rule.orgId, tool);
    const seats = context.seats.filter((s) => tool === null || s.tool === tool);
    const lastActive = new Map([...spans.entries()].map(([person, span]) => [person, span.lastDay]));
    if (condition.kind === 'unactivated-seats') return unactivatedSeatsReading(condition.threshold, condition.days ?? 7, seats, lastActive, today);
    return idleSeatsReading(condition.threshold, condition.days ?? 30, seats, lastActive, context.prices, today);
  } catch (error) {
    if (error instanceof ReportError) return noReading(error.message);
    throw error;
  }
}

/** The message of a transition, fixed when it happens. */
export function alertMessage(rule: AlertRule, change: 'fire' | 'resolve', reading: AlertReading): Reply {
  const what = describeCondition(rule.condition);
  const title = change === 'fire' ? `Alert: ${what}` : `Resolved: ${what}`;
  return textReply('explain', title, `${reading.detail}. \`alert off ${rule.ruleId.slice(0, 8)}\` stops this alert.`);
}

/**
 * Evaluates every enabled rule whose org is rolled up (an org with days still to roll up waits for the next tick):
 * a rule that changes state records one delivery for the change; a rule whose state holds records nothing.
 */
export async function evaluateAlerts(deps: AlertDeps): Promise<{ evaluated: number; changed: number; waiting: number }> {
  const now = deps.now();
  let evaluated = 0;
  let changed = 0;
  let waiting = 0;
  const zones = new Map<string, string | null>();
  for (const rule of await deps.alerts.enabled()) {
    if (!zones.has(rule.orgId)) zones.set(rule.orgId, (await deps.reader.context(rule.orgId))?.settings.timeZone ?? null);
    const zone = zones.get(rule.orgId);
    if (!zone) continue;
    const today = dateIn(zone, now);
    if ((await deps.pendingDays(rule.orgId, addDays(today, -42), addDays(today, -1))) > 0) {
      waiting += 1;
      continue;
    }
    const reading = await readRule(deps, rule, today);
    const minutesSinceChange = rule.changedAt ? (now.getTime() - rule.changedAt.getTime()) / 60_000 : null;
    const change = transition(rule.state, reading, { minutes: rule.cooldownMinutes, minutesSinceChange });
    const next = change === 'fire' ? 'firing' : 'ok';
    await deps.alerts.record(rule, reading, change ? { state: next, key: `alert:${rule.ruleId}:${rule.transitions + 1}:${change}`, message: alertMessage(rule, change, reading), at: now } : null);
    evaluated += 1;
    if (change) changed += 1;
  }
  return { evaluated, changed, waiting };
}
