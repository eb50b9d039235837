import os from 'node:os';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/adapters/postgres/database.ts';
import { loadConfig } from '../src/config.ts';

/**
 * The database of `npm run seed:synthetic` and its org (the one with most events unless `org` is given), with a
 * line saying what it holds and on which machine.
 */
export async function openSeededOrg(databaseUrl: string | undefined, org: string | undefined, log: (line: string) => void): Promise<{ db: Db; orgId: string }> {
  const url = databaseUrl ?? loadConfig(process.env).DATABASE_URL;
  if (!url) throw new Error('Give --database-url or DATABASE_URL (a database seeded with `npm run seed:synthetic`).');
  const db = createDb(url, { max: 10 });
  const orgId = org ?? (await sql<{ org_id: string }>`SELECT org_id FROM events GROUP BY org_id ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0]?.org_id;
  if (!orgId) throw new Error('No events in this database: run `npm run seed:synthetic` first.');
  const count = await sql<{ n: string }>`SELECT count(*)::text AS n FROM events WHERE org_id = ${orgId}`.execute(db);
  log(`org ${orgId}: ${Number(count.rows[0]!.n).toLocaleString('en-US')} events; ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
  return { db, orgId };
}
