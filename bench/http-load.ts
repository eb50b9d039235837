// Load generation over node:http with keep-alive: a closed loop (N senders, each sending its next
// batch as soon as the previous one is answered) and an open loop (requests started on a fixed
// schedule whatever the server's pace, latency counted from the scheduled start).

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { stamp, type BodyTemplate, type RequestIds } from './payloads.ts';

export interface Target {
  /** one or more server processes; requests go round-robin */
  ports: number[];
  key: string;
  agent: http.Agent;
}

export interface LoadResult {
  requests: number;
  ok: number;
  /** status code (0 = connection error) to count, for the requests that did not get 200 */
  failures: Record<number, number>;
  recordsSent: number;
  recordsAccepted: number;
  seconds: number;
  /** per-request latency of every request, ms */
  latenciesMs: number[];
}

/** POSTs one protobuf logs body; resolves with the status code (0 when the connection failed). */
let nextPort = 0;

function post(target: Target, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: target.ports[nextPort++ % target.ports.length],
        path: '/v1/logs',
        method: 'POST',
        agent: target.agent,
        headers: {
          'content-type': 'application/x-protobuf',
          'content-length': body.length,
          authorization: `Bearer ${target.key}`,
        },
        timeout: 30_000,
      },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

function emptyResult(): LoadResult {
  return { requests: 0, ok: 0, failures: {}, recordsSent: 0, recordsAccepted: 0, seconds: 0, latenciesMs: [] };
}

function record(result: LoadResult, status: number, records: number, ms: number): void {
  result.requests++;
  result.recordsSent += records;
  result.latenciesMs.push(ms);
  if (status === 200) {
    result.ok++;
    result.recordsAccepted += records;
  } else {
    result.failures[status] = (result.failures[status] ?? 0) + 1;
  }
}

/** `senders` concurrent senders for `seconds`; a request started before the deadline is waited for. */
export async function closedLoop(
  target: Target,
  templates: BodyTemplate[],
  ids: RequestIds,
  options: { senders: number; seconds: number; onProgress?: (line: string) => void },
): Promise<LoadResult> {
  const result = emptyResult();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let next = 0;
  // Throughput of each 10 s slice, to show drift (warming up, GC, table growth) over a long run.
  let sliceStart = started;
  let sliceRecords = 0;
  const progress = options.onProgress
    ? setInterval(() => {
        const now = performance.now();
        const rate = ((result.recordsAccepted - sliceRecords) * 1000) / (now - sliceStart);
        options.onProgress!(`  ${Math.round((now - started) / 1000)} s: ${Math.round(rate).toLocaleString('en-US')} records/s`);
        sliceStart = now;
        sliceRecords = result.recordsAccepted;
      }, 10_000)
    : null;
  await Promise.all(
    Array.from({ length: options.senders }, async () => {
      while (performance.now() < deadline) {
        const template = templates[next++ % templates.length]!;
        const body = stamp(template, ids);
        const t0 = performance.now();
        const status = await post(target, body);
        record(result, status, template.records, performance.now() - t0);
      }
    }),
  );
  if (progress) clearInterval(progress);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Starts `requestsPerSecond` requests a second for `seconds`, on schedule, however many are in flight.
 * Latency runs from each request's scheduled start, so a late start (client or server falling behind)
 * counts against it.
 */
export async function openLoop(
  target: Target,
  templates: BodyTemplate[],
  ids: RequestIds,
  options: { requestsPerSecond: number; seconds: number },
): Promise<LoadResult> {
  const result = emptyResult();
  const total = Math.max(1, Math.floor(options.requestsPerSecond * options.seconds));
  const interval = 1000 / options.requestsPerSecond;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    const template = templates[n % templates.length]!;
    const body = stamp(template, ids);
    inflight.push(post(target, body).then((status) => record(result, status, template.records, performance.now() - due)));
  }
  await Promise.all(inflight);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Nearest-rank percentile of `values` (sorted copy), in the same unit. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
