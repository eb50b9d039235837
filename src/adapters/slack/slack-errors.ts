import { ConversationGoneError } from '../../app/ports.ts';

/** Slack errors that mean the bot cannot post in the channel (not a member, private channel, DM with someone else). */
export const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_dm_bot', 'missing_scope']);

/** The `error` of a failed Web API call (`not_in_channel`), else null. */
export function slackError(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : null;
}

/** A failed call whose channel is gone or closed to the bot becomes a ConversationGoneError. */
export async function orGone<T>(call: Promise<T>, channel: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const code = slackError(error);
    if (code && code !== 'missing_scope' && CANNOT_POST.has(code)) throw new ConversationGoneError(`Slack channel ${channel}: ${code}`);
    throw error;
  }
}
