import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CursorStore } from '../../adapters/postgres/postgres-stores.ts';
import type { CursorSyncQueue } from '../../adapters/queue/cursor-queue.ts';
import type { CursorApi, CursorApiFactory } from '../../app/ports.ts';
import { CursorAuthError } from '../../domain/cursor/errors.ts';
import { DAY_MS, settledBounds } from '../../domain/cursor/windows.ts';
import { authenticated, HttpError, type KeyLookup } from '../auth.ts';

export interface CursorRouteOptions {
  /** null when the server has no ENCRYPTION_KEY: every route answers 503 */
  cursor: { store: CursorStore; api: CursorApiFactory } | null;
  queue: CursorSyncQueue | null;
  lookupKey: KeyLookup;
  now: () => Date;
}

const connectionBody = z
  .object({
    apiKey: z.string().trim().min(8).max(500),
    tier: z.enum(['pro', 'business', 'enterprise', 'api']).default('business'),
    syncIntervalMinutes: z.number().int().min(60).max(10_080).default(60),
  })
  .strict();

const isoInstant = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((v) => Date.parse(v));
const syncBody = z.object({ from: isoInstant.optional(), to: isoInstant.optional(), dryRun: z.boolean().optional(), windowDays: z.number().int().min(1).max(30).optional() }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One call to each endpoint, storing nothing: what `uptake cursor test` and `setup` show. */
async function probe(api: CursorApi, nowMs: number): Promise<Record<string, { ok: boolean; detail: string }>> {
  const settled = settledBounds(nowMs);
  const attempt = async (what: () => Promise<string>) => {
    try {
      return { ok: true, detail: await what() };
    } catch (error) {
      if (error instanceof CursorAuthError) throw new HttpError(400, error.message);
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  };
  return {
    members: await attempt(async () => `${(await api.members()).length} members`),
    dailyUsage: await attempt(async () => `${(await api.dailyUsage({ from: settled.dailyTo + 1 - DAY_MS, to: settled.dailyTo }, 1, 1)).rows.length} rows on the first page of the last whole day`),
    usageEvents: await attempt(async () => `${(await api.usageEvents({ from: settled.eventsTo + 1 - DAY_MS, to: settled.eventsTo }, 1, 1)).total} usage events in the last settled 24 hours`),
  };
}

/**
 * The org's Cursor connection for its admins: PUT /api/v1/cursor/connection (check and store the key), GET
 * /api/v1/cursor/status, POST /api/v1/cursor/test, POST /api/v1/cursor/sync (enqueue; GET follows it), POST
 * /api/v1/cursor/reset.
 */
export async function cursorRoutes(app: FastifyInstance, options: CursorRouteOptions): Promise<void> {
  const admin = authenticated(options.lookupKey, 'admin');
  const cursor = () => {
    if (!options.cursor) throw new HttpError(503, 'Cursor sync is off on this server: it needs ENCRYPTION_KEY to store admin keys encrypted.');
    return options.cursor;
  };
  const connected = async (orgId: string) => {
    const connection = await cursor().store.connection(orgId);
    if (!connection) throw new HttpError(404, 'No Cursor connection: run `uptake cursor setup` (PUT /api/v1/cursor/connection) first.');
    return connection;
  };
  const queue = () => {
    if (!options.queue) throw new HttpError(503, 'No job queue on this server.');
    return options.queue;
  };

  app.put('/api/v1/cursor/connection', admin, async (request) => {
    const body = parse(connectionBody, request.body);
    const probed = await probe(cursor().api(body.apiKey), options.now().getTime());
    if (!probed.members?.ok) throw new HttpError(502, `Cursor did not answer /teams/members: ${probed.members?.detail}`);
    await cursor().store.saveConnection(request.principal!.orgId, body);
    return { connected: true, tier: body.tier, syncIntervalMinutes: body.syncIntervalMinutes, checks: probed };
  });

  app.get('/api/v1/cursor/status', admin, async (request) => {
    const orgId = request.principal!.orgId;
    const connection = await cursor().store.connection(orgId);
    if (!connection) return { connected: false };
    const cursors = await cursor().store.cursors(orgId);
    const started = connection.lastStartedAt?.getTime() ?? null;
    const nextSync = connection.lastError?.kind === 'auth' ? null : Math.max(options.now().getTime(), (started ?? 0) + connection.syncIntervalMinutes * 60_000);
    return {
      connected: true,
      key: `${connection.apiKey.slice(0, 4)}…${connection.apiKey.slice(-4)}`,
      tier: connection.tier,
      syncIntervalMinutes: connection.syncIntervalMinutes,
      lastSyncStartedAt: connection.lastStartedAt,
      lastSyncFinishedAt: connection.lastFinishedAt,
      lastSuccessAt: connection.lastSuccessAt,
      nextSyncAt: iso(nextSync),
      lastError: connection.lastError,
      running: options.queue ? await options.queue.current(orgId) : null,
      endpoints: Object.fromEntries(
        Object.entries(cursors).map(([endpoint, c]) => [endpoint, { rows: c.rowsStored, requests: c.requests, doneThrough: iso(c.doneThrough), reading: c.reading ? { from: iso(c.reading.from), to: iso(c.reading.to), nextPage: c.reading.nextPage } : null }]),
      ),
    };
  });

  app.post('/api/v1/cursor/test', admin, async (request) => {
    const connection = await connected(request.principal!.orgId);
    return { checks: await probe(cursor().api(connection.apiKey), options.now().getTime()) };
  });

  app.post('/api/v1/cursor/sync', admin, async (request, reply) => {
    const orgId = request.principal!.orgId;
    const body = parse(syncBody, request.body);
    await connected(orgId);
    if (body.from !== undefined && body.to !== undefined && body.from > body.to) throw new HttpError(400, 'from is after to');
    const job = await queue().requestSync({ orgId, from: body.from, to: body.to, dryRun: body.dryRun, windowDays: body.windowDays });
    return reply.code(202).send(job);
  });

  app.get('/api/v1/cursor/sync', admin, async (request) => ({ job: await queue().current(request.principal!.orgId) }));

  app.post('/api/v1/cursor/reset', admin, async (request) => {
    const orgId = request.principal!.orgId;
    await connected(orgId);
    await cursor().store.resetCursors(orgId);
    return { reset: true, note: 'The next sync reads everything again; events already stored are not counted twice.' };
  });
}
