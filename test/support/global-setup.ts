import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/adapters/postgres/database.ts';
import { migrateToLatest } from '../../src/adapters/postgres/migrator.ts';
import {
  EMBEDDED_POSTGRES_URL,
  postgresReachable,
  startEmbeddedPostgres,
  startLocalRedis,
  type LocalService,
} from '../../src/main/local-services.ts';

/** Per run, so test runs in two checkouts on one server never drop each other's template. */
const TEMPLATE_DATABASE = `uptake_test_template_${process.pid}`;

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    templateDatabase: string;
  }
}

/**
 * Uses DATABASE_URL and REDIS_URL when set, else the same embedded defaults as `npm start`. Builds a migrated
 * template database that each test file clones (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local: LocalService[] = [];
  const dataDir = process.env['UPTAKE_DATA_DIR'] || '.uptake';
  const log = (line: string) => console.log(`[test setup] ${line}`);
  let databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    databaseUrl = EMBEDDED_POSTGRES_URL;
    if (!(await postgresReachable(databaseUrl))) local.push(await startEmbeddedPostgres(dataDir, log));
  }
  let redisUrl = process.env['REDIS_URL'];
  if (!redisUrl) {
    const service = await startLocalRedis(dataDir, log).catch(async (error: unknown) => {
      // A server started by `npm start` may already hold the port.
      const url = 'redis://127.0.0.1:63799';
      const { Redis } = await import('ioredis');
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        return { url, stop: async () => {} };
      } catch {
        throw error;
      } finally {
        probe.disconnect();
      }
    });
    local.push(service);
    redisUrl = service.url;
  }

  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(databaseUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const db = createDb(templateUrl.toString(), { max: 1 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return async () => {
    const cleanup = new pg.Client({ connectionString: databaseUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await cleanup.end();
    for (const service of local.reverse()) await service.stop();
  };
}
