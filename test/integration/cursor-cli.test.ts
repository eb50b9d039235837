import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createCursorQueue, type CursorSyncQueue } from '../../src/adapters/queue/cursor-queue.ts';
import { createRollupQueue, type RollupQueue } from '../../src/adapters/queue/rollup-queue.ts';
import type { RunningWorkers } from '../../src/adapters/queue/workers.ts';
import { createLogger } from '../../src/http/log-redaction.ts';
import { startBackgroundWorkers } from '../../src/main/background.ts';
import { buildContainer } from '../../src/main/container.ts';
import { CursorDataset } from '../support/cursor-dataset.ts';
import { CursorDouble } from '../support/cursor-double.ts';
import { groundTruth, TEST_CURSOR_KEY, TEST_ENCRYPTION_KEY } from '../support/cursor-harness.ts';
import { runUptake, tempHome } from '../support/dev-cli.ts';
import { createTestApp, type TestContext, type TestOrg } from '../support/test-app.ts';

// ten days that ended two days ago: settled by now, and inside the first sync's 30 days
const firstDay = new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10);
const dataset = new CursorDataset({ members: 5, days: 10, firstDay, eventsPerDay: 20, seed: 3 });
const truth = groundTruth(dataset);
const prefix = `uptake-cursor-cli-${randomBytes(4).toString('hex')}`;

let ctx: TestContext;
let double: CursorDouble;
let queue: CursorSyncQueue;
let rollups: RollupQueue;
let workers: RunningWorkers;
let endpoint: string;
let org: TestOrg;

beforeAll(async () => {
  double = new CursorDouble({ apiKey: TEST_CURSOR_KEY, dataset, windowMs: 400 });
  await double.start();
  queue = createCursorQueue(inject('redisUrl'), { prefix });
  const cursor = { encryptionKey: TEST_ENCRYPTION_KEY, apiUrl: double.url, windowMs: 400 };
  ctx = await createTestApp({ cursor, cursorQueue: queue });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  endpoint = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  rollups = createRollupQueue(inject('redisUrl'), { debounceMs: 0, prefix });
  workers = await startBackgroundWorkers(buildContainer({ db: ctx.db, log: createLogger('silent'), cursor }), inject('redisUrl'), rollups, { prefix, log: () => {}, cursorQueue: queue });
  org = await ctx.createOrg('cursor-cli');
});

afterAll(async () => {
  await workers?.close();
  await rollups?.close();
  await queue?.close();
  await double?.stop();
  await ctx?.close();
});

describe('uptake cursor', () => {
  it('setup checks and stores the key on the server (never in the settings file); test, sync, status and reset work', async () => {
    const home = tempHome();
    const env = { HOME: home };
    const admin = ['--api-key', org.adminKey, '--endpoint', endpoint];
    const bad = await runUptake(['cursor', 'setup', '-k', 'key_wrong', ...admin], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the admin key/);
    const setup = await runUptake(['cursor', 'setup', '-k', TEST_CURSOR_KEY, '-e', 'lead@acme.com', '-o', 'acme', '-p', 'web', '--subscription-tier', 'pro', '--sync-interval', '120', ...admin], env);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.json()).toMatchObject({ connected: true, tier: 'pro', syncIntervalMinutes: 120 });
    const saved = readFileSync(path.join(home, '.config', 'uptake', 'config.json'), 'utf8');
    expect(saved).not.toContain(TEST_CURSOR_KEY);
    expect(saved).not.toContain(org.adminKey);
    expect(JSON.parse(saved)).toMatchObject({ endpoint, email: 'lead@acme.com', organization: 'acme', product: 'web' });

    const test = await runUptake(['cursor', 'test', ...admin], env);
    expect(test.code, test.stderr).toBe(0);

    const sync = await runUptake(['cursor', 'sync', ...admin], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.json().endpoints['filtered-usage-events'].rows).toBe(truth.events);
    expect(sync.json().endpoints['daily-usage-data'].rows).toBe(truth.activeDays.size);

    const status = await runUptake(['cursor', 'status', ...admin], env);
    expect(status.code).toBe(0);
    expect(status.json()).toMatchObject({ connected: true, tier: 'pro', syncIntervalMinutes: 120, lastError: null });

    expect((await runUptake(['cursor', 'reset', ...admin], env)).code).toBe(0);
    const backfill = await runUptake(['cursor', 'backfill', '--since', '20d', '--batch-size', '7', ...admin], env);
    expect(backfill.code, backfill.stderr).toBe(0);
    // the backfill re-read everything and stored nothing new
    const rows = await ctx.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(truth.events + truth.activeDays.size);
  }, 90_000);

  it('sync --watch prints the current state at once and keeps running', async () => {
    const child = spawn(process.execPath, ['bin/uptake.js', 'cursor', 'sync', '--watch', '--api-key', org.adminKey, '--endpoint', endpoint], { env: { PATH: process.env.PATH ?? '', HOME: tempHome() } });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    expect(child.exitCode).toBeNull();
    child.kill();
    const state = JSON.parse(line) as { finishedAt: string | null; endpoints: Record<string, { rows: number }> };
    expect(state.finishedAt).not.toBeNull();
    expect(Object.keys(state.endpoints).sort()).toEqual(['daily-usage-data', 'filtered-usage-events', 'members']);
  }, 60_000);

  it('rejects bad flags with exit code 2 and has --help on each command', async () => {
    const env = { HOME: tempHome() };
    expect((await runUptake(['cursor', 'setup', '--api-key', org.adminKey, '--endpoint', endpoint], env)).code).toBe(2);
    expect((await runUptake(['cursor', 'setup', '-k', 'x', '--sync-interval', '5', '--api-key', org.adminKey, '--endpoint', endpoint], env)).code).toBe(2);
    expect((await runUptake(['cursor', 'backfill', '--batch-size', '101', '--api-key', org.adminKey, '--endpoint', endpoint], env)).code).toBe(2);
    for (const command of ['setup', 'status', 'test', 'sync', 'reset', 'backfill']) {
      const help = await runUptake(['cursor', command, '--help'], env);
      expect(help.stdout).toContain(`uptake cursor ${command}`);
    }
  }, 60_000);
});
