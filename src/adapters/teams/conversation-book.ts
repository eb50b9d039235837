import type { TeamsConversation } from '../../app/ports.ts';

export type { TeamsConversation };

/** Where conversation references live (Postgres), always within one org. */
export interface ConversationBook {
  save(conversation: TeamsConversation): Promise<void>;
  find(orgId: string, conversationId: string): Promise<TeamsConversation | null>;
  /** a person's personal chat with the bot, by Teams user id or Entra object id */
  findPersonal(orgId: string, userId: string): Promise<TeamsConversation | null>;
  list(orgId: string): Promise<TeamsConversation[]>;
  forget(orgId: string, conversationId: string, teamId: string | null): Promise<void>;
}

/** Which org a tenant belongs to (TEAMS_ORG_ID, or a link made with `uptake admin teams link`). */
export type TenantDirectory = (tenantId: string) => Promise<string | null>;

/** A channel conversation id may carry the thread it was written in: `19:…@thread.tacv2;messageid=123`. */
export function splitThread(conversationId: string): { base: string; threadId: string | null } {
  const at = conversationId.indexOf(';messageid=');
  return at < 0 ? { base: conversationId, threadId: null } : { base: conversationId.slice(0, at), threadId: conversationId.slice(at + ';messageid='.length) };
}
