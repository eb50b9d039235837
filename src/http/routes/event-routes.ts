import type { FastifyInstance } from 'fastify';
import { ingestApiEvents, type IngestDeps } from '../../app/ingest-events.ts';
import { LIMITS } from '../../domain/events/limits.ts';
import { HttpError, authenticated, type KeyLookup } from '../auth.ts';

export interface EventRoutesOptions {
  lookupKey: KeyLookup;
  ingest: IngestDeps;
  now: () => Date;
  bodyLimit: number;
}

/** POST /api/v1/events: native JSON ingestion, idempotent by each event's `id`. */
export async function eventRoutes(app: FastifyInstance, options: EventRoutesOptions): Promise<void> {
  app.post(
    '/api/v1/events',
    { ...authenticated(options.lookupKey, 'ingest'), bodyLimit: options.bodyLimit },
    async (request, reply) => {
      const body = request.body as { events?: unknown } | null;
      if (!body || typeof body !== 'object' || !Array.isArray(body.events)) {
        throw new HttpError(400, 'Body must be a JSON object {"events": [...]} with up to 1000 events.');
      }
      if (body.events.length > LIMITS.maxBatchEvents) {
        throw new HttpError(413, `A batch holds at most ${LIMITS.maxBatchEvents} events; this one has ${body.events.length}. Split it.`);
      }
      const caller = { orgId: request.principal!.orgId, personEmail: request.principal!.personEmail };
      const outcome = await ingestApiEvents(options.ingest, caller, body.events, options.now());
      return reply.code(outcome.rejected.length > 0 && outcome.rejected.length === outcome.received ? 400 : 200).send(outcome);
    },
  );
}
