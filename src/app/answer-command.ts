import type { ChatQuery, PersonRef } from '../domain/commands/command-types.ts';
import { fullCommand } from '../domain/commands/format-command.ts';
import { parseCommand } from '../domain/commands/parse-command.ts';
import type { Report } from '../domain/metrics/report-types.ts';
import { dateIn } from '../domain/metrics/period.ts';
import { describeNudgeOutcome } from '../domain/nudges/nudge-message.ts';
import { buildReply, errorReply, explainReply, helpReply } from '../domain/replies/build-reply.ts';
import { coverageOf } from '../domain/replies/coverage.ts';
import type { Reply } from '../domain/replies/reply-types.ts';
import { buildReport, ReportError, type ReportRequest } from './build-report.ts';
import { chatReportRequest, type ChatCaller } from './chat-report-request.ts';
import type { NudgeStore } from './nudge-ports.ts';
import type { ReportReader } from './ports.ts';
import { valueNudgeOutcome } from './value-nudge-outcome.ts';

export interface AnswerDeps {
  reader: ReportReader;
  /** the chat platform's lookup of a mention or handle to an email; absent: only typed emails work */
  resolvePerson?: (person: PersonRef) => Promise<string | null>;
  /** what seat nudges achieved, a line of the value view; absent: no line */
  nudges?: Pick<NudgeStore, 'outcome'>;
  /** told about unexpected failures (the asker only sees a short apology) */
  onError?: (error: unknown) => void;
}

/** The reply, and the report request behind it (the charts are drawn from the same request). */
export interface Answer {
  reply: Reply;
  request: ReportRequest | null;
  report: Report | null;
  /** the answer lists people (seat nudges, reclaim list): only ever shown to the asker */
  namesPeople?: boolean;
}

export const NOT_CONNECTED = 'This workspace is not connected to an Uptake org yet. Ask your Uptake admin to install the app.';
export const FAILED = 'Something went wrong while building this answer. Please try again in a minute.';

/** The command again with an unknown filter value replaced by the org's closest one. */
function correction(error: ReportError, query: ChatQuery | null): string | null {
  if (!error.fix?.replacement || !query) return null;
  return fullCommand({ ...query, filters: { ...query.filters, [error.fix.field]: error.fix.replacement } });
}

async function personEmail(deps: AnswerDeps, person: PersonRef | null): Promise<string | null> {
  if (person === null) return null;
  if (person.kind === 'email') return person.email;
  return deps.resolvePerson ? deps.resolvePerson(person) : null;
}

/**
 * Answers a chat command (the text after the slash command) for an asker: parse, apply the chat permissions, build
 * the report and the reply. Never throws: bad input gets help or an error reply, never a stack trace.
 * `explain` answers what the numbers of the command's view mean instead of the numbers.
 */
export async function answerCommand(deps: AnswerDeps, text: string, asker: ChatCaller, now: Date, mode: 'answer' | 'explain' = 'answer'): Promise<Answer> {
  const none = { request: null, report: null };
  let query: ChatQuery | null = null;
  try {
    const context = await deps.reader.context(asker.orgId);
    if (!context) return { reply: errorReply(NOT_CONNECTED), ...none };
    const parsed = parseCommand(text, dateIn(context.settings.timeZone, now));
    if (parsed.kind === 'help') return { reply: helpReply(), ...none };
    if (parsed.kind === 'error') return { reply: errorReply(parsed.message, parsed.suggestion), ...none };
    query = parsed.query;
    if (mode === 'explain') return { reply: explainReply(query), ...none };
    const plan = chatReportRequest(query, asker, await personEmail(deps, query.filters.person));
    const [report, spans] = await Promise.all([buildReport(deps.reader, plan.request, now), deps.reader.activitySpans(asker.orgId, null)]);
    const lastActive = new Map([...spans.entries()].map(([person, span]) => [person, span.lastDay]));
    const coverage = coverageOf(context.seats, lastActive, report.period.from, report.period.to);
    const outcome = deps.nudges ? await valueNudgeOutcome(deps.nudges, asker.orgId, report) : null;
    const nudgeLine = outcome ? describeNudgeOutcome(outcome) : null;
    const notes = nudgeLine ? [...plan.notes, `${nudgeLine}.`] : plan.notes;
    const reply = buildReply({ query, report, notes, coverage, mayViewPeople: asker.mayViewPeople, now });
    return { reply, request: plan.request, report };
  } catch (error) {
    if (error instanceof ReportError) return { reply: errorReply(error.message, correction(error, query)), ...none };
    deps.onError?.(error);
    return { reply: errorReply(FAILED), ...none };
  }
}
