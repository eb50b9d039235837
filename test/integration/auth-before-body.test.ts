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

const routes: Array<[string, string, number, string]> = [
  ['POST', '/api/v1/events', 16 * MiB, 'application/json'],
  ['PUT', '/api/v1/people', 20 * MiB, 'application/json'],
  ['PUT', '/api/v1/price-list', 8 * MiB, 'application/json'],
  ['POST', '/api/v1/charts/usage-tools/links', 8 * MiB, 'application/json'],
  ['POST', '/api/v1/keys/AAAAAAAAAAAA/rotate', 8 * MiB, 'application/json'],
  ['POST', '/v1/logs', 8 * MiB, 'application/x-protobuf'],
  ['POST', '/v1/metrics', 8 * MiB, 'application/json'],
];

describe('authentication before the body (D4)', () => {
  it.each(routes)('%s %s without a key: 401 at once, connection closed, body never read', async (method, path, limit, type) => {
    const started = Date.now();
    const answer = await partialUpload(method, path, limit - 1024, { 'Content-Type': type });
    expect(answer.status, answer.head).toBe(401);
    expect(answer.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(routes)('%s %s with an unknown key: 401 at once', async (method, path, limit, type) => {
    const answer = await partialUpload(method, path, limit - 1024, { 'Content-Type': type, Authorization: `Bearer upt_${'Z'.repeat(12)}_${'q'.repeat(32)}` });
    expect(answer.status, answer.head).toBe(401);
    expect(answer.closedByServer).toBe(true);
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
