import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests, readJson } from '../support/fixtures.ts';
import { installClaudeRun, installGeminiRun, listeningTestApp, runUptake, tempHome } from '../support/dev-cli.ts';
import { replay } from '../support/otlp-client.ts';
import type { TestContext, TestOrg } from '../support/test-app.ts';

interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}
interface ClaudeResult {
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
  num_turns: number;
}
interface GeminiResult {
  stats: { models: Record<string, { api: { totalRequests: number }; tokens: { prompt: number; candidates: number; cached: number; thoughts: number; tool: number } }> };
}

/** Ground truth from the client's own `--output-format json` result. */
function claudeTruth(run: string): Tokens {
  const u = readJson<ClaudeResult>('claude-code', 'sessions', run, 'cli-result.json').usage;
  return { input: u.input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheCreation: u.cache_creation_input_tokens };
}
/** Gemini's prompt count includes cached tokens; thoughts bill as output (README: How tokens are counted). */
function geminiTruth(run: string): Tokens & { requests: number } {
  const out = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, requests: 0 };
  for (const m of Object.values(readJson<GeminiResult>('gemini-cli', 'sessions', run, 'cli-result.json').stats.models)) {
    out.input += m.tokens.prompt - m.tokens.cached + m.tokens.tool;
    out.output += m.tokens.candidates + m.tokens.thoughts;
    out.cacheRead += m.tokens.cached;
    out.requests += m.api.totalRequests;
  }
  return out;
}
function sum(a: Tokens, b: Tokens): Tokens {
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheCreation: a.cacheCreation + b.cacheCreation };
}

let t: TestContext;
let endpoint: string;
beforeAll(async () => {
  ({ context: t, endpoint } = await listeningTestApp());
});
afterAll(async () => {
  await t.close();
});

async function stored(orgId: string, tool: string): Promise<Tokens & { requests: number; events: number }> {
  const row = await t.db
    .selectFrom('events')
    .select((eb) => [
      eb.fn.countAll<string>().as('events'),
      eb.fn.count<string>('event_id').filterWhere('kind', '=', 'api_request').as('requests'),
      eb.fn.coalesce(eb.fn.sum<string>('input_tokens'), eb.lit(0)).as('input'),
      eb.fn.coalesce(eb.fn.sum<string>('output_tokens'), eb.lit(0)).as('output'),
      eb.fn.coalesce(eb.fn.sum<string>('cache_read_tokens'), eb.lit(0)).as('cacheRead'),
      eb.fn.coalesce(eb.fn.sum<string>('cache_creation_tokens'), eb.lit(0)).as('cacheCreation'),
    ])
    .where('org_id', '=', orgId)
    .where('tool', '=', tool)
    .where('kind', '=', 'api_request')
    .executeTakeFirstOrThrow();
  return {
    events: Number(row.events),
    requests: Number(row.requests),
    input: Number(row.input),
    output: Number(row.output),
    cacheRead: Number(row.cacheRead),
    cacheCreation: Number(row.cacheCreation),
  };
}

function envFor(home: string, org: TestOrg): Record<string, string> {
  return { HOME: home, UPTAKE_ENDPOINT: endpoint, UPTAKE_API_KEY: org.ingestKey, UPTAKE_EMAIL: 'dev@acme.com' };
}

