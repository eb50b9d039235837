import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTruth, geminiTruth, sum, type ClaudeResult, type Tokens } from '../support/backfill-truth.ts';
import { capturedRequests, readJson } from '../support/fixtures.ts';
import { installClaudeRun, installGeminiRun, listeningTestApp, runUptake, storedTotals, tempHome } from '../support/dev-cli.ts';
import { replay } from '../support/otlp-client.ts';
import type { TestContext, TestOrg } from '../support/test-app.ts';

let t: TestContext;
let endpoint: string;
beforeAll(async () => {
  ({ context: t, endpoint } = await listeningTestApp());
});
afterAll(async () => {
  await t.close();
});

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
    const after = await storedTotals(t.db, org.orgId, 'claude-code');
    expect({ input: after.input, output: after.output, cacheRead: after.cacheRead, cacheCreation: after.cacheCreation }).toEqual(truth);
    expect(after.requests).toBe(turns);

    const second = await runUptake(['claude', 'backfill'], envFor(home, org));
    expect(second.code, second.stderr).toBe(0);
    expect(second.json()).toMatchObject({ sent: turns, stored: 0, duplicates: turns });
    expect(await storedTotals(t.db, org.orgId, 'claude-code')).toEqual(after);
  });

  it('counts each request once when live OTLP data for the same session arrived first', async () => {
    const org = await t.createOrg();
    for (const r of capturedRequests('claude-code', 'otlp-json', 'cc-json-tools')) {
      const res = await replay(t.app, org.ingestKey, r);
      expect(res.statusCode, res.body).toBe(200);
    }
    const live = await storedTotals(t.db, org.orgId, 'claude-code');
    const home = tempHome();
    installClaudeRun(home, 'cc-json-tools');
    const run = await runUptake(['claude', 'backfill'], envFor(home, org));
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ stored: 0, duplicates: live.requests });
    const after = await storedTotals(t.db, org.orgId, 'claude-code');
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
    expect((await storedTotals(t.db, org.orgId, 'claude-code')).events).toBe(0);
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

  it('--to leaves out later requests; a date includes its whole day', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installClaudeRun(home, 'cc-json-tools'); // every line of this run is from 2026-11-24 (UTC)
    const turns = readJson<ClaudeResult>('claude-code', 'sessions', 'cc-json-tools', 'cli-result.json').num_turns;
    const before = await runUptake(['claude', 'backfill', '--dry-run', '--to', '2026-11-23'], { HOME: home });
    expect(before.code, before.stderr).toBe(0);
    expect(before.json()).toMatchObject({ requests: 0, to: '2026-11-24T00:00:00.000Z', notBeforeTo: turns });
    const day = await runUptake(['claude', 'backfill', '--since', '2026-11-24', '--to', '2026-11-24'], envFor(home, org));
    expect(day.code, day.stderr).toBe(0);
    expect(day.json()).toMatchObject({ requests: turns, stored: turns, notBeforeTo: 0 });
    const backwards = await runUptake(['claude', 'backfill', '--since', '2026-11-25', '--to', '2026-11-24'], envFor(home, org));
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('must come after --since');
  }, 120_000);
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
    const after = await storedTotals(t.db, org.orgId, 'gemini-cli');
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
    expect(await storedTotals(t.db, org.orgId, 'gemini-cli')).toMatchObject({ requests: truth.requests, input: truth.input, output: truth.output, cacheRead: truth.cacheRead });
  });
});
