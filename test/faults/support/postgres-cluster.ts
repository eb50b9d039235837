import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

const run = promisify(execFile);

/** A Postgres cluster of the fault suite's own, in a temp dir: initdb, then pg_ctl start / stop at will. */
export interface PostgresCluster {
  url: string;
  port: number;
  start(): Promise<void>;
  /** pg_ctl stop -m fast: clients are disconnected, as in a Postgres restart */
  stop(): Promise<void>;
  /** stops the cluster and deletes its files */
  destroy(): Promise<void>;
}

function binDir(): string {
  const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'pg_ctl')));
  if (!found) throw new Error('No Postgres binaries (initdb, pg_ctl): install postgresql or set PG_BIN');
  return found;
}

/** Postgres refuses to run as root: then the cluster belongs to the `postgres` system user. */
function owner(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('Running as root needs a "postgres" system user to run Postgres');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function createPostgresCluster(firstPort = 55432): Promise<PostgresCluster> {
  const bin = binDir();
  const user = owner();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'uptake-faults-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const port = await freePort(firstPort);
  const pg = (tool: string, args: string[]) => run(path.join(bin, tool), args, { ...user, cwd: dir, timeout: 60_000 });
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // fsync off: the suite kills clients and stops Postgres cleanly, never the machine, so it changes no outcome;
  // a backend notices within 0.5 s that its client was killed (else a killed worker's statement runs on)
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 -c client_connection_check_interval=500`;
  let running = false;
  const cluster: PostgresCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pg('pg_ctl', ['start', '-w', '-D', data, '-l', path.join(dir, 'log'), '-o', options]);
      running = true;
    },
    async stop() {
      await pg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop().catch(() => pg('pg_ctl', ['stop', '-m', 'immediate', '-D', data]));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
