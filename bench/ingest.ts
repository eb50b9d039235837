// `npm run bench:ingest [-- --seconds 60 --senders 4]`
//
// End-to-end OTLP/HTTP ingestion throughput and latency of the real server, against the best rate at
// which Postgres itself takes the same rows. Steps:
//   1. a fresh database `uptake_bench_<pid>` on DATABASE_URL's server, migrated, with an org and an ingest key;
//   2. the API server started as its own process with `npm start`'s node flags and UPTAKE_ROLE=api (rollup
//      workers run in their own process, as in docker-compose.yml);
//   3. full load: `--senders` closed-loop senders of 200-record protobuf log batches for `--seconds`;
//   4. half load: an open loop at 50% of the measured throughput for `--half-seconds`;
//   5. raw Postgres: the same rows written straight into a fresh events table three ways;
//   6. a summary table, then cleanup (server stopped, database dropped).
// Options: --seconds 60 --senders 4 --half-seconds 20 --warmup 5 --raw-rows 200000 --raw-batch 500
//          --cpu-prof (profile the server; .cpuprofile files go to bench/out/) --json <file>
//          --server-node-options "<node flags for the server process>" (default "--max-semi-space-size=64", as npm start)
//          --servers N (N server processes on N ports, requests round-robin; default 1)

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { decodeOtlpProtobuf } from '../src/adapters/otlp/protobuf-codec.ts';
import { createApiKey } from '../src/adapters/postgres/api-key-store.ts';
import { createDb } from '../src/adapters/postgres/database.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { createOrg } from '../src/adapters/postgres/org-store.ts';
import { normalizeLogs } from '../src/domain/otlp/normalize-logs.ts';
import type { ExportLogsRequest } from '../src/domain/otlp/otlp-json.ts';
import { closedLoop, openLoop, percentile, type LoadResult, type Target } from './http-load.ts';
import { buildTemplates, RequestIds, stamp } from './payloads.ts';
import { dropRawTable, makeRows, runRaw, type RawMethod, type RawResult } from './raw-postgres.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const BENCH_DB = `uptake_bench_${process.pid}`;
const RECORDS_PER_BATCH = 200;
const GOAL_RECORDS_PER_SECOND = 30_000;
const GOAL_RATIO = 0.4;
const GOAL_HALF_LOAD_P99_MS = 50;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    senders: { type: 'string', default: '4' },
    'half-seconds': { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'raw-rows': { type: 'string', default: '200000' },
    'raw-batch': { type: 'string', default: '500' },
    'cpu-prof': { type: 'boolean', default: false },
    'server-node-options': { type: 'string', default: '' },
    servers: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
  strict: true,
});

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}

const SECONDS = positive('seconds', args.seconds);
const SENDERS = Math.round(positive('senders', args.senders));
const HALF_SECONDS = positive('half-seconds', args['half-seconds']);
const WARMUP_SECONDS = Number(args.warmup) >= 0 ? Number(args.warmup) : 5;
const RAW_ROWS = Math.round(positive('raw-rows', args['raw-rows']));
const RAW_BATCH = Math.round(positive('raw-batch', args['raw-batch']));
/** server processes (each its own port, requests spread round-robin): what replicas would do */
const SERVERS = Math.round(positive('servers', args.servers));
/** extra node flags for the server process only; the default is what `npm start` uses */
const SERVER_NODE_ARGS = (args['server-node-options'] || '--max-semi-space-size=64').split(/\s+/).filter(Boolean);

