import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attrScalar,
  CC_TOOLS_LOGS,
  decodeResponse,
  encodeRequest,
  fixture,
  getSummary,
  json,
  logsRequest,
  postOtlp,
  proto,
  recordsNamed,
  setAttr,
  setTime,
  type OtlpLogRecord,
} from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

const NOW = new Date('2026-11-24T15:00:00Z');
const FROM = '2026-11-20T00:00:00Z';
const TO = '2026-12-01T00:00:00Z';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

/**
 * Five api_request records made from the first real one of the fixture: three invalid for different reasons,
 * two valid. Every record gets its own request id so none is a duplicate of another.
 */
function mixedBatch(tag: string) {
  const template = fixture(...CC_TOOLS_LOGS);
  const [base] = recordsNamed(template, 'api_request');
  const make = (name: string): OtlpLogRecord => setAttr(structuredClone(base!), 'request_id', `req_${tag}_${name}`);
  const negative = setAttr(make('negative'), 'input_tokens', -5);
  const future = setTime(make('future'), new Date(NOW.getTime() + 2 * 86_400_000));
  const longModel = setAttr(make('longmodel'), 'model', 'm'.repeat(300));
  const valid1 = setAttr(setAttr(make('valid1'), 'input_tokens', 1234), 'output_tokens', 56);
  const valid2 = setAttr(setAttr(make('valid2'), 'input_tokens', 789), 'cache_read_tokens', 10);
  const records = [negative, valid1, future, longModel, valid2];
  return { request: logsRequest(template, records), valid: [valid1, valid2] };
}

/** Token totals of records, read straight from their attributes. */
function tokensOf(records: OtlpLogRecord[]) {
  const sum = (key: string) => records.reduce((a, r) => a + Number(attrScalar(r, key) ?? 0), 0);
  const input = sum('input_tokens');
  const output = sum('output_tokens');
  const cacheRead = sum('cache_read_tokens');
  const cacheCreation = sum('cache_creation_tokens');
  return { input, output, cacheRead, cacheCreation, total: input + output }; // docs/metrics.md: Tokens = input + output
}

async function expectOnlyValidStored(orgId: string, readKey: string, valid: OtlpLogRecord[]) {
  const rows = await t.db.selectFrom('events').select(['request_id', 'kind']).where('org_id', '=', orgId).execute();
  expect(rows.map((r) => r.request_id).sort()).toEqual(valid.map((r) => attrScalar(r, 'request_id')).sort());
  expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['api_request']));
  const res = await getSummary(t.app, readKey, FROM, TO);
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json();
  expect(s.requests).toBe(2);
  expect(s.tokens).toEqual(tokensOf(valid));
  const cost = valid.reduce((a, r) => a + Number(attrScalar(r, 'cost_usd')), 0);
  expect(s.costUsd).toBeCloseTo(cost, 9);
}

describe('partialSuccess', () => {
  it('JSON: rejects the three bad records with reasons and stores the two valid ones', async () => {
    const org = await t.createOrg('partial-json');
    const { request, valid } = mixedBatch('json');
    const res = await postOtlp(t.app, 'logs', request, json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['partialSuccess']);
    expect(body.partialSuccess.rejectedLogRecords).toBe('3');
    const message = body.partialSuccess.errorMessage as string;
    expect(message).toMatch(/input tokens/i);
    expect(message).toMatch(/-5/);
    expect(message).toMatch(/future/i);
    expect(message).toMatch(/model/i);
    expect(message).toMatch(/300/);
    await expectOnlyValidStored(org.orgId, org.readKey, valid);

    // Re-sending the batch stores nothing new and reports the same rejections.
    const again = await postOtlp(t.app, 'logs', request, json(org.ingestKey));
    expect(again.json().partialSuccess.rejectedLogRecords).toBe('3');
    await expectOnlyValidStored(org.orgId, org.readKey, valid);
  });

  it('protobuf: the response decodes to rejectedLogRecords 3 and the two valid records are stored', async () => {
    const org = await t.createOrg('partial-pb');
    const { request, valid } = mixedBatch('pb');
    const res = await postOtlp(t.app, 'logs', encodeRequest('logs', request), proto(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/x-protobuf/);
    const decoded = decodeResponse('logs', res.rawPayload);
    expect(decoded.partialSuccess.rejectedLogRecords).toBe('3');
    expect(decoded.partialSuccess.errorMessage).toMatch(/input tokens.*future|future.*input tokens/is);
    await expectOnlyValidStored(org.orgId, org.readKey, valid);
  });

  it('a fully valid batch answers {} (no partialSuccess)', async () => {
    const org = await t.createOrg('all-valid');
    const { valid } = mixedBatch('clean');
    const res = await postOtlp(t.app, 'logs', logsRequest(fixture(...CC_TOOLS_LOGS), valid), json(org.ingestKey));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    await expectOnlyValidStored(org.orgId, org.readKey, valid);
  });

  it('metrics: rejected data points are counted in rejectedDataPoints', async () => {
    const org = await t.createOrg('partial-metrics');
    const metrics = fixture('claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json');
    const lines = metrics.resourceMetrics[0].scopeMetrics.flatMap((sm: any) => sm.metrics).find((m: any) => m.name === 'claude_code.lines_of_code.count');
    const point = lines.sum.dataPoints[0];
    const bad = [
      { ...structuredClone(point), asInt: undefined, asDouble: undefined },
      { ...structuredClone(point), asDouble: -3, asInt: undefined },
    ];
    lines.sum.dataPoints.push(...bad);
    const res = await postOtlp(t.app, 'metrics', metrics, json(org.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().partialSuccess.rejectedDataPoints).toBe('2');
    expect(res.json().partialSuccess.errorMessage).toMatch(/no numeric value/);
    expect(res.json().partialSuccess.errorMessage).toMatch(/negative/);
  });
});
