import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/adapters/postgres/database.ts';
import { createApp } from '../../src/main/create-app.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// D5 and D10: /readyz went 503 when only Redis was down, so a load balancer drained instances that could still
// ingest; and it showed the driver's error text ("connect ECONNREFUSED 127.0.0.1:…") to anyone.
const redisDown = async () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:56399'), { code: 'ECONNREFUSED' });
};

let ctx: TestContext;
let unreachableDb: Db;
beforeAll(async () => {
  ctx = await createTestApp({ pingRedis: redisDown });
  unreachableDb = createDb('postgres://postgres@127.0.0.1:1/postgres', { max: 1 });
});
afterAll(async () => {
  await unreachableDb.destroy();
  await ctx.close();
});

describe('GET /readyz', () => {
  it('is 200 with each dependency state when only Redis is down, without driver errors', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'degraded', postgres: 'ok', redis: 'down' });
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('is 503 when Postgres is down, without driver errors', async () => {
    const app = await createApp({ db: unreachableDb, pingRedis: async () => {}, bodyLimit: 1e6, wireBodyLimit: 1e6, logLevel: 'silent' });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not ready', postgres: 'down', redis: 'ok' });
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      await app.close();
    }
  });
});
