import { describeCondition } from '../domain/alerts/alert-rules.ts';
import { composeDigest } from '../domain/digests/compose-digest.ts';
import { digestDeliveryKey, digestPeriod, nextRunAt, type DigestPeriod } from '../domain/digests/digest-timing.ts';
import { describeCohorts, type Cohorts } from '../domain/metrics/cohorts.ts';
import { describeNudgeOutcome } from '../domain/nudges/nudge-message.ts';
import type { Report } from '../domain/metrics/report-types.ts';
import { answerCommand, type Answer } from './answer-command.ts';
import { buildReport, ReportError } from './build-report.ts';
import type { AlertStore, Delivery, DeliveryLog, DigestRun, DigestSchedule, DigestStore } from './digest-ports.ts';
import type { NudgeStore } from './nudge-ports.ts';
import type { PromiseCache } from './promise-cache.ts';
import { ConversationGoneError, type ChatPlatform, type ReportReader } from './ports.ts';

/** How long a worker holds a claimed delivery; after that (it died) another run takes it over. */
export const DELIVERY_LEASE_MS = 2 * 60_000;

export const PLACEHOLDER = 'Preparing the AI adoption digest…';

/** How long a digest waits for the rollups of its period after it was due; then it goes out saying data is late. */
export const ROLLUP_WAIT_MS = 15 * 60_000;

/** How long a composed digest is reused by other conversations with the same digest (same org, views, filters, period). */
export const DIGEST_REUSE_MS = 2 * 60_000;

export interface DigestDeps {
  digests: DigestStore;
  deliveries: DeliveryLog;
  /** the alerts firing are listed in every digest; a rule whose conversation is gone is stopped */
  alerts: Pick<AlertStore, 'list' | 'disable'>;
  /** what the period's seat nudges achieved (absent: no nudge line) */
  nudges?: Pick<NudgeStore, 'outcome'>;
  /** digests with the same content composed once while fresh (absent: every run composes its own) */
  composed?: PromiseCache<Answer>;
  platforms: ChatPlatform[];
  reader: ReportReader;
  /** days of the org not rolled up yet within [from, to] */
  pendingDays: (orgId: string, from: string, to: string) => Promise<number>;
  now: () => Date;
  onError: (error: unknown) => void;
  /** DELIVERY_LEASE_MS (default DELIVERY_LEASE_MS) */
  leaseMs?: number;
  /** default ROLLUP_WAIT_MS */
  rollupWaitMs?: number;
}

/** A due run: the period of the run it is due for (a missed run still reports its own period), and the run after now. */
export function planRun(schedule: DigestSchedule, now: Date): DigestRun {
  const period = digestPeriod(schedule.timing, schedule.nextRunAt);
  return { key: digestDeliveryKey(schedule.scheduleId, period), period, nextRunAt: nextRunAt(schedule.timing, now) };
}

/** The tick: due schedules become deliveries, and every open delivery (new, or left by a dead worker) is queued. */
export async function queueDueDigests(deps: DigestDeps, enqueue: (orgId: string, key: string) => Promise<void>): Promise<{ due: number; queued: number }> {
  const now = deps.now();
  const due = await deps.digests.takeDue(now, planRun);
  return { due, queued: await queueOpenDeliveries(deps, enqueue) };
}

/** Queues every open delivery (new, or left by a dead worker) that `which` accepts; returns how many. */
export async function queueOpenDeliveries(deps: Pick<DigestDeps, 'deliveries' | 'now' | 'leaseMs'>, enqueue: (orgId: string, key: string) => Promise<void>, which: (key: string) => boolean = () => true): Promise<number> {
  const open = await deps.deliveries.open(new Date(deps.now().getTime() - (deps.leaseMs ?? DELIVERY_LEASE_MS)));
  const chosen = open.filter((d) => which(d.key));
  for (const delivery of chosen) await enqueue(delivery.orgId, delivery.key);
  return chosen.length;
}

/** The org's alerts firing now, as a digest shows them: what each watches and what it last saw. */
async function firingAlerts(alerts: Pick<AlertStore, 'list'>, orgId: string): Promise<string[]> {
  const rules = await alerts.list(orgId);
  return rules.filter((r) => r.state === 'firing' && r.disabledReason === null).map((r) => `${describeCondition(r.condition)}${r.lastDetail ? `: ${r.lastDetail}` : ''}`);
}

const cohortsOf = (report: Report | null | undefined): Cohorts | null => (report && 'cohorts' in report ? report.cohorts : null);

/** The cohort line of the period, from the adoption report with the digest's filters (built unless a view is it). */
async function cohortLine(deps: DigestDeps, answers: Answer[]): Promise<string | null> {
  const shown = cohortsOf(answers.find((a) => a.report?.view === 'adoption')?.report);
  if (shown) return describeCohorts(shown);
  const base = answers.find((a) => a.request !== null)?.request;
  if (!base) return null;
  const report = await buildReport(deps.reader, { ...base, view: 'adoption' }, deps.now()).catch((error: unknown) => {
    if (error instanceof ReportError) return null;
    throw error;
  });
  const cohorts = cohortsOf(report);
  return cohorts ? describeCohorts(cohorts) : null;
}

