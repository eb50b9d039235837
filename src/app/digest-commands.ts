import { unknownFilterOf } from './build-report.ts';
import { randomUUID } from 'node:crypto';
import { parseCommand } from '../domain/commands/parse-command.ts';
import { describeSchedule, describeTiming, shortId } from '../domain/digests/describe-digest.ts';
import { nextRunAt, type DigestTiming } from '../domain/digests/digest-timing.ts';
import type { DigestCommand, DigestRequest } from '../domain/digests/parse-digest-command.ts';
import { dateIn, isTimeZone } from '../domain/metrics/period.ts';
import type { Answer } from './answer-command.ts';
import { notice, refusal } from './chat-notices.ts';
import type { DigestSchedule, DigestStore } from './digest-ports.ts';
import type { ChatPlatformName, ReportReader } from './ports.ts';

/** Where a chat command was typed: a digest created there is posted there. */
export interface ChatPlace {
  platform: ChatPlatformName;
  conversationId: string;
}

export const NOT_ALLOWED_TO_SCHEDULE = 'Only the people your Uptake admin allowed to see per-person numbers may add or remove digests and alerts.';


function when(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/**
 * Creates a digest schedule after checking what chat and the API cannot: the zone, the filters (with the report
 * grammar) and that the org exists. Returns the schedule, or what to fix.
 */
export async function scheduleDigest(
  deps: { digests: DigestStore; reader: ReportReader },
  orgId: string,
  request: DigestRequest & { showPeople: boolean },
  place: ChatPlace,
  createdBy: string | null,
  now: Date,
): Promise<{ schedule: DigestSchedule } | string> {
  const context = await deps.reader.context(orgId);
  if (!context) return 'This workspace is not connected to an Uptake org yet.';
  const timeZone = request.timeZone ?? context.settings.timeZone;
  if (!isTimeZone(timeZone)) return `"${timeZone}" is not a time zone; write it as tz:Europe/Berlin.`;
  const check = parseCommand(`adoption ${request.filters}`, dateIn(timeZone, now));
  if (check.kind === 'error') return check.message;
  if (check.kind === 'query' && check.query.filters.person !== null) return 'A digest is about groups, never one person.';
  if (check.kind === 'query') {
    const unknown = await unknownFilterOf(deps.reader, orgId, { ...check.query.filters, person: null }, context);
    if (unknown) return unknown.message;
  }
  const timing: DigestTiming = { cadence: request.cadence, time: request.time, weekday: request.weekday, monthDay: request.monthDay, timeZone };
  const schedule = await deps.digests.create({
    orgId, scheduleId: randomUUID(), platform: place.platform, conversationId: place.conversationId, timing, views: request.views,
    filters: request.filters, showPeople: request.showPeople, createdBy, nextRunAt: nextRunAt(timing, now),
  });
  return { schedule };
}

/**
 * `digest …`, `digests` and `digest off …` typed in a conversation: a digest is created for, listed in and removed
 * from the conversation it was typed in. Adding and removing need the allow-list; listing does not.
 */
export async function answerDigestCommand(
  deps: { digests: DigestStore; reader: ReportReader },
  command: DigestCommand,
  asker: { orgId: string; userId: string; mayViewPeople: boolean },
  place: ChatPlace,
  now: Date,
): Promise<Answer> {
  const where = { platform: place.platform, conversationId: place.conversationId };
  if (command.kind === 'error') return refusal(command.message);
  if (command.kind === 'list') {
    const schedules = await deps.digests.list(asker.orgId, where);
    if (schedules.length === 0) return notice('Digests here', 'No digest goes to this conversation. Add one with `digest weekly mon 09:00 adoption usage`.');
    return notice('Digests here', schedules.map((s) => describeSchedule(s, when(s.nextRunAt, s.timing.timeZone))).join('\n'));
  }
  if (!asker.mayViewPeople) return refusal(NOT_ALLOWED_TO_SCHEDULE);
  if (command.kind === 'off') {
    const removed = await deps.digests.remove(asker.orgId, command.id, where);
    return removed ? notice('Digest removed', `Digest ${shortId(removed.scheduleId)} (${describeTiming(removed.timing)}) will not be posted here again.`) : refusal(`No digest ${command.id} in this conversation (\`digests\` lists them).`);
  }
  const created = await scheduleDigest(deps, asker.orgId, { ...command.request, showPeople: false }, place, asker.userId, now);
  if (typeof created === 'string') return refusal(created);
  const { schedule } = created;
  const id = shortId(schedule.scheduleId);
  const filters = schedule.filters ? ` · ${schedule.filters}` : '';
  const first = when(schedule.nextRunAt, schedule.timing.timeZone);
  return notice('Digest scheduled', `Digest ${id}: ${describeTiming(schedule.timing)} · ${schedule.views.join(', ')}${filters}. The first one comes ${first}. \`digest off ${id}\` stops it.`);
}
