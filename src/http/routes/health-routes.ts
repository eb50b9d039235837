import type { FastifyInstance } from 'fastify';

export interface HealthChecks {
  postgres: () => Promise<void>;
  redis: () => Promise<void>;
}

async function probe(check: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `unavailable: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz (the process is up) and GET /readyz (Postgres and Redis answer). */
export async function healthRoutes(app: FastifyInstance, checks: HealthChecks): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [postgres, redis] = await Promise.all([probe(checks.postgres, 2000), probe(checks.redis, 2000)]);
    const ready = postgres === 'ok' && redis === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, redis });
  });
}
