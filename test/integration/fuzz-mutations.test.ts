import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { rollupOrg } from '../../src/app/compute-rollups.ts';
import { rollupStore } from '../../src/adapters/postgres/postgres-stores.ts';
import { capturedRequests } from '../support/fixtures.ts';
import { mutateBytes, mutateJson, prng } from '../support/fuzz.ts';
import { CC_TOOLS_LOGS, fixture, GEMINI_TOOLS_LOGS, type Json } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12: seeded mutations of OTLP protobuf, OTLP/JSON and /api/v1/events bodies, sent over a real socket to the
// listening server: no 5xx, no dropped connection, and the heap back within 20 % of where it started.
// `npm test` sends 1,500 (about 10 s); `npm run test:fuzz` sends 10,000 (over a minute on 2 shared cores).

const PAYLOADS = Number(process.env['FUZZ_PAYLOADS'] ?? 1500);
const CONCURRENCY = 8;
const SEED = 20261201;
const NOW = new Date('2026-11-24T15:00:00Z');

let t: TestContext;
let org: TestOrg;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('fuzz-10k');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

/** The heap after a full collection (a real gc, exposed for this test), else the resident set size. */
function memory(): { bytes: number; measure: 'heapUsed after gc' | 'rss' } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
  if (!gc) return { bytes: process.memoryUsage().rss, measure: 'rss' };
  gc();
  gc();
  return { bytes: process.memoryUsage().heapUsed, measure: 'heapUsed after gc' };
}

interface Request {
  kind: string;
  path: string;
  type: string;
  body: Buffer | string;
}

function generators(): Array<(random: () => number) => Request> {
  const ccLogs = fixture(...CC_TOOLS_LOGS);
  const ccMetrics = fixture('claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json');
  // Gemini's capture is large: its first 12 records are enough to mutate.
  const gemini = fixture(...GEMINI_TOOLS_LOGS);
  gemini.resourceLogs = gemini.resourceLogs.slice(0, 1);
  gemini.resourceLogs[0].scopeLogs[0].logRecords = gemini.resourceLogs[0].scopeLogs[0].logRecords.slice(0, 12);
  const pb = capturedRequests('claude-code', 'otlp-protobuf', 'cc-pb-tools');
  const pbBody = (signal: 'logs' | 'metrics') => pb.find((r) => r.signal === signal)!.body;
  const at = '2026-11-24T10:00:00Z';
  const events: Json[] = [
    { id: 'e1', occurredAt: at, tool: 'claude-code', kind: 'api_request', email: 'a@x.io', sessionId: 's1', requestId: 'r1', model: 'claude-sonnet-4-5',
      tokens: { input: 10, output: 5, cacheRead: 100, cacheCreation: 0 }, costUsd: 0.01 },
    { id: 'e2', occurredAt: at, tool: 'gemini-cli', kind: 'user_prompt', email: 'b@x.io', sessionId: 's2' },
    { id: 'e3', occurredAt: at, tool: 'cursor', kind: 'commit', quantity: 2, identity: 'u-3' },
    { id: 'e4', occurredAt: at, tool: 'claude-code', kind: 'active_time', quantity: 60, attributes: { type: 'cli' } },
    { id: 'e5', occurredAt: at, tool: 'claude-code', kind: 'lines_changed', linesAdded: 10, linesRemoved: 2, project: 'web' },
  ];
  const json = (kind: string, path: string, value: Json) => (random: () => number): Request =>
    // one in ten JSON bodies is also cut or bit-flipped as text
    random() < 0.1
      ? { kind: `${kind} (bytes)`, path, type: 'application/json', body: mutateBytes(Buffer.from(JSON.stringify(value)), random) }
      : { kind, path, type: 'application/json', body: JSON.stringify(mutateJson(value, random)) };
  return [
    json('otlp-json logs (Claude Code)', '/v1/logs', ccLogs),
    json('otlp-json logs (Gemini CLI)', '/v1/logs', gemini),
    json('otlp-json metrics', '/v1/metrics', ccMetrics),
    (random) => ({ kind: 'otlp-protobuf logs', path: '/v1/logs', type: 'application/x-protobuf', body: mutateBytes(pbBody('logs'), random) }),
    (random) => ({ kind: 'otlp-protobuf metrics', path: '/v1/metrics', type: 'application/x-protobuf', body: mutateBytes(pbBody('metrics'), random) }),
    (random) => json('events', '/api/v1/events', { events: events.filter(() => random() < 0.6) })(random),
  ];
}

describe(`${PAYLOADS} mutated payloads`, () => {
  it('never get a 5xx, and the heap comes back', async () => {
    const random = prng(SEED);
    const make = generators();
    const statuses = new Map<string, Map<number, number>>();
    const failures: string[] = [];
    const send = async (i: number) => {
      const r = make[i % make.length]!(random);
      const counts = statuses.get(r.kind) ?? new Map<number, number>();
      statuses.set(r.kind, counts);
      try {
        const res = await fetch(`${base}${r.path}`, { method: 'POST', headers: { 'content-type': r.type, authorization: `Bearer ${org.ingestKey}` }, body: r.body });
        await res.arrayBuffer();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push(`#${i} ${r.kind}: ${res.status}`);
      } catch (error) {
        failures.push(`#${i} ${r.kind}: ${(error as Error).message}`);
      }
    };
    const run = async (from: number, to: number) => {
      let next = from;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < to) await send(next++);
      }));
    };
    const warmUp = Math.min(600, Math.floor(PAYLOADS / 3));
    await run(0, warmUp);
    const before = memory();
    const started = performance.now();
    await run(warmUp, PAYLOADS);
    const seconds = (performance.now() - started) / 1000;
    const after = memory();

    const table = Object.fromEntries([...statuses].map(([kind, counts]) => [kind, Object.fromEntries([...counts].sort())]));
    const fiveXx = [...statuses.values()].reduce((n, c) => n + [...c].filter(([s]) => s >= 500).reduce((m, [, k]) => m + k, 0), 0);
    console.log(JSON.stringify({ payloads: PAYLOADS, fiveXx, seconds: Math.round(seconds * 10) / 10, memory: { measure: before.measure, before: before.bytes, after: after.bytes }, statuses: table }));

    expect(failures.slice(0, 20)).toEqual([]);
    const sent = [...statuses.values()].reduce((n, c) => n + [...c.values()].reduce((a, b) => a + b, 0), 0);
    expect(sent).toBe(PAYLOADS);
    // The mutations reached both the decoders' error paths and the normalizers and storage.
    for (const [kind, counts] of statuses) if (!kind.endsWith('(bytes)')) expect([...counts.keys()].sort(), kind).toEqual([200, 400]);
    expect(after.bytes, `${after.measure}: ${before.bytes} -> ${after.bytes}`).toBeLessThanOrEqual(before.bytes * 1.2);
    // What was accepted is storable and summable: tools are slugs, and the org's rollups go through.
    const tools = await sql<{ tool: string }>`SELECT DISTINCT tool FROM events WHERE org_id = ${org.orgId}`.execute(t.db);
    for (const { tool } of tools.rows) expect(tool).toMatch(/^[a-z][a-z0-9-]{0,63}$/);
    await expect(rollupOrg(rollupStore(t.db), org.orgId)).resolves.toMatchObject({ days: expect.any(Array) });
  }, 300_000);
});
