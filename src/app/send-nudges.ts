import { randomUUID } from 'node:crypto';
import { addDays, dateIn } from '../domain/metrics/period.ts';
import { answeredNudgeReply, nudgeReply, type NudgeChoice } from '../domain/nudges/nudge-message.ts';
import { isWorkingTime } from '../domain/nudges/working-hours.ts';
import type { Reply } from '../domain/replies/reply-types.ts';
import type { NudgeStore, PersonContact } from './nudge-ports.ts';
import { PeopleSearchUnavailableError, type ChatPlatform, type ReportReader } from './ports.ts';
import { seatsOverview } from './review-seats.ts';

/**
 * People looked up one by one per org and tick: under Slack's 50 a minute for users.lookupByEmail (Tier 3), so a
 * tick never waits on a rate limit; the others are looked up at the next ticks (they are remembered once found).
 * With more people to look up than this, the tick reads the platform's directory instead (see readDirectories).
 */
export const LOOKUPS_PER_TICK = 40;

export interface NudgeDeps {
  /** default LOOKUPS_PER_TICK */
  lookupsPerTick?: number;
  /** with more people than this to look up, the platforms' directories are read (default LOOKUPS_PER_TICK) */
  directoryFrom?: number;
  nudges: NudgeStore;
  reader: ReportReader;
  platforms: ChatPlatform[];
  now: () => Date;
  onError: (error: unknown) => void;
}

/** A person's contact: remembered, or looked up on the platforms that can (found once, or marked unreachable). */
async function contactOf(deps: NudgeDeps, orgId: string, email: string, known: Map<string, PersonContact>, lookups: { left: number }): Promise<PersonContact | 'later' | null> {
  const remembered = known.get(email);
  if (remembered) return remembered;
  const searchable = deps.platforms.filter((p) => p.findPerson);
  if (searchable.length === 0) return null;
  if (lookups.left <= 0) return 'later';
  lookups.left -= 1;
  for (const platform of searchable) {
    const found = await platform.findPerson!(orgId, email);
    if (found) {
      const contact: PersonContact = { found: true, platform: platform.name, userId: found.userId, timeZone: found.timeZone };
      await deps.nudges.saveContact(orgId, email, contact);
      return contact;
    }
  }
  const contact: PersonContact = { found: false, reason: notFound(searchable) };
  await deps.nudges.saveContact(orgId, email, contact);
  return contact;
}

const notFound = (platforms: ChatPlatform[]) => `no ${platforms.map((p) => p.name).join(' or ')} user with this email`;

/**
 * More people to look up than one tick's lookups: read the directories of the platforms that have one (Slack's
 * users.list: 200 people a call) and remember everyone due found there; when every platform that can look people
 * up has a directory, those found in none are unreachable.
 */
async function readDirectories(deps: NudgeDeps, orgId: string, emails: string[], known: Map<string, PersonContact>): Promise<void> {
  const searchable = deps.platforms.filter((p) => p.findPerson || p.directory);
  const withDirectory = searchable.filter((p) => p.directory);
  if (withDirectory.length === 0) return;
  const found = new Map<string, PersonContact>();
  for (const platform of withDirectory) {
    const people = await platform.directory!(orgId);
    for (const email of emails) {
      const person = people.get(email);
      if (person && !found.has(email)) found.set(email, { found: true, platform: platform.name, userId: person.userId, timeZone: person.timeZone });
    }
  }
  if (withDirectory.length === searchable.length) {
    for (const email of emails) if (!found.has(email)) found.set(email, { found: false, reason: notFound(searchable) });
  }
  await deps.nudges.saveContacts(orgId, found);
  for (const [email, contact] of found) known.set(email, contact);
}

/**
 * The nudge tick: in every org with nudges on, each seat due a nudge (see domain/nudges) whose holder is found in
 * chat and is in working hours now (their time zone, else the org's) gets one direct message, recorded with its
 * delivery in one transaction; the delivery log then sends it exactly once. People outside working hours wait, and
 * so do people beyond the tick's lookups (`later`).
 */
export async function sendNudges(deps: NudgeDeps): Promise<{ nudged: number; waiting: number; unreachable: number; later: number }> {
  const outcome = { nudged: 0, waiting: 0, unreachable: 0, later: 0 };
  const now = deps.now();
  for (const orgId of await deps.nudges.enabledOrgs()) {
    const [overview, context] = await Promise.all([seatsOverview(deps, orgId), deps.reader.context(orgId)]);
    if (!overview || !context) continue;
    const lookups = { left: deps.lookupsPerTick ?? LOOKUPS_PER_TICK };
    const known = await deps.nudges.contacts(orgId);
    const unknown = [...new Set(overview.nudge.map((s) => s.email).filter((email) => !known.has(email)))];
    if (unknown.length > (deps.directoryFrom ?? LOOKUPS_PER_TICK)) {
      try {
        await readDirectories(deps, orgId, unknown, known);
      } catch (error) {
        deps.onError(error);
      }
    }
    for (const seat of overview.nudge) {
      try {
        const contact = await contactOf(deps, orgId, seat.email, known, lookups);
        if (!contact) continue;
        if (contact === 'later') {
          outcome.later += 1;
          continue;
        }
        if (!contact.found) {
          outcome.unreachable += 1;
          continue;
        }
        if (!isWorkingTime(contact.timeZone ?? context.settings.timeZone, now)) {
          outcome.waiting += 1;
          continue;
        }
        const nudgeId = randomUUID();
        const created = await deps.nudges.createNudge(orgId, { nudgeId, seat, sentOn: overview.today, platform: contact.platform, userId: contact.userId, message: nudgeReply(seat, nudgeId) });
        if (created) outcome.nudged += 1;
      } catch (error) {
        deps.onError(error);
        // nobody of this org can be looked up now: the next tick tries again
        if (error instanceof PeopleSearchUnavailableError) break;
      }
    }
  }
  return outcome;
}

/** What answering a nudge needs: the store, the org's zone (for a snooze) and PUBLIC_URL (for the set-up commands). */
export interface NudgeAnswering {
  nudges: NudgeStore;
  reader: ReportReader;
  now: () => Date;
  serverUrl: string | null;
}

/** A button of a nudge pressed: the answer recorded, and the message as it should now read (null: unknown nudge). */
export async function answerNudge(deps: NudgeAnswering, orgId: string, nudgeId: string, choice: NudgeChoice): Promise<Reply | null> {
  const context = await deps.reader.context(orgId);
  if (!context) return null;
  const snoozeUntil = addDays(dateIn(context.settings.timeZone, deps.now()), 14);
  const answered = await deps.nudges.answer(orgId, nudgeId, choice, snoozeUntil);
  return answered ? answeredNudgeReply(answered.seat, choice, deps.serverUrl) : null;
}
