import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { createRedis } from '../adapters/redis/redis-client.ts';
import { createDb } from '../adapters/postgres/database.ts';
import { migrateToLatest } from '../adapters/postgres/migrator.ts';
import { createCursorQueue } from '../adapters/queue/cursor-queue.ts';
import { createRollupQueue } from '../adapters/queue/rollup-queue.ts';
import type { RunningWorkers } from '../adapters/queue/workers.ts';
import { buildApp } from '../http/build-app.ts';
import { chartUrlSecret, decodeKey, loadConfig, slackSettings, teamsSettings, type Config } from '../config.ts';
import { redisOnceStore } from '../adapters/redis/redis-once-store.ts';
import { redisRateBudgets } from '../adapters/redis/redis-rate-budget.ts';
import { startBackgroundWorkers } from './background.ts';
import { buildContainer } from './container.ts';
import { createLogger } from '../http/log-redaction.ts';
import { claimDataDir, startEmbeddedPostgres, startLocalRedis, type LocalService } from './local-services.ts';
import { waitForPostgres } from './wait-for-postgres.ts';
import { bestEffortRollups } from './best-effort-rollups.ts';
import { outageLog } from './outage-log.ts';
import { CLI_TARBALL, ensureCliTarball } from './cli-package.ts';

/** Lifecycle lines (services started, migrations, outages) show at LOG_LEVEL warn and error too, as operators expect. */
function lifecycleLogger(logger: Logger, level: Config['LOG_LEVEL']): Logger {
  return logger.child({}, { level: level === 'warn' || level === 'error' || level === 'fatal' ? 'info' : level });
}

/**
 * Without DATABASE_URL (a local run) chart links are signed with a key kept in the data dir, so they survive a
 * restart with no setting; a deployment sets CHART_URL_SECRET or ENCRYPTION_KEY.
 */
