import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CC_TOOLS_LOGS, fixture, json, postOtlp, setAttr } from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Issue 12, D11: `tool` is a lower-case slug (README "Tool names"), never "-1e+308" or "\uFFFD".

const NOW = new Date('2026-11-24T15:00:00Z');
let t: TestContext;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('tools');
});
afterAll(() => t.close());

const event = (id: string, tool: string) => ({ id, tool, kind: 'user_prompt', occurredAt: '2026-11-24T10:00:00Z', email: 'a@x.io' });
const post = (events: object[]) =>
  t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${org.ingestKey}` }, payload: { events } });
const tools = async (orgId: string) =>
  (await sql<{ tool: string }>`SELECT DISTINCT tool FROM events WHERE org_id = ${orgId} ORDER BY tool`.execute(t.db)).rows.map((r) => r.tool);

describe('tool names', () => {
  it('JSON events: a tool that is not a lower-case slug is rejected by name; known and slug tools are stored', async () => {
    const bad = ['-1e+308', '\uFFFD', '1password', 'claude code!', 'a'.repeat(65), '', 'cursor\u0000'];
    const res = await post([event('ok1', 'claude-code'), event('ok2', ' Gemini-CLI '), event('ok3', 'windsurf'), ...bad.map((tool, i) => event(`bad${i}`, tool))]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.stored).toBe(3);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (const r of body.rejected) expect(r.reason).toMatch(/^tool: must be a lower-case name like claude-code/);
    expect(await tools(org.orgId)).toEqual(['claude-code', 'gemini-cli', 'windsurf']);
  });

  it('OTLP: a service.name becomes a slug (spaces, _ and . to -) or else `unknown`, so junk never reaches reports', async () => {
    const o = await t.createOrg('otlp-tools');
    const request = fixture(...CC_TOOLS_LOGS);
    const names = ['-1e+308', '\uFFFD', 'My App_2'];
    const records = request.resourceLogs[0].scopeLogs[0].logRecords.filter((r: { attributes: Array<{ key: string; value: { stringValue?: string } }> }) =>
      r.attributes.some((a) => a.key === 'event.name' && a.value.stringValue === 'user_prompt'));
    const resourceLogs = names.map((name, i) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }] },
      scopeLogs: [{ logRecords: records.slice(0, 1).map((r: never) => setAttr(structuredClone(r), 'prompt.id', `p${i}`)) }],
    }));
    const res = await postOtlp(t.app, 'logs', { resourceLogs }, json(o.ingestKey));
    expect(res.statusCode, res.body).toBe(200);
    expect(await tools(o.orgId)).toEqual(['my-app-2', 'unknown']);
  });
});
