import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CC_TOOLS_LOGS,
  fixture,
  GEMINI_TOOLS_LOGS,
  json,
  logsRequest,
  postOtlp,
  recordsNamed,
  setAttr,
  type Json,
  type OtlpLogRecord,
} from '../support/otlp-payloads.ts';
import { expectNot5xx, KINDS, storedKinds } from '../support/fuzz.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Malformed-but-parseable logs payloads: each must be answered 200 (maybe with partialSuccess) or 400, never 5xx.
// (Metrics and protobuf: otlp-fuzz-metrics.test.ts.)

const NOW = new Date('2026-11-24T15:00:00Z');

let t: TestContext;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('fuzz');
});
afterAll(async () => {
  await t.close();
});

const claudeLogs = () => fixture(...CC_TOOLS_LOGS);
const apiRecord = (): OtlpLogRecord => recordsNamed(claudeLogs(), 'api_request')[0]!;
const withRecords = (...records: unknown[]) => logsRequest(claudeLogs(), records as OtlpLogRecord[]);
const withResource = (attributes: unknown) => ({ resourceLogs: [{ resource: { attributes }, scopeLogs: [{ logRecords: [apiRecord()] }] }] });
/** The api_request record with one attribute's value replaced by a raw AnyValue (or anything else). */
const rawAttr = (key: string, value: unknown) => {
  const r = apiRecord();
  r.attributes = r.attributes.filter((a) => a.key !== key);
  r.attributes.push({ key, value });
  return withRecords(r);
};
const edited = (edit: (r: OtlpLogRecord) => void) => {
  const r = apiRecord();
  edit(r);
  return withRecords(r);
};
const noTime = (r: OtlpLogRecord) => {
  delete r.timeUnixNano;
  delete r.observedTimeUnixNano;
};
const named = (name: string) => edited((r) => setAttr(r, 'event.name', name));
function nestedKvlist(depth: number): Json {
  let v: Json = { stringValue: 'leaf' };
  for (let i = 0; i < depth; i++) v = i % 2 ? { kvlistValue: { values: [{ key: `k${i}`, value: v }] } } : { arrayValue: { values: [v, { intValue: i }] } };
  return v;
}

