import { readJson } from './fixtures.ts';

/** What backfill must store, computed from the clients' own results, never from Uptake's parsers. */

export interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}
export interface ClaudeResult {
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
  num_turns: number;
}
interface GeminiResult {
  stats: { models: Record<string, { api: { totalRequests: number }; tokens: { prompt: number; candidates: number; cached: number; thoughts: number; tool: number } }> };
}

/** Ground truth from the client's own `--output-format json` result. */
export function claudeTruth(run: string): Tokens {
  const u = readJson<ClaudeResult>('claude-code', 'sessions', run, 'cli-result.json').usage;
  return { input: u.input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheCreation: u.cache_creation_input_tokens };
}
/** Gemini's prompt count includes cached tokens; thoughts bill as output (README: How tokens are counted). */
export function geminiTruth(run: string): Tokens & { requests: number } {
  const out = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, requests: 0 };
  for (const m of Object.values(readJson<GeminiResult>('gemini-cli', 'sessions', run, 'cli-result.json').stats.models)) {
    out.input += m.tokens.prompt - m.tokens.cached + m.tokens.tool;
    out.output += m.tokens.candidates + m.tokens.thoughts;
    out.cacheRead += m.tokens.cached;
    out.requests += m.api.totalRequests;
  }
  return out;
}
export function sum(a: Tokens, b: Tokens): Tokens {
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheCreation: a.cacheCreation + b.cacheCreation };
}
