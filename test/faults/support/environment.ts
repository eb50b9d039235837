import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../../src/adapters/postgres/database.ts';
import { createFaultOrg, openFaultDb, type FaultOrg } from './fault-db.ts';
import { createPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';
import { freePort, waitFor } from './ports.ts';
import { createRedisServer, type RedisServer } from './redis-server.ts';
import { okAnswers, startLoad, type Load } from './load.ts';
import { startServer, waitListening, type ServerProcess } from './server-process.ts';

/** A test file's own Postgres cluster, redis-server, migrated database, org, and the servers it started. */
export interface FaultEnvironment {
  readonly pg: PostgresCluster;
  readonly redis: RedisServer;
  readonly db: Db;
  readonly org: FaultOrg;
  /** the HTTP port its servers listen on */
  readonly port: number;
  /** starts a server process on this environment's services; every one is killed after the file */
  start(role?: 'all' | 'api' | 'worker', extra?: Record<string, string>): ServerProcess;
}

export function useFaultEnvironment(name: string): FaultEnvironment {
  const servers: ServerProcess[] = [];
  let state: { pg: PostgresCluster; redis: RedisServer; db: Db; org: FaultOrg; port: number } | undefined;
  const get = () => {
    if (!state) throw new Error('the fault environment is not set up yet');
    return state;
  };
  beforeAll(async () => {
    const pg = await createPostgresCluster();
    const redis = await createRedisServer();
    const db = await openFaultDb(pg.url);
    state = { pg, redis, db, org: await createFaultOrg(db, name), port: await freePort(54_400) };
  });
  afterAll(async () => {
    for (const server of servers) await server.kill9();
    await state?.db.destroy();
    await state?.redis.stop();
    await state?.pg.destroy();
  });
  return {
    get pg() { return get().pg; },
    get redis() { return get().redis; },
    get db() { return get().db; },
    get org() { return get().org; },
    get port() { return get().port; },
    start(role = 'all', extra = {}) {
      const { pg, redis, port } = get();
      const server = startServer({ databaseUrl: pg.url, redisUrl: redis.url, port, role, extra });
      servers.push(server);
      return server;
    },
  };
}

/** Starts a server (role all) and six senders, and returns once `batches` batches were acknowledged. */
export async function serverUnderLoad(env: FaultEnvironment, tag: string, batches: number): Promise<{ server: ServerProcess; load: Load }> {
  const server = env.start();
  await waitListening(server);
  const load = startLoad(env.port, env.org.ingestKey, { senders: 6, tag });
  await waitFor(`${batches} acknowledged batches`, () => okAnswers(load.outcome) >= batches, 60_000);
  return { server, load };
}