const LOG_SHAPES: Array<[string, unknown]> = [
  ['empty object', {}],
  ['resourceLogs as object', { resourceLogs: { resource: {}, scopeLogs: [] } }],
  ['resourceLogs as string', { resourceLogs: 'many' }],
  ['resourceLogs as number', { resourceLogs: 42 }],
  ['resourceLogs with null', { resourceLogs: [null] }],
  ['resourceLogs with scalars', { resourceLogs: [1, 'a', true, []] }],
  ['resource as string', { resourceLogs: [{ resource: 'x', scopeLogs: [{ logRecords: [apiRecord()] }] }] }],
  ['resource attributes as string', withResource('service.name=claude-code')],
  ['resource attributes as object', withResource({ 'service.name': 'claude-code' })],
  ['service.name as int', withResource([{ key: 'service.name', value: { intValue: 5 } }])],
  ['service.name as bool', withResource([{ key: 'service.name', value: { boolValue: true } }])],
  ['service.name as double', withResource([{ key: 'service.name', value: { doubleValue: 1.5 } }])],
  ['service.name without value', withResource([{ key: 'service.name' }])],
  ['service.name empty', withResource([{ key: 'service.name', value: { stringValue: '' } }])],
  ['service.name 5000 chars', withResource([{ key: 'service.name', value: { stringValue: 'x'.repeat(5000) } }])],
  ['scopeLogs as object', { resourceLogs: [{ scopeLogs: { logRecords: [apiRecord()] } }] }],
  ['scopeLogs with null and number', { resourceLogs: [{ scopeLogs: [null, 5] }] }],
  ['logRecords as string', { resourceLogs: [{ scopeLogs: [{ logRecords: 'records' }] }] }],
  ['logRecords as object', { resourceLogs: [{ scopeLogs: [{ logRecords: apiRecord() }] }] }],
  ['null records', withRecords(null, null)],
  ['scalar records', withRecords(1, 'x', true, [])],
  ['record without attributes', withRecords({ body: { stringValue: 'claude_code.api_request' } })],
  ['attributes as string', edited((r) => ((r as Json).attributes = 'input_tokens=5'))],
  ['attributes with junk entries', edited((r) => r.attributes.push(null as never, 5 as never, 'x' as never, {} as never, [] as never))],
  ['attribute value {}', rawAttr('input_tokens', {})],
  ['attribute value null', rawAttr('model', null)],
  ['attribute value a string', rawAttr('model', 'claude')],
  ['attribute key a number', edited((r) => r.attributes.push({ key: 7 as never, value: { stringValue: 'x' } }))],
  ['stringValue a number', rawAttr('session.id', { stringValue: 5 })],
  ['intValue an object', rawAttr('input_tokens', { intValue: {} })],
  ['intValue not numeric', rawAttr('input_tokens', { intValue: 'many' })],
  ['intValue huge', rawAttr('input_tokens', { intValue: '99999999999999999999999999' })],
  ['doubleValue 1e308', rawAttr('output_tokens', { doubleValue: 1e308 })],
  ['doubleValue NaN', rawAttr('cost_usd', { doubleValue: 'NaN' })],
  ['doubleValue Infinity', rawAttr('cost_usd', { doubleValue: 'Infinity' })],
  ['negative cost', rawAttr('cost_usd', { doubleValue: -1 })],
  ['huge cost', rawAttr('cost_usd', { doubleValue: 1e300 })],
  ['negative duration', rawAttr('duration_ms', { intValue: -10 })],
  ['huge duration', rawAttr('duration_ms', { doubleValue: 1e308 })],
  ['fractional tokens', rawAttr('input_tokens', { doubleValue: 10.6 })],
  ['model as nested kvlist', rawAttr('model', nestedKvlist(60))],
  ['session.id as array', rawAttr('session.id', { arrayValue: { values: [{ stringValue: 'a' }, null, 5] } })],
  ['bytes value', rawAttr('request_id', { bytesValue: 'AAEC' })],
  ['model 10000 chars', rawAttr('model', { stringValue: 'm'.repeat(10000) })],
  ['request_id 300 chars', rawAttr('request_id', { stringValue: 'r'.repeat(300) })],
  ['session.id with a NUL', rawAttr('session.id', { stringValue: 'abc\u0000def' })],
  ['allowed attribute with a NUL', rawAttr('speed', { stringValue: 'fast\u0000' })],
  ['allowed attribute with a lone surrogate', rawAttr('speed', { stringValue: 'fast\ud800' })],
  ['session.id with a lone surrogate', rawAttr('session.id', { stringValue: '\udc00abc' })],
  ['user.email not an email', rawAttr('user.email', { stringValue: 'not an email' })],
  ['user.email 2000 chars', rawAttr('user.email', { stringValue: `${'a'.repeat(2000)}@x.com` })],
  ['timeUnixNano huge number', edited((r) => ((r as Json).timeUnixNano = 1e30))],
  ['timeUnixNano huge string', edited((r) => (r.timeUnixNano = '99999999999999999999999999'))],
  ['timeUnixNano negative', edited((r) => (r.timeUnixNano = '-1'))],
  ['timeUnixNano object', edited((r) => ((r as Json).timeUnixNano = { nanos: 1 }))],
  ['no time, event.timestamp garbage', edited((r) => (noTime(r), setAttr(r, 'event.timestamp', 'yesterday')))],
  ['no time, event.timestamp year 0', edited((r) => (noTime(r), setAttr(r, 'event.timestamp', '0000-01-01T00:00:00Z')))],
  ['no time, event.timestamp far past', edited((r) => (noTime(r), setAttr(r, 'event.timestamp', '-271821-04-20T00:00:00Z')))],
  ['body a number', edited((r) => ((r as Json).body = 42))],
  ['body an array value', edited((r) => (r.body = { arrayValue: { values: [{ stringValue: 'claude_code.api_request' }] } }))],
  ['eventName an object', edited((r) => ((r as Json).eventName = { name: 'x' }))],
  ['event name constructor', named('claude_code.constructor')],
  ['event name __proto__', named('claude_code.__proto__')],
  ['event name toString', named('claude_code.toString')],
  ['gemini event name hasOwnProperty', { resourceLogs: [{ resource: fixture(...GEMINI_TOOLS_LOGS).resourceLogs[0].resource, scopeLogs: [{ logRecords: [named('gemini_cli.hasOwnProperty').resourceLogs[0].scopeLogs[0].logRecords[0]] }] }] }],
  ['the same record twice', withRecords(apiRecord(), apiRecord())],
];