describe('uptake claude backfill', () => {
  it('stores the tokens of the client ground truth, and a second run stores nothing new', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installClaudeRun(home, 'cc-json-hi');
    installClaudeRun(home, 'cc-json-tools');
    const truth = sum(claudeTruth('cc-json-hi'), claudeTruth('cc-json-tools'));
    const turns = readJson<ClaudeResult>('claude-code', 'sessions', 'cc-json-hi', 'cli-result.json').num_turns + readJson<ClaudeResult>('claude-code', 'sessions', 'cc-json-tools', 'cli-result.json').num_turns;

    const first = await runUptake(['claude', 'backfill'], envFor(home, org));
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ files: 2, requests: turns, sent: turns, stored: turns, duplicates: 0, rejected: [] });
    const after = await stored(org.orgId, 'claude-code');
    expect({ input: after.input, output: after.output, cacheRead: after.cacheRead, cacheCreation: after.cacheCreation }).toEqual(truth);
    expect(after.requests).toBe(turns);

    const second = await runUptake(['claude', 'backfill'], envFor(home, org));
    expect(second.code, second.stderr).toBe(0);
    expect(second.json()).toMatchObject({ sent: turns, stored: 0, duplicates: turns });
    expect(await stored(org.orgId, 'claude-code')).toEqual(after);
  });

  it('counts each request once when live OTLP data for the same session arrived first', async () => {
    const org = await t.createOrg();
    for (const r of capturedRequests('claude-code', 'otlp-json', 'cc-json-tools')) {
      const res = await replay(t.app, org.ingestKey, r);
      expect(res.statusCode, res.body).toBe(200);
    }
    const live = await stored(org.orgId, 'claude-code');
    const home = tempHome();
    installClaudeRun(home, 'cc-json-tools');
    const run = await runUptake(['claude', 'backfill'], envFor(home, org));
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ stored: 0, duplicates: live.requests });
    const after = await stored(org.orgId, 'claude-code');
    expect(after).toEqual(live);
    const truth = claudeTruth('cc-json-tools');
    expect({ input: after.input, output: after.output, cacheRead: after.cacheRead, cacheCreation: after.cacheCreation }).toEqual(truth);
  });

  it('--dry-run sends and stores nothing, and needs no key', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installClaudeRun(home, 'cc-json-tools');
    const run = await runUptake(['claude', 'backfill', '--dry-run'], { HOME: home });
    expect(run.code, run.stderr).toBe(0);
    const truth = claudeTruth('cc-json-tools');
    const byModel = Object.values(run.json().tokensByModel as Record<string, Tokens>);
    expect(byModel.reduce((a, b) => sum(a, b), { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 })).toMatchObject(truth);
    expect((await stored(org.orgId, 'claude-code')).events).toBe(0);
  });

  it('--since leaves out older requests', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installClaudeRun(home, 'cc-json-tools');
    const run = await runUptake(['claude', 'backfill', '--since', '2099-01-01'], envFor(home, org));
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ requests: 0, sent: 0 });
    const bad = await runUptake(['claude', 'backfill', '--since', 'yesterday'], envFor(home, org));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since');
  });
});

describe('uptake gemini backfill', () => {
  it('stores the ground-truth tokens once, also after live OTLP data and on a rerun', async () => {
    const org = await t.createOrg();
    for (const r of capturedRequests('gemini-cli', 'otlp-json', 'gem-tools')) {
      const res = await replay(t.app, org.ingestKey, r);
      expect(res.statusCode, res.body).toBe(200);
    }
    const home = tempHome();
    installGeminiRun(home, 'gem-tools');
    const truth = geminiTruth('gem-tools');
    for (let i = 0; i < 2; i++) {
      const run = await runUptake(['gemini', 'backfill'], envFor(home, org));
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ requests: truth.requests, stored: 0, duplicates: truth.requests });
    }
    const after = await stored(org.orgId, 'gemini-cli');
    expect(after).toMatchObject({ requests: truth.requests, input: truth.input, output: truth.output, cacheRead: truth.cacheRead, cacheCreation: 0 });
  });

  it('backfills a session no telemetry saw', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installGeminiRun(home, 'gem-hi');
    const truth = geminiTruth('gem-hi');
    const run = await runUptake(['gemini', 'backfill'], envFor(home, org));
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ stored: truth.requests });
    expect(await stored(org.orgId, 'gemini-cli')).toMatchObject({ requests: truth.requests, input: truth.input, output: truth.output, cacheRead: truth.cacheRead });
  });
});
