import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

const byteSize = z.coerce.number().int().positive();

/** The one schema for every setting; `loadConfig` is the only reader of `process.env`. */
export const configSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4318),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body after decompression (OTLP recommends capping at 64 MiB). */
  BODY_LIMIT_BYTES: byteSize.default(16 * 1024 * 1024),
  /** Largest accepted compressed body on the wire. */
  WIRE_BODY_LIMIT_BYTES: byteSize.default(8 * 1024 * 1024),
  /** 32 bytes as 64 hex characters or base64; encrypts secrets at rest (Slack tokens, Cursor keys). */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes, given as 64 hex characters or base64')
    .refine((v) => decodeKey(v)?.some((byte) => byte !== 0) ?? true, 'is the all-zero placeholder: generate a key with `openssl rand -hex 32`')
    .optional(),
  /** Signs the short-lived chart links (/c/<token>.png); at least 32 characters. Default: derived from ENCRYPTION_KEY. */
  CHART_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a signed chart link works. */
  CHART_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
  /** The service's public base URL (https://uptake.example.com) for absolute chart links; default from the request's Host. */
  PUBLIC_URL: z.string().url().optional(),
  /** Slack: the app's signing secret; the Slack adapter is mounted at POST /slack/events only when it is set. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** Single-workspace mode: the bot token of the one workspace, with SLACK_ORG_ID, the Uptake org it belongs to. */
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-...)').optional(),
  SLACK_ORG_ID: z.string().uuid().optional(),
  /** Socket Mode (development without a public URL): an app-level token (xapp-...). */
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-...)').optional(),
  /** Multi-workspace OAuth v2 install (/slack/install); installations are stored encrypted with ENCRYPTION_KEY. */
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  /** Slack's Web API base URL; point it at a local double for development and tests. */
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  /** Microsoft Teams: the bot's Microsoft app id and client secret (Azure Bot registration); the bot is mounted at POST /api/messages when set. */
  TEAMS_APP_ID: z.string().min(1).optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  /** The Entra tenant of a single-tenant bot registration; empty for a multi-tenant one. */
  TEAMS_APP_TENANT_ID: z.string().min(1).optional(),
  /** Every Teams tenant belongs to this org (else link tenants with `uptake admin teams link`). */
  TEAMS_ORG_ID: z.string().uuid().optional(),
  /** Development mode: no app credentials (Bot Framework Emulator); activities only from loopback clients with a loopback serviceUrl. */
  TEAMS_DEV: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').default(false),
  /** Comma-separated service URL prefixes replies may go to; default Microsoft's Bot Connector hosts. */
  TEAMS_SERVICE_URLS: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter((u) => u.length > 0))
    .pipe(z.array(z.string().url()).min(1))
    .optional(),
  /** A request (headers and body) must arrive within this many ms, else 408 and the connection is closed. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** How often the worker turns due digest schedules into deliveries and queues them. */
  DIGEST_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How often the worker evaluates the alert rules. */
  ALERT_TICK_MS: z.coerce.number().int().min(100).max(86_400_000).default(15 * 60_000),
  /** How often the worker looks for seats due a nudge (orgs with nudges on). */
  NUDGE_TICK_MS: z.coerce.number().int().min(100).max(86_400_000).default(15 * 60_000),
  /** How long a worker holds a delivery it claimed; a delivery of a worker that died is taken over after this. */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** The Cursor Admin API base URL; point it at a local double to check a sync by hand or in tests. */
  CURSOR_API_URL: z.string().url().default('https://api.cursor.com'),
  /** `all` runs the API and the background workers in one process; `api` or `worker` runs one of them. */
  UPTAKE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How long the rollup worker waits after new data before rolling an org up (a burst becomes one job). */
  ROLLUP_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** How often the worker puts its job schedulers back and asks for the rollups of days still marked (catch-up). */
  ROLLUP_CATCH_UP_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** A background job's lock: the job of a worker that died runs again on another (or the restarted) one within about twice this. */
  JOB_LOCK_MS: z.coerce.number().int().min(2000).max(600_000).default(30_000),
  /** Startup waits for Postgres, retrying with a delay doubling up to this many milliseconds. */
  POSTGRES_RETRY_MAX_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Where the embedded Postgres and Redis keep their data when no URL is given. */
  UPTAKE_DATA_DIR: z.string().min(1).default('.uptake'),
  /** The port of the embedded PostgreSQL (no DATABASE_URL); change it to run two local copies side by side. */
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** The port of the local redis-server (no REDIS_URL). */
  EMBEDDED_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(63799),
});

export type Config = z.infer<typeof configSchema>;

/** The Teams settings when Teams is configured (TEAMS_APP_ID, or TEAMS_DEV), else null. */
export interface TeamsSettings {
  appId: string | null;
  appPassword: string | null;
  appTenantId: string | null;
  orgId: string | null;
  dev: boolean;
  serviceUrls: string[] | null;
}

/**
 * Checked when the bot starts, not when config loads, so that migrations, admin commands and `teams:package` run
 * whatever the Teams variables say.
 */
