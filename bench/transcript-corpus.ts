import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Rng } from './seed/random.ts';

/** What the generator wrote, computed as it wrote it: the ground truth the benchmark checks both tools against. */
export interface CorpusTruth {
  files: number;
  sessions: number;
  requests: number;
  bytes: number;
  input: number;
  /** the final (largest) output_tokens of every request */
  output: number;
  /** the output_tokens of the first line of every request (what a keep-the-first dedup counts) */
  firstLineOutput: number;
  cacheRead: number;
  cacheCreation: number;
}

/** Deterministic pseudo-random numbers in [0, 1) from a seed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

const WORDS = 'the function returns a promise that resolves when every file under the project root has been parsed and its tokens counted'.split(' ');
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001'];
const hex = (rand: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const id = (rand: () => number, n: number) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rand() * 62)]).join('');
function text(rand: () => number, bytes: number): string {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    out.push(w);
    size += w.length + 1;
  }
  return out.join(' ');
}

/**
 * Writes Claude Code transcripts like real ones (about 65 KB per model request: prompt snapshots and request
 * blobs dwarf the usage lines) under `<home>/.claude/projects/<project>/<session>.jsonl`, with sub-agent files,
 * until `targetBytes` is reached. Each request is streamed as 1 to 3 lines sharing message.id and requestId;
 * early lines carry a partial output_tokens.
 */
export async function writeCorpus(home: string, targetBytes: number, seed = 42): Promise<CorpusTruth> {
  const rand = random(seed);
  const truth: CorpusTruth = { files: 0, sessions: 0, requests: 0, bytes: 0, input: 0, output: 0, firstLineOutput: 0, cacheRead: 0, cacheCreation: 0 };
  const projects = Array.from({ length: 24 }, (_, i) => `-home-dev-src-project-${i}`);
  let clock = Date.UTC(2026, 8, 1);
  while (truth.bytes < targetBytes) {
    const project = projects[truth.sessions % projects.length]!;
    const sessionId = `${hex(rand, 8)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`;
    const dir = path.join(home, '.claude', 'projects', project);
    mkdirSync(dir, { recursive: true });
    const files: Array<{ file: string; sidechain: boolean }> = [{ file: path.join(dir, `${sessionId}.jsonl`), sidechain: false }];
    if (truth.sessions % 4 === 0) {
      mkdirSync(path.join(dir, sessionId, 'subagents'), { recursive: true });
      files.push({ file: path.join(dir, sessionId, 'subagents', `agent-${hex(rand, 8)}.jsonl`), sidechain: true });
    }
    truth.sessions++;
    for (const { file, sidechain } of files) {
      const out = createWriteStream(file);
      truth.files++;
      const requests = sidechain ? 8 : 32;
      const model = MODELS[Math.floor(rand() * MODELS.length)]!;
      const cwd = `/home/dev/src/${project.split('-').pop()}`;
      for (let r = 0; r < requests; r++) {
        clock += Math.floor(rand() * 120_000) + 1000;
        const common = { sessionId, cwd, version: '2.1.331', gitBranch: 'main', userType: 'external', isSidechain: sidechain };
        const lines: string[] = [];
        lines.push(JSON.stringify({ type: 'user', ...common, uuid: hex(rand, 32), timestamp: new Date(clock).toISOString(), message: { role: 'user', content: text(rand, 1500) } }));
        lines.push(JSON.stringify({ type: 'api-request-blob', ...common, timestamp: new Date(clock).toISOString(), blob: text(rand, 55_000) }));
        const usage = {
          input: Math.floor(rand() * 3000) + 1,
          cacheRead: Math.floor(rand() * 40_000),
          cacheCreation: Math.floor(rand() * 5000),
          output: Math.floor(rand() * 800) + 10,
        };
        const messageId = `msg_01${id(rand, 22)}`;
        const requestId = `req_011C${id(rand, 20)}`;
        const blocks = 1 + Math.floor(rand() * 3);
        for (let b = 0; b < blocks; b++) {
          const last = b === blocks - 1;
          const output = last ? usage.output : Math.max(1, Math.floor((usage.output * (b + 1)) / (blocks + 1)));
          if (b === 0) truth.firstLineOutput += output;
          lines.push(
            JSON.stringify({
              parentUuid: hex(rand, 32),
              ...common,
              message: {
                id: messageId,
                type: 'message',
                role: 'assistant',
                model,
                content: [{ type: b === 0 && blocks > 1 ? 'thinking' : 'text', text: text(rand, 700) }],
                stop_reason: last ? 'end_turn' : null,
                usage: {
                  input_tokens: usage.input,
                  cache_creation_input_tokens: usage.cacheCreation,
                  cache_read_input_tokens: usage.cacheRead,
                  output_tokens: output,
                  service_tier: 'standard',
                  cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: usage.cacheCreation },
                  speed: 'standard',
                },
              },
              requestId,
              type: 'assistant',
              uuid: hex(rand, 32),
              timestamp: new Date(clock + 500 * (b + 1)).toISOString(),
            }),
          );
        }
        truth.requests++;
        truth.input += usage.input;
        truth.output += usage.output;
        truth.cacheRead += usage.cacheRead;
        truth.cacheCreation += usage.cacheCreation;
        const chunk = `${lines.join('\n')}\n`;
        truth.bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    }
  }
  return truth;
}
