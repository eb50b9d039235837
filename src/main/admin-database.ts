import { createDb, type Db } from '../adapters/postgres/database.ts';
import { migrateToLatest } from '../adapters/postgres/migrator.ts';
import type { DatabaseConfig } from '../config.ts';
import { embeddedPostgresUrl, postgresReachable, startEmbeddedPostgres, type LocalService } from './local-services.ts';

/**
 * The database for admin commands: DATABASE_URL, else the embedded one (started for the command when
 * `npm start` is not running it). Migrations are applied first, so admin commands work before the server.
 * Progress lines go to stderr: stdout is the command's result.
 */
export async function openAdminDatabase(config: DatabaseConfig): Promise<{ db: Db; close: () => Promise<void> }> {
  let url = config.DATABASE_URL;
  let embedded: LocalService | null = null;
  if (!url) {
    url = embeddedPostgresUrl(config.EMBEDDED_POSTGRES_PORT);
    if (!(await postgresReachable(url))) {
      embedded = await startEmbeddedPostgres(config.UPTAKE_DATA_DIR, (line) => process.stderr.write(`${line}\n`), config.EMBEDDED_POSTGRES_PORT);
    }
  }
  const db = createDb(url, { max: 2 });
  await migrateToLatest(db);
  return {
    db,
    close: async () => {
      await db.destroy();
      if (embedded) await embedded.stop();
    },
  };
}
