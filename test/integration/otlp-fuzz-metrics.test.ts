import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from '../support/fixtures.ts';
import { expectNot5xx, KINDS, mutateBytes, prng, storedKinds } from '../support/fuzz.ts';
import { decodeStatus, fixture, json, postOtlp, proto, type Json } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

// Malformed-but-parseable metrics payloads, and mutated protobuf bodies: 200 (maybe with partialSuccess) or 400, never 5xx.

const NOW = new Date('2026-11-24T15:00:00Z');

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});


const claudeMetrics = () => fixture('claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json');
const T0 = `${BigInt(NOW.getTime() - 3_600_000) * 1_000_000n}`;
const ns = (minutes: number) => `${BigInt(NOW.getTime() - 3_600_000 + minutes * 60_000) * 1_000_000n}`;
function linesMetric(sum: unknown, name = 'claude_code.lines_of_code.count'): Json {
  const m = claudeMetrics();
  const resource = m.resourceMetrics[0].resource;
  return { resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{ name, sum }] }] }] };
}
const typeAttr = [{ key: 'type', value: { stringValue: 'added' } }, { key: 'session.id', value: { stringValue: 'fuzz-session' } }];
const point = (fields: Record<string, unknown>) => ({ attributes: typeAttr, startTimeUnixNano: T0, timeUnixNano: ns(1), ...fields });
const sum = (temporality: unknown, ...points: unknown[]) => ({ aggregationTemporality: temporality, isMonotonic: true, dataPoints: points });

