import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive, stopProcess } from '../../src/main/local-processes.ts';
import { servicePids } from '../../src/main/local-services.ts';
import { freePort, waitFor } from './support/ports.ts';
import { httpStatus, startServer, waitListening, type ServerProcess } from './support/server-process.ts';

// `npm start` with the embedded defaults (no DATABASE_URL, no REDIS_URL) in a data folder of its own, on ports
// of its own: after a kill -9 the embedded PostgreSQL and redis-server kept running and every later start exited
// after 6 s printing `undefined`; with only Redis left over it silently used that one.
let dir: string;
let dataDir: string;
let ports: { http: number; postgres: number; redis: number };
const servers: ServerProcess[] = [];
const seenPids = new Set<number>();

function start(): ServerProcess {
  const server = startServer({
    databaseUrl: '',
    redisUrl: '',
    port: ports.http,
    extra: { UPTAKE_DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(ports.postgres), EMBEDDED_REDIS_PORT: String(ports.redis) },
  });
  servers.push(server);
  return server;
}

function rememberPids(): { postgres: number; redis: number } {
  const pids = servicePids(dataDir);
  expect(pids.postgres).not.toBeNull();
  expect(pids.redis).not.toBeNull();
  seenPids.add(pids.postgres!);
  seenPids.add(pids.redis!);
  return { postgres: pids.postgres!, redis: pids.redis! };
}

async function readiness(): Promise<unknown> {
  return (await fetch(`http://127.0.0.1:${ports.http}/readyz`)).json();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'uptake-crash-'));
  await chmod(dir, 0o755); // the embedded PostgreSQL runs as the `postgres` user when the suite runs as root
  dataDir = path.join(dir, '.uptake');
  ports = { http: await freePort(57_300), postgres: await freePort(57_500), redis: await freePort(57_700) };
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  // whatever a killed run left behind
  for (const pid of seenPids) if (processAlive(pid)) await stopProcess(pid, 'SIGKILL', 5000);
  await rm(dir, { recursive: true, force: true });
});

describe('a local start after a crash', () => {
  it('comes up after a SIGKILLed start, stopping the PostgreSQL and Redis that run left behind', async () => {
    const first = start();
    await waitListening(first, 120_000);
    const left = rememberPids();
    await first.kill9();
    expect(processAlive(left.postgres) && processAlive(left.redis)).toBe(true); // what broke every later start

    const second = start();
    await waitListening(second, 60_000);
    expect(await readiness()).toEqual({ status: 'ready', postgres: 'ok', redis: 'ok' });
    expect(second.lines.filter((l) => /an earlier run left behind/.test(l))).toHaveLength(2);
    expect(processAlive(left.postgres) || processAlive(left.redis)).toBe(false);
    const now = rememberPids();
    expect(now.postgres).not.toBe(left.postgres);
    expect(now.redis).not.toBe(left.redis);
    await second.kill9();
  });

  it('with only Redis left over, stops it and starts its own (it used the old one while saying it started its own)', async () => {
    const left = rememberPids();
    await stopProcess(left.postgres, 'SIGINT', 30_000);
    const third = start();
    await waitListening(third, 60_000);
    expect(third.lines.some((l) => /Stopping the local redis-server an earlier run left behind \(pid \d+/.test(l))).toBe(true);
    expect(processAlive(left.redis)).toBe(false);
    expect(rememberPids().redis).not.toBe(left.redis);
    expect(await readiness()).toEqual({ status: 'ready', postgres: 'ok', redis: 'ok' });
  });

  it('refuses a second start on a running one, and says what holds a port that is not its own', async () => {
    const running = servers.at(-1)!;
    const second = start();
    expect(await second.exited).toBe('1');
    expect(second.lines.join('\n')).toContain(`Another Uptake server (pid ${running.child.pid}) is running with the data folder ${dataDir}`);
    await running.stop();

    // a stranger on the Redis port: this test process (once the stopped server's redis-server has let it go)
    await waitFor('the stopped server to release the Redis port', async () => (await freePort(ports.redis)) === ports.redis, 30_000);
    const stranger = net.createServer();
    await new Promise<void>((resolve, reject) => {
      stranger.once('error', reject);
      stranger.listen(ports.redis, '127.0.0.1', resolve);
    });
    try {
      const blocked = start();
      expect(await blocked.exited).toBe('1');
      const text = blocked.lines.join('\n');
      expect(text).toContain(`port ${ports.redis} is taken by pid ${process.pid}`);
      expect(text).toContain(`kill ${process.pid}`);
      expect(text).not.toMatch(/\bundefined\b/);
      // it stopped the PostgreSQL it had started
      await waitFor('the embedded PostgreSQL to stop', () => {
        const pid = servicePids(dataDir).postgres;
        return pid === null || !processAlive(pid);
      }, 30_000);
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
    expect(await httpStatus(ports.http, '/healthz')).toBe(0);
  });
});
