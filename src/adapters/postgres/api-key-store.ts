import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database.ts';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyPrincipal {
  orgId: string;
  keyId: string;
  /** the visible part of the key (`upt_<prefix>_…`) */
  prefix: string;
  scopes: Scope[];
  /** When set, the key belongs to this person: events without an email are theirs, reads are limited to them. */
  personEmail: string | null;
}

/** Keys look like `upt_<12 chars>_<32 chars>`; the first part is shown in listings, the whole is never stored. */
const KEY_SHAPE = /^upt_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out.length === length ? out : randomToken(length);
}

function hashSecret(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function looksLikeApiKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

export async function createApiKey(
  db: Db,
  input: { orgId: string; scopes: Scope[]; personEmail?: string | null; name?: string | null },
): Promise<{ key: string; keyId: string; prefix: string }> {
  const prefix = randomToken(12);
  const key = `upt_${prefix}_${randomToken(32)}`;
  const keyId = randomUUID();
  await db
    .insertInto('api_keys')
    .values({
      org_id: input.orgId,
      key_id: keyId,
      prefix,
      secret_hash: hashSecret(key),
      scopes: input.scopes,
      person_email: input.personEmail?.toLowerCase() ?? null,
      name: input.name ?? null,
    })
    .execute();
  return { key, keyId, prefix };
}

/**
 * The principal for a presented key, or null when it is malformed, unknown or revoked. The same statement notes
 * when the key was last used (at most once a minute, so a busy key does not write on every lookup).
 */
export async function findApiKey(db: Db, key: string): Promise<ApiKeyPrincipal | null> {
  const match = KEY_SHAPE.exec(key);
  if (!match) return null;
  const prefix = match[1] as string;
  const hash = hashSecret(key);
  const { rows } = await sql<{ org_id: string; key_id: string; scopes: string[]; person_email: string | null; secret_hash: Buffer }>`
    WITH touched AS (
      UPDATE api_keys SET last_used_at = now()
      WHERE prefix = ${prefix} AND secret_hash = ${hash} AND revoked_at IS NULL
        AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
    SELECT org_id, key_id, scopes, person_email, secret_hash FROM api_keys WHERE prefix = ${prefix} AND revoked_at IS NULL`.execute(db);
  const row = rows[0];
  if (!row || !timingSafeEqual(row.secret_hash, hash)) return null;
  return { orgId: row.org_id, keyId: row.key_id, prefix, scopes: row.scopes as Scope[], personEmail: row.person_email };
}