async function localChartSecret(dataDir: string): Promise<Buffer> {
  const file = path.resolve(dataDir, 'chart-url-secret');
  const stored = await readFile(file).catch(() => null);
  if (stored && stored.length === 32) return stored;
  const secret = randomBytes(32);
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/** `npm start`: local services when no URLs are set, migrations, then the API and the workers (UPTAKE_ROLE). */
async function main(stopOnFailure: Array<() => Promise<void>>): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const lifecycle = lifecycleLogger(logger, config.LOG_LEVEL);
  const log = (line: string) => lifecycle.info(line);
  const warn = (line: string) => lifecycle.warn(line);
  // a half-configured chat platform stops the start here, naming the missing variable
  const slack = slackSettings(config);
  const teams = teamsSettings(config);
  const local = config.DATABASE_URL && config.REDIS_URL ? null : { services: [] as LocalService[], release: await claimDataDir(config.UPTAKE_DATA_DIR) };
  const stopLocal = async () => {
    for (const service of (local?.services ?? []).reverse()) await service.stop().catch(() => {});
    await local?.release();
  };
  stopOnFailure.push(stopLocal);
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(config.UPTAKE_DATA_DIR, log, config.EMBEDDED_POSTGRES_PORT);
    local!.services.push(pg);
    databaseUrl = pg.url;
  }
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    const redis = await startLocalRedis(config.UPTAKE_DATA_DIR, log, config.EMBEDDED_REDIS_PORT);
    local!.services.push(redis);
    redisUrl = redis.url;
  }
  const db = createDb(databaseUrl, { max: 20 });
  await waitForPostgres(db, warn, { firstDelayMs: 500, maxDelayMs: config.POSTGRES_RETRY_MAX_MS });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  const redis = createRedis(redisUrl);
  redis.on('error', () => {});
  const rollups = bestEffortRollups(
    createRollupQueue(redisUrl, { debounceMs: config.ROLLUP_DEBOUNCE_MS }),
    outageLog('Redis', 'rollup requests are skipped; the days stay marked in Postgres and roll up when it is back.', warn),
  );
  const encryptionKey = config.ENCRYPTION_KEY ? decodeKey(config.ENCRYPTION_KEY) : null;
  const cursorQueue = createCursorQueue(redisUrl);
  const chartSecret = chartUrlSecret(config) ?? (config.DATABASE_URL ? null : await localChartSecret(config.UPTAKE_DATA_DIR));
  // every process (API and workers) calls Cursor under one budget per team and endpoint
  const budgetRedis = encryptionKey ? createRedis(redisUrl, { patient: true }) : null;
  budgetRedis?.on('error', () => {});
  const container = buildContainer({
    db,
    log: logger,
    rollups,
    chartLinks: { secret: chartSecret, publicUrl: config.PUBLIC_URL ?? null, ttlSeconds: config.CHART_URL_TTL_SECONDS },
    slack: slack
      ? {
          signingSecret: slack.signingSecret,
          apiUrl: slack.apiUrl,
          single: slack.single,
          encryptionKey,
          once: redisOnceStore(redis),
          appToken: slack.appToken,
          oauth: slack.oauth,
        }
      : null,
    teams,
    cursor: encryptionKey && budgetRedis ? { encryptionKey, apiUrl: config.CURSOR_API_URL, budgets: redisRateBudgets(budgetRedis) } : null,
    cursorQueue,
  });
  let workers: RunningWorkers | null = null;
  if (config.UPTAKE_ROLE !== 'api') {
    workers = await startBackgroundWorkers(container, redisUrl, rollups, {
      log: warn,
      upkeepMs: config.ROLLUP_CATCH_UP_MS,
      lockMs: config.JOB_LOCK_MS,
      digestTickMs: config.DIGEST_TICK_MS,
      deliveryLeaseMs: config.DELIVERY_LEASE_MS,
      alertTickMs: config.ALERT_TICK_MS,
      nudgeTickMs: config.NUDGE_TICK_MS,
      cursorQueue,
    });
    log(`Workers started (rollups, digests, alerts, ${encryptionKey ? 'Cursor sync' : 'no Cursor sync: set ENCRYPTION_KEY'}).`);
  }
  const app = await buildApp(container, {
    logger,
    pingRedis: async () => {
      await redis.ping();
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    wireBodyLimit: config.WIRE_BODY_LIMIT_BYTES,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    cliTarball: CLI_TARBALL,
  });
  if (slack) {
    const modes = [slack.single ? 'single workspace' : null, slack.oauth && config.ENCRYPTION_KEY ? 'OAuth installs (/slack/install)' : null].filter((m) => m !== null);
    log(`Slack: ${slack.appToken ? 'Socket Mode' : 'POST /slack/events'}, ${modes.length > 0 ? modes.join(' and ') : 'no workspace: set SLACK_BOT_TOKEN and SLACK_ORG_ID, or SLACK_CLIENT_ID/SECRET with ENCRYPTION_KEY'}.`);
  }
  if (config.UPTAKE_ROLE !== 'worker') await ensureCliTarball(log);
  if (config.UPTAKE_ROLE !== 'worker') await app.listen({ host: config.HOST, port: config.PORT });
  if (!config.DATABASE_URL) {
    log(`No DATABASE_URL: using the embedded PostgreSQL. Create an org with \`npx uptake admin org create --name acme\` (while this server runs, it uses the same database).`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    await app.close();
    await workers?.close();
    await rollups.close();
    await cursorQueue.close();
    await db.destroy();
    redis.disconnect();
    budgetRedis?.disconnect();
    await stopLocal();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const stopOnFailure: Array<() => Promise<void>> = [];
main(stopOnFailure).catch(async (error: unknown) => {
  // every failure says what went wrong in words (a ConfigError lists the variables), never `undefined`
  const message = error instanceof Error ? error.message : `startup failed (${String(error)})`;
  createLogger('info').fatal(`Uptake could not start: ${message}`);
  for (const stop of stopOnFailure) await stop().catch(() => {});
  process.exit(1);
});