describe('/v1/logs never answers 5xx to malformed input', () => {
  it(`${LOG_SHAPES.length} shapes`, async () => {
    expect(LOG_SHAPES.length).toBeGreaterThanOrEqual(50);
    const failures: string[] = [];
    for (const [name, payload] of LOG_SHAPES) {
      const res = await postOtlp(t.app, 'logs', payload, json(org.ingestKey));
      if (res.statusCode >= 500) failures.push(`${name}: ${res.statusCode} ${res.body}`);
      else expectNot5xx(name, res, 'rejectedLogRecords');
    }
    expect(failures).toEqual([]);
    // Nothing odd became a stored kind (e.g. an event name that happens to be an Object.prototype member).
    for (const kind of await storedKinds(t.db, org.orgId)) expect(KINDS).toContain(kind);
  });

  it.each([
    ['session.id with a NUL', /session id contains a NUL/],
    ['no time, event.timestamp year 0', /before 2000/],
    ['intValue huge', /input tokens .* implausibly large/],
    ['model 10000 chars', /model is 10000 characters long/],
  ])('%s: the record is rejected with its reason', async (name, reason) => {
    const o = await t.createOrg(name.slice(0, 50));
    const res = await postOtlp(t.app, 'logs', LOG_SHAPES.find(([n]) => n === name)![1], json(o.ingestKey));
    expect(res.statusCode).toBe(200);
    expect(res.json().partialSuccess).toEqual({ rejectedLogRecords: '1', errorMessage: expect.stringMatching(reason) });
  });

  it('an allowed attribute Postgres cannot hold is dropped, the record kept; an emoji is kept', async () => {
    const o = await t.createOrg('unstorable');
    const r1 = setAttr(setAttr(apiRecord(), 'speed', 'fast\ud800'), 'request_id', 'req_surrogate');
    const r2 = setAttr(setAttr(apiRecord(), 'speed', 'fast\u0000'), 'request_id', 'req_nul');
    const r3 = setAttr(setAttr(apiRecord(), 'speed', 'fast 🚀'), 'request_id', 'req_emoji');
    const res = await postOtlp(t.app, 'logs', withRecords(r1, r2, r3), json(o.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
    const rows = await t.db.selectFrom('events').select(['request_id', 'attributes']).where('org_id', '=', o.orgId).orderBy('request_id').execute();
    expect(rows.map((r) => [r.request_id, r.attributes['speed']])).toEqual([
      ['req_emoji', 'fast 🚀'],
      ['req_nul', undefined],
      ['req_surrogate', undefined],
    ]);
  });

  it('junk records (not objects) make the request a 400, as the Collector answers; nothing is stored', async () => {
    const o = await t.createOrg('junk');
    const res = await postOtlp(t.app, 'logs', withRecords(null, apiRecord(), 7), json(o.ingestKey));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/logRecords\[0\] must be an object, got null/);
    const rows = await t.db.selectFrom('events').select('request_id').where('org_id', '=', o.orgId).execute();
    expect(rows).toEqual([]);
  });
});
