import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliTarball } from '../../src/main/cli-package.ts';
import { claudeTruth, geminiTruth, sum, type ClaudeResult } from '../support/backfill-truth.ts';
import { installClaudeRun, installGeminiRun, listeningTestApp, runProgram, storedTotals, tempHome, type CliRun } from '../support/dev-cli.ts';
import { readJson } from '../support/fixtures.ts';
import type { TestContext } from '../support/test-app.ts';

/**
 * The developer CLI as its own package: built by `npm run build:cli`, served by the server, installed where only
 * Node and npm exist. npm gets a registry nobody listens on and an empty cache, so an install that needed anything
 * besides the tarball would fail.
 */
const work = mkdtempSync(path.join(tmpdir(), 'uptake-cli-package-'));
const NO_REGISTRY = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: path.join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
const prefix = path.join(work, 'prefix');
const installed = path.join(prefix, 'node_modules', '.bin', 'uptake');

let t: TestContext;
let endpoint: string;
let tarball: string;
beforeAll(async () => {
  tarball = await buildCliTarball(path.join(work, 'uptake-cli.tgz'));
  ({ context: t, endpoint } = await listeningTestApp({ cliTarball: tarball }));
  const install = await runProgram('npm', ['install', '--offline', '--prefix', prefix, tarball], { ...NO_REGISTRY, HOME: work });
  expect(install.code, install.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await t.close();
  rmSync(work, { recursive: true, force: true });
});

const uptake = (args: string[], env: Record<string, string>): Promise<CliRun> => runProgram(installed, args, env);

/** Every module specifier the package's JavaScript imports. */
function importsOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!));
}

describe('the uptake-cli package', () => {
  it('installs offline into an empty prefix with no dependencies, imports only Node and itself, and runs --help', async () => {
    const pkgDir = path.join(prefix, 'node_modules', 'uptake-cli');
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    const server = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(manifest).toMatchObject({ name: 'uptake-cli', version: server.version, bin: { uptake: 'bin/uptake.js' } });
    expect(manifest.dependencies).toBeUndefined();
    expect(readdirSync(path.join(prefix, 'node_modules')).filter((f) => !f.startsWith('.'))).toEqual(['uptake-cli']);
    const external = importsOf(pkgDir).filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
    expect(external).toEqual([]);

    const help = await uptake(['--help'], { HOME: work });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('uptake claude setup');
    expect(help.stdout).toContain('uptake gemini setup');
    const admin = await uptake(['admin', 'org', 'create'], { HOME: work });
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain('run where the Uptake server is installed');
  });

  it('claude setup and backfill from the installed copy store the exact totals of Claude Code\'s own results', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installClaudeRun(home, 'cc-json-hi');
    installClaudeRun(home, 'cc-json-tools');
    const setup = await uptake(['claude', 'setup', '--endpoint', endpoint, '-k', org.ingestKey, '-e', 'dev@acme.com', '-t', 'max_5x', '--skip-shell-update'], { HOME: home });
    expect(setup.code, setup.stderr).toBe(0);
    const backfill = await uptake(['claude', 'backfill'], { HOME: home });
    expect(backfill.code, backfill.stderr).toBe(0);

    const turns = ['cc-json-hi', 'cc-json-tools'].reduce((n, run) => n + readJson<ClaudeResult>('claude-code', 'sessions', run, 'cli-result.json').num_turns, 0);
    const truth = sum(claudeTruth('cc-json-hi'), claudeTruth('cc-json-tools'));
    const after = await storedTotals(t.db, org.orgId, 'claude-code');
    expect({ input: after.input, output: after.output, cacheRead: after.cacheRead, cacheCreation: after.cacheCreation }).toEqual(truth);
    expect(after.requests).toBe(turns);
    const people = await t.db.selectFrom('events').select('person_email').distinct().where('org_id', '=', org.orgId).execute();
    expect(people).toEqual([{ person_email: 'dev@acme.com' }]);
  }, 120_000);

  it('runs the seed\'s exact `uptake gemini setup --api-key K --email E --endpoint URL`, then backfills Gemini\'s totals', async () => {
    const org = await t.createOrg();
    const home = tempHome();
    installGeminiRun(home, 'gem-hi');
    const setup = await uptake(['gemini', 'setup', '--api-key', org.ingestKey, '--email', 'dev@acme.com', '--endpoint', endpoint], { HOME: home, SHELL: '/bin/bash' });
    expect(setup.code, setup.stderr).toBe(0);
    const settings = JSON.parse(readFileSync(path.join(home, '.gemini', 'settings.json'), 'utf8'));
    expect(settings.telemetry).toMatchObject({ enabled: true, otlpProtocol: 'http', otlpEndpoint: endpoint });
    const envFile = readFileSync(path.join(home, '.gemini', 'uptake.env'), 'utf8');
    expect(envFile).toContain('OTEL_RESOURCE_ATTRIBUTES="user.email=dev%40acme.com"');

    const backfill = await uptake(['gemini', 'backfill'], { HOME: home });
    expect(backfill.code, backfill.stderr).toBe(0);
    const truth = geminiTruth('gem-hi');
    expect(await storedTotals(t.db, org.orgId, 'gemini-cli')).toMatchObject({ requests: truth.requests, input: truth.input, output: truth.output, cacheRead: truth.cacheRead, cacheCreation: 0 });
  }, 120_000);

  it('installs globally from the server\'s URL, and runs with npx of it, with no registry', async () => {
    const global = path.join(work, 'global');
    const install = await runProgram('npm', ['install', '-g', '--prefix', global, `${endpoint}/cli/uptake-cli.tgz`], { ...NO_REGISTRY, HOME: work });
    expect(install.code, install.stderr).toBe(0);
    const help = await runProgram(path.join(global, 'bin', 'uptake'), ['claude', '--help'], { HOME: work });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('uptake claude backfill');
    const npx = await runProgram('npx', ['--yes', `${endpoint}/cli/uptake-cli.tgz`, 'gemini', '--help'], { ...NO_REGISTRY, npm_config_cache: path.join(work, 'npx-cache'), HOME: work });
    expect(npx.code, npx.stderr).toBe(0);
    expect(npx.stdout).toContain('uptake gemini setup');
  }, 120_000);

  it('GET /install shows the commands with this server\'s URL', async () => {
    const res = await fetch(`${endpoint}/install`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const page = await res.text();
    expect(page).toContain(`npm install -g ${endpoint}/cli/uptake-cli.tgz`);
    expect(page).toContain(`npx ${endpoint}/cli/uptake-cli.tgz claude setup`);
    expect(page).toContain(`uptake gemini setup --endpoint ${endpoint} `);
    expect(existsSync(tarball)).toBe(true);
  });
});
