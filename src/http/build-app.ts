import Fastify, { type FastifyInstance } from 'fastify';
import { findApiKey } from '../adapters/postgres/api-key-store.ts';
import type { Db } from '../adapters/postgres/database.ts';
import { insertEvents, resolveCumulativePoints } from '../adapters/postgres/event-store.ts';
import { postgresReportReader } from '../adapters/postgres/report-reader.ts';
import type { EventStore, RollupRequester } from '../app/ports.ts';
import { randomBytes } from 'node:crypto';
import { VegaChartRenderer } from '../adapters/charts/vega-renderer.ts';
import type { ChartRenderer } from '../app/ports.ts';
import { cachedKeyLookup, HttpError } from './auth.ts';
import { serverTimeouts } from './server-timeouts.ts';
import { mountSlack, type SlackMountOptions } from './slack-mount.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-errors.ts';
import { chartRoutes, type ChartLinkSettings } from './routes/chart-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { healthRoutes, type HealthChecks } from './routes/health-routes.ts';
import { ingestStatusRoutes } from './routes/ingest-status-routes.ts';
import { otlpRoutes } from './routes/otlp-routes.ts';
import { peopleRoutes } from './routes/people-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { summaryRoutes } from './routes/summary-routes.ts';

export interface AppDeps {
  db: Db;
  /** Redis liveness for /readyz */
  pingRedis: () => Promise<void>;
  bodyLimit: number;
  wireBodyLimit: number;
  logLevel?: string;
  /** REQUEST_TIMEOUT_MS: the whole request must arrive within it (default 30 s) */
  requestTimeoutMs?: number;
  now?: () => Date;
  /** told about every org that got new events; absent in tests that do not need rollups */
  rollups?: RollupRequester;
  /** default: the Vega renderer with the shipped fonts */
  chartRenderer?: ChartRenderer;
  /** chart link signing (src/config.ts chartUrlSecret); default a random key per process, 1 hour */
  chartLinks?: Partial<Omit<ChartLinkSettings, 'secret'>> & { secret: Buffer | null };
  /** the Slack bot at POST /slack/events (or over Socket Mode); absent when SLACK_SIGNING_SECRET is not set */
  slack?: SlackMountOptions;
}

/** Builds the HTTP app without listening (tests use `app.inject` or listen on port 0). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    bodyLimit: deps.wireBodyLimit,
    ...serverTimeouts(deps.requestTimeoutMs ?? 30_000),
    // signed chart link tokens (/c/<token>.png) are a few hundred characters; the default limit is 100
    routerOptions: { maxParamLength: 1000 },
  });
  app.decorateRequest('principal', null);
  const now = deps.now ?? (() => new Date());
  const lookupKey = cachedKeyLookup((key) => findApiKey(deps.db, key));
  // Ingestion does not wait for the queue, and a queue outage loses nothing: the days stay marked in Postgres
  // and the next job or the hourly sweep rolls them up.
  const afterStore = (orgId: string, stored: number): number => {
    if (stored > 0 && deps.rollups) deps.rollups.requestRollup(orgId).catch((err: unknown) => app.log.warn({ err }, 'rollup request failed'));
    return stored;
  };
  const store: EventStore = {
    insertEvents: async (orgId, events) => afterStore(orgId, await insertEvents(deps.db, orgId, events)),
    resolveCumulativePoints: async (orgId, points) => afterStore(orgId, await resolveCumulativePoints(deps.db, orgId, points)),
  };
  const checks: HealthChecks = {
    postgres: async () => {
      await deps.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    redis: deps.pingRedis,
  };

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).headers(error.headers).send({ statusCode: error.statusCode, error: error.message });
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ statusCode: 503, error: 'Storage is unavailable; retry shortly.' });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ statusCode: status, error: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ statusCode: 500, error: 'Internal error.' });
  });

  await app.register(healthRoutes, checks);
  await app.register(otlpRoutes, { lookupKey, store, now, bodyLimit: deps.bodyLimit, wireBodyLimit: deps.wireBodyLimit });
  await app.register(eventRoutes, { lookupKey, store, now, bodyLimit: deps.bodyLimit });
  await app.register(ingestStatusRoutes, { db: deps.db, lookupKey });
  await app.register(summaryRoutes, { db: deps.db, lookupKey });
  const reader = postgresReportReader(deps.db);
  await app.register(reportRoutes, { reader, lookupKey, now });
  const renderer = deps.chartRenderer ?? new VegaChartRenderer();
  const links = deps.chartLinks;
  if (!links?.secret) app.log.warn('No CHART_URL_SECRET or ENCRYPTION_KEY: chart links are signed with a random key and stop working on restart.');
  await app.register(chartRoutes, {
    reader,
    lookupKey,
    now,
    renderer,
    links: { secret: links?.secret ?? randomBytes(32), publicUrl: links?.publicUrl ?? null, ttlSeconds: links?.ttlSeconds ?? 3600 },
  });
  await app.register(peopleRoutes, { db: deps.db, lookupKey });
  if (deps.slack) await mountSlack(app, deps.db, reader, renderer, { publicUrl: links?.publicUrl ?? null, lookupKey, ...deps.slack }, now);
  return app;
}
