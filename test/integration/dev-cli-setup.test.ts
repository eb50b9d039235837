import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllRollups } from '../../src/adapters/postgres/rollup-store.ts';
import { importRoster } from '../../src/adapters/postgres/roster-store.ts';
import { parseRosterCsv } from '../../src/domain/roster/parse-roster.ts';
import { listeningTestApp, runUptake, tempHome } from '../support/dev-cli.ts';
import type { TestContext } from '../support/test-app.ts';

let t: TestContext;
let endpoint: string;
beforeAll(async () => {
  ({ context: t, endpoint } = await listeningTestApp());
});
afterAll(async () => {
  await t.close();
});

const mode = (file: string) => statSync(file).mode & 0o777;

describe('uptake claude setup', () => {
  it('writes private files and adds the profile line once', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    const env = { HOME: home, SHELL: '/bin/zsh' };
    writeFileSync(path.join(home, '.zshrc'), 'export EDITOR=vim');
    const args = ['claude', 'setup', '--api-key', org.ingestKey, '--email', 'Dev@Acme.com', '--tier', 'max_5x', '--endpoint', endpoint, '--organization', 'acme', '--product', 'web'];
    for (let i = 0; i < 2; i++) {
      const run = await runUptake(args, env);
      expect(run.code, run.stderr).toBe(0);
    }
    const envFile = path.join(home, '.claude', 'uptake.env');
    const config = path.join(home, '.config', 'uptake', 'config.json');
    expect(mode(envFile)).toBe(0o600);
    expect(mode(config)).toBe(0o600);
    const text = readFileSync(envFile, 'utf8');
    expect(text).toContain('CLAUDE_CODE_ENABLE_TELEMETRY="1"');
    expect(text).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT="${endpoint}"`);
    expect(text).toContain(`OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${org.ingestKey}"`);
    expect(text).toContain('OTEL_RESOURCE_ATTRIBUTES="user.email=dev%40acme.com,tier=max_5x,organization.name=acme,product.name=web"');
    const profile = readFileSync(path.join(home, '.zshrc'), 'utf8');
    expect(profile.startsWith('export EDITOR=vim\n')).toBe(true);
    expect(profile.split('\n').filter((l) => l.includes(envFile))).toHaveLength(1);
    expect(readFileSync(path.join(home, '.zshrc.uptake-backup'), 'utf8')).toBe('export EDITOR=vim');
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ endpoint, apiKey: org.ingestKey, email: 'dev@acme.com', tiers: { 'claude-code': 'max_5x' } });
  });

  it('rejects a bad key, email or tier with a clear message', async () => {
    const home = tempHome();
    const base = ['claude', 'setup', '--endpoint', 'http://localhost:4318', '--skip-shell-update'];
    const badKey = await runUptake([...base, '--api-key', 'sk-123', '--email', 'a@b.co', '--tier', 'pro'], { HOME: home });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('upt_');
    const key = `upt_${'a'.repeat(12)}_${'b'.repeat(32)}`;
    const badEmail = await runUptake([...base, '--api-key', key, '--email', 'nobody', '--tier', 'pro'], { HOME: home });
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('--email');
    const badTier = await runUptake([...base, '--api-key', key, '--email', 'a@b.co', '--tier', 'gold'], { HOME: home });
    expect(badTier.code).toBe(2);
    expect(badTier.stderr).toContain('max_20x');
  });
});

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('uptake claude setup: the seed\'s contract', () => {
  it('takes the short flags, and its org-wide snippet carries neither the key nor the email', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    const run = await runUptake(['claude', 'setup', '-k', org.ingestKey, '-e', 'dev@acme.com', '-t', 'pro', '-o', 'acme', '-p', 'web', '--endpoint', endpoint, '--skip-shell-update'], { HOME: home });
    expect(run.code, run.stderr).toBe(0);
    const config = JSON.parse(readFileSync(path.join(home, '.config', 'uptake', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ apiKey: org.ingestKey, email: 'dev@acme.com', organization: 'acme', product: 'web', tiers: { 'claude-code': 'pro' } });
    expect(run.stdout).toContain('The server accepted the key');
    expect(run.stdout).toContain('"OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer <shared ingest key>"');
    expect(run.stdout).not.toContain(org.ingestKey.slice(4, 16));
    expect(run.stdout).not.toContain('dev@acme.com');
    expect(run.stdout).not.toContain('user.email=');
  }, 120_000);

  it('takes the tier from the roster for a personal key, and asks for it with a shared key', async () => {
    const org = await t.createOrg();
    await importRoster(t.db, org.orgId, parseRosterCsv('email,name,team,department,tool,tier,seat_cost_usd,assigned_on\nann@acme.com,Ann,Web,,claude-code,max_20x,,2026-01-05\n'));
    const personal = await t.createKey(org.orgId, ['ingest'], 'ann@acme.com');
    const home = tempHome();
    const run = await runUptake(['claude', 'setup', '-k', personal, '-e', 'ann@acme.com', '--endpoint', endpoint, '--skip-shell-update'], { HOME: home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Seat from the roster: max_20x');
    expect(readFileSync(path.join(home, '.claude', 'uptake.env'), 'utf8')).toContain('user.email=ann%40acme.com,tier=max_20x');

    const shared = tempHome();
    const refused = await runUptake(['claude', 'setup', '-k', org.ingestKey, '-e', 'ann@acme.com', '--endpoint', endpoint, '--skip-shell-update'], { HOME: shared });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--tier is required');
    expect(existsSync(path.join(shared, '.config', 'uptake', 'config.json'))).toBe(false);
  }, 120_000);

  it('writes nothing when the server cannot be reached or refuses the key, and says which', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const down = await runUptake(['gemini', 'setup', '-k', org.ingestKey, '-e', 'dev@acme.com', '--endpoint', unreachable], { HOME: home });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Could not reach the Uptake server at ${unreachable}`);
    expect(down.stderr).toContain('Nothing was written');
    const unknownKey = `upt_${'a'.repeat(12)}_${'b'.repeat(32)}`;
    const refused = await runUptake(['gemini', 'setup', '-k', unknownKey, '-e', 'dev@acme.com', '--endpoint', endpoint], { HOME: home });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the key');
    expect(readdirSync(home)).toEqual([]);

    const unchecked = await runUptake(['gemini', 'setup', '-k', org.ingestKey, '-e', 'dev@acme.com', '--endpoint', unreachable, '--skip-check', '--skip-shell-update'], { HOME: home });
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stdout).toContain('Key not checked');
  }, 120_000);
});

describe('uptake gemini setup', () => {
  it('merges the telemetry block into settings.json, keeping what is there', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    mkdirSync(path.join(home, '.gemini'));
    const settingsFile = path.join(home, '.gemini', 'settings.json');
    const existing = { security: { auth: { selectedType: 'gemini-api-key' } }, telemetry: { traces: true } };
    writeFileSync(settingsFile, JSON.stringify(existing));
    const run = await runUptake(['gemini', 'setup', '--api-key', org.ingestKey, '--email', 'dev@acme.com', '--tier', 'standard', '--endpoint', endpoint], { HOME: home, SHELL: '/bin/bash' });
    expect(run.code, run.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(settingsFile, 'utf8'));
    expect(merged).toEqual({
      security: { auth: { selectedType: 'gemini-api-key' } },
      telemetry: { traces: true, enabled: true, target: 'local', otlpProtocol: 'http', otlpEndpoint: endpoint, logPrompts: false },
    });
    expect(mode(settingsFile)).toBe(0o600);
    expect(mode(path.join(home, '.gemini', 'uptake.env'))).toBe(0o600);
    expect(readFileSync(path.join(home, '.bashrc'), 'utf8')).toContain('.gemini/uptake.env');
  });
});

describe('uptake claude status and test', () => {
  it('reports the key, sends a test event that is stored but never counted as usage', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    const env = { HOME: home, UPTAKE_ENDPOINT: endpoint, UPTAKE_API_KEY: org.ingestKey, UPTAKE_EMAIL: 'dev@acme.com' };
    const test = await runUptake(['claude', 'test'], env);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.json()).toMatchObject({ ok: true });
    const kinds = await t.db.selectFrom('events').select(['kind', 'person_email']).where('org_id', '=', org.orgId).execute();
    expect(kinds).toEqual([{ kind: 'connection_test', person_email: 'dev@acme.com' }]);
    const day = 86_400_000;
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/summary?from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`,
      headers: { authorization: `Bearer ${org.readKey}` },
    });
    expect(summary.json()).toMatchObject({ events: 0, requests: 0, people: 0, sessions: 0 });
    await rebuildAllRollups(t.db, org.orgId);
    const rollupRows = await sql`SELECT day FROM rollup_daily WHERE org_id = ${org.orgId}`.execute(t.db);
    expect(rollupRows.rows).toEqual([]);

    const status = await runUptake(['claude', 'status'], env);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    const s = status.json();
    expect(s.configuration.apiKey).not.toContain(org.ingestKey.slice(-32));
    // a shared key: the org's last arrival only, and how to get a personal key
    expect(s).toMatchObject({ endpoint: { reachable: true }, key: { valid: true, orgId: org.orgId }, lastArrivedFromThisMachine: null, lastArrivedInOrg: { tool: 'claude-code', receivedAt: null } });
    expect(s.note).toMatch(/personal key/);

    const personalKey = await t.createKey(org.orgId, ['ingest'], 'dev@acme.com');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${personalKey}` },
      payload: { events: [{ id: 'real-1', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), tool: 'claude-code', kind: 'user_prompt' }] },
    });
    const personal = await runUptake(['claude', 'status'], { ...env, UPTAKE_API_KEY: personalKey });
    expect(personal.code, personal.stdout + personal.stderr).toBe(0);
    expect(personal.json()).toMatchObject({ key: { valid: true, email: 'dev@acme.com' }, lastArrivedFromThisMachine: { email: 'dev@acme.com', tool: 'claude-code' } });
    expect(personal.json().lastArrivedFromThisMachine.receivedAt).not.toBeNull();

    const badKey = await runUptake(['claude', 'status'], { ...env, UPTAKE_API_KEY: `upt_${'a'.repeat(12)}_${'b'.repeat(32)}` });
    expect(badKey.code).toBe(1);
    expect(badKey.json().key.valid).toBe(false);
  });

  it('without settings, says how to configure', async () => {
    const run = await runUptake(['claude', 'status'], { HOME: tempHome() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('uptake claude setup');
  });
});
