import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sleep, waitFor } from './ports.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The real server (`node --import tsx src/main/start.ts`) as a child process, with its output kept. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** every line it wrote to stdout and stderr */
  lines: string[];
  alive(): boolean;
  /** resolves with the exit code, or the signal's name */
  exited: Promise<string>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerEnv {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  role?: 'all' | 'api' | 'worker';
  /** more settings (chat platforms, digest timings) */
  extra?: Record<string, string>;
}

export function startServer(env: ServerEnv): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      PORT: String(env.port),
      HOST: '127.0.0.1',
      UPTAKE_ROLE: env.role ?? 'all',
      LOG_LEVEL: 'warn',
      ROLLUP_DEBOUNCE_MS: '200',
      ROLLUP_CATCH_UP_MS: '2000',
      POSTGRES_RETRY_MAX_MS: '1000',
      JOB_LOCK_MS: '4000',
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    port: env.port,
    lines,
    alive,
    exited,
    async kill9() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      // a graceful stop drains HTTP, closes the workers and stops the local services: slow on a loaded machine
      const outcome = await Promise.race([exited, sleep(45_000).then(() => 'timeout')]);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export async function httpStatus(port: number, path: string): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Waits until the server answers GET /healthz (its HTTP port is open). */
export async function waitListening(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor('the server to open its HTTP port', async () => {
    if (!server.alive()) throw new Error(`the server exited (${await server.exited}):\n${server.lines.slice(-20).join('\n')}`);
    return (await httpStatus(server.port, '/healthz')) === 200;
  }, timeoutMs);
}

/** Waits until the server wrote a line matching `pattern`. */
export async function waitForLine(server: ServerProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  await waitFor(`a server line matching ${pattern}`, async () => {
    if (server.lines.some((l) => pattern.test(l))) return true;
    if (!server.alive()) throw new Error(`the server exited (${await server.exited}):\n${server.lines.slice(-20).join('\n')}`);
    return false;
  }, timeoutMs);
}
