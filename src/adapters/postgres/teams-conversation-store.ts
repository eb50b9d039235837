import type { Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { TeamsConversationsTable } from './schema.ts';
import type { TeamsConversation } from '../../app/ports.ts';

function fromRow(row: Selectable<TeamsConversationsTable>): TeamsConversation {
  return {
    orgId: row.org_id,
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    conversationType: row.conversation_type,
    serviceUrl: row.service_url,
    channelId: row.channel_id,
    botId: row.bot_id,
    userId: row.user_id,
    aadObjectId: row.aad_object_id,
    teamId: row.team_id,
    name: row.name,
  };
}

/** Saves or refreshes a conversation (service URLs change); a conversation belongs to one org. */
export async function saveTeamsConversation(db: Db, c: TeamsConversation): Promise<void> {
  const values = {
    org_id: c.orgId,
    conversation_id: c.conversationId,
    tenant_id: c.tenantId,
    conversation_type: c.conversationType,
    service_url: c.serviceUrl,
    channel_id: c.channelId,
    bot_id: c.botId,
    user_id: c.userId,
    aad_object_id: c.aadObjectId,
    team_id: c.teamId,
    name: c.name,
  };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('teams_conversations').where('conversation_id', '=', c.conversationId).where('org_id', '<>', c.orgId).execute();
    await tx
      .insertInto('teams_conversations')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['org_id', 'conversation_id']).doUpdateSet({
          service_url: c.serviceUrl,
          bot_id: c.botId,
          tenant_id: c.tenantId,
          user_id: (eb) => eb.fn.coalesce('excluded.user_id', 'teams_conversations.user_id'),
          aad_object_id: (eb) => eb.fn.coalesce('excluded.aad_object_id', 'teams_conversations.aad_object_id'),
          team_id: (eb) => eb.fn.coalesce('excluded.team_id', 'teams_conversations.team_id'),
          name: (eb) => eb.fn.coalesce('excluded.name', 'teams_conversations.name'),
          updated_at: new Date(),
        }),
      )
      .execute();
  });
}

export async function findTeamsConversation(db: Db, orgId: string, conversationId: string): Promise<TeamsConversation | null> {
  const row = await db.selectFrom('teams_conversations').selectAll().where('org_id', '=', orgId).where('conversation_id', '=', conversationId).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** A person's personal chat with the bot, by their Entra object id or Teams user id. */
export async function findPersonalConversation(db: Db, orgId: string, userId: string): Promise<TeamsConversation | null> {
  const row = await db
    .selectFrom('teams_conversations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('conversation_type', '=', 'personal')
    .where((eb) => eb.or([eb('aad_object_id', '=', userId), eb('user_id', '=', userId)]))
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function listTeamsConversations(db: Db, orgId: string): Promise<TeamsConversation[]> {
  const rows = await db.selectFrom('teams_conversations').selectAll().where('org_id', '=', orgId).orderBy('conversation_type').orderBy('conversation_id').execute();
  return rows.map(fromRow);
}

/** Forgets a conversation, or every channel of a team when the app is removed from the team. */
export async function forgetTeamsConversation(db: Db, orgId: string, conversationId: string, teamId: string | null): Promise<number> {
  const result = await db
    .deleteFrom('teams_conversations')
    .where('org_id', '=', orgId)
    .where((eb) => (teamId ? eb.or([eb('conversation_id', '=', conversationId), eb('team_id', '=', teamId)]) : eb('conversation_id', '=', conversationId)))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
