import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyPrincipal } from '../../adapters/postgres/api-key-store.ts';
import type { PostgresStores } from '../../adapters/postgres/postgres-stores.ts';
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
 * Who may see when one person's data last arrived: a personal key its own person's (and an admin key anyone's).
 * A shared key (on every developer's machine) learns only when the org's data last arrived, never a colleague's.
 */
function personVisible(principal: ApiKeyPrincipal, email: string | null): email is string {
  if (!email) return false;
  return principal.scopes.includes('admin') || principal.personEmail === email;
}

const SHARED_KEY_NOTE =
  'This key is shared by the org: it shows when the org\'s data last arrived, not one person\'s. ' +
  'Ask an admin for a personal key (uptake admin key create --scope ingest --email you@example.com) to see your own.';

/**
 * GET /api/v1/ingest/status: what `uptake claude|gemini status` and `test` ask. Any valid key may call it.
 * "This machine" is the developer's email (the `email` parameter, else the personal key's email): with a key
 * allowed to see that person (`visibility: "person"`) the answer says when usage with that email (and `tool`) last
 * arrived; otherwise (`visibility: "org"`) it says only when the org's usage last arrived, under `org`. With
 * `testId` it also says whether that test event was stored. `seat` is the person's open seat for `tool` in the roster
 * (`{tool, tier}`), for a key allowed to see the person; otherwise null.
 */
export async function ingestStatusRoutes(app: FastifyInstance, options: { status: PostgresStores['ingestStatus']; lookupKey: KeyLookup }): Promise<void> {
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
    const tool = q.tool ?? null;
    const person = personVisible(principal, email);
    const last = await options.status.lastArrivalFor(principal.orgId, person ? email : null, tool);
    const test = q.testId ? await options.status.findApiEvent(principal.orgId, q.testId) : undefined;
    // the roster's seat, for `setup` to fill in the tier: only to a key allowed to see this person
    const seatTier = person && tool ? await options.status.currentSeatTier(principal.orgId, email, tool) : null;
    const times = { lastArrivedAt: last.receivedAt?.toISOString() ?? null, lastOccurredAt: last.occurredAt?.toISOString() ?? null };
    return {
      key: { valid: true, orgId: principal.orgId, scopes: principal.scopes, email: principal.personEmail },
      visibility: person ? 'person' : 'org',
      email,
      tool,
      seat: seatTier === null ? null : { tool, tier: seatTier },
      ...(person ? times : { lastArrivedAt: null, lastOccurredAt: null, org: times, ...(email ? { note: SHARED_KEY_NOTE } : {}) }),
      ...(q.testId ? { test: { id: q.testId, stored: Boolean(test), receivedAt: test?.receivedAt.toISOString() ?? null } } : {}),
    };
  });
}
