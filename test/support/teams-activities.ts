import { randomUUID } from 'node:crypto';
import type { TeamsUser } from './bot-connector-double.ts';

export const BOT = { id: '28:uptake-bot', name: 'Uptake' };

export interface Conversation {
  id: string;
  type: 'personal' | 'groupChat' | 'channel';
  tenantId: string;
  teamId?: string;
}

/** A Teams activity as the Bot Framework delivers it to POST /api/messages. */
export function activity(conversation: Conversation, from: TeamsUser, serviceUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `1${Math.floor(Math.random() * 1e12)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: conversation.id, conversationType: conversation.type, tenantId: conversation.tenantId, isGroup: conversation.type !== 'personal' },
    channelData: { tenant: { id: conversation.tenantId }, ...(conversation.teamId ? { team: { id: conversation.teamId }, channel: { id: conversation.id } } : {}) },
    locale: 'en-US',
    ...extra,
  };
}

/** A message; in a channel or group chat Teams puts the bot's @mention in the text and in `entities`. */
export function message(conversation: Conversation, from: TeamsUser, serviceUrl: string, text: string, mentions: TeamsUser[] = []): Record<string, unknown> {
  const mentionsBot = conversation.type !== 'personal';
  const people = mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } }));
  return activity(conversation, from, serviceUrl, {
    text: `${mentionsBot ? `<at>${BOT.name}</at> ` : ''}${text}`,
    textFormat: 'plain',
    entities: [...(mentionsBot ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : []), ...people],
  });
}

/** A press of an Action.Submit button on the card with id `cardId`. */
export function cardAction(conversation: Conversation, from: TeamsUser, serviceUrl: string, cardId: string, value: Record<string, unknown>): Record<string, unknown> {
  return activity(conversation, from, serviceUrl, { replyToId: cardId, value, text: '' });
}

export function newConversationId(kind: Conversation['type']): string {
  return kind === 'channel' ? `19:${randomUUID().replace(/-/g, '')}@thread.tacv2` : `a:${randomUUID()}`;
}
