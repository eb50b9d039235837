import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// D4: a request is authenticated before its body is read. Each request announces a body just under the route's
// limit (so the size alone is no reason to refuse it), sends its headers and 1 KiB, and then waits: the answer must
// come without the rest of the body, and the server must close the connection rather than read on.

let t: TestContext;
let org: TestOrg;
let port: number;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.createOrg();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await t.close();
});

const MiB = 1024 * 1024;

interface RawAnswer {
  status: number;
  head: string;
  closedByServer: boolean;
}

/** Sends the headers and 1 KiB of a `length`-byte body, then nothing more; resolves with the answer and whether the server closed. */
function partialUpload(method: string, path: string, length: number, headers: Record<string, string>, waitMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closedByServer = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${waitMs} ms (the server waits for the body); got ${JSON.stringify(received.slice(0, 80))}`));
    }, waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, head: received.split('\r\n\r\n')[0] ?? '', closedByServer });
    });
    const head = [`${method} ${path} HTTP/1.1`, 'Host: localhost', `Content-Length: ${length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    socket.write('{"events":[' + ' '.repeat(1024));
  });
}

/** Every route of the app with a body-carrying method, read from Fastify's route tree. */
function bodyRoutes(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const parents: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = (m[1] as string).length / 4;
    const path = (parents[depth - 1] ?? '') + (m[2] as string);
    parents[depth] = path;
    for (const method of (m[3] as string).split(', ')) if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) found.push([method, path]);
  }
  return found;
}

/** Routes that take no key: Slack signs its requests, and the signature covers the body. */
const KEYLESS = new Set(['POST /slack/events']);
/** Bodies announced just under each route's limit (the server-wide wire limit elsewhere). */
const LENGTH: Record<string, number> = { '/api/v1/events': 16 * MiB, '/api/v1/people': 20 * MiB };
const TYPE: Record<string, string> = { '/v1/logs': 'application/x-protobuf' };
const concrete = (path: string) => path.replace(':prefix', 'AAAAAAAAAAAA').replace(':chart', 'usage-tools').replace(/:\w+/g, 'x');

let routes: Array<[string, string, number, string]> = [];
beforeAll(() => {
  routes = bodyRoutes()
    .filter(([method, path]) => !KEYLESS.has(`${method} ${path}`))
    .map(([method, path]) => [method, concrete(path), LENGTH[path] ?? 8 * MiB, TYPE[path] ?? 'application/json']);
});

describe('authentication before the body (D4)', () => {
  it('finds every route with a body in the app', () => {
    expect(routes.map(([method, path]) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/events', 'PUT /api/v1/people', 'PUT /api/v1/price-list', 'POST /v1/logs', 'POST /v1/metrics', 'POST /v1/traces', 'POST /api/v1/charts/usage-tools/links', 'POST /api/v1/keys/AAAAAAAAAAAA/rotate']),
    );
  });

  it('answers each without a key at once with 401, closes the connection, never reads the body', async () => {
    for (const [method, path, limit, type] of routes) {
      const started = Date.now();
      const answer = await partialUpload(method, path, limit - 1024, { 'Content-Type': type });
      expect(answer.status, `${method} ${path}: ${answer.head}`).toBe(401);
      expect(answer.closedByServer, `${method} ${path}`).toBe(true);
      expect(Date.now() - started, `${method} ${path}`).toBeLessThan(2000);
    }
  });

  it('answers each with an unknown key at once with 401', async () => {
    for (const [method, path, limit, type] of routes) {
      const answer = await partialUpload(method, path, limit - 1024, { 'Content-Type': type, Authorization: `Bearer upt_${'Z'.repeat(12)}_${'q'.repeat(32)}` });
      expect(answer.status, `${method} ${path}: ${answer.head}`).toBe(401);
      expect(answer.closedByServer, `${method} ${path}`).toBe(true);
    }
  });

  it('a key of the wrong scope is refused before the body too (403)', async () => {
    const answer = await partialUpload('PUT', '/api/v1/people', 20 * MiB - 1024, { 'Content-Type': 'application/json', Authorization: `Bearer ${org.ingestKey}` });
    expect(answer.status, answer.head).toBe(403);
    expect(answer.closedByServer).toBe(true);
  });

  it('a valid key still has its body read and parsed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events: [] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 0 });
  });
});
