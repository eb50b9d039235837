import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../adapters/postgres/database.ts';
import { findApiEvent, lastArrivalFor } from '../../adapters/postgres/ingest-status-store.ts';
import { normalizeEmail } from '../../domain/events/identity.ts';
import { LIMITS } from '../../domain/events/limits.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';

const querySchema = z
  .object({
    email: z.string().max(LIMITS.maxEmailLength).optional(),
    tool: z.string().trim().toLowerCase().min(1).max(64).optional(),
    testId: z.string().trim().min(1).max(LIMITS.maxIdLength).optional(),
  })
  .strict();

/**
 * GET /api/v1/ingest/status: what `uptake claude|gemini status` and `test` ask. Any valid key may call it.
 * "This machine" is the developer's email (the `email` parameter, else the personal key's email): the answer
 * says when usage with that email (and `tool`) last arrived. With `testId` it also says whether that test
 * event was stored.
 */
export async function ingestStatusRoutes(app: FastifyInstance, options: { db: Db; lookupKey: KeyLookup }): Promise<void> {
  app.get('/api/v1/ingest/status', authenticated(options.lookupKey, 'ingest', 'read'), async (request) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) throw new HttpError(400, `Bad query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}. Accepted: email, tool, testId.`);
    const principal = request.principal!;
    const q = parsed.data;
    const email = q.email === undefined ? principal.personEmail : normalizeEmail(q.email);
    if (q.email !== undefined && !email) throw new HttpError(400, `email "${q.email}" is not an email address.`);
    if (principal.personEmail && email && email !== principal.personEmail && !principal.scopes.includes('admin')) {
      throw new HttpError(403, 'A personal key can only ask about its own email.');
    }
    const last = email ? await lastArrivalFor(options.db, principal.orgId, email, q.tool ?? null) : null;
    const test = q.testId ? await findApiEvent(options.db, principal.orgId, q.testId) : undefined;
    return {
      key: { valid: true, orgId: principal.orgId, scopes: principal.scopes, email: principal.personEmail },
      email,
      tool: q.tool ?? null,
      lastArrivedAt: last?.receivedAt?.toISOString() ?? null,
      lastOccurredAt: last?.occurredAt?.toISOString() ?? null,
      ...(q.testId ? { test: { id: q.testId, stored: Boolean(test), receivedAt: test?.receivedAt.toISOString() ?? null } } : {}),
    };
  });
}
