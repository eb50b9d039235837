import { createDb } from '../adapters/postgres/database.ts';
import { migrateToLatest } from '../adapters/postgres/migrator.ts';
import { ConfigError, loadDatabaseConfig } from '../config.ts';
import { createLogger } from '../http/log-redaction.ts';

/** `npm run migrate`: applies pending SQL migrations to DATABASE_URL (it reads only the database settings). */
async function main(): Promise<void> {
  const config = loadDatabaseConfig();
  const logger = createLogger(config.LOG_LEVEL === 'silent' ? 'silent' : 'info');
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL must be set for `npm run migrate` (npm start migrates its embedded database itself).');
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    const applied = await migrateToLatest(db);
    logger.info(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  createLogger('info').fatal(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
