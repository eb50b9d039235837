import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { FIXTURES } from './fixtures.ts';
import { createTestApp, type TestContext } from './test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/uptake.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Runs `node bin/uptake.js ...` as a subprocess (asynchronously, so a server in this process keeps answering). */
export function runUptake(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
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
export async function listeningTestApp(): Promise<{ context: TestContext; endpoint: string }> {
  const context = await createTestApp();
  await context.app.listen({ port: 0, host: '127.0.0.1' });
  return { context, endpoint: `http://127.0.0.1:${(context.app.server.address() as AddressInfo).port}` };
}
