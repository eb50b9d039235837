import type { Db } from '../adapters/postgres/database.ts';
import { orgExists } from '../adapters/postgres/org-store.ts';
import { loadDatabaseConfig } from '../config.ts';
import { openAdminDatabase } from './admin-database.ts';

export { CliOutcome, UsageError } from '../cli/cli-outcome.ts';
import { UsageError } from '../cli/cli-outcome.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireOrgId(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw new UsageError('--org <orgId> is required (the orgId printed by `uptake admin org create`).');
  return value;
}

/** Runs an admin command against the admin database, for an org that must exist. */
export async function withOrg<T>(orgId: string, work: (db: Db) => Promise<T>): Promise<T> {
  const { db, close } = await openAdminDatabase(loadDatabaseConfig());
  try {
    if (!(await orgExists(db, orgId))) throw new UsageError(`No org ${orgId} in this database.`);
    return await work(db);
  } finally {
    await close();
  }
}
