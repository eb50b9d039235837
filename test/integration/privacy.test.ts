import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/adapters/postgres/database.ts';
import {
  allRecords,
  attr,
  CC_TOOLS_LOGS,
  eventNameOf,
  fixture,
  GEMINI_TOOLS_LOGS,
  json,
  postOtlp,
  setAttr,
  type Json,
  type OtlpLogRecord,
} from '../support/otlp-payloads.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// Prompt, response, code and command text sent by the clients must never reach storage, whatever field carries it.

const NOW = new Date('2026-11-24T15:00:00Z');
const MARK = `PRIVMARK${randomBytes(8).toString('hex')}`;
/** A marker per field, so a leak names the field that leaked. */
const m = (field: string) => `${MARK}_${field}`;
/** An allowed attribute holding this one must be stored: proof that the search below can find text in any column. */
const KEEP = `KEEPMARK${randomBytes(8).toString('hex')}`;
/** The prompt the real Gemini run was given, which its fixture carries in process.command_args and `prompt`. */
const GEMINI_PROMPT = 'TOOL_BASH TOOL_WRITE TOOL_EDIT: run echo hi, then create hello.txt, then edit it';

let t: TestContext;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  org = await t.createOrg('privacy');
});
afterAll(async () => {
  await t.close();
});

/** Every row of every table of the public schema, as text. */
async function dumpAllTables(db: Db): Promise<Map<string, string[]>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(db);
  const dump = new Map<string, string[]>();
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} t`.execute(db);
    dump.set(name, rows.rows.map((r) => r.row));
  }
  return dump;
}

function findInDump(dump: Map<string, string[]>, needle: string): string[] {
  const hex = Buffer.from(needle).toString('hex');
  const hits: string[] = [];
  for (const [table, rows] of dump) for (const row of rows) if (row.includes(needle) || row.includes(hex)) hits.push(`${table}: ${row.slice(0, 300)}`);
  return hits;
}

function forEvent(request: Json, name: string, edit: (r: OtlpLogRecord) => void): number {
  const records = allRecords(request).filter((r) => eventNameOf(r).endsWith(name));
  records.forEach(edit);
  return records.length;
}

function commandArgs(resource: Json): void {
  setAttr(resource, 'process.command_args', ['/usr/bin/node', '/usr/bin/gemini', '-p', m('command_args'), `--prompt=${m('command_args_flag')}`]);
  setAttr(resource, 'process.command', `/usr/bin/gemini -p ${m('process_command')}`);
}

function claudeLogs(): Json {
  const request = fixture(...CC_TOOLS_LOGS);
  commandArgs(request.resourceLogs[0].resource);
  expect(forEvent(request, 'user_prompt', (r) => (setAttr(r, 'prompt', m('cc_prompt')), setAttr(r, 'prompt_text', m('cc_prompt_text'))))).toBeGreaterThan(0);
  expect(
    forEvent(request, 'tool_result', (r) => {
      setAttr(r, 'tool_parameters', JSON.stringify({ bash_command: `echo ${m('tool_parameters')}`, full_command: m('full_command') }));
      setAttr(r, 'tool_input', JSON.stringify({ command: m('tool_input') }));
      setAttr(r, 'team', KEEP); // allowed: metadata the client chose
    }),
  ).toBeGreaterThan(0);
  expect(forEvent(request, 'tool_decision', (r) => setAttr(r, 'tool_input', m('decision_tool_input')))).toBeGreaterThan(0);
  expect(forEvent(request, 'assistant_response', (r) => setAttr(r, 'response', m('cc_response')))).toBeGreaterThan(0);
  expect(forEvent(request, 'api_request', (r) => setAttr(r, 'system_prompt', m('cc_system_prompt')))).toBeGreaterThan(0);
  return request;
}

function geminiLogs(): Json {
  const request = fixture(...GEMINI_TOOLS_LOGS);
  for (const rl of request.resourceLogs) commandArgs(rl.resource);
  expect(forEvent(request, 'user_prompt', (r) => setAttr(r, 'prompt', m('gemini_prompt')))).toBeGreaterThan(0);
  expect(forEvent(request, 'gemini_cli.api_request', (r) => setAttr(r, 'request_text', m('request_text')))).toBeGreaterThan(0);
  expect(
    forEvent(request, 'api_response', (r) => {
      setAttr(r, 'response_text', m('response_text'));
      setAttr(r, 'gen_ai.system_instructions', m('api_response_system_instructions'));
    }),
  ).toBeGreaterThan(0);
  expect(forEvent(request, 'inference.operation.details', (r) => setAttr(r, 'gen_ai.system_instructions', m('system_instructions')))).toBeGreaterThan(0);
  expect(forEvent(request, 'tool_call', (r) => setAttr(r, 'function_args', JSON.stringify({ command: m('function_args') })))).toBeGreaterThan(0);
  // The fixture's own prompt text must be gone from the payload, or the check for it below proves nothing about this run.
  expect(JSON.stringify(request)).not.toContain(GEMINI_PROMPT);
  return request;
}

function metrics(file: readonly string[]): Json {
  const request = fixture(...file);
  for (const rm of request.resourceMetrics) {
    commandArgs(rm.resource);
    for (const sm of rm.scopeMetrics) for (const metric of sm.metrics) {
      for (const p of (metric.sum ?? metric.histogram ?? metric.gauge)?.dataPoints ?? []) setAttr(p, 'prompt', m(`metric_${metric.name}`));
    }
  }
  return request;
}

describe('no prompt, response, code or command text is stored', () => {
  it('the marker appears in no column of any table', async () => {
    for (const [signal, payload] of [
      ['logs', claudeLogs()],
      ['logs', geminiLogs()],
      ['metrics', metrics(['claude-code', 'otlp-json', 'cc-json-tools', '0002-metrics.json'])],
      ['metrics', metrics(['gemini-cli', 'otlp-json', 'gem-tools', '0002-metrics.json'])],
    ] as const) {
      const res = await postOtlp(t.app, signal, payload, json(org.ingestKey));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({});
    }
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${org.ingestKey}` },
      payload: {
        events: [
          {
            id: 'privacy-1',
            occurredAt: '2026-11-24T14:00:00Z',
            tool: 'cursor',
            kind: 'user_prompt',
            sessionId: 'privacy-session',
            attributes: { prompt: m('api_prompt'), response: m('api_response'), command: m('api_command'), team: KEEP },
          },
        ],
      },
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ stored: 1, rejected: [] });

    // The records that carried the markers were stored (as metadata), so this is not a vacuous pass.
    const kinds = await t.db.selectFrom('events').select(['tool', 'kind']).distinct().where('org_id', '=', org.orgId).execute();
    const stored = new Set(kinds.map((k) => `${k.tool}/${k.kind}`));
    for (const k of ['claude-code/user_prompt', 'claude-code/tool_result', 'claude-code/tool_decision', 'claude-code/api_request',
      'gemini-cli/user_prompt', 'gemini-cli/api_request', 'gemini-cli/tool_result', 'gemini-cli/lines_changed',
      'claude-code/lines_changed', 'cursor/user_prompt']) {
      expect(stored, k).toContain(k);
    }

    const dump = await dumpAllTables(t.db);
    expect([...dump.keys()]).toEqual(expect.arrayContaining(['events', 'orgs', 'api_keys', 'metric_series', 'people', 'licenses']));
    expect(findInDump(dump, MARK)).toEqual([]);
    // Positive control: text under an allowed key is stored, and the search finds it (in jsonb).
    expect(findInDump(dump, KEEP).length).toBeGreaterThanOrEqual(2);
  });

  it('the prompt in the unmodified Gemini fixture (resource process.command_args and user_prompt) is not stored', async () => {
    const o = await t.createOrg('privacy-raw');
    const raw = fixture(...GEMINI_TOOLS_LOGS);
    const args = attr(raw.resourceLogs[0].resource, 'process.command_args').arrayValue.values.map((v: Json) => v.stringValue);
    expect(args).toContain(GEMINI_PROMPT);
    for (const [signal, file] of [['logs', GEMINI_TOOLS_LOGS], ['metrics', ['gemini-cli', 'otlp-json', 'gem-tools', '0002-metrics.json']]] as const) {
      const res = await postOtlp(t.app, signal, fixture(...file), json(o.ingestKey));
      expect(res.statusCode, res.body).toBe(200);
    }
    const count = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', o.orgId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(0);
    const dump = await dumpAllTables(t.db);
    expect(findInDump(dump, GEMINI_PROMPT)).toEqual([]);
    expect(findInDump(dump, 'TOOL_BASH')).toEqual([]);
  });
});
