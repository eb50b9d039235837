import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/adapters/postgres/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// D1: a Postgres restart under load killed the process with "Unhandled 'error' event": a client checked out of
// the pool (inside a transaction) had no 'error' listener when its server went away.
let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 2 });
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a pooled connection whose server goes away', () => {
  it('does not crash the process while checked out, and the pool serves the next query', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          const { pid } = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!;
          // terminated from another connection while this one sits idle in its transaction: the 'error' event
          // arrives on a checked-out client, between two statements
          await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
          await sleep(300);
          await sql`SELECT 1`.execute(trx);
          return 'committed';
        })
        .catch((error: unknown) => `failed: ${(error as Error).message}`);
      expect(outcome).toMatch(/^failed: /);
      expect(uncaught).toEqual([]);
      const { one } = (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]!;
      expect(one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
