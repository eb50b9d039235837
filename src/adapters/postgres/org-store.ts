import { randomUUID } from 'node:crypto';
import type { Db } from './database.ts';

export async function createOrg(db: Db, input: { name: string; timeZone?: string }): Promise<{ orgId: string }> {
  const orgId = randomUUID();
  await db.insertInto('orgs').values({ org_id: orgId, name: input.name, time_zone: input.timeZone ?? 'UTC' }).execute();
  return { orgId };
}

export async function orgExists(db: Db, orgId: string): Promise<boolean> {
  const row = await db.selectFrom('orgs').select('org_id').where('org_id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}
