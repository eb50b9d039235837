// Events as COPY text rows, streamed into Postgres with backpressure.

import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { eventIdFromKey } from '../../src/domain/events/dedup-key.ts';
import type { Calendar } from './calendar.ts';
import type { Rng } from './random.ts';
import type { SeedEvent } from './sessions.ts';

export const EVENT_COLUMNS = [
  'org_id', 'event_id', 'occurred_at', 'received_at', 'source', 'tool', 'kind', 'person_email', 'identity', 'session_id',
  'prompt_id', 'request_id', 'model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens',
  'cost_usd', 'duration_ms', 'tool_name', 'success', 'decision', 'lines_added', 'lines_removed', 'quantity', 'project',
  'attributes',
] as const;

// Every generated text value comes from the catalog, PRNG hex or ISO dates: ASCII without tabs, newlines
// or backslashes, so fields need no COPY escaping and latin1 is their UTF-8.
const NULL = '\\N';
const text = (v: string | null): string => v ?? NULL;
const num = (v: number | null): string => (v === null ? NULL : String(v));
const bool = (v: boolean | null): string => (v === null ? NULL : v ? 't' : 'f');

const HOUR_MS = 3_600_000;
const pad = (width: number) => (_: unknown, n: number) => String(n).padStart(width, '0');
const TWO_DIGITS = Array.from({ length: 60 }, pad(2));
const THREE_DIGITS = Array.from({ length: 1000 }, pad(3));

/** Date#toISOString for whole milliseconds, several times faster: consecutive events share their hour's prefix. */
class IsoFormatter {
  private hour = Number.NaN;
  private prefix = '';

  format(ms: number): string {
    const hour = Math.floor(ms / HOUR_MS);
    if (hour !== this.hour) {
      this.hour = hour;
      this.prefix = new Date(hour * HOUR_MS).toISOString().slice(0, 14);
    }
    const rest = ms - hour * HOUR_MS;
    const seconds = Math.floor(rest / 1000);
    return `${this.prefix}${TWO_DIGITS[Math.floor(seconds / 60)]}:${TWO_DIGITS[seconds % 60]}.${THREE_DIGITS[rest % 1000]}Z`;
  }
}

const CHUNK_BYTES = 1 << 20;
/** Generated rows stay well under 1 KiB; a chunk is sealed once less than this is left. */
const ROW_BYTES_MAX = 4096;

/**
 * Formats events as COPY rows straight into 1 MiB buffers (cheaper than joining strings), numbering them
 * for their event ids and noting the days they fall on.
 */
export class CopyRowWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private sealed: Buffer[] = [];
  private written = 0;
  private readonly touchedDays: Uint8Array;
  private readonly firstMs: number;
  private readonly lastMs: number;
  private readonly iso = new IsoFormatter();

  constructor(
    private readonly orgId: string,
    private readonly seed: number,
    private readonly calendar: Calendar,
    private readonly rng: Rng,
  ) {
    this.touchedDays = new Uint8Array(calendar.days.length);
    this.firstMs = calendar.startMs;
    this.lastMs = calendar.endMs - 1;
  }

  get count(): number {
    return this.written;
  }

  add(e: SeedEvent, email: string): void {
    const at = Math.min(Math.max(Math.floor(e.at), this.firstMs), this.lastMs);
    this.touchedDays[this.calendar.dayIndexOf(at)] = 1;
    const receivedAt = at + Math.round(this.rng.between(200, 8000));
    const eventId = eventIdFromKey(`seed|${this.seed}|${this.written++}`);
    const row =
      `${this.orgId}\t${eventId}\t${this.iso.format(at)}\t${this.iso.format(receivedAt)}\tapi\t${e.tool}\t${e.kind}\t` +
      `${email}\t${email}\t${text(e.sessionId)}\t${text(e.promptId)}\t${text(e.requestId)}\t${text(e.model)}\t` +
      `${e.inputTokens}\t${e.outputTokens}\t${e.cacheReadTokens}\t${e.cacheCreationTokens}\t` +
      `${e.costUsd === null ? NULL : e.costUsd.toFixed(10)}\t${num(e.durationMs)}\t${text(e.toolName)}\t${bool(e.success)}\t` +
      `${text(e.decision)}\t${e.linesAdded}\t${e.linesRemoved}\t${num(e.quantity)}\t${text(e.project)}\t{}\n`;
    this.used += this.buffer.write(row, this.used, 'latin1');
    if (CHUNK_BYTES - this.used < ROW_BYTES_MAX) this.seal();
  }

  /** The chunks filled since the last call. */
  takeFull(): Buffer[] {
    const full = this.sealed;
    this.sealed = [];
    return full;
  }

  /** Every chunk not yet taken, the partly filled one included. */
  takeAll(): Buffer[] {
    this.seal();
    return this.takeFull();
  }

  private seal(): void {
    if (this.used === 0) return;
    this.sealed.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  /** Dates (org zone) that received at least one event. */
  days(): string[] {
    return this.calendar.days.filter((_, i) => this.touchedDays[i] === 1).map((d) => d.date);
  }
}

/**
 * COPYs the chunks into `events`, dealt round-robin over `streams` connections of their own (Postgres spends
 * most of a load parsing rows and updating indexes, which one backend does on one core). Waits for a
 * connection's buffer to drain before giving it more. Returns the number of rows Postgres took.
 */
export async function copyEvents(databaseUrl: string, chunks: Iterable<Buffer>, streams: number): Promise<number> {
  const clients: pg.Client[] = [];
  try {
    for (let i = 0; i < streams; i++) {
      const client = new pg.Client({ connectionString: databaseUrl });
      clients.push(client);
      await client.connect();
    }
    const copies = clients.map((client) => client.query(copyFrom(`COPY events (${EVENT_COLUMNS.join(', ')}) FROM STDIN`)));
    let failure: Error | undefined;
    for (const copy of copies) copy.on('error', (error: Error) => (failure ??= error));
    const done = copies.map((copy) => finished(copy));
    for (const d of done) d.catch(() => {}); // awaited below, or raced while waiting for a drain
    try {
      let next = 0;
      for (const chunk of chunks) {
        if (failure) throw failure;
        const at = next++ % copies.length;
        const copy = copies[at] as CopyStreamQuery;
        if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), done[at]]);
      }
      for (const copy of copies) copy.end();
      await Promise.all(done);
    } catch (error) {
      // Postgres's own complaint explains more than the write that failed after it.
      throw failure ?? error;
    }
    return copies.reduce((sum, copy) => sum + copy.rowCount, 0);
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
