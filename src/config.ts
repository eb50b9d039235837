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
    .optional(),
  /** Signs the short-lived chart links (/c/<token>.png); at least 32 characters. Default: derived from ENCRYPTION_KEY. */
  CHART_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a signed chart link works. */
  CHART_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
  /** The service's public base URL (https://uptake.example.com) for absolute chart links; default from the request's Host. */
  PUBLIC_URL: z.string().url().optional(),
  /** `all` runs the API and the background workers in one process; `api` or `worker` runs one of them. */
  UPTAKE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** How long the rollup worker waits after new data before rolling an org up (a burst becomes one job). */
  ROLLUP_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** Where the embedded Postgres and Redis keep their data when no URL is given. */
  UPTAKE_DATA_DIR: z.string().min(1).default('.uptake'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
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
