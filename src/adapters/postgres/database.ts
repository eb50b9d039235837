import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** Swallows a connection's 'error' event: the query (or the next checkout) reports the failure to its caller. */
const ignoreConnectionError = (): void => {};

export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // A client that loses its server emits 'error'. The pool listens only while the client is idle; a client checked
  // out (a transaction, a query between two statements) has no listener, and an 'error' event without one kills
  // the process (a Postgres restart under load). Every client gets its own listener for its whole life.
  pool.on('connect', (client) => {
    client.on('error', ignoreConnectionError);
    // Queries here are short and run side by side (a report runs 4-8 at once); parallel workers only add start-up
    // time and compete for the same cores (a 10 ms report query took 26 ms with them). The full rollup rebuild
    // asks for them where they pay off. Queued before the caller's first query on this connection.
    client.query('SET max_parallel_workers_per_gather = 0').catch(ignoreConnectionError);
  });
  pool.on('error', ignoreConnectionError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
