import type { PersonRef } from '../domain/commands/command-types.ts';
import { parseAlertCommand } from '../domain/alerts/parse-alert-command.ts';
import { parseDigestCommand } from '../domain/digests/parse-digest-command.ts';
import { errorReply } from '../domain/replies/build-reply.ts';
import { answerCommand, FAILED, NOT_CONNECTED, type Answer } from './answer-command.ts';
import { answerDigestCommand, type ChatPlace } from './digest-commands.ts';
import { answerAlertCommand } from './alert-commands.ts';
import type { AlertStore, DigestStore } from './digest-ports.ts';
import type { ChatAsker, ReportReader } from './ports.ts';

export interface ChatAnswerDeps {
  reader: ReportReader;
  now: () => Date;
  /** told about unexpected failures (the asker only sees a short apology) */
  onError: (error: unknown) => void;
  /** digest schedules (`digest weekly mon 09:00 …`) and alert rules (`alert adoption < 60%`); absent: not available */
  digests?: DigestStore;
  alerts?: AlertStore;
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
    const scheduling = await answerSchedulingCommand(deps, ask, ask.orgId, asker);
    const answer =
      scheduling ??
      (await answerCommand(
        { reader: deps.reader, resolvePerson: ask.resolvePerson, onError: deps.onError },
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

/** `digest …` and `alert …` commands (null for a report question): they take effect in the conversation typed in. */
async function answerSchedulingCommand(deps: ChatAnswerDeps, ask: ChatAsk, orgId: string, asker: ChatAsker): Promise<Answer | null> {
  const digest = parseDigestCommand(ask.text);
  const alert = digest ? null : parseAlertCommand(ask.text);
  if (!digest && !alert) return null;
  if (!deps.digests || !deps.alerts || !ask.place) {
    return { reply: errorReply('Digests and alerts are set in the channel or chat they should post to: type the command there.'), request: null, report: null };
  }
  const who = { orgId, ...asker };
  if (digest) return answerDigestCommand({ digests: deps.digests, reader: deps.reader }, digest, who, ask.place, deps.now());
  return answerAlertCommand({ alerts: deps.alerts, reader: deps.reader }, alert!, who, ask.place, deps.now());
}

/** Whether an answer holds per-person numbers (someone's own usage, or per-person views): never for a shared channel. */
export function isPersonal(answer: Answer): boolean {
  const request = answer.request;
  return request !== null && (request.scope === 'user' || request.filters.person !== null);
}
