import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, sleep, waitFor } from './ports.ts';

/** A redis-server of the fault suite's own, without persistence: a restart starts empty. */
export interface RedisServer {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: Redis is gone at once, with what it held */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function createRedisServer(firstPort = 56379): Promise<RedisServer> {
  const port = await freePort(firstPort);
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    url,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitFor('redis-server to answer', () => answers(url), 10_000, 100);
    },
    async stop() {
      const current = child;
      if (!current || current.exitCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
      child = null;
      await sleep(50);
    },
  };
  await server.start();
  return server;
}
