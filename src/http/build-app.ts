import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PostgresStores } from '../adapters/postgres/postgres-stores.ts';
import type { TeamsApp } from '../adapters/teams/teams-app.ts';
import type { ChartRenderer, ReportReader, RollupRequester } from '../app/ports.ts';
import { cachedKeyLookup, HttpError } from './auth.ts';
import { FailedAuthLimiter, limitFailedLookups } from './failed-auth-limiter.ts';
import { loggingOptions } from './log-redaction.ts';
import { serverTimeouts } from './server-timeouts.ts';
import { mountSlack, type SlackChatParts } from './slack-mount.ts';
import { mountTeams } from './teams-mount.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-errors.ts';
import { chartRoutes, type ChartLinkSettings } from './routes/chart-routes.ts';
import { cursorRoutes, type CursorRouteOptions } from './routes/cursor-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { healthRoutes, type HealthChecks } from './routes/health-routes.ts';
import { ingestStatusRoutes } from './routes/ingest-status-routes.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { installRoutes } from './routes/install-routes.ts';
import { digestRoutes } from './routes/digest-routes.ts';
import { nudgeRoutes } from './routes/nudge-routes.ts';
import { keyRoutes } from './routes/key-routes.ts';
import { otlpRoutes } from './routes/otlp-routes.ts';
import { peopleRoutes } from './routes/people-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { summaryRoutes } from './routes/summary-routes.ts';

/** The ports the HTTP app serves (built once by the composition root, src/main/container.ts). */
export interface AppPorts {
  stores: PostgresStores;
  reader: ReportReader;
  renderer: ChartRenderer;
  chartLinks: ChartLinkSettings;
  rollups: RollupRequester | null;
  slack: SlackChatParts | null;
  teams: TeamsApp | null;
  cursor: CursorRouteOptions['cursor'];
  cursorQueue: CursorRouteOptions['queue'];
  now: () => Date;
}

export interface HttpOptions {
  /** the process's one logger (src/http/log-redaction.ts createLogger) */
  logger: Logger;
  /** Redis liveness for /readyz */
  pingRedis: () => Promise<void>;
  bodyLimit: number;
  wireBodyLimit: number;
  /** REQUEST_TIMEOUT_MS: the whole request must arrive within it (default 30 s) */
  requestTimeoutMs?: number;
  /** the packed developer CLI served at GET /cli/uptake-cli.tgz (src/main/cli-package.ts CLI_TARBALL) */
  cliTarball?: string | null;
}

/** Builds the HTTP app on the ports, without listening (tests use `app.inject` or listen on port 0). */
export async function buildApp(ports: AppPorts, http: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggingOptions(http.logger),
    bodyLimit: http.wireBodyLimit,
    ...serverTimeouts(http.requestTimeoutMs ?? 30_000),
    // signed chart link tokens (/c/<token>.png) are a few hundred characters; the default limit is 100
    routerOptions: { maxParamLength: 1000 },
  });
  app.decorateRequest('principal', null);
  const { stores, reader, renderer, now } = ports;
  const lookupKey = cachedKeyLookup(limitFailedLookups(stores.keys.find, new FailedAuthLimiter()));
  const ingest = { store: stores.events, rollups: ports.rollups, onQueueError: (err: unknown) => app.log.warn({ err }, 'rollup request failed') };
  const checks: HealthChecks = { postgres: stores.ping, redis: http.pingRedis };

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
  await app.register(installRoutes, { publicUrl: ports.chartLinks.publicUrl, tarball: http.cliTarball ?? null });
  await app.register(otlpRoutes, { lookupKey, ingest, now, bodyLimit: http.bodyLimit, wireBodyLimit: http.wireBodyLimit });
  await app.register(eventRoutes, { lookupKey, ingest, now, bodyLimit: http.bodyLimit });
  await app.register(ingestStatusRoutes, { status: stores.ingestStatus, lookupKey });
  await app.register(summaryRoutes, { summary: stores.summary, lookupKey });
  await app.register(reportRoutes, { reader, nudges: stores.nudges, lookupKey, now });
  await app.register(chartRoutes, { reader, lookupKey, now, renderer, links: ports.chartLinks, keyActive: stores.keys.isActive });
  await app.register(peopleRoutes, { roster: stores.roster, lookupKey });
  await app.register(keyRoutes, { keys: stores.keys, lookupKey });
  await app.register(digestRoutes, { digests: stores.digests, reader, lookupKey, now });
  await app.register(alertRoutes, { alerts: stores.alerts, reader, lookupKey, now });
  await app.register(nudgeRoutes, { nudges: stores.nudges, reader, lookupKey, now });
  await app.register(cursorRoutes, { cursor: ports.cursor, queue: ports.cursorQueue, lookupKey, now });
  if (ports.slack) await mountSlack(app, ports.slack, { publicUrl: ports.chartLinks.publicUrl, lookupKey, now, save: stores.slackInstallations.save });
  if (ports.teams) await mountTeams(app, ports.teams);
  return app;
}
