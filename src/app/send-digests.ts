import { composeDigest } from '../domain/digests/compose-digest.ts';
import { digestDeliveryKey, digestPeriod, nextRunAt, type DigestPeriod } from '../domain/digests/digest-timing.ts';
import { answerCommand, type Answer } from './answer-command.ts';
import type { DeliveryLog, DigestRun, DigestSchedule, DigestStore } from './digest-ports.ts';
import { ConversationGoneError, type ChatPlatform, type ReportReader } from './ports.ts';

/** How long a worker holds a claimed delivery; after that (it died) another run takes it over. */
export const DELIVERY_LEASE_MS = 2 * 60_000;

export const PLACEHOLDER = 'Preparing the AI adoption digest…';

export interface DigestDeps {
  digests: DigestStore;
  deliveries: DeliveryLog;
  platforms: ChatPlatform[];
  reader: ReportReader;
  /** days of the org not rolled up yet within [from, to] */
  pendingDays: (orgId: string, from: string, to: string) => Promise<number>;
  now: () => Date;
  onError: (error: unknown) => void;
  /** DELIVERY_LEASE_MS (default DELIVERY_LEASE_MS) */
  leaseMs?: number;
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
  const open = await deps.deliveries.open(new Date(now.getTime() - (deps.leaseMs ?? DELIVERY_LEASE_MS)));
  for (const delivery of open) await enqueue(delivery.orgId, delivery.key);
  return { due, queued: open.length };
}

/** The digest message: each view's answer for the period, composed into one reply, with a note when data is late. */
export async function buildDigest(deps: DigestDeps, schedule: DigestSchedule, period: DigestPeriod): Promise<Answer> {
  const answers: Answer[] = [];
  for (const view of schedule.views) {
    const text = `${view} ${period.from}..${period.to} ${schedule.filters}`.trim();
    answers.push(await answerCommand({ reader: deps.reader, onError: deps.onError }, text, { orgId: schedule.orgId, email: null, mayViewPeople: schedule.showPeople }, deps.now()));
  }
  const pending = await deps.pendingDays(schedule.orgId, period.from, period.to);
  const late = pending > 0 ? `${pending} day(s) of this period are still being processed: the numbers may still rise.` : null;
  const base = answers.find((a) => a.request !== null);
  return { reply: composeDigest(schedule.timing.cadence, period, answers.map((a) => a.reply), late), request: base?.request ?? null, report: base?.report ?? null };
}

/**
 * Makes one delivery (a digest, composed now, or an alert, whose message was fixed when it changed state), once:
 * claim it, reserve its message (a placeholder, recorded before anything else is sent), fill it in, mark it sent. A worker killed anywhere leaves the claim to expire; the rerun finds the
 * recorded message (or, on Slack, the placeholder by its metadata) and fills that in instead of posting again.
 */
export async function deliver(deps: DigestDeps, orgId: string, key: string): Promise<'sent' | 'skipped' | 'failed'> {
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
  try {
    let messageId = delivery.messageId;
    if (!messageId) {
      const target = { kind: 'conversation' as const, conversationId: delivery.conversationId };
      const text = delivery.message ? delivery.message.title : PLACEHOLDER;
      messageId = (await platform.reserve(orgId, target, { key, text, reconcile: delivery.attempts > 1 })).messageId;
      await deps.deliveries.recordMessage(orgId, key, messageId);
    }
    const answer: Answer = delivery.message
      ? { reply: delivery.message, request: null, report: null }
      : await buildDigest(deps, schedule!, { from: delivery.periodFrom!, to: delivery.periodTo! });
    await platform.post(orgId, { kind: 'update', conversationId: delivery.conversationId, messageId }, { answer, interactive: false });
    await deps.deliveries.finish(orgId, key, { state: 'sent' });
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof ConversationGoneError) {
      if (schedule) await deps.digests.disable(orgId, schedule.scheduleId, `The conversation is gone or Uptake was removed from it (${reason}).`);
      await deps.deliveries.finish(orgId, key, { state: 'failed', error: reason });
      return 'failed';
    }
    await deps.deliveries.finish(orgId, key, { state: 'due', error: reason });
    throw error;
  }
}
