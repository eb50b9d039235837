import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12, D6: a client that sends its body slowly is cut off within REQUEST_TIMEOUT_MS, on a real socket.

const TIMEOUT_MS = 1000;
let t: TestContext;
let org: TestOrg;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs: TIMEOUT_MS });
  org = await t.createOrg('slow');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Sends the headers, then one body byte every 100 ms (never the whole body); resolves with what came back and when. */
function slowBody(path: string, headers: string): Promise<{ response: string; ms: number; closed: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let response = '';
    let settled = false;
    const socket: Socket = connect(port, '127.0.0.1');
    const drip = setInterval(() => socket.writable && socket.write('x'), 100);
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ response, ms: performance.now() - started, closed });
    };
    // Far past the bound: without a timeout the server would still be waiting.
    const giveUp = setTimeout(() => done(false), TIMEOUT_MS * 6);
    socket.on('connect', () => socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${headers}Content-Length: 100000\r\n\r\n`));
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
  });
}

describe('request timeout', () => {
  it.each([
    ['/api/v1/events', 'application/json'],
    ['/v1/logs', 'application/x-protobuf'],
  ])('a body trickling into %s is cut off with 408 within the bound', async (path, type) => {
    const result = await slowBody(path, `Authorization: Bearer ${org.ingestKey}\r\nContent-Type: ${type}\r\n`);
    expect(result.closed, `still open after ${Math.round(result.ms)} ms`).toBe(true);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.ms).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    // the bound plus Node's check interval (a quarter of it) plus scheduling slack on a busy machine
    expect(result.ms).toBeLessThan(TIMEOUT_MS * 2.5);
  });

  it('a request that arrives in time is answered', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});
