import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from '../../src/http/auth.ts';
import { CC_TOOLS_LOGS, fixture } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// The OpenTelemetry spec documents OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20<key>" (values are
// percent-encoded); Claude Code sends the value without decoding it.

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the Authorization header as OTLP exporters send it', () => {
  it('accepts the percent-encoded form Bearer%20<key> on the OTLP receiver and stores the batch', async () => {
    const org = await t.createOrg();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { 'content-type': 'application/json', authorization: `Bearer%20${org.ingestKey}` },
      payload: JSON.stringify(fixture(...CC_TOOLS_LOGS)),
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBeGreaterThan(0);
  });

  it('accepts it on the JSON API too, and still refuses a wrong key however it is encoded', async () => {
    const org = await t.createOrg();
    const status = (authorization: string) => t.app.inject({ method: 'GET', url: '/api/v1/ingest/status', headers: { authorization } });
    expect((await status(`Bearer%20${org.readKey}`)).statusCode).toBe(200);
    expect((await status(`bearer%20%20${org.readKey}`)).statusCode).toBe(200);
    expect((await status(`Bearer%20${org.readKey.slice(0, -1)}x`)).statusCode).toBe(401);
    expect((await status(`Bearer%2${org.readKey}`)).statusCode).toBe(401);
    expect((await status(`Bearer%zz${org.readKey}`)).statusCode).toBe(401);
  });

  it('bearerToken decodes only what looks percent-encoded', () => {
    expect(bearerToken('Bearer upt_a_b')).toBe('upt_a_b');
    expect(bearerToken('Bearer%20upt_a_b')).toBe('upt_a_b');
    expect(bearerToken('Bearer%E0%A4%A')).toBeNull();
    expect(bearerToken('Basic%20abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
