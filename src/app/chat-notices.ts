import { errorReply, textReply } from '../domain/replies/build-reply.ts';
import type { Answer } from './answer-command.ts';

/** A short answer in chat that is not a report (a digest or an alert set, listed, removed). */
export const notice = (title: string, body: string): Answer => ({ reply: textReply('explain', title, body), request: null, report: null });

/** A command that cannot be carried out, and what to fix. */
export const refusal = (message: string): Answer => ({ reply: errorReply(message), request: null, report: null });