const METRIC_SHAPES: Array<[string, unknown]> = [
  ['the real fixture', claudeMetrics()],
  ['resourceMetrics as object', { resourceMetrics: { scopeMetrics: [] } }],
  ['resourceMetrics with null', { resourceMetrics: [null, 1] }],
  ['metrics as string', { resourceMetrics: [{ scopeMetrics: [{ metrics: 'lots' }] }] }],
  ['metric null', { resourceMetrics: [{ scopeMetrics: [{ metrics: [null] }] }] }],
  ['sum without dataPoints', linesMetric({ aggregationTemporality: 1 })],
  ['sum null', linesMetric(null)],
  ['sum a string', linesMetric('sum')],
  ['dataPoints as object', linesMetric({ aggregationTemporality: 1, dataPoints: point({ asInt: 3 }) })],
  ['dataPoints with null and numbers', linesMetric(sum(1, null, 5, 'x'))],
  ['data point with no value', linesMetric(sum(1, point({})))],
  ['asInt not numeric', linesMetric(sum(1, point({ asInt: 'many' })))],
  ['asDouble Infinity', linesMetric(sum(1, point({ asDouble: 'Infinity' })))],
  ['negative value', linesMetric(sum(1, point({ asInt: -4 })))],
  ['unknown temporality 7', linesMetric(sum(7, point({ asInt: 3 })))],
  ['temporality as a string', linesMetric(sum('2', point({ asInt: 3 })))],
  ['cumulative with decreasing values', linesMetric(sum(2, point({ asInt: 10, timeUnixNano: ns(1) }), point({ asInt: 4, timeUnixNano: ns(2) }), point({ asInt: 6, timeUnixNano: ns(3) })))],
  ['cumulative re-sent out of order', linesMetric(sum(2, point({ asInt: 8, timeUnixNano: ns(5) }), point({ asInt: 9, timeUnixNano: ns(4) })))],
  ['huge delta lines', linesMetric(sum(1, point({ asDouble: 1e300 })))],
  ['huge delta lines as int string', linesMetric(sum(1, point({ asInt: '99999999999999999999' })))],
  ['cumulative lines beyond int32', linesMetric(sum(2, point({ asInt: '3000000000', attributes: [typeAttr[0], { key: 'session.id', value: { stringValue: 'big' } }] })))],
  ['huge startTimeUnixNano', linesMetric(sum(2, point({ asInt: 3, startTimeUnixNano: '99999999999999999999999' })))],
  ['huge timeUnixNano', linesMetric(sum(2, point({ asInt: 3, timeUnixNano: '99999999999999999999999' })))],
  ['timeUnixNano not numeric', linesMetric(sum(1, point({ asInt: 3, timeUnixNano: 'now' })))],
  ['point attributes with value {}', linesMetric(sum(1, point({ asInt: 3, attributes: [{ key: 'type', value: {} }, { key: 'x' }] })))],
  ['point session.id with a NUL', linesMetric(sum(1, point({ asInt: 3, attributes: [...typeAttr.slice(0, 1), { key: 'session.id', value: { stringValue: 'a\u0000b' } }] })))],
  ['metric name constructor', linesMetric(sum(1, point({ asInt: 3 })), 'constructor')],
  ['metric name __proto__', linesMetric(sum(1, point({ asInt: 3 })), '__proto__')],
  ['metric name a number', linesMetric(sum(1, point({ asInt: 3 })), 7 as never)],
  ['gauge for a known name', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.session.count', gauge: { dataPoints: [point({ asInt: 1 })] } }] }] }] }],
  ['histogram', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.session.count', histogram: { dataPoints: [{ count: 'x' }] } }] }] }] }],
];

describe('/v1/metrics never answers 5xx to malformed input', () => {
  it(`${METRIC_SHAPES.length} shapes`, async () => {
    const o = await t.createOrg('metrics-fuzz');
    const failures: string[] = [];
    for (const [name, payload] of METRIC_SHAPES) {
      const res = await postOtlp(t.app, 'metrics', payload, json(o.ingestKey));
      if (res.statusCode >= 500) failures.push(`${name}: ${res.statusCode} ${res.body}`);
      else expectNot5xx(name, res, 'rejectedDataPoints');
    }
    expect(failures).toEqual([]);
    for (const kind of await storedKinds(t.db, o.orgId)) expect(KINDS).toContain(kind);
  });

  it.each([
    ['huge delta lines', /at most/],
    ['huge startTimeUnixNano', /out of range/],
    ['point session.id with a NUL', /NUL/],
    ['unknown temporality 7', /temporality 7/],
  ])('%s: the point is rejected with its reason', async (name, reason) => {
    const o = await t.createOrg(name);
    const res = await postOtlp(t.app, 'metrics', METRIC_SHAPES.find(([n]) => n === name)![1], json(o.ingestKey));
    expect(res.statusCode).toBe(200);
    expect(res.json().partialSuccess).toEqual({ rejectedDataPoints: '1', errorMessage: expect.stringMatching(reason) });
  });

  it('a cumulative series whose value drops is a restart: its new value counts in full', async () => {
    const o = await t.createOrg('restart');
    const res = await postOtlp(t.app, 'metrics', linesMetric(sum(2, point({ asInt: 10, timeUnixNano: ns(1) }), point({ asInt: 4, timeUnixNano: ns(2) }), point({ asInt: 6, timeUnixNano: ns(3) }))), json(o.ingestKey));
    expect(res.statusCode).toBe(200);
    const rows = await t.db.selectFrom('events').select((eb) => eb.fn.sum<string>('lines_added').as('added')).where('org_id', '=', o.orgId).executeTakeFirstOrThrow();
    // 10, then a restart at 4 (counts 4), then +2
    expect(Number(rows.added)).toBe(10 + 4 + 2);
  });
});

describe('mutated protobuf bodies never get a 5xx', () => {
  it.each(['logs', 'metrics'] as const)('%s: 150 mutations of the real Claude Code capture', async (signal) => {
    const o = await t.createOrg(`pb-${signal}`);
    const [original] = capturedRequests('claude-code', 'otlp-protobuf', 'cc-pb-tools').filter((r) => r.signal === signal);
    const random = prng(signal === 'logs' ? 20261124 : 424242);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 150; i++) {
      const body = mutateBytes(original!.body, random);
      const res = await postOtlp(t.app, signal, body, proto(o.ingestKey));
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 200) continue;
      if (res.statusCode === 400 && decodeStatus(res.rawPayload).code === 3) continue;
      failures.push(`mutation ${i}: ${res.statusCode} ${res.rawPayload.toString('utf8').slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Both outcomes occurred, so the mutations reached the normalizer and the decoder's error path.
    expect([...statuses.keys()].sort()).toEqual([200, 400]);
    for (const kind of await storedKinds(t.db, o.orgId)) expect(KINDS).toContain(kind);
  });
});
