import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/adapters/postgres/database.ts';
import { migrateToLatest, MigrationError } from '../../src/adapters/postgres/migrator.ts';
import { createTestDatabase } from '../support/test-database.ts';

const name = `uptake_m_${randomBytes(5).toString('hex')}`;
let db: Db;

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('databaseUrl') });
  await c.connect();
  await c.query(query);
  await c.end();
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  db = createDb(url.toString(), { max: 2 });
});
afterAll(async () => {
  await db.destroy();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('migrateToLatest', () => {
  it('applies SQL files in name order, once, and refuses an edited applied file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uptake-migrations-'));
    await writeFile(path.join(dir, '0002_b.sql'), 'ALTER TABLE a ADD COLUMN y int;');
    await writeFile(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x int); CREATE TABLE a_log (x int);');
    expect(await migrateToLatest(db, dir)).toEqual(['0001_a', '0002_b']);
    expect(await migrateToLatest(db, dir)).toEqual([]);
    const columns = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'a' ORDER BY column_name`.execute(db);
    expect(columns.rows.map((r) => r.column_name)).toEqual(['x', 'y']);

    await writeFile(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x bigint);');
    await expect(migrateToLatest(db, dir)).rejects.toThrow(MigrationError);
    await expect(migrateToLatest(db, dir)).rejects.toThrow(/0001_a\.sql was edited/);
  });

  it('applies the project migrations: every table keys on org_id first', async () => {
    const migrated = await createTestDatabase();
    const template = migrated.db;
    try {
      const keys = await sql<{ table_name: string; first_column: string }>`
        SELECT tc.table_name, kcu.column_name AS first_column
        FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.ordinal_position = 1
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name NOT LIKE 'uptake_migration%'`.execute(template);
      expect(keys.rows.length).toBeGreaterThanOrEqual(6);
      for (const row of keys.rows) expect(`${row.table_name}.${row.first_column}`).toBe(`${row.table_name}.org_id`);
    } finally {
      await migrated.drop();
    }
  });
});
