import type { FastifyInstance } from 'fastify';
import type { PostgresStores } from '../../adapters/postgres/postgres-stores.ts';
import { authenticated, HttpError, type KeyLookup } from '../auth.ts';

const PREFIX = /^[A-Za-z0-9]{12}$/;

function prefixParam(value: string): string {
  if (!PREFIX.test(value)) throw new HttpError(400, `"${value}" is not a key prefix: give the 12 characters after "upt_".`);
  return value;
}

const notFound = (prefix: string, what: string) => new HttpError(404, `No ${what} with prefix ${prefix} in this org (see GET /api/v1/keys).`);

/** The org's API keys for its admins: GET /api/v1/keys, POST /api/v1/keys/{prefix}/revoke, POST /api/v1/keys/{prefix}/rotate. */
export async function keyRoutes(app: FastifyInstance, options: { keys: PostgresStores['keys']; lookupKey: KeyLookup }): Promise<void> {
  const admin = authenticated(options.lookupKey, 'admin');

  app.get('/api/v1/keys', admin, async (request) => ({ keys: await options.keys.list(request.principal!.orgId) }));

  app.post<{ Params: { prefix: string } }>('/api/v1/keys/:prefix/revoke', admin, async (request) => {
    const prefix = prefixParam(request.params.prefix);
    const outcome = await options.keys.revoke(request.principal!.orgId, prefix);
    if (!outcome.found) throw notFound(prefix, 'key');
    return { prefix, revokedAt: outcome.revokedAt };
  });

  app.post<{ Params: { prefix: string } }>('/api/v1/keys/:prefix/rotate', admin, async (request, reply) => {
    const prefix = prefixParam(request.params.prefix);
    const outcome = await options.keys.rotate(request.principal!.orgId, prefix);
    if (!outcome.found) throw notFound(prefix, 'active key');
    return reply.code(201).send({ key: outcome.key, prefix: outcome.prefix, revokedPrefix: outcome.revokedPrefix });
  });
}
