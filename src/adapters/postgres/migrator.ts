import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

interface SqlFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

async function readSqlFiles(dir: string): Promise<SqlFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      return { name: file.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}

class SqlFileProvider implements MigrationProvider {
  constructor(private readonly files: SqlFile[]) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of this.files) {
      migrations[file.name] = {
        up: async (db) => {
          await sql.raw(file.sql).execute(db);
          await sql`INSERT INTO uptake_migration_checksums (name, checksum) VALUES (${file.name}, ${file.checksum})`.execute(db);
        },
      };
    }
    return migrations;
  }
}

/** Applies the plain SQL files of `migrations/` in name order; forward only; refuses edited files. */
export async function migrateToLatest(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readSqlFiles(dir);
  await sql`CREATE TABLE IF NOT EXISTS uptake_migration_checksums (name text PRIMARY KEY, checksum text NOT NULL)`.execute(db);
  const applied = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM uptake_migration_checksums`.execute(db);
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied.rows) {
    const file = byName.get(row.name);
    if (!file) throw new MigrationError(`Migration ${row.name}.sql was applied but is missing from ${dir}`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name}.sql was edited after it was applied. Migrations are forward-only: restore the file and add a new one.`,
      );
    }
  }
  const migrator = new Migrator({
    db,
    provider: new SqlFileProvider(files),
    migrationTableName: 'uptake_migrations',
    migrationLockTableName: 'uptake_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
