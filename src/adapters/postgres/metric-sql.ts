import { sql, type RawBuilder } from 'kysely';

// The SQL of the catalogue's metrics (src/domain/metrics/catalogue.ts), written once. `alias` is a row of the
// events table (`e`) or of a rollup table (`r`, `d`): both have the token columns; rollups have prompts and requests.

/** `totalTokens`: input + output. Cache reads and writes are their own figures (`cacheReadTokens`, `cacheCreationTokens`). */
export function totalTokensSql(alias: string): RawBuilder<number> {
  return sql<number>`(${sql.ref(`${alias}.input_tokens`)} + ${sql.ref(`${alias}.output_tokens`)})`;
}

/** Activity of a rollup row: prompts + model requests (what makes a person active, and what "declining" compares). */
export function activitySql(alias: string): RawBuilder<number> {
  return sql<number>`(${sql.ref(`${alias}.prompts`)} + ${sql.ref(`${alias}.requests`)})`;
}

/** A rollup row that makes its person an active user: it has a person and some activity. */
export function activeRowSql(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${activitySql(alias)} > 0 AND ${sql.ref(`${alias}.person`)} <> '')`;
}
