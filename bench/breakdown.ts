// `node --import tsx bench/breakdown.ts [--batches 400] [--db]`
//
// Where a batch's CPU goes on the server's ingestion path, stage by stage, in one process with no HTTP:
// protobuf decode (and, for comparison, the protobufjs decode + toObject + hex ids path the logs decoder
// replaced), normalizeLogs, and, with --db, insertEvents against a scratch database (its own time, which
// includes building the parallel arrays, pg's array serializing and the Postgres round trip). Run with
// `node --cpu-prof --import tsx bench/breakdown.ts` for a clean profile.

import { parseArgs } from 'node:util';
import pg from 'pg';
import { decodeOtlpProtobuf, decodeWithProtobufjs } from '../src/adapters/otlp/protobuf-codec.ts';
import { createDb } from '../src/adapters/postgres/database.ts';
import { insertEvents } from '../src/adapters/postgres/event-store.ts';
import { migrateToLatest } from '../src/adapters/postgres/migrator.ts';
import { createOrg } from '../src/adapters/postgres/org-store.ts';
import { normalizeLogs } from '../src/domain/otlp/normalize-logs.ts';
import type { ExportLogsRequest } from '../src/domain/otlp/otlp-json.ts';
import { buildTemplates, RequestIds, stamp } from './payloads.ts';

const { values: args } = parseArgs({
  options: { batches: { type: 'string', default: '400' }, db: { type: 'boolean', default: false } },
});
const BATCHES = Number(args.batches);
const RECORDS = 200;
const DB_NAME = 'uptake_bench_breakdown';

const templates = buildTemplates({ count: 64, recordsPerBody: RECORDS, users: 16, sessionsPerUser: 4, nowMs: Date.now() });
const ids = new RequestIds();
const bodies = Array.from({ length: BATCHES }, (_, n) => stamp(templates[n % templates.length]!, ids));

function timeStage<T>(name: string, inputs: unknown[], fn: (input: unknown) => T): T[] {
  // one untimed pass over a quarter of the inputs to warm the JIT
  for (const input of inputs.slice(0, Math.ceil(inputs.length / 4))) fn(input);
  const t0 = performance.now();
  const out = inputs.map(fn);
  const ms = performance.now() - t0;
  console.log(`${name.padEnd(28)} ${(ms / inputs.length).toFixed(2).padStart(7)} ms/batch  ${((ms * 1000) / (inputs.length * RECORDS)).toFixed(1).padStart(6)} µs/record`);
  return out;
}

timeStage('decodeWithProtobufjs (before)', bodies, (b) => decodeWithProtobufjs('logs', b as Buffer));
const decoded = timeStage('decodeOtlpProtobuf', bodies, (b) => decodeOtlpProtobuf('logs', b as Buffer));
const now = new Date();
const normalized = timeStage('normalizeLogs', decoded, (d) => normalizeLogs(d as ExportLogsRequest, now));
if (normalized.some((r) => r.events.length !== RECORDS)) throw new Error('unexpected normalize result');

if (args.db) {
  const admin = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(admin);
  url.pathname = `/${DB_NAME}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${DB_NAME}`);
  const db = createDb(url.toString(), { max: 1 });
  try {
    await migrateToLatest(db);
    const { orgId } = await createOrg(db, { name: 'breakdown' });
    const warm = Math.ceil(normalized.length / 4);
    for (const r of normalized.slice(0, warm)) await insertEvents(db, orgId, r.events);
    const t0 = performance.now();
    for (const r of normalized.slice(warm)) await insertEvents(db, orgId, r.events);
    const ms = performance.now() - t0;
    const n = normalized.length - warm;
    console.log(`${'insertEvents (1 connection)'.padEnd(28)} ${(ms / n).toFixed(2).padStart(7)} ms/batch  ${((ms * 1000) / (n * RECORDS)).toFixed(1).padStart(6)} µs/record`);
  } finally {
    await db.destroy();
    await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await client.end();
  }
}
