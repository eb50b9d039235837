import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/build-app.ts';
import { createLogger } from '../http/log-redaction.ts';
import { CLI_TARBALL } from './cli-package.ts';
import { buildContainer, type ContainerInput } from './container.ts';

export interface AppSettings extends Omit<ContainerInput, 'log'> {
  /** Redis liveness for /readyz */
  pingRedis: () => Promise<void>;
  bodyLimit: number;
  wireBodyLimit: number;
  /** REQUEST_TIMEOUT_MS (default 30 s) */
  requestTimeoutMs?: number;
  logLevel?: string;
  /** where logs go (default stdout); tests capture them */
  logStream?: { write: (line: string) => void };
  /** the developer CLI package served at /cli/uptake-cli.tgz (default: where `npm run build:cli` writes it) */
  cliTarball?: string;
}

/** The composition root and the HTTP app on it, in one call (tests, benchmarks; `start.ts` also starts workers). */
export async function createApp(settings: AppSettings): Promise<FastifyInstance> {
  const logger = createLogger(settings.logLevel ?? 'info', settings.logStream);
  const container = buildContainer({ ...settings, log: logger });
  return buildApp(container, { logger, pingRedis: settings.pingRedis, bodyLimit: settings.bodyLimit, wireBodyLimit: settings.wireBodyLimit, requestTimeoutMs: settings.requestTimeoutMs,
    cliTarball: settings.cliTarball ?? CLI_TARBALL,
  });
}
