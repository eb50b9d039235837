import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CC_TOOLS_LOGS, fixture, json, postOtlp } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12: OTLP/JSON of the wrong shape is a 400 (as the OpenTelemetry Collector answers), never a silent 200.

let t: TestContext;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.createOrg('shape');
});
afterAll(() => t.close());

const record = () => fixture(...CC_TOOLS_LOGS).resourceLogs[0].scopeLogs[0].logRecords[0];

describe('OTLP/JSON of the wrong shape', () => {
  it.each([
    ['logs', { resourceLogs: 'nope' }, /resourceLogs must be an array, got a string/],
    ['logs', { resourceLogs: { scopeLogs: [] } }, /resourceLogs must be an array, got an object/],
    ['logs', { resourceLogs: [1, 'a'] }, /resourceLogs\[0\] must be an object, got a number/],
    ['logs', { resourceLogs: [null] }, /resourceLogs\[0\] must be an object, got null/],
    ['logs', { resourceLogs: [{ resource: 'x' }] }, /resourceLogs\[0\]\.resource must be an object, got a string/],
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: 'records' }] }] }, /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords must be an array/],
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [record(), 7] }] }] }, /logRecords\[1\] must be an object, got a number/],
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{ ...record(), attributes: 'a=b' }] }] }] }, /logRecords\[0\]\.attributes must be an array/],
    ['metrics', { resourceMetrics: {} }, /resourceMetrics must be an array, got an object/],
    ['metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [[]] }] }] }, /metrics\[0\] must be an object, got an array/],
    ['metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'x', sum: { dataPoints: {} } }] }] }] }, /sum\.dataPoints must be an array/],
    ['traces', { resourceSpans: 5 }, /resourceSpans must be an array, got a number/],
  ] as const)('/v1/%s %j: 400 saying what is wrong', async (signal, payload, message) => {
    const res = await postOtlp(t.app, signal, payload, json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({ code: 3, message: expect.stringMatching(message) });
  });

  it.each([
    ['logs', {}],
    ['logs', { resourceLogs: [] }],
    ['logs', { resourceLogs: null }],
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [] }] }] }],
    ['metrics', { resourceMetrics: [] }],
    ['traces', { resourceSpans: [] }],
  ] as const)('/v1/%s %j: valid but empty, 200', async (signal, payload) => {
    const res = await postOtlp(t.app, signal, payload, json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
  });

  it('a well-shaped payload is still stored', async () => {
    const res = await postOtlp(t.app, 'logs', fixture(...CC_TOOLS_LOGS), json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    const stored = await t.db.selectFrom('events').select('event_id').where('org_id', '=', org.orgId).execute();
    expect(stored.length).toBeGreaterThan(0);
  });
});
