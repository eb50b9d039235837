import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { createApiKey, type Scope } from '../../src/adapters/postgres/api-key-store.ts';
import { createOrg } from '../../src/adapters/postgres/org-store.ts';
import { createApp, type AppSettings } from '../../src/main/create-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestOrg {
  orgId: string;
  ingestKey: string;
  readKey: string;
  adminKey: string;
}

export interface TestContext extends TestDatabase {
  app: FastifyInstance;
  createOrg: (name?: string) => Promise<TestOrg>;
  createKey: (orgId: string, scopes: Scope[], email?: string) => Promise<string>;
  close: () => Promise<void>;
}

/** The real app on a fresh database and the real Redis. */
export async function createTestApp(overrides: Partial<AppSettings> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  const app = await createApp({
    db: database.db,
    pingRedis: async () => {
      await redis.ping();
    },
    bodyLimit: 16 * 1024 * 1024,
    wireBodyLimit: 8 * 1024 * 1024,
    logLevel: 'silent',
    ...overrides,
  });
  const createKey = async (orgId: string, scopes: Scope[], email?: string) =>
    (await createApiKey(database.db, { orgId, scopes, personEmail: email ?? null })).key;
  return {
    ...database,
    app,
    createKey,
    createOrg: async (name = 'acme') => {
      const { orgId } = await createOrg(database.db, { name });
      return {
        orgId,
        ingestKey: await createKey(orgId, ['ingest']),
        readKey: await createKey(orgId, ['read']),
        adminKey: await createKey(orgId, ['admin']),
      };
    },
    close: async () => {
      await app.close();
      redis.disconnect();
      await database.drop();
    },
  };
}
