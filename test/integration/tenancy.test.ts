import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from '../support/fixtures.ts';
import { replay } from '../support/otlp-client.ts';
import {
  allRecords,
  attrScalar,
  CC_TOOLS_LOGS,
  eventNameOf,
  fixture,
  getSummary,
  json,
  postOtlp,
  setAttr,
  type OtlpLogRecord,
} from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-12-01T00:00:00Z';
const RUN = capturedRequests('claude-code', 'otlp-json', 'cc-json-tools');

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const isApiRequest = (r: OtlpLogRecord) => eventNameOf(r).endsWith('api_request');

/** Tokens of a set of api_request records, read from their attributes. */
function expectedTokens(records: OtlpLogRecord[]) {
  const sum = (key: string) => records.reduce((a, r) => a + Number(attrScalar(r, key) ?? 0), 0);
  const input = sum('input_tokens');
  const output = sum('output_tokens');
  const cacheRead = sum('cache_read_tokens');
  const cacheCreation = sum('cache_creation_tokens');
  return { input, output, cacheRead, cacheCreation, total: input + output }; // docs/metrics.md: Tokens = input + output
}

const ZERO = {
  events: 0, sessions: 0, people: 0, prompts: 0, requests: 0, costUsd: 0, linesAdded: 0, linesRemoved: 0,
  tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 }, byTool: {},
};

async function summary(key: string) {
  const res = await getSummary(t.app, key, FROM, TO);
  expect(res.statusCode, res.body).toBe(200);
  const { from: _f, to: _t, tool: _tool, ...totals } = res.json();
  return totals;
}

async function ingestRun(key: string): Promise<void> {
  for (const r of RUN) {
    const res = await replay(t.app, key, r);
    expect(res.statusCode, res.body).toBe(200);
  }
}

async function eventRows(orgId: string) {
  return t.db.selectFrom('events').select(['event_id', 'kind', 'request_id', 'person_email', 'identity']).where('org_id', '=', orgId).orderBy('event_id').execute();
}

describe('orgs are isolated', () => {
  let a: TestOrg;
  let b: TestOrg;
  const apiRecords = allRecords(fixture(...CC_TOOLS_LOGS)).filter(isApiRequest);

  beforeAll(async () => {
    a = await t.createOrg('org-a');
    b = await t.createOrg('org-b');
    await ingestRun(a.ingestKey);
  });

  it("org B's read key sees none of org A's events; org A's read key sees them", async () => {
    expect(await summary(b.readKey)).toEqual(ZERO);
    const s = await summary(a.readKey);
    expect(s.requests).toBe(apiRecords.length);
    expect(s.tokens).toEqual(expectedTokens(apiRecords));
    expect(s.events).toBeGreaterThan(apiRecords.length);
    expect(Object.keys(s.byTool)).toEqual(['claude-code']);
    expect(await summary(b.adminKey)).toEqual(ZERO);
  });

  it('the same fixture sent by org B is stored again, as org B rows (dedup is per org)', async () => {
    const before = await eventRows(a.orgId);
    await ingestRun(b.ingestKey);
    const rowsA = await eventRows(a.orgId);
    const rowsB = await eventRows(b.orgId);
    expect(rowsA).toEqual(before);
    expect(rowsB.length).toBe(rowsA.length);
    // the same facts, hence the same event ids, once in each org
    expect(rowsB.map((r) => r.event_id)).toEqual(rowsA.map((r) => r.event_id));
    expect(await summary(b.readKey)).toEqual(await summary(a.readKey));
  });
});

describe('scopes', () => {
  let o: TestOrg;
  beforeAll(async () => {
    o = await t.createOrg('scopes');
  });

  it('a read key cannot ingest (403), by OTLP or by the events API', async () => {
    const otlp = await postOtlp(t.app, 'logs', fixture(...CC_TOOLS_LOGS), json(o.readKey));
    expect(otlp.statusCode).toBe(403);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${o.readKey}` },
      payload: { events: [{ id: 'x', occurredAt: '2026-11-24T10:00:00Z', tool: 'cursor', kind: 'user_prompt' }] },
    });
    expect(api.statusCode).toBe(403);
    expect(await eventRows(o.orgId)).toEqual([]);
  });

  it('an ingest key cannot read the summary (403)', async () => {
    const res = await getSummary(t.app, o.ingestKey, FROM, TO);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/read/);
  });
});

describe('keys bound to a person', () => {
  const DEV = 'dev@acme.com';
  const OTHER = 'other@acme.com';
  let o: TestOrg;
  let otherRequestIds: Set<string>;
  let devApi: OtlpLogRecord[];
  let otherApi: OtlpLogRecord[];

  beforeAll(async () => {
    o = await t.createOrg('people');
    // Half of the api_request records say who sent them (in mixed case); the rest do not.
    const logs = fixture(...CC_TOOLS_LOGS);
    const api = allRecords(logs).filter(isApiRequest);
    expect(api.length).toBeGreaterThanOrEqual(2);
    otherApi = api.filter((_, i) => i % 2 === 0);
    devApi = api.filter((_, i) => i % 2 === 1);
    otherApi.forEach((r) => setAttr(r, 'user.email', 'Other@Acme.com'));
    otherRequestIds = new Set(otherApi.map((r) => String(attrScalar(r, 'request_id'))));
    const personalIngest = await t.createKey(o.orgId, ['ingest'], DEV);
    const res = await postOtlp(t.app, 'logs', logs, json(personalIngest));
    expect(res.statusCode, res.body).toBe(200);
    const metrics = RUN.find((r) => r.signal === 'metrics')!;
    expect((await replay(t.app, personalIngest, metrics)).statusCode).toBe(200);
  });

  it('events without user.email are attributed to the key’s person; those with one keep their own', async () => {
    const rows = await eventRows(o.orgId);
    expect(rows.length).toBeGreaterThan(otherRequestIds.size);
    for (const r of rows) {
      const expected = r.kind === 'api_request' && otherRequestIds.has(r.request_id ?? '') ? OTHER : DEV;
      expect(r.person_email, `${r.kind} ${r.request_id}`).toBe(expected);
    }
    expect(rows.filter((r) => r.person_email === OTHER)).toHaveLength(otherRequestIds.size);
  });

  it('a read key bound to a person sees only that person’s events', async () => {
    const devRead = await t.createKey(o.orgId, ['read'], DEV);
    const otherRead = await t.createKey(o.orgId, ['read'], OTHER);
    const nobodyRead = await t.createKey(o.orgId, ['read'], 'nobody@acme.com');
    const dev = await summary(devRead);
    const other = await summary(otherRead);
    const all = await summary(o.readKey);

    expect(dev.requests).toBe(devApi.length);
    expect(dev.tokens).toEqual(expectedTokens(devApi));
    expect(other.requests).toBe(otherApi.length);
    expect(other.tokens).toEqual(expectedTokens(otherApi));
    expect(other.prompts).toBe(0);
    expect(other.people).toBe(1);
    expect(all.tokens).toEqual(expectedTokens([...devApi, ...otherApi]));
    expect(dev.events + other.events).toBe(all.events);
    expect(all.people).toBe(2);
    expect(await summary(nobodyRead)).toEqual(ZERO);
  });
});
