import type { Db } from './database.ts';

export type ChatPlatformName = 'slack' | 'teams';

export type ViewerKind = 'user' | 'usergroup';
export interface ChatViewer {
  kind: ViewerKind;
  id: string;
}

/** Slack user ids start with U or W, user groups with S; a Teams user is their Entra object id (a UUID). */
export function viewerKindOf(platform: ChatPlatformName, id: string): ViewerKind | null {
  if (platform === 'teams') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? 'user' : null;
  if (/^[UW][A-Z0-9]{2,}$/.test(id)) return 'user';
  if (/^S[A-Z0-9]{2,}$/.test(id)) return 'usergroup';
  return null;
}

export async function allowViewer(db: Db, orgId: string, viewer: ChatViewer, platform: ChatPlatformName = 'slack'): Promise<boolean> {
  const result = await db
    .insertInto('chat_viewers')
    .values({ org_id: orgId, platform, subject_kind: viewer.kind, subject_id: viewer.id })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function disallowViewer(db: Db, orgId: string, viewer: ChatViewer, platform: ChatPlatformName = 'slack'): Promise<boolean> {
  const result = await db
    .deleteFrom('chat_viewers')
    .where('org_id', '=', orgId)
    .where('platform', '=', platform)
    .where('subject_kind', '=', viewer.kind)
    .where('subject_id', '=', viewer.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listViewers(db: Db, orgId: string, platform: ChatPlatformName = 'slack'): Promise<ChatViewer[]> {
  const rows = await db
    .selectFrom('chat_viewers')
    .select(['subject_kind', 'subject_id'])
    .where('org_id', '=', orgId)
    .where('platform', '=', platform)
    .orderBy('subject_kind')
    .orderBy('subject_id')
    .execute();
  return rows.map((r) => ({ kind: r.subject_kind, id: r.subject_id }));
}
