import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../src/adapters/postgres/database.ts';
import type { Tokens } from './backfill-truth.ts';
import { FIXTURES } from './fixtures.ts';
import type { AppSettings } from '../../src/main/create-app.ts';
import { createTestApp, type TestContext } from './test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Runs a program as a subprocess (asynchronously, so a server in this process keeps answering). */
export function runProgram(file: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
}

/** Runs `node bin/uptake.js ...` (the server's own copy of the CLI). */
export function runUptake(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runProgram(process.execPath, [BIN, ...args], env);
}

export function tempHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'uptake-home-'));
}

/** Copies a Claude Code run's transcript folder to `<home>/.claude/projects/`, as Claude Code lays it out. */
export function installClaudeRun(home: string, run: string): void {
  const dir = path.join(FIXTURES, 'claude-code', 'sessions', run);
  mkdirSync(path.join(home, '.claude', 'projects'), { recursive: true });
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) cpSync(path.join(dir, entry.name), path.join(home, '.claude', 'projects', entry.name), { recursive: true });
  }
}

/** Copies a Gemini CLI run's `.gemini` folder (settings, chats) into `<home>`. */
export function installGeminiRun(home: string, run: string): void {
  cpSync(path.join(FIXTURES, 'gemini-cli', 'sessions', run, '.gemini'), path.join(home, '.gemini'), { recursive: true });
}

/** The real app on an ephemeral port, for the CLI subprocess to talk to. */
export async function listeningTestApp(overrides: Partial<AppSettings> = {}): Promise<{ context: TestContext; endpoint: string }> {
  const context = await createTestApp(overrides);
  await context.app.listen({ port: 0, host: '127.0.0.1' });
  return { context, endpoint: `http://127.0.0.1:${(context.app.server.address() as AddressInfo).port}` };
}

/** What the events table holds for the org's `api_request` events of one tool. */
export async function storedTotals(db: Db, orgId: string, tool: string): Promise<Tokens & { requests: number; events: number }> {
  const row = await db
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
