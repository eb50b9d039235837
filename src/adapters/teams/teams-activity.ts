import type { Activity } from 'botbuilder';

/** What a button on an Uptake card sends back (Action.Submit data, with the view picker's choice). */
export interface CardAction {
  kind: 'view' | 'scope' | 'explain' | 'share' | 'nudge' | 'csv';
  command: string;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const COMMAND_PREFIX = /^\/?ai-adoption\b\s*/i;

/**
 * The command in a message: mentions of people become `replacements` (their email), the bot's own mention and any
 * other markup go, and the optional `ai-adoption` / `/ai-adoption` prefix is dropped.
 */
export function commandText(text: string, mentionText: (inner: string) => string): string {
  const plain = text
    .replace(/<at>([^<]*)<\/at>/gi, (_m, inner: string) => mentionText(inner))
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
  return plain.replace(COMMAND_PREFIX, '').trim();
}

export function tenantOf(activity: Partial<Activity>): string | null {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
  return id && id.length <= 100 ? id : null;
}

export function conversationKindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** The team of a channel conversation (channelData.team.id), else null. */
export function teamOf(activity: Partial<Activity>): string | null {
  const id = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof id === 'string' ? id : null;
}

const KINDS = new Set(['view', 'scope', 'explain', 'share', 'nudge', 'csv']);

/** A press of one of our card's buttons (a message whose `value` carries our data), else null. */
export function cardActionOf(activity: Partial<Activity>): CardAction | null {
  const value = activity.value as { uptake?: unknown; command?: unknown; uptakeView?: unknown } | undefined;
  if (!value || typeof value.uptake !== 'string' || !KINDS.has(value.uptake)) return null;
  const command = value.uptake === 'view' ? value.uptakeView : value.command;
  if (typeof command !== 'string' || command.length === 0 || command.length > 500) return null;
  return { kind: value.uptake as CardAction['kind'], command };
}
