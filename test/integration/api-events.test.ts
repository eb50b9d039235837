import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrScalar, CC_TOOLS_LOGS, fixture, getSummary, json, postOtlp, recordsNamed } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const NOW = new Date('2026-11-24T15:00:00Z');
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-12-01T00:00:00Z';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

function postEvents(key: string, payload: unknown, contentType = 'application/json') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function storedCount(orgId: string): Promise<number> {
  const row = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const validBatch = (prefix: string) => [
  { id: `${prefix}-1`, occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'user_prompt', email: 'dev@acme.com', sessionId: 's1' },
  { id: `${prefix}-2`, occurredAt: '2026-11-20T10:00:01Z', tool: 'cursor', kind: 'api_request', email: 'dev@acme.com', sessionId: 's1', requestId: `${prefix}-r1`, model: 'gpt-x', tokens: { input: 100, output: 20 }, costUsd: 0.01 },
  { id: `${prefix}-3`, occurredAt: '2026-11-20T10:00:02Z', tool: 'cursor', kind: 'api_request', email: 'dev@acme.com', sessionId: 's1', requestId: `${prefix}-r2`, model: 'gpt-x', tokens: { input: 50, output: 5, cacheRead: 7 }, costUsd: 0.02 },
  { id: `${prefix}-4`, occurredAt: '2026-11-20T10:00:03Z', tool: 'cursor', kind: 'lines_changed', sessionId: 's1', linesAdded: 12, linesRemoved: 3 },
  { id: `${prefix}-5`, occurredAt: '2026-11-20T10:00:04+02:00', tool: 'cursor', kind: 'tool_result', sessionId: 's1', toolName: 'edit', success: true },
];

describe('POST /api/v1/events', () => {
  let o: TestOrg;
  beforeAll(async () => {
    o = await t.createOrg('api');
  });

  it('stores a valid batch, and a re-sent batch is all duplicates', async () => {
    const org = await t.createOrg('api-valid');
    const batch = validBatch('v');
    const first = await postEvents(org.ingestKey, { events: batch });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: 5, stored: 5, duplicates: 0, rejected: [] });
    expect(await storedCount(org.orgId)).toBe(5);

    const again = await postEvents(org.ingestKey, { events: batch });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: 5, stored: 0, duplicates: 5, rejected: [] });
    expect(await storedCount(org.orgId)).toBe(5);

    const s = (await getSummary(t.app, org.readKey, FROM, TO)).json();
    expect(s).toMatchObject({ events: 5, requests: 2, prompts: 1, sessions: 1, people: 1, linesAdded: 12, linesRemoved: 3 });
    expect(s.tokens).toEqual({ input: 150, output: 25, cacheRead: 7, cacheCreation: 0, total: 175 }); // total: input + output
    expect(s.costUsd).toBeCloseTo(0.03, 10);
  });

  it('a mixed batch stores the valid events and names what to fix in each rejected one', async () => {
    const org = await t.createOrg('api-mixed');
    const [good1, good2] = validBatch('m');
    const events = [
      good1,
      { id: 'bad-tokens', occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'api_request', tokens: { input: -1 } },
      { id: 'bad-kind', occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'chat' },
      { id: 'no-time', tool: 'cursor', kind: 'user_prompt' },
      good2,
      { id: 'future', occurredAt: '2026-11-26T15:00:00Z', tool: 'cursor', kind: 'user_prompt' },
      { id: 'extra-field', occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'user_prompt', prompt: 'hello' },
      { id: 'bad-email', occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'user_prompt', email: 'not-an-email' },
      'just a string',
      null,
      { occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'user_prompt' },
    ];
    const res = await postEvents(org.ingestKey, { events });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ received: events.length, stored: 2, duplicates: 0 });
    const rejected = body.rejected as Array<{ index: number; id: string | null; reason: string }>;
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    const byIndex = new Map(rejected.map((r) => [r.index, r]));
    const expectations: Array<[number, string | null, RegExp]> = [
      [1, 'bad-tokens', /tokens\.input/],
      [2, 'bad-kind', /kind/],
      [3, 'no-time', /occurredAt/],
      [5, 'future', /future/],
      [6, 'extra-field', /prompt/],
      [7, 'bad-email', /email/],
      [8, null, /object/i],
      [9, null, /object/i],
      [10, null, /\bid\b/],
    ];
    for (const [index, id, reason] of expectations) {
      expect(byIndex.get(index), `index ${index}`).toMatchObject({ id, reason: expect.stringMatching(reason) });
    }
    const rows = await t.db.selectFrom('events').select('request_id').where('org_id', '=', org.orgId).where('kind', '=', 'api_request').execute();
    expect(rows.map((r) => r.request_id)).toEqual([good2!.requestId]);
    expect(await storedCount(org.orgId)).toBe(2);
  });

  it('values Postgres cannot store are rejected with a reason, never a 500', async () => {
    const org = await t.createOrg('api-unstorable');
    const base = { tool: 'cursor', kind: 'user_prompt', occurredAt: '2026-11-20T10:00:00Z' };
    const res = await postEvents(org.ingestKey, {
      events: [
        { ...base, id: 'year-0', occurredAt: '0000-01-01T00:00:00Z' },
        { ...base, id: 'nul', sessionId: 'a\u0000b' },
        { ...base, id: 'lines', kind: 'lines_changed', linesAdded: 5_000_000_000 },
        { ...base, id: 'kept', attributes: { team: 'a\u0000b', department: 'eng' } },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 4, stored: 1, duplicates: 0 });
    expect(res.json().rejected).toEqual([
      { index: 0, id: 'year-0', reason: expect.stringMatching(/before 2000/) },
      { index: 1, id: 'nul', reason: expect.stringMatching(/session id .*NUL/) },
      { index: 2, id: 'lines', reason: expect.stringMatching(/lines/) },
    ]);
    const row = await t.db.selectFrom('events').select('attributes').where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(row.attributes).toEqual({ department: 'eng' });
  });

  it('a batch of only invalid events is 400 with the same report', async () => {
    const res = await postEvents(o.ingestKey, { events: [{ id: 'x' }, { id: 'y', kind: 'nope' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ received: 2, stored: 0, duplicates: 0 });
    expect(res.json().rejected).toHaveLength(2);
  });

  it('1000 events are accepted; 1001 are 413 with a message', async () => {
    const org = await t.createOrg('api-big');
    const make = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `big-${i}`, occurredAt: '2026-11-20T10:00:00Z', tool: 'cursor', kind: 'user_prompt' }));
    const over = await postEvents(org.ingestKey, { events: make(1001) });
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatch(/1000/);
    expect(await storedCount(org.orgId)).toBe(0);
    const max = await postEvents(org.ingestKey, { events: make(1000) });
    expect(max.statusCode, max.body).toBe(200);
    expect(max.json()).toMatchObject({ received: 1000, stored: 1000, duplicates: 0, rejected: [] });
  });

  it.each(['[]', '"events"', 'null', '42', '{}', '{"events": {}}', '{"events": "all"}', '{"events": null}'])('body %s is 400', async (body) => {
    const res = await postEvents(o.ingestKey, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatch(/events/);
  });

  it('invalid JSON is 400', async () => {
    const res = await postEvents(o.ingestKey, '{"events": [');
    expect(res.statusCode).toBe(400);
  });

  it('an api_request whose requestId came through OTLP first is a duplicate (cross-source dedup)', async () => {
    const org = await t.createOrg('api-cross');
    const logs = fixture(...CC_TOOLS_LOGS);
    expect((await postOtlp(t.app, 'logs', logs, json(org.ingestKey))).statusCode).toBe(200);
    const before = (await getSummary(t.app, org.readKey, FROM, TO)).json();
    const otlpRecord = recordsNamed(logs, 'api_request')[0]!;
    const requestId = String(attrScalar(otlpRecord, 'request_id'));
    const backfill = {
      occurredAt: '2026-11-24T14:03:24.335Z',
      kind: 'api_request',
      requestId,
      model: String(attrScalar(otlpRecord, 'model')),
      tokens: { input: Number(attrScalar(otlpRecord, 'input_tokens')), output: Number(attrScalar(otlpRecord, 'output_tokens')) },
    };
    const res = await postEvents(org.ingestKey, {
      events: [
        { ...backfill, id: 'transcript-1', tool: 'claude-code' },
        { ...backfill, id: 'transcript-2', tool: 'Claude-Code' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: 2, stored: 0, duplicates: 2, rejected: [] });
    expect((await getSummary(t.app, org.readKey, FROM, TO)).json()).toEqual(before);

    // control: an unknown request id is new
    const fresh = await postEvents(org.ingestKey, { events: [{ ...backfill, id: 'transcript-3', tool: 'claude-code', requestId: 'req_not_seen_before' }] });
    expect(fresh.json()).toEqual({ received: 1, stored: 1, duplicates: 0, rejected: [] });
  });
});

describe('GET /api/v1/summary validation', () => {
  let o: TestOrg;
  beforeAll(async () => {
    o = await t.createOrg('summary');
  });
  const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/summary?${query}`, headers: { authorization: `Bearer ${o.readKey}` } });

  it.each([
    ['missing from', 'to=2026-11-02', /from/],
    ['missing to', 'from=2026-11-02', /to/],
    ['from after to', 'from=2026-11-05&to=2026-11-02', /before/],
    ['from equal to to', 'from=2026-11-05T00:00:00Z&to=2026-11-05T00:00:00Z', /before/],
    ['a range over 400 days', 'from=2025-01-01&to=2026-02-06', /400 days/],
    ['a date that is not ISO', 'from=yesterday&to=2026-11-05', /from/],
    ['an unknown parameter', 'from=2026-11-01&to=2026-11-05&team=a', /team/],
    ['a tool with a NUL', 'from=2026-11-01&to=2026-11-05&tool=a%00b', /tool/],
    ['an empty tool', 'from=2026-11-01&to=2026-11-05&tool=', /tool/],
  ])('%s is 400', async (_name, query, message) => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatch(message);
  });

  it('a range of exactly 400 days is accepted', async () => {
    const from = new Date('2025-10-01T00:00:00Z');
    const to = new Date(from.getTime() + 400 * 86_400_000);
    const res = await get(`from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ from: from.toISOString(), to: to.toISOString(), events: 0 });
  });
});