async function composeRun(deps: DigestDeps, schedule: DigestSchedule, period: DigestPeriod): Promise<Answer> {
  const answers: Answer[] = [];
  for (const view of schedule.views) {
    const text = `${view} ${period.from}..${period.to} ${schedule.filters}`.trim();
    answers.push(await answerCommand({ reader: deps.reader, onError: deps.onError }, text, { orgId: schedule.orgId, email: null, mayViewPeople: schedule.showPeople }, deps.now()));
  }
  const pending = await deps.pendingDays(schedule.orgId, period.from, period.to);
  const late = pending > 0 ? `${pending} day(s) of this period are still being processed: the numbers may still rise.` : null;
  const nudges = deps.nudges ? describeNudgeOutcome(await deps.nudges.outcome(schedule.orgId, period.from, period.to)) : null;
  const lines = { cohorts: await cohortLine(deps, answers), alerts: await firingAlerts(deps.alerts, schedule.orgId), nudges, late };
  const base = answers.find((a) => a.request !== null);
  return { reply: composeDigest(schedule.timing.cadence, period, answers.map((a) => a.reply), lines), request: base?.request ?? null, report: base?.report ?? null };
}

/**
 * The digest message: each view's answer for the period, composed into one reply with the cohort line, the alerts
 * firing and a note when data is late. Digests with the same content (org, views, filters, rights, period) share
 * one composition while it is fresh, so a hundred channels with the same digest cost one.
 */
export function buildDigest(deps: DigestDeps, schedule: DigestSchedule, period: DigestPeriod): Promise<Answer> {
  const key = JSON.stringify([schedule.orgId, schedule.views, schedule.filters, schedule.showPeople, schedule.timing.cadence, period.from, period.to]);
  return deps.composed ? deps.composed.get(key, () => composeRun(deps, schedule, period)) : composeRun(deps, schedule, period);
}

/** A digest's period still has days to roll up, and it has not waited ROLLUP_WAIT_MS for them yet. */
async function rollupsPending(deps: DigestDeps, delivery: Delivery): Promise<boolean> {
  if (deps.now().getTime() - delivery.dueAt.getTime() >= (deps.rollupWaitMs ?? ROLLUP_WAIT_MS)) return false;
  return (await deps.pendingDays(delivery.orgId, delivery.periodFrom!, delivery.periodTo!)) > 0;
}

/**
 * Makes one delivery (a digest, composed now, or an alert, whose message was fixed when it changed state), once:
 * claim it (a lease in the delivery log), then let the platform post it at most once (`ChatPlatform.deliverOnce`:
 * on a rerun Slack finds the message by its metadata, Teams fills in the placeholder it recorded), mark it sent.
 * A worker killed anywhere leaves the claim to expire, and the next run takes it over. A digest whose period still
 * has days to roll up goes back to wait for the next tick, for up to ROLLUP_WAIT_MS after it was due.
 */
export async function deliver(deps: DigestDeps, orgId: string, key: string): Promise<'sent' | 'skipped' | 'failed' | 'waiting'> {
  const delivery = await deps.deliveries.claim(orgId, key, new Date(deps.now().getTime() - (deps.leaseMs ?? DELIVERY_LEASE_MS)));
  if (!delivery) return 'skipped';
  const schedule = delivery.scheduleId ? await deps.digests.find(orgId, delivery.scheduleId) : null;
  const platform = deps.platforms.find((p) => p.name === delivery.platform);
  const problem = !schedule && !delivery.message ? 'the schedule was removed' : !platform ? `${delivery.platform} is not configured on this Uptake server` : null;
  if (problem || !platform) {
    if (schedule && !platform) await deps.digests.disable(orgId, schedule.scheduleId, problem ?? '');
    await deps.deliveries.finish(orgId, key, { state: 'failed', error: problem ?? '' });
    return 'failed';
  }
  if (schedule && !delivery.message && (await rollupsPending(deps, delivery))) {
    await deps.deliveries.finish(orgId, key, { state: 'due', error: 'waiting for the rollups of its period' });
    return 'waiting';
  }
  try {
    const fixed = delivery.message;
    const target = delivery.direct ? { kind: 'direct' as const, userId: delivery.conversationId } : { kind: 'conversation' as const, conversationId: delivery.conversationId };
    await platform.deliverOnce(orgId, target, {
      key,
      retry: delivery.attempts > 1,
      since: delivery.dueAt,
      messageId: delivery.messageId,
      placeholder: fixed ? fixed.title : PLACEHOLDER,
      recordMessage: (messageId) => deps.deliveries.recordMessage(orgId, key, messageId),
      compose: async () => (fixed ? { reply: fixed, request: null, report: null } : buildDigest(deps, schedule!, { from: delivery.periodFrom!, to: delivery.periodTo! })),
    });
    await deps.deliveries.finish(orgId, key, { state: 'sent' });
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof ConversationGoneError) {
      const why = `The conversation is gone or Uptake was removed from it (${reason}).`;
      if (schedule) await deps.digests.disable(orgId, schedule.scheduleId, why);
      if (delivery.alertId) await deps.alerts.disable(orgId, delivery.alertId, why);
      await deps.deliveries.finish(orgId, key, { state: 'failed', error: reason });
      return 'failed';
    }
    await deps.deliveries.finish(orgId, key, { state: 'due', error: reason });
    throw error;
  }
}
