import type { Db } from './database.ts';

/** Links a Teams tenant to an org (a tenant belongs to one org: linking it again moves it). */
export async function linkTenant(db: Db, orgId: string, tenantId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('teams_tenants').where('tenant_id', '=', tenantId).execute();
    await tx.insertInto('teams_tenants').values({ org_id: orgId, tenant_id: tenantId }).execute();
  });
}

export async function unlinkTenant(db: Db, orgId: string, tenantId: string): Promise<boolean> {
  const result = await db.deleteFrom('teams_tenants').where('org_id', '=', orgId).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function orgOfTenant(db: Db, tenantId: string): Promise<string | null> {
  const row = await db.selectFrom('teams_tenants').select('org_id').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.org_id ?? null;
}

export async function listTenants(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('teams_tenants').select('tenant_id').where('org_id', '=', orgId).orderBy('tenant_id').execute();
  return rows.map((r) => r.tenant_id);
}
