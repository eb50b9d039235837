import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/adapters/postgres/database.ts';
import { createApp } from '../../src/main/create-app.ts';
import { capturedRequests, readJson } from '../support/fixtures.ts';
import {
  CC_TOOLS_LOGS,
  decodeStatus,
  fixture,
  getSummary,
  json,
  postOtlp,
  proto,
  recordsNamed,
} from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const NOW = new Date('2026-11-24T15:00:00Z');
const FROM = '2026-11-24T00:00:00Z';
const TO = '2026-11-26T00:00:00Z';
const SIGNALS = ['logs', 'metrics', 'traces'] as const;

let t: TestContext;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('errors');
});
afterAll(async () => {
  await t.close();
});

/** The JSON google.rpc.Status of an error answer. */
function statusOf(res: { headers: Record<string, unknown>; body: string }) {
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { code: unknown; message: unknown };
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(typeof body.code).toBe('number');
  expect(typeof body.message).toBe('string');
  expect((body.message as string).length).toBeGreaterThan(0);
  return body as { code: number; message: string };
}

const apiRequestCount = (request: unknown) => recordsNamed(request, 'api_request').length;

async function requestsStored(key: string): Promise<number> {
  const res = await getSummary(t.app, key, FROM, TO);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().requests as number;
}

describe('authentication', () => {
  it.each(SIGNALS)('/v1/%s without an Authorization header is 401', async (signal) => {
    const res = await postOtlp(t.app, signal, {}, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(401);
    expect(statusOf(res).code).toBe(16);
  });

  it('a malformed key is 401', async () => {
    for (const auth of ['Bearer nope', 'Bearer upt_short_key', 'Basic dXB0Og==', `Bearer ${org.ingestKey}x`, 'Bearer']) {
      const res = await postOtlp(t.app, 'logs', {}, { 'content-type': 'application/json', authorization: auth });
      expect(res.statusCode, auth).toBe(401);
      expect(statusOf(res).code).toBe(16);
    }
  });

  it('an unknown well-formed key is 401, in protobuf too', async () => {
    const unknown = `upt_${'A1b2C3d4E5f6'}_${'Z'.repeat(16)}${'9'.repeat(16)}`;
    expect(unknown).toMatch(/^upt_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/);
    const res = await postOtlp(t.app, 'logs', {}, json(unknown));
    expect(res.statusCode).toBe(401);
    expect(statusOf(res).code).toBe(16);
    // A real key's prefix with the wrong secret is just as unknown.
    const forged = `${org.ingestKey.slice(0, 17)}${'x'.repeat(32)}`;
    const pb = await postOtlp(t.app, 'metrics', Buffer.alloc(0), proto(forged));
    expect(pb.statusCode).toBe(401);
    expect(String(pb.headers['content-type'])).toMatch(/^application\/x-protobuf/);
    expect(decodeStatus(pb.rawPayload).code).toBe(16);
  });

  it('a key without the ingest scope is 403', async () => {
    for (const key of [org.readKey, await t.createKey(org.orgId, ['read'], 'dev@acme.com')]) {
      const res = await postOtlp(t.app, 'logs', {}, json(key));
      expect(res.statusCode).toBe(403);
      expect(statusOf(res)).toMatchObject({ code: 7, message: expect.stringContaining('ingest') });
    }
  });

  it('an admin key may ingest', async () => {
    const res = await postOtlp(t.app, 'logs', {}, json(org.adminKey));
    expect(res.statusCode).toBe(200);
  });
});

describe('content type and encoding', () => {
  it('text/plain is 415', async () => {
    const res = await postOtlp(t.app, 'logs', '{}', { 'content-type': 'text/plain', authorization: `Bearer ${org.ingestKey}` });
    expect(res.statusCode).toBe(415);
    expect(statusOf(res).message).toMatch(/application\/x-protobuf|application\/json/);
  });

  it('content-encoding br is 415', async () => {
    const res = await postOtlp(t.app, 'logs', Buffer.from([0x8b, 0x00, 0x80]), { ...json(org.ingestKey), 'content-encoding': 'br' });
    expect(res.statusCode).toBe(415);
    expect(statusOf(res).message).toContain('br');
  });

  it('a body claiming gzip that is not gzip is 400', async () => {
    const res = await postOtlp(t.app, 'logs', '{}', { ...json(org.ingestKey), 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(400);
    expect(statusOf(res).code).toBe(3);
  });
});

describe('undecodable bodies', () => {
  it.each([
    ['a truncated length', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    ['a bad tag', [0xff, 0xff, 0xff, 0xff, 0xff]],
    ['text', [...Buffer.from('this is not protobuf at all, just text')]],
  ])('protobuf garbage (%s) is 400 with a protobuf google.rpc.Status', async (_name, bytes) => {
    const res = await postOtlp(t.app, 'logs', Buffer.from(bytes), proto(org.ingestKey));
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/x-protobuf/);
    const status = decodeStatus(res.rawPayload);
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/protobuf/i);
  });

  it('invalid JSON is 400 with a JSON google.rpc.Status', async () => {
    const res = await postOtlp(t.app, 'logs', '{"resourceLogs": [', json(org.ingestKey));
    expect(res.statusCode).toBe(400);
    expect(statusOf(res)).toMatchObject({ code: 3, message: expect.stringMatching(/JSON/) });
  });

  it.each(['[]', '[{"resourceLogs": []}]', 'null', '"resourceLogs"', '42'])('JSON body %s is 400', async (body) => {
    for (const signal of SIGNALS) {
      const res = await postOtlp(t.app, signal, body, json(org.ingestKey));
      expect(res.statusCode, `${signal}: ${res.body}`).toBe(400);
      expect(statusOf(res).code).toBe(3);
    }
  });
});

describe('body limits', () => {
  let small: TestContext;
  let smallOrg: TestOrg;
  const BODY_LIMIT = 64 * 1024;
  const WIRE_LIMIT = 16 * 1024;
  beforeAll(async () => {
    small = await createTestApp({ bodyLimit: BODY_LIMIT, wireBodyLimit: WIRE_LIMIT, now: () => NOW });
    smallOrg = await small.createOrg('small');
  });
  afterAll(async () => {
    await small.close();
  });

  const padded = (bytes: number) => JSON.stringify({ resourceLogs: [], pad: 'a'.repeat(bytes) });

  it('a gzip body that expands beyond bodyLimit is 413', async () => {
    const raw = Buffer.from(padded(BODY_LIMIT * 4));
    const zipped = gzipSync(raw);
    expect(zipped.length).toBeLessThan(WIRE_LIMIT);
    const res = await postOtlp(small.app, 'logs', zipped, { ...json(smallOrg.ingestKey), 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(413);
    expect(statusOf(res).message.length).toBeGreaterThan(0);
    // the same kind of body under the limit is accepted
    const ok = await postOtlp(small.app, 'logs', gzipSync(Buffer.from(padded(BODY_LIMIT / 2))), { ...json(smallOrg.ingestKey), 'content-encoding': 'gzip' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a raw body beyond wireBodyLimit is 413, in the request encoding', async () => {
    const res = await postOtlp(small.app, 'logs', padded(WIRE_LIMIT + 10), json(smallOrg.ingestKey));
    expect(res.statusCode).toBe(413);
    expect(statusOf(res).code).toBe(3);
    const pb = await postOtlp(small.app, 'logs', Buffer.alloc(WIRE_LIMIT + 10), proto(smallOrg.ingestKey));
    expect(pb.statusCode).toBe(413);
    expect(decodeStatus(pb.rawPayload).message).toMatch(/\d+ bytes/);
  });
});

describe('accepted requests', () => {
  it.each(SIGNALS)('an empty %s body is 200: {} in JSON, an empty body in protobuf', async (signal) => {
    const j = await postOtlp(t.app, signal, '', { ...json(org.ingestKey), 'content-length': '0' });
    expect(j.statusCode, j.body).toBe(200);
    expect(JSON.parse(j.body)).toEqual({});
    const p = await postOtlp(t.app, signal, Buffer.alloc(0), { ...proto(org.ingestKey), 'content-length': '0' });
    expect(p.statusCode, p.body).toBe(200);
    expect(String(p.headers['content-type'])).toMatch(/^application\/x-protobuf/);
    expect(p.rawPayload.length).toBe(0);
  });

  it('traces are accepted with 200 and store nothing', async () => {
    const o = await t.createOrg('traces');
    const [jsonTraces] = capturedRequests('claude-code', 'otlp-json', 'cc-json-verbose-traces').filter((r) => r.signal === 'traces');
    const [pbTraces] = capturedRequests('claude-code', 'otlp-protobuf', 'cc-pb-verbose-traces').filter((r) => r.signal === 'traces');
    const j = await postOtlp(t.app, 'traces', jsonTraces!.body, json(o.ingestKey));
    expect(j.statusCode, j.body).toBe(200);
    expect(JSON.parse(j.body)).toEqual({});
    const p = await postOtlp(t.app, 'traces', pbTraces!.body, proto(o.ingestKey));
    expect(p.statusCode).toBe(200);
    expect(p.rawPayload.length).toBe(0);
    const rows = await t.db.selectFrom('events').select('event_id').where('org_id', '=', o.orgId).execute();
    expect(rows).toHaveLength(0);
  });

  it('gzip works for JSON', async () => {
    const o = await t.createOrg('gzip-json');
    const request = fixture(...CC_TOOLS_LOGS);
    const res = await postOtlp(t.app, 'logs', gzipSync(Buffer.from(JSON.stringify(request))), { ...json(o.ingestKey), 'content-encoding': 'gzip' });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body)).toEqual({});
    expect(await requestsStored(o.readKey)).toBe(apiRequestCount(request));
  });

  it('gzip works for protobuf', async () => {
    const o = await t.createOrg('gzip-pb');
    const [logs] = capturedRequests('claude-code', 'otlp-protobuf', 'cc-pb-tools').filter((r) => r.signal === 'logs');
    const res = await postOtlp(t.app, 'logs', gzipSync(logs!.body), { ...proto(o.ingestKey), 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(0);
    const decoded = readJson('claude-code', 'decoded', 'cc-pb-tools', '0001-logs.decoded.json');
    expect(apiRequestCount(decoded)).toBeGreaterThan(0);
    expect(await requestsStored(o.readKey)).toBe(apiRequestCount(decoded));
  });

  it('a chunked request body (no content-length) works', async () => {
    const o = await t.createOrg('chunked');
    const request = fixture(...CC_TOOLS_LOGS);
    const body = Buffer.from(JSON.stringify(request));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/v1/logs', headers: { ...json(o.ingestKey), 'transfer-encoding': 'chunked' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 4096) req.write(body.subarray(i, i + 4096));
      req.end();
    });
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({});
    expect(await requestsStored(o.readKey)).toBe(apiRequestCount(request));
  });
});

describe('storage unavailable', () => {
  it('answers 503 with a short Retry-After when Postgres cannot be reached', async () => {
    const db = createDb('postgres://postgres@127.0.0.1:1/x');
    const app = await createApp({ db, pingRedis: async () => {}, bodyLimit: 1 << 20, wireBodyLimit: 1 << 20, logLevel: 'silent' });
    try {
      const key = `upt_${'a'.repeat(12)}_${'b'.repeat(32)}`;
      for (const signal of SIGNALS) {
        const res = await postOtlp(app, signal, fixture(...CC_TOOLS_LOGS), json(key));
        expect(res.statusCode, `${signal}: ${res.body}`).toBe(503);
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(5);
        expect(statusOf(res).code).toBe(14);
      }
      const pb = await postOtlp(app, 'logs', Buffer.alloc(0), proto(key));
      expect(pb.statusCode).toBe(503);
      expect(decodeStatus(pb.rawPayload).code).toBe(14);
      const events = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events: [] } });
      expect(events.statusCode).toBe(503);
      expect(Number(events.headers['retry-after'])).toBeLessThanOrEqual(5);
      const summary = await getSummary(app, key, FROM, TO);
      expect(summary.statusCode).toBe(503);
      // A key that cannot be valid is still refused without asking storage.
      const malformed = await postOtlp(app, 'logs', {}, json('not-a-key'));
      expect(malformed.statusCode).toBe(401);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});

