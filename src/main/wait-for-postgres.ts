import { sql } from 'kysely';
import type { Db } from '../adapters/postgres/database.ts';
import { describeError } from './outage-log.ts';

export interface Backoff {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The delay before the given retry (1, 2, …): doubling from `firstDelayMs`, at most `maxDelayMs`. */
export function backoffDelay(retry: number, backoff: Backoff): number {
  return Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** (retry - 1));
}

/**
 * Waits until Postgres answers, retrying with exponential backoff and one log line per retry (no stack), so a
 * server started before its database (a host reboot, `docker compose up`) comes up when the database does.
 */
export function waitForPostgres(db: Db, log: (line: string) => void, backoff: Backoff): Promise<void> {
  return waitUntilReachable('Postgres', () => sql`SELECT 1`.execute(db), log, backoff);
}

export async function waitUntilReachable(
  name: string,
  ping: () => Promise<unknown>,
  log: (line: string) => void,
  backoff: Backoff,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  for (let retry = 1; ; retry += 1) {
    try {
      await ping();
      if (retry > 1) log(`${name} is reachable.`);
      return;
    } catch (error) {
      const delay = backoffDelay(retry, backoff);
      log(`${name} is not reachable (${describeError(error)}); retry ${retry} in ${(delay / 1000).toFixed(1)} s.`);
      await sleep(delay);
    }
  }
}
