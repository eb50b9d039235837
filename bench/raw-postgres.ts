// Phase 3: how fast Postgres itself takes the rows ingestion writes, with no HTTP, decoding or
// normalizing in the way. The rows are made by the real pipeline (protobuf decode + normalizeLogs) from
// the same payloads the load generator sends, then written into a fresh copy of `events` (same columns,
// defaults, primary key and indexes) with `ON CONFLICT DO NOTHING`, by `concurrency` connections, in
// three ways: multi-row VALUES, unnest of arrays, and COPY into a temp table + INSERT ... SELECT.

import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { decodeOtlpProtobuf } from '../src/adapters/otlp/protobuf-codec.ts';
import { eventIdFromKey } from '../src/domain/events/dedup-key.ts';
import type { UsageEvent } from '../src/domain/events/usage-event.ts';
import { normalizeLogs } from '../src/domain/otlp/normalize-logs.ts';
import type { ExportLogsRequest } from '../src/domain/otlp/otlp-json.ts';
import { RequestIds, stamp, type BodyTemplate } from './payloads.ts';

/** The columns ingestion writes (received_at is left to its default, as ingestion does). */
const COLUMNS = [
  'org_id', 'event_id', 'occurred_at', 'source', 'tool', 'kind', 'person_email', 'identity', 'session_id', 'prompt_id',
  'request_id', 'model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'cost_usd',
  'duration_ms', 'tool_name', 'success', 'decision', 'lines_added', 'lines_removed', 'quantity', 'project', 'attributes',
] as const;
/** The array casts insertEvents uses, in column order. */
const ARRAY_TYPES = [
  'uuid', 'uuid', 'timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text',
  'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'numeric',
  'float8', 'text', 'boolean', 'text', 'int', 'int', 'float8', 'text', 'jsonb',
];

type Cell = string | null;
type Row = Cell[];

const text = (v: string | number | boolean | null): Cell => (v === null ? null : String(v));

/** One events row as text, converted the way insertEvents converts a UsageEvent. */
function rowOf(orgId: string, e: UsageEvent): Row {
  return [
    orgId, eventIdFromKey(e.dedupKey), e.occurredAt.toISOString(), e.source, e.tool, e.kind, e.personEmail, e.identity,
    e.sessionId, e.promptId, e.requestId, e.model, text(e.inputTokens), text(e.outputTokens), text(e.cacheReadTokens),
    text(e.cacheCreationTokens), text(e.costUsd), text(e.durationMs), e.toolName, text(e.success), e.decision,
    text(e.linesAdded), text(e.linesRemoved), text(e.quantity), e.project, JSON.stringify(e.attributes),
  ];
}

/** `total` rows (rounded up to whole payloads) made by decoding and normalizing stamped payloads. */
export function makeRows(orgId: string, templates: BodyTemplate[], total: number): Row[] {
  const ids = new RequestIds();
  const rows: Row[] = [];
  const now = new Date();
  for (let n = 0; rows.length < total; n++) {
    const body = stamp(templates[n % templates.length]!, ids);
    const result = normalizeLogs(decodeOtlpProtobuf('logs', body) as ExportLogsRequest, now);
    if (result.rejected.length > 0) throw new Error(`normalizeLogs rejected records: ${result.rejected[0]!.reason}`);
    for (const e of result.events) rows.push(rowOf(orgId, e));
  }
  return rows.slice(0, total);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

// --- (a) multi-row VALUES -------------------------------------------------------------------------

function valuesSql(rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * COLUMNS.length;
    tuples.push(`(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(',')})`);
  }
  return `INSERT INTO raw_events (${COLUMNS.join(',')}) VALUES ${tuples.join(',')} ON CONFLICT (org_id, event_id) DO NOTHING`;
}

// --- (b) unnest of arrays -------------------------------------------------------------------------

/** A Postgres array literal; every element quoted, so any text is safe. */
function arrayLiteral(cells: Cell[]): string {
  return `{${cells.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

const UNNEST_SQL = `INSERT INTO raw_events (${COLUMNS.join(',')})
  SELECT * FROM unnest(${ARRAY_TYPES.map((t, c) => `$${c + 1}::${t}[]`).join(', ')})
  ON CONFLICT (org_id, event_id) DO NOTHING`;

// --- (c) COPY into a temp table, then INSERT ... SELECT --------------------------------------------

function copyField(v: Cell): string {
  return v === null ? '\\N' : v.replace(/[\\\n\r\t]/g, (ch) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch]!);
}

function copyText(rows: Row[]): Buffer {
  return Buffer.from(rows.map((r) => r.map(copyField).join('\t')).join('\n') + '\n', 'utf8');
}

export type RawMethod = 'values' | 'unnest' | 'copy';

export interface RawResult {
  method: RawMethod;
  rows: number;
  inserted: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Each batch prepared up front, in the form its method sends, so the timed loop only talks to Postgres. */
type Batch = { run: (client: pg.Client) => Promise<number> };

function prepare(method: RawMethod, batches: Row[][]): Batch[] {
  return batches.map((rows) => {
    if (method === 'values') {
      const values = rows.flat();
      const name = `raw_values_${rows.length}`;
      const textSql = valuesSql(rows.length);
      return { run: async (client) => (await client.query({ name, text: textSql, values })).rowCount ?? 0 };
    }
    if (method === 'unnest') {
      const values = COLUMNS.map((_, c) => arrayLiteral(rows.map((r) => r[c] ?? null)));
      return { run: async (client) => (await client.query({ name: 'raw_unnest', text: UNNEST_SQL, values })).rowCount ?? 0 };
    }
    const data = copyText(rows);
    return {
      run: async (client) => {
        await client.query('BEGIN');
        await pipeline(Readable.from([data]), client.query(copyFrom(`COPY raw_stage (${COLUMNS.join(',')}) FROM STDIN`)));
        const result = await client.query({
          name: 'raw_copy_insert',
          text: `INSERT INTO raw_events (${COLUMNS.join(',')}) SELECT ${COLUMNS.join(',')} FROM raw_stage ON CONFLICT (org_id, event_id) DO NOTHING`,
        });
        await client.query('COMMIT');
        return result.rowCount ?? 0;
      },
    };
  });
}

/** Writes `rows` into a fresh raw_events table by `method` over `concurrency` connections. */
export async function runRaw(url: string, method: RawMethod, rows: Row[], options: { batchSize: number; concurrency: number }): Promise<RawResult> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('DROP TABLE IF EXISTS raw_events');
  await admin.query('CREATE TABLE raw_events (LIKE events INCLUDING ALL)');
  await admin.query('CHECKPOINT');
  await admin.end();

  const batches = prepare(method, chunks(rows, options.batchSize));
  const clients = await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      if (method === 'copy') {
        await client.query(`CREATE TEMP TABLE raw_stage (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
      }
      return client;
    }),
  );
  let next = 0;
  let inserted = 0;
  const started = performance.now();
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          const count = await batch.run(client);
          inserted += count;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
  const seconds = (performance.now() - started) / 1000;
  if (inserted !== rows.length) throw new Error(`raw ${method}: inserted ${inserted} of ${rows.length} rows`);
  return { method, rows: rows.length, inserted, seconds, rowsPerSecond: rows.length / seconds };
}

export async function dropRawTable(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('DROP TABLE IF EXISTS raw_events');
  await admin.end();
}
