import type { Db } from './database.ts';
import { createApiKey, type Scope } from './api-key-store.ts';

/** A key as listed to its org's admins: never the key, only its visible prefix. */
export interface ApiKeyListing {
  prefix: string;
  scopes: Scope[];
  email: string | null;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every key of the org, newest first, revoked ones included. */
export async function listApiKeys(db: Db, orgId: string): Promise<ApiKeyListing[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['prefix', 'scopes', 'person_email', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('prefix')
    .execute();
  return rows.map((r) => ({
    prefix: r.prefix,
    scopes: r.scopes as Scope[],
    email: r.person_email,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export type KeyChange<T> = { found: false } | ({ found: true } & T);

/** Revokes the org's key with `prefix` (a second revoke keeps the first time). */
export async function revokeApiKey(db: Db, orgId: string, prefix: string): Promise<KeyChange<{ revokedAt: string }>> {
  await db.updateTable('api_keys').set({ revoked_at: new Date() }).where('org_id', '=', orgId).where('prefix', '=', prefix).where('revoked_at', 'is', null).execute();
  const row = await db.selectFrom('api_keys').select('revoked_at').where('org_id', '=', orgId).where('prefix', '=', prefix).executeTakeFirst();
  return row?.revoked_at ? { found: true, revokedAt: row.revoked_at.toISOString() } : { found: false };
}

/**
 * Replaces the org's active key with `prefix` by a new one with the same scopes, person and name, and revokes it,
 * in one transaction. A revoked or unknown key is not found.
 */
export async function rotateApiKey(db: Db, orgId: string, prefix: string): Promise<KeyChange<{ key: string; prefix: string; revokedPrefix: string }>> {
  return db.transaction().execute(async (trx) => {
    const old = await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('org_id', '=', orgId)
      .where('prefix', '=', prefix)
      .where('revoked_at', 'is', null)
      .returning(['scopes', 'person_email', 'name'])
      .executeTakeFirst();
    if (!old) return { found: false } as const;
    const created = await createApiKey(trx, { orgId, scopes: old.scopes as Scope[], personEmail: old.person_email, name: old.name });
    return { found: true, key: created.key, prefix: created.prefix, revokedPrefix: prefix } as const;
  });
}

/** Whether the org's key `keyId` exists and is not revoked (signed chart links die with the key that made them). */
export async function isApiKeyActive(db: Db, orgId: string, keyId: string): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('key_id').where('org_id', '=', orgId).where('key_id', '=', keyId).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}
