import type { PersonRef } from '../domain/commands/command-types.ts';
import { parseAlertCommand } from '../domain/alerts/parse-alert-command.ts';
import { parseDigestCommand } from '../domain/digests/parse-digest-command.ts';
import { parseNudgeAdminCommand } from '../domain/nudges/parse-nudge-admin-command.ts';
import { answerCommand, FAILED, NOT_CONNECTED, type Answer } from './answer-command.ts';
import { answerDigestCommand, type ChatPlace } from './digest-commands.ts';
import { answerAlertCommand } from './alert-commands.ts';
import type { AlertStore, DigestStore } from './digest-ports.ts';
import { refusal } from './chat-notices.ts';
import { answerNudgeAdminCommand } from './nudge-commands.ts';
import type { NudgeStore } from './nudge-ports.ts';
import type { ChatAsker, ReportReader } from './ports.ts';

export interface ChatAnswerDeps {
  reader: ReportReader;
  now: () => Date;
  /** told about unexpected failures (the asker only sees a short apology) */
  onError: (error: unknown) => void;
  /** digest schedules (`digest weekly mon 09:00 …`) and alert rules (`alert adoption < 60%`); absent: not available */
  digests?: DigestStore;
  alerts?: AlertStore;
  /** seat nudges (`nudges on`, `nudges preview`, `seats`); absent: not available */
  nudges?: NudgeStore;
}

/** A command typed (or a control pressed) in chat, with what the platform knows of its sender. */
export interface ChatAsk {
  /** the org of the workspace or tenant; null when it is not connected to Uptake */
  orgId: string | null;
  text: string;
  mode?: 'answer' | 'explain';
  /** the asker's email and permission (platform lookups, the allow-list) */
  asker: (orgId: string) => Promise<ChatAsker>;
  /** a mention or handle in the command, to an email; absent: only typed emails work */
  resolvePerson?: (person: PersonRef) => Promise<string | null>;
  /** the conversation the command was typed in (where a digest created by it goes); absent for button presses */
  place?: ChatPlace;
}

/** How the platform answers: the answer itself, or a one-line failure (not connected, something broke). */
export interface ChatAnswerSink {
  send(answer: Answer): Promise<void>;
  fail(text: string): Promise<void>;
}

/**
 * The one path from a chat command to a delivered answer, for every platform: an unconnected workspace is told so,
 * the answer is built under the asker's permissions, and any failure (lookups, delivery) becomes a short apology.
 */
export async function answerInChat(deps: ChatAnswerDeps, ask: ChatAsk, sink: ChatAnswerSink): Promise<void> {
  if (!ask.orgId) {
    await sink.fail(NOT_CONNECTED).catch(deps.onError);
    return;
  }
  try {
    const asker = await ask.asker(ask.orgId);
    const command = await answerAdminCommand(deps, ask, ask.orgId, asker);
    const answer =
      command ??
      (await answerCommand(
        { reader: deps.reader, resolvePerson: ask.resolvePerson, onError: deps.onError, nudges: deps.nudges },
        ask.text,
        { orgId: ask.orgId, email: asker.email, mayViewPeople: asker.mayViewPeople },
        deps.now(),
        ask.mode ?? 'answer',
      ));
    await sink.send(answer);
  } catch (error) {
    deps.onError(error);
    await sink.fail(FAILED).catch(deps.onError);
  }
}

/**
 * `digest …`, `alert …`, `nudges …` and `seats` (null for a report question). Digests and alerts take effect in
 * the conversation typed in; the nudge commands are org-wide.
 */
async function answerAdminCommand(deps: ChatAnswerDeps, ask: ChatAsk, orgId: string, asker: ChatAsker): Promise<Answer | null> {
  const who = { orgId, ...asker };
  const nudge = parseNudgeAdminCommand(ask.text);
  if (nudge) {
    if (!deps.nudges) return refusal('Seat nudges are not available here.');
    return answerNudgeAdminCommand({ nudges: deps.nudges, reader: deps.reader, now: deps.now }, nudge, who);
  }
  const digest = parseDigestCommand(ask.text);
  const alert = digest ? null : parseAlertCommand(ask.text);
  if (!digest && !alert) return null;
  if (!deps.digests || !deps.alerts || !ask.place) return refusal('Digests and alerts are set in the channel or chat they should post to: type the command there.');
  if (digest) return answerDigestCommand({ digests: deps.digests, reader: deps.reader }, digest, who, ask.place, deps.now());
  return answerAlertCommand({ alerts: deps.alerts, reader: deps.reader }, alert!, who, ask.place, deps.now());
}

/** Whether an answer holds per-person numbers (someone's own usage, per-person views, lists of people): never for a shared channel. */
export function isPersonal(answer: Answer): boolean {
  if (answer.namesPeople === true) return true;
  const request = answer.request;
  return request !== null && (request.scope === 'user' || request.filters.person !== null);
}