const log = (line: string) => console.log(`[bench] ${line}`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function databaseUrls(): { admin: string; bench: string } {
  const admin = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = new URL(admin);
  bench.pathname = `/${BENCH_DB}`;
  return { admin, bench: bench.toString() };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function getStatus(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 2000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/** CPU seconds so far: the whole machine (busy and idle, from /proc/stat), the server, this process. Linux only. */
interface CpuSnapshot {
  at: number;
  machineBusy: number;
  machineIdle: number;
  server: number;
  bench: number;
}

function cpuSnapshot(serverPids: Array<number | undefined>): CpuSnapshot | null {
  try {
    const tick = 100; // USER_HZ
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
    let server = 0;
    for (const pid of serverPids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      server += Number(after[11]) + Number(after[12]); // utime + stime
    }
    const own = process.cpuUsage();
    return { at: performance.now(), machineBusy: busy / tick, machineIdle: idle / tick, server: server / tick, bench: (own.user + own.system) / 1e6 };
  } catch {
    return null;
  }
}

/** Cores in use between two snapshots: server, load generator, everything else (Postgres, mostly), idle. */
function coresUsed(a: CpuSnapshot | null, b: CpuSnapshot | null): { server: number; bench: number; other: number; idle: number } | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / seconds;
  const bench = (b.bench - a.bench) / seconds;
  const busy = (b.machineBusy - a.machineBusy) / seconds;
  return { server, bench, other: Math.max(0, busy - server - bench), idle: (b.machineIdle - a.machineIdle) / seconds };
}

function describeCores(c: ReturnType<typeof coresUsed>): string {
  if (!c) return 'n/a';
  return `server ${fmt(c.server, 2)}, load generator ${fmt(c.bench, 2)}, other (Postgres…) ${fmt(c.other, 2)}, idle ${fmt(c.idle, 2)} of ${os.cpus().length}`;
}

interface Server {
  child: ChildProcess;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>, cpuProf: boolean, extraNodeArgs: string[]): Server {
  const nodeArgs = [...extraNodeArgs, '--import', 'tsx'];
  if (cpuProf) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${OUT_DIR}`);
  const child = spawn(process.execPath, [...nodeArgs, 'src/main/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) console.log(`[server] ${line}`);
  };
  child.stdout!.on('data', relay);
  child.stderr!.on('data', relay);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

async function waitReady(server: Server, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`The server exited with code ${server.child.exitCode} before it was ready`);
    if ((await getStatus(port, '/readyz')) === 200) return;
    await sleep(200);
  }
  throw new Error(`GET /readyz did not answer 200 within ${timeoutMs / 1000} s`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, sleep(15_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

async function countEvents(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n));
}

function describeLoad(name: string, r: LoadResult): void {
  const failures = Object.entries(r.failures).map(([status, n]) => `${n}×${status === '0' ? 'conn-error' : status}`).join(', ');
  log(
    `${name}: ${fmt(r.requests)} requests in ${fmt(r.seconds, 1)} s, ${fmt(r.ok)} ok${failures ? ` (failed: ${failures})` : ''}; ` +
      `${fmt(r.recordsAccepted / r.seconds)} records/s accepted; latency p50 ${fmt(percentile(r.latenciesMs, 50), 1)} ms, ` +
      `p99 ${fmt(percentile(r.latenciesMs, 99), 1)} ms, max ${fmt(Math.max(...r.latenciesMs), 1)} ms`,
  );
}

async function main(): Promise<void> {
  const urls = databaseUrls();
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  mkdirSync(OUT_DIR, { recursive: true });
  log(`senders ${SENDERS}, full load ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up), half load ${HALF_SECONDS} s, raw ${fmt(RAW_ROWS)} rows × 3`);

  // 1. Database.
  await withClient(urls.admin, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${BENCH_DB}`);
  });
  let servers: Server[] = [];
  const db = createDb(urls.bench, { max: 2 });
  try {
    await migrateToLatest(db);
    const { orgId } = await createOrg(db, { name: 'bench' });
    const { key } = await createApiKey(db, { orgId, scopes: ['ingest'], name: 'bench' });
    await db.destroy();
    const pgInfo = await withClient(urls.admin, async (c) => {
      const show = async (name: string) => (await c.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;
      return {
        version: await show('server_version'),
        sharedBuffers: await show('shared_buffers'),
        synchronousCommit: await show('synchronous_commit'),
        fsync: await show('fsync'),
        maxWalSize: await show('max_wal_size'),
      };
    });

    // 2. Payloads, checked once through the real decode + normalize path.
    let t = performance.now();
    const templates = buildTemplates({ count: 64, recordsPerBody: RECORDS_PER_BATCH, users: 16, sessionsPerUser: 4, nowMs: Date.now() });
    const ids = new RequestIds();
    const probe = normalizeLogs(decodeOtlpProtobuf('logs', stamp(templates[0]!, new RequestIds())) as ExportLogsRequest, new Date());
    if (probe.events.length !== RECORDS_PER_BATCH || probe.rejected.length > 0) {
      throw new Error(`A payload normalizes to ${probe.events.length} events and ${probe.rejected.length} rejections`);
    }
    const avgBytes = templates.reduce((sum, tpl) => sum + tpl.body.length, 0) / templates.length;
    log(`${templates.length} distinct bodies of ${RECORDS_PER_BATCH} api_request records (avg ${fmt(avgBytes / 1024, 1)} KiB) in ${fmt(performance.now() - t)} ms`);

    // 3. Server.
    const ports: number[] = [];
    for (let n = 0; n < SERVERS; n++) {
      const port = await freePort();
      const server = startServer(
        { DATABASE_URL: urls.bench, REDIS_URL: redisUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', UPTAKE_ROLE: 'api' },
        args['cpu-prof'],
        SERVER_NODE_ARGS,
      );
      servers.push(server);
      t = performance.now();
      await waitReady(server, port);
      ports.push(port);
      log(`server pid ${server.child.pid} ready on port ${port} in ${fmt(performance.now() - t)} ms`);
    }
    const serverPids = servers.map((s) => s.child.pid);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const target: Target = { ports, key, agent };

    // 4. Full load.
    let recordsSent = 0;
    if (WARMUP_SECONDS > 0) {
      const warm = await closedLoop(target, templates, ids, { senders: SENDERS, seconds: WARMUP_SECONDS });
      recordsSent += warm.recordsSent;
      describeLoad('warm-up', warm);
    }
    const cpuBefore = cpuSnapshot(serverPids);
    const full = await closedLoop(target, templates, ids, { senders: SENDERS, seconds: SECONDS, onProgress: log });
    const fullCores = coresUsed(cpuBefore, cpuSnapshot(serverPids));
    recordsSent += full.recordsSent;
    describeLoad('full load', full);
    log(`full load CPU (cores): ${describeCores(fullCores)}`);
    const fullRate = full.recordsAccepted / full.seconds;
    const afterFull = await countEvents(urls.bench);
    log(`events rows ${fmt(afterFull)} vs records sent ${fmt(recordsSent)}: ${afterFull === recordsSent ? 'match' : 'MISMATCH'}`);

    // 5. Half load.
    const halfRequestsPerSecond = (fullRate * 0.5) / RECORDS_PER_BATCH;
    log(`half load: ${fmt(halfRequestsPerSecond, 1)} requests/s (${fmt(fullRate * 0.5)} records/s) for ${HALF_SECONDS} s, open loop`);
    const half = await openLoop(target, templates, ids, { requestsPerSecond: halfRequestsPerSecond, seconds: HALF_SECONDS });
    recordsSent += half.recordsSent;
    describeLoad('half load', half);
    const finalCount = await countEvents(urls.bench);
    const countOk = finalCount === recordsSent && recordsSent === ids.issued;
    log(`events rows ${fmt(finalCount)} vs records sent ${fmt(recordsSent)}: ${countOk ? 'match' : 'MISMATCH'}`);
    agent.destroy();
    await Promise.all(servers.map(stopServer));
    servers = [];
    if (args['cpu-prof']) log(`server CPU profile written to ${OUT_DIR}`);

    // 6. Raw Postgres.
    t = performance.now();
    const rows = makeRows(orgId, templates, RAW_ROWS);
    log(`${fmt(rows.length)} raw rows made through decode + normalize in ${fmt(performance.now() - t)} ms`);
    const raw: RawResult[] = [];
    for (const method of ['values', 'unnest', 'copy'] as RawMethod[]) {
      const result = await runRaw(urls.bench, method, rows, { batchSize: RAW_BATCH, concurrency: SENDERS });
      raw.push(result);
      log(`raw ${method}: ${fmt(result.rows)} rows in ${fmt(result.seconds, 2)} s = ${fmt(result.rowsPerSecond)} rows/s`);
    }
    await dropRawTable(urls.bench);
    const best = raw.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));

    // 7. Summary.
    const ratio = fullRate / best.rowsPerSecond;
    const cpus = os.cpus();
    const summary = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus[0]?.model ?? 'unknown',
        cores: cpus.length,
        memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        os: `${os.type()} ${os.release()}`,
        postgres: pgInfo,
      },
      settings: { servers: SERVERS, serverNodeArgs: SERVER_NODE_ARGS, senders: SENDERS, seconds: SECONDS, halfSeconds: HALF_SECONDS, recordsPerBatch: RECORDS_PER_BATCH, rawRows: RAW_ROWS, rawBatch: RAW_BATCH },
      endToEnd: {
        recordsPerSecond: fullRate,
        cores: fullCores,
        requests: full.requests,
        failed: full.requests - full.ok,
        p50Ms: percentile(full.latenciesMs, 50),
        p99Ms: percentile(full.latenciesMs, 99),
      },
      halfLoad: {
        requestsPerSecond: halfRequestsPerSecond,
        recordsPerSecond: half.recordsAccepted / half.seconds,
        requests: half.requests,
        failed: half.requests - half.ok,
        p50Ms: percentile(half.latenciesMs, 50),
        p99Ms: percentile(half.latenciesMs, 99),
      },
      raw: Object.fromEntries(raw.map((r) => [r.method, r.rowsPerSecond])),
      bestRaw: { method: best.method, rowsPerSecond: best.rowsPerSecond },
      ratio,
      rowCount: { events: finalCount, recordsSent, match: countOk },
    };
    const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const lines: Array<[string, string]> = [
      ['machine', `${summary.machine.cpu} × ${summary.machine.cores}, ${summary.machine.memoryGiB} GiB, ${summary.machine.os}`],
      ['node / postgres', `${process.version} / PostgreSQL ${pgInfo.version} (shared_buffers ${pgInfo.sharedBuffers}, synchronous_commit ${pgInfo.synchronousCommit}, fsync ${pgInfo.fsync})`],
      ['load', `${SENDERS} senders × ${RECORDS_PER_BATCH}-record protobuf batches, ${SECONDS} s`],
      ['server', `${SERVERS > 1 ? `${SERVERS} × ` : ''}node ${[...SERVER_NODE_ARGS, '--import', 'tsx', 'src/main/start.ts'].join(' ')}`],
      ['end-to-end', `${fmt(fullRate)} records/s (${fmt(full.ok)} batches ok, ${fmt(full.requests - full.ok)} failed)`],
      ['end-to-end latency', `p50 ${fmt(summary.endToEnd.p50Ms, 1)} ms, p99 ${fmt(summary.endToEnd.p99Ms, 1)} ms`],
      ['end-to-end CPU (cores)', describeCores(fullCores)],
      ['half load', `${fmt(summary.halfLoad.recordsPerSecond)} records/s open loop: p50 ${fmt(summary.halfLoad.p50Ms, 1)} ms, p99 ${fmt(summary.halfLoad.p99Ms, 1)} ms`],
      ...raw.map((r): [string, string] => [`raw ${r.method}`, `${fmt(r.rowsPerSecond)} rows/s (${fmt(r.rows)} rows, ${RAW_BATCH}/statement, ${SENDERS} connections)`]),
      ['best raw', `${fmt(best.rowsPerSecond)} rows/s (${best.method})`],
      ['end-to-end / best raw', `${fmt(ratio * 100, 1)} %`],
      ['rows stored = records sent', `${fmt(finalCount)} = ${fmt(recordsSent)}: ${countOk ? 'yes' : 'NO'}`],
      ['goal ≥ 30,000 records/s', mark(fullRate >= GOAL_RECORDS_PER_SECOND)],
      ['goal ≥ 40 % of best raw', mark(ratio >= GOAL_RATIO)],
      ['goal half-load p99 < 50 ms', mark(summary.halfLoad.p99Ms < GOAL_HALF_LOAD_P99_MS)],
    ];
    const width = Math.max(...lines.map(([k]) => k.length));
    console.log('\n' + lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
    if (args.json) writeFileSync(args.json, JSON.stringify(summary, null, 2));
    if (!countOk) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => stopServer(s).catch(() => {})));
    await db.destroy().catch(() => {});
    await withClient(urls.admin, (c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`)).catch((error: unknown) => {
      console.error(`[bench] could not drop ${BENCH_DB}: ${(error as Error).message}`);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
