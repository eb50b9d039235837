import { createDb } from '../adapters/postgres/database.ts';
import { migrateToLatest } from '../adapters/postgres/migrator.ts';
import { ConfigError, loadDatabaseConfig } from '../config.ts';

/** `npm run migrate`: applies pending SQL migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadDatabaseConfig();
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL must be set for `npm run migrate` (npm start migrates its embedded database itself).');
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
