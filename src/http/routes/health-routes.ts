import type { FastifyInstance } from 'fastify';

export interface HealthChecks {
  postgres: () => Promise<void>;
  redis: () => Promise<void>;
}

type State = 'ok' | 'down';

/** 'ok' or 'down', never the driver's error: /readyz is public and its text reaches load balancers and users. */
async function probe(check: () => Promise<void>, timeoutMs: number): Promise<State> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /healthz (the process is up) and GET /readyz: each dependency's state. Ingestion needs only Postgres (with
 * Redis down the days stay marked and rollups catch up later), so the instance is ready (200) while Postgres
 * answers, "degraded" when only Redis is down, and 503 only when Postgres is down.
 */
export async function healthRoutes(app: FastifyInstance, checks: HealthChecks): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [postgres, redis] = await Promise.all([probe(checks.postgres, 2000), probe(checks.redis, 2000)]);
    const status = postgres === 'down' ? 'not ready' : redis === 'down' ? 'degraded' : 'ready';
    return reply.code(postgres === 'ok' ? 200 : 503).send({ status, postgres, redis });
  });
}