export function teamsSettings(config: Config): TeamsSettings | null {
  const teamsOnly = (['TEAMS_ORG_ID', 'TEAMS_APP_TENANT_ID', 'TEAMS_SERVICE_URLS'] as const).find((name) => config[name] !== undefined);
  const problems = [
    teamsOnly && !config.TEAMS_APP_ID && !config.TEAMS_DEV ? `TEAMS_APP_ID: is needed with ${teamsOnly} (the bot registration's Microsoft app id; TEAMS_DEV=1 for the Emulator)` : null,
    config.TEAMS_APP_ID && !config.TEAMS_APP_PASSWORD ? 'TEAMS_APP_PASSWORD: is needed with TEAMS_APP_ID (the bot registration\'s client secret)' : null,
    config.TEAMS_APP_PASSWORD && !config.TEAMS_APP_ID ? 'TEAMS_APP_ID: is needed with TEAMS_APP_PASSWORD' : null,
    config.TEAMS_DEV && config.TEAMS_APP_ID ? 'TEAMS_DEV: is for running without app credentials: unset it, or unset TEAMS_APP_ID' : null,
  ].filter((p) => p !== null);
  throwProblems(problems);
  if (!config.TEAMS_APP_ID && !config.TEAMS_DEV) return null;
  return {
    appId: config.TEAMS_APP_ID ?? null,
    appPassword: config.TEAMS_APP_PASSWORD ?? null,
    appTenantId: config.TEAMS_APP_TENANT_ID ?? null,
    orgId: config.TEAMS_ORG_ID ?? null,
    dev: config.TEAMS_DEV,
    serviceUrls: config.TEAMS_SERVICE_URLS ?? null,
  };
}

/** The Slack settings when Slack is configured (SLACK_SIGNING_SECRET set), else null. */
export interface SlackSettings {
  signingSecret: string;
  apiUrl: string;
  /** single-workspace mode */
  single: { botToken: string; orgId: string } | null;
  appToken: string | null;
  oauth: { clientId: string; clientSecret: string } | null;
}

/**
 * Checked when the server starts (like teamsSettings): a half-configured Slack names the missing variable instead
 * of leaving Slack off, while migrations and admin commands run whatever the Slack variables say.
 */
export function slackSettings(config: Config): SlackSettings | null {
  const slackOnly = (['SLACK_BOT_TOKEN', 'SLACK_ORG_ID', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_APP_TOKEN'] as const).find((name) => config[name] !== undefined);
  throwProblems([
    slackOnly && !config.SLACK_SIGNING_SECRET ? `SLACK_SIGNING_SECRET: is needed with ${slackOnly} (the app's signing secret: Basic Information → App Credentials)` : null,
    config.SLACK_BOT_TOKEN && !config.SLACK_ORG_ID ? 'SLACK_ORG_ID: is needed with SLACK_BOT_TOKEN (the Uptake org of this workspace)' : null,
    config.SLACK_ORG_ID && !config.SLACK_BOT_TOKEN ? 'SLACK_BOT_TOKEN: is needed with SLACK_ORG_ID' : null,
    Boolean(config.SLACK_CLIENT_ID) !== Boolean(config.SLACK_CLIENT_SECRET) ? 'SLACK_CLIENT_SECRET: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together' : null,
    config.SLACK_CLIENT_ID && !config.ENCRYPTION_KEY ? 'ENCRYPTION_KEY: is needed to store Slack installations (SLACK_CLIENT_ID is set)' : null,
  ]);
  if (!config.SLACK_SIGNING_SECRET) return null;
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
    single: config.SLACK_BOT_TOKEN && config.SLACK_ORG_ID ? { botToken: config.SLACK_BOT_TOKEN, orgId: config.SLACK_ORG_ID } : null,
    appToken: config.SLACK_APP_TOKEN ?? null,
    oauth: config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET ? { clientId: config.SLACK_CLIENT_ID, clientSecret: config.SLACK_CLIENT_SECRET } : null,
  };
}

export class ConfigError extends Error {}

function throwProblems(problems: Array<string | null | undefined | false>): void {
  const lines = problems.filter((p) => typeof p === 'string');
  if (lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.map((p) => `  ${p}`).join('\n')}`);
}

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throwProblems(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data as z.infer<T>;
}

/** Every setting, for the server (`npm start`); the chat platforms are checked when it starts them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(configSchema, env);
}

/** What migrations and admin commands need: the database settings only, whatever else is set or wrong. */
export type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'UPTAKE_DATA_DIR' | 'EMBEDDED_POSTGRES_PORT' | 'LOG_LEVEL'>;

export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return parseEnv(configSchema.pick({ DATABASE_URL: true, UPTAKE_DATA_DIR: true, EMBEDDED_POSTGRES_PORT: true, LOG_LEVEL: true }), env);
}

export function decodeKey(value: string): Buffer | null {
  const buf = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return buf.length === 32 ? buf : null;
}

/**
 * The chart link signing key: CHART_URL_SECRET, else HKDF-SHA256 of ENCRYPTION_KEY (so one configured secret is
 * enough, and the encryption key itself never signs anything), else null (the app then uses a random key per
 * process: links stop working on restart and across API instances).
 */
export function chartUrlSecret(config: Pick<Config, 'CHART_URL_SECRET' | 'ENCRYPTION_KEY'>): Buffer | null {
  if (config.CHART_URL_SECRET) return Buffer.from(config.CHART_URL_SECRET, 'utf8');
  const key = config.ENCRYPTION_KEY ? decodeKey(config.ENCRYPTION_KEY) : null;
  return key ? Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'uptake chart links v1', 32)) : null;
}
