import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey } from '../../src/adapters/postgres/api-key-store.ts';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { importRoster } from '../../src/adapters/postgres/roster-store.ts';
import { parseRosterCsv } from '../../src/domain/roster/parse-roster.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function uptake(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { PUBLIC_URL: _unset, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...env, DATABASE_URL: t.url } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const KEY = /upt_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}/g;
/** The JSON blocks of the guide (printed indented by four spaces). */
const jsonBlocks = (text: string) => [...text.matchAll(/^ {4}\{$[\s\S]*?^ {4}\}$/gm)].map((m) => JSON.parse(m[0]) as Record<string, any>);
const ROSTER = 'email,name,team,department,tool,tier,seat_cost_usd,assigned_on\n';

describe('uptake admin rollout', () => {
  it('prints both tools\' settings with a new shared ingest key and nothing personal', async () => {
    const org = await t.createOrg();
    const personal = await t.createKey(org.orgId, ['ingest'], 'dev@acme.com');
    await importRoster(t.db, org.orgId, parseRosterCsv(`${ROSTER}dev@acme.com,Dev,Web,,claude-code,max_5x,,2026-01-01\n`));
    const run = await uptake('admin', 'rollout', '--org', org.orgId, '--endpoint', 'https://uptake.acme.test/');
    expect(run.code, run.stderr).toBe(0);
    const keys = new Set(run.stdout.match(KEY));
    expect(keys.size).toBe(1);
    const [shared] = [...keys];
    expect(shared).not.toBe(org.ingestKey);
    expect(await findApiKey(t.db, shared!)).toMatchObject({ orgId: org.orgId, scopes: ['ingest'], personEmail: null });
    expect(run.stdout).not.toContain(personal.slice(4, 16));
    expect(run.stdout).not.toContain('dev@acme.com');
    expect(run.stdout).not.toMatch(/user\.email=(?!you@example\.com)/);

    const [claude, gemini] = jsonBlocks(run.stdout);
    expect(claude).toEqual({
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://uptake.acme.test',
        OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${shared}`,
      },
    });
    expect(gemini).toEqual({ telemetry: { enabled: true, target: 'local', otlpProtocol: 'http', otlpEndpoint: 'https://uptake.acme.test', logPrompts: false } });
    expect(run.stdout).toContain(`export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${shared}"`);
    expect(run.stdout).toContain('/etc/claude-code/managed-settings.json');
    expect(run.stdout).toContain('/etc/gemini-cli/settings.json');
    expect(run.stdout).toMatch(/Claude account[\s\S]*user\.email/);
  }, 120_000);

  it('reuses a shared key given with --api-key, one tool at a time, and refuses a personal key', async () => {
    const org = await t.createOrg();
    const count = async () => (await t.db.selectFrom('api_keys').select('key_id').where('org_id', '=', org.orgId).execute()).length;
    const before = await count();
    const run = await uptake('admin', 'rollout', '--org', org.orgId, '--tool', 'gemini', '--endpoint', 'https://uptake.acme.test', '--api-key', org.ingestKey);
    expect(run.code, run.stderr).toBe(0);
    expect(new Set(run.stdout.match(KEY))).toEqual(new Set([org.ingestKey]));
    expect(run.stdout).toContain('== Gemini CLI ==');
    expect(run.stdout).not.toContain('== Claude Code ==');
    expect(await count()).toBe(before);

    const personal = await t.createKey(org.orgId, ['ingest'], 'dev@acme.com');
    const refused = await uptake('admin', 'rollout', '--org', org.orgId, '--endpoint', 'https://uptake.acme.test', '--api-key', personal);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('personal key');
    const other = await t.createOrg('other');
    const foreign = await uptake('admin', 'rollout', '--org', org.orgId, '--endpoint', 'https://uptake.acme.test', '--api-key', other.ingestKey);
    expect(foreign.code).toBe(2);
    const noEndpoint = await uptake('admin', 'rollout', '--org', org.orgId);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.stderr).toContain('PUBLIC_URL');
  }, 120_000);
});

describe('uptake admin coverage', () => {
  const dayMs = 86_400_000;
  const isoDaysAgo = (n: number) => new Date(Date.now() - n * dayMs).toISOString();
  async function send(key: string, email: string, tool: string, daysAgo: number) {
    const id = `${email}-${tool}-${daysAgo}`;
    const event = { id, occurredAt: isoDaysAgo(daysAgo), email, tool, kind: 'api_request', model: 'claude-sonnet-4-5', requestId: `req_${id}`, tokens: { input: 1 } };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events: [event] } });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('lists, per tool, people with an open seat and no data in the last N days', async () => {
    const org = await t.createOrg();
    const other = await t.createOrg('other');
    await importRoster(
      t.db,
      org.orgId,
      parseRosterCsv(
        `${ROSTER}ann@acme.com,Ann,Web,,claude-code,max_5x,,2026-01-01\nann@acme.com,Ann,Web,,cursor,business,,2026-01-01\n` +
          `bob@acme.com,Bob,Platform,,claude-code,pro,,2026-01-01\ncy@acme.com,Cy,,,gemini-cli,standard,,2099-01-01\n`,
      ),
    );
    await importRoster(t.db, other.orgId, parseRosterCsv(`${ROSTER}bob@acme.com,Bob,,,claude-code,pro,,2026-01-01\n`));
    await send(org.ingestKey, 'ann@acme.com', 'claude-code', 2);
    await send(org.ingestKey, 'bob@acme.com', 'claude-code', 20);
    await send(other.ingestKey, 'bob@acme.com', 'claude-code', 0); // another org's data never counts
    await rebuildAllRollups(t.db, org.orgId);
    await rebuildAllRollups(t.db, other.orgId);

    const week = await uptake('admin', 'coverage', '--org', org.orgId);
    expect(week.code, week.stderr).toBe(0);
    const out = JSON.parse(week.stdout);
    expect(out).toMatchObject({ days: 7, since: new Date(Date.now() - 6 * dayMs).toISOString().slice(0, 10) });
    expect(out.tools).toEqual({
      'claude-code': { licensed: 2, reporting: 1, silent: [{ email: 'bob@acme.com', name: 'Bob', team: 'Platform', tier: 'pro', assignedOn: '2026-01-01', lastActive: isoDaysAgo(20).slice(0, 10) }] },
      cursor: { licensed: 1, reporting: 0, silent: [{ email: 'ann@acme.com', name: 'Ann', team: 'Web', tier: 'business', assignedOn: '2026-01-01', lastActive: null }] },
    });

    const month = JSON.parse((await uptake('admin', 'coverage', '--org', org.orgId, '--days', '30', '--tool', 'claude-code')).stdout);
    expect(month.tools).toEqual({ 'claude-code': { licensed: 2, reporting: 2, silent: [] } });
    const bad = await uptake('admin', 'coverage', '--org', org.orgId, '--days', '0');
    expect(bad.code).toBe(2);
  }, 120_000);
});
