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
  pool.on('connect', (client) => client.on('error', ignoreConnectionError));
  pool.on('error', ignoreConnectionError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
