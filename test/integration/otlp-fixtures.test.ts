import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests, FIXTURES, readJson, readJsonLines, runsOf, type CapturedRequest } from '../support/fixtures.ts';
import { replay } from '../support/otlp-client.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

interface ClaudeResult {
  session_id: string;
  total_cost_usd: number;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
}
interface GeminiResult {
  session_id: string;
  stats: {
    models: Record<string, { api: { totalRequests: number }; tokens: { prompt: number; candidates: number; cached: number; thoughts: number; tool: number; total: number } }>;
    files: { totalLinesAdded: number; totalLinesRemoved: number };
  };
}

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function sendAll(key: string, requests: CapturedRequest[]): Promise<void> {
  for (const r of requests) {
    const res = await replay(t.app, key, r);
    expect(res.statusCode, `${r.file}: ${res.body}`).toBe(200);
    if (r.contentType === 'application/json') expect(JSON.parse(res.body)).toEqual({});
  }
}

async function summary(key: string, query = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z${query}`,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function eventCount(orgId: string): Promise<number> {
  const row = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Lines of code from the raw metric payloads, computed independently: delta points summed, cumulative last values. */
function linesFromPayloads(requests: CapturedRequest[], metricName: string): { added: number; removed: number } {
  const lastCumulative = new Map<string, number>();
  const totals = { added: 0, removed: 0 };
  for (const r of requests.filter((x) => x.signal === 'metrics')) {
    const raw = r.contentEncoding === 'gzip' ? gunzipSync(r.body) : r.body;
    const body = JSON.parse(raw.toString()) as any;
    for (const rm of body.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) {
      if (m.name !== metricName) continue;
      for (const p of m.sum.dataPoints) {
        const type = p.attributes.find((a: any) => a.key === 'type').value.stringValue as 'added' | 'removed';
        const value = Number(p.asDouble ?? p.asInt);
        if (m.sum.aggregationTemporality === 2) lastCumulative.set(`${type}|${JSON.stringify(p.attributes)}|${p.startTimeUnixNano}`, value);
        else totals[type] += value;
      }
    }
  }
  for (const [k, v] of lastCumulative) totals[k.split('|')[0] as 'added' | 'removed'] += v;
  return totals;
}

const claudeRuns = [
  ...runsOf('claude-code', 'otlp-json').map((run) => ({ run, encoding: 'otlp-json' as const })),
  ...runsOf('claude-code', 'otlp-protobuf').map((run) => ({ run, encoding: 'otlp-protobuf' as const })),
];

describe('Claude Code fixtures', () => {
  it.each(claudeRuns)('$run: stored tokens and cost equal the client total, once', async ({ run, encoding }) => {
    const org = await t.createOrg(run);
    const requests = capturedRequests('claude-code', encoding, run);
    await sendAll(org.ingestKey, requests);

    const truth = readJson<ClaudeResult>('claude-code', 'sessions', run, 'cli-result.json');
    const modelRequests = readJsonLines<{ method: string; path: string; requestId?: string }>('claude-code', 'sessions', run, 'model-api-requests.jsonl')
      .filter((r) => r.method === 'POST' && r.path.startsWith('/v1/messages'));
    const s = await summary(org.readKey);
    expect(s.tokens).toEqual({
      input: truth.usage.input_tokens,
      output: truth.usage.output_tokens,
      cacheRead: truth.usage.cache_read_input_tokens,
      cacheCreation: truth.usage.cache_creation_input_tokens,
      total: truth.usage.input_tokens + truth.usage.output_tokens, // docs/metrics.md: Tokens = input + output
    });
    expect(s.costUsd).toBeCloseTo(truth.total_cost_usd, 9);
    expect(s.requests).toBe(modelRequests.length);
    expect(s.sessions).toBe(1);
    expect(s.prompts).toBe(1);
    expect(s.byTool['claude-code'].requests).toBe(modelRequests.length);
    const lines = linesFromPayloads(encoding === 'otlp-json' ? requests : [], 'claude_code.lines_of_code.count');
    if (encoding === 'otlp-json') expect({ added: s.linesAdded, removed: s.linesRemoved }).toEqual(lines);

    const stored = await t.db.selectFrom('events').select(['request_id', 'session_id', 'project', 'identity'])
      .where('org_id', '=', org.orgId).where('kind', '=', 'api_request').execute();
    expect(stored.map((r) => r.request_id).sort()).toEqual(modelRequests.map((r) => r.requestId).sort());
    expect(new Set(stored.map((r) => r.session_id))).toEqual(new Set([truth.session_id]));
    expect(new Set(stored.map((r) => r.project))).toEqual(new Set(['web']));

    const before = await eventCount(org.orgId);
    await sendAll(org.ingestKey, requests);
    expect(await eventCount(org.orgId)).toBe(before);
    expect((await summary(org.readKey)).tokens).toEqual(s.tokens);
    expect((await summary(org.readKey)).linesAdded).toBe(s.linesAdded);
  });

  it('a protobuf capture and its decoded JSON twin store identical rows', async () => {
    for (const run of runsOf('claude-code', 'otlp-protobuf')) {
      const pbOrg = await t.createOrg(`${run}-pb`);
      const jsonOrg = await t.createOrg(`${run}-json`);
      await sendAll(pbOrg.ingestKey, capturedRequests('claude-code', 'otlp-protobuf', run));
      const decodedDir = path.join(FIXTURES, 'claude-code', 'decoded', run);
      const twins: CapturedRequest[] = readdirSync(decodedDir).sort().map((file) => ({
        file,
        signal: file.split('-')[1]!.split('.')[0] as CapturedRequest['signal'],
        body: readFileSync(path.join(decodedDir, file)),
        contentType: 'application/json',
        contentEncoding: null,
      }));
      await sendAll(jsonOrg.ingestKey, twins);
      const rows = async (orgId: string) =>
        (await t.db.selectFrom('events').selectAll().where('org_id', '=', orgId).orderBy('event_id').execute())
          .map(({ org_id: _o, received_at: _r, ...rest }) => rest);
      const pbRows = await rows(pbOrg.orgId);
      expect(pbRows.length).toBeGreaterThan(5);
      expect(await rows(jsonOrg.orgId)).toEqual(pbRows);
    }
  });
});

describe('Gemini CLI fixtures', () => {
  it.each(runsOf('gemini-cli', 'otlp-json'))('%s: stored tokens equal the client total, thoughts as output', async (run) => {
    const org = await t.createOrg(run);
    const requests = capturedRequests('gemini-cli', 'otlp-json', run);
    await sendAll(org.ingestKey, requests);
    const truth = readJson<GeminiResult>('gemini-cli', 'sessions', run, 'cli-result.json');
    const models = Object.values(truth.stats.models);
    const sum = (f: (m: (typeof models)[number]) => number) => models.reduce((a, m) => a + f(m), 0);
    const s = await summary(org.readKey, '&tool=gemini-cli');
    expect(s.tokens).toEqual({
      input: sum((m) => m.tokens.prompt - m.tokens.cached + m.tokens.tool),
      output: sum((m) => m.tokens.candidates + m.tokens.thoughts),
      cacheRead: sum((m) => m.tokens.cached),
      cacheCreation: 0,
      total: sum((m) => m.tokens.prompt - m.tokens.cached + m.tokens.tool + m.tokens.candidates + m.tokens.thoughts), // input + output
    });
    // the four stored figures add up to the client's own total
    expect(s.tokens.input + s.tokens.output + s.tokens.cacheRead + s.tokens.cacheCreation).toBe(sum((m) => m.tokens.total));
    expect(s.requests).toBe(sum((m) => m.api.totalRequests));
    expect(s.sessions).toBe(1);
    expect({ added: s.linesAdded, removed: s.linesRemoved }).toEqual({
      added: truth.stats.files.totalLinesAdded,
      removed: truth.stats.files.totalLinesRemoved,
    });
    const before = await eventCount(org.orgId);
    await sendAll(org.ingestKey, requests);
    expect(await eventCount(org.orgId)).toBe(before);
    expect((await summary(org.readKey)).tokens).toEqual(s.tokens);
  });
});
