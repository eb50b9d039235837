// The events of one working session: prompts, model requests and tool calls, then lines, commits, PRs.

import {
  CLAUDE,
  CLAUDE_TOOLS,
  CURSOR_MODELS,
  EDITING_TOOLS,
  GEMINI_TOOLS,
  MODEL_PRICES,
  type SeedTool,
} from './catalog.ts';
import { WeightedTable, type Rng } from './random.ts';
import type { UsageEvent } from '../../src/domain/events/usage-event.ts';

export type SeedKind = 'user_prompt' | 'api_request' | 'tool_result' | 'lines_changed' | 'active_time' | 'commit' | 'pull_request';

/** The columns of a usage event the generator sets; the rest (person, dedup key, attributes) come at load time. */
export type SeedEvent = Pick<
  UsageEvent,
  | 'sessionId' | 'promptId' | 'requestId' | 'model' | 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheCreationTokens'
  | 'costUsd' | 'durationMs' | 'toolName' | 'success' | 'decision' | 'linesAdded' | 'linesRemoved' | 'quantity' | 'project'
> & { at: number; tool: SeedTool; kind: SeedKind };

export interface SessionSpec {
  tool: SeedTool;
  startMs: number;
  /** How far through the period the session starts, 0..1 (drives the model mix). */
  progress: number;
  project: string;
  shallow: boolean;
}

interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

const CLAUDE_TOOL_TABLE = new WeightedTable(CLAUDE_TOOLS);
const GEMINI_TOOL_TABLE = new WeightedTable(GEMINI_TOOLS);
const CURSOR_MODEL_TABLE = new WeightedTable(CURSOR_MODELS);
const HAIKU = 'claude-haiku-4-5';

function blank(at: number, spec: SessionSpec, kind: SeedKind, sessionId: string | null, promptId: string | null): SeedEvent {
  return {
    at,
    tool: spec.tool,
    kind,
    sessionId,
    promptId,
    requestId: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    costUsd: null,
    durationMs: null,
    toolName: null,
    success: null,
    decision: null,
    linesAdded: 0,
    linesRemoved: 0,
    quantity: null,
    project: sessionId === null ? null : spec.project,
  };
}

function costOf(model: string, t: Tokens): number | null {
  const price = MODEL_PRICES[model];
  if (!price) return null;
  return (t.input * price.input + t.output * price.output + t.cacheRead * price.cacheRead + t.cacheCreation * price.cacheWrite) / 1e6;
}

/** Opus gains ground over the period; Sonnet stays the default. */
function mainModel(rng: Rng, spec: SessionSpec): string {
  if (spec.tool === CLAUDE) return rng.chance(0.06 + 0.3 * spec.progress) ? 'claude-opus-4-1' : 'claude-sonnet-4-5';
  return rng.chance(0.72) ? 'gemini-2.5-pro' : 'gemini-2.5-flash';
}

/** Tokens of the `index`-th request of a session: the cached context grows as the session goes on. */
function agentTokens(rng: Rng, model: string, index: number, shallow: boolean): Tokens {
  if (model === HAIKU) return { input: rng.int(200, 2000), output: rng.int(30, 300), cacheRead: rng.int(0, 4000), cacheCreation: 0 };
  const context = shallow ? rng.int(2000, 8000) : Math.min(160_000, rng.int(12_000, 30_000) + index * rng.int(1500, 4000));
  const gemini = model.startsWith('gemini');
  return {
    input: Math.round(rng.logNormal(gemini ? 2500 : 900, 0.7)),
    output: Math.round(rng.logNormal(shallow ? 120 : 350, 0.6)),
    cacheRead: gemini ? Math.round(context * rng.between(0.3, 0.8)) : context,
    cacheCreation: gemini ? 0 : Math.round(rng.logNormal(shallow ? 600 : 2500, 0.6)),
  };
}

class SessionBuilder {
  readonly events: SeedEvent[] = [];
  at: number;
  private requests = 0;

  constructor(
    private readonly rng: Rng,
    private readonly spec: SessionSpec,
    private readonly sessionId: string,
    private readonly model: string,
  ) {
    this.at = spec.startMs;
  }

  wait(minMs: number, maxMs: number): void {
    this.at += Math.round(this.rng.between(minMs, maxMs));
  }

  push(kind: SeedKind, promptId: string | null): SeedEvent {
    const event = blank(this.at, this.spec, kind, this.sessionId, promptId);
    this.events.push(event);
    return event;
  }

  request(promptId: string): void {
    const rng = this.rng;
    const model = this.spec.tool === CLAUDE && rng.chance(0.18) ? HAIKU : this.model;
    const tokens = agentTokens(rng, model, this.requests++, this.spec.shallow);
    const durationMs = Math.round(rng.logNormal(model === HAIKU ? 1200 : 6000, 0.6));
    this.at += durationMs;
    const e = this.push('api_request', promptId);
    e.model = model;
    e.requestId = this.spec.tool === CLAUDE ? `req_011C${rng.hex(20)}` : null;
    e.inputTokens = tokens.input;
    e.outputTokens = tokens.output;
    e.cacheReadTokens = tokens.cacheRead;
    e.cacheCreationTokens = tokens.cacheCreation;
    e.costUsd = this.spec.tool === CLAUDE ? costOf(model, tokens) : null;
    e.durationMs = durationMs;
  }

  toolCall(promptId: string): void {
    const rng = this.rng;
    const toolName = (this.spec.tool === CLAUDE ? CLAUDE_TOOL_TABLE : GEMINI_TOOL_TABLE).pick(rng);
    const durationMs = Math.round(rng.logNormal(toolName === 'Bash' || toolName === 'run_shell_command' ? 2500 : 150, 1));
    this.at += durationMs;
    const e = this.push('tool_result', promptId);
    e.toolName = toolName;
    e.durationMs = durationMs;
    e.success = rng.chance(0.93);
    e.decision = 'accept';
    if (EDITING_TOOLS.has(toolName) && e.success && rng.chance(0.6)) this.linesChanged();
  }

  linesChanged(): void {
    const rng = this.rng;
    this.wait(5, 50);
    const e = this.push('lines_changed', null);
    e.linesAdded = Math.max(1, Math.round(rng.logNormal(22, 1)));
    e.linesRemoved = Math.round(e.linesAdded * rng.between(0, 0.7));
  }

  prompt(): void {
    const rng = this.rng;
    const promptId = rng.uuid();
    this.push('user_prompt', promptId);
    this.wait(800, 3000);
    const requests = this.spec.shallow ? 1 : 1 + Math.min(24, rng.geometric(4));
    for (let r = 0; r < requests; r++) {
      this.request(promptId);
      if (r === requests - 1) break;
      const calls = rng.chance(0.7) ? 1 : rng.chance(0.67) ? 2 : 3;
      for (let c = 0; c < calls; c++) this.toolCall(promptId);
      this.wait(50, 600);
    }
  }

  finish(): void {
    const rng = this.rng;
    this.wait(1000, 10_000);
    const e = this.push('active_time', null);
    e.quantity = Math.max(1, Math.round(((this.at - this.spec.startMs) / 1000) * rng.between(0.35, 0.8)));
    if (!this.spec.shallow && rng.chance(0.35)) {
      this.wait(20_000, 180_000);
      this.push('commit', null).quantity = 1;
      if (rng.chance(0.3)) {
        this.wait(30_000, 300_000);
        this.push('pull_request', null).quantity = 1;
      }
    }
  }
}

/** A Claude Code or Gemini CLI session. */
export function agentSession(rng: Rng, spec: SessionSpec): SeedEvent[] {
  const session = new SessionBuilder(rng, spec, rng.uuid(), mainModel(rng, spec));
  const prompts = spec.shallow ? 1 + (rng.chance(0.3) ? 1 : 0) : 1 + Math.min(14, rng.geometric(3));
  for (let p = 0; p < prompts; p++) {
    if (p > 0) session.wait(20_000, 300_000);
    session.prompt();
  }
  session.finish();
  return session.events;
}

/** A burst of Cursor model requests: Cursor reports usage without session, prompt or project. */
export function cursorBurst(rng: Rng, spec: SessionSpec): SeedEvent[] {
  const events: SeedEvent[] = [];
  const count = spec.shallow ? rng.int(1, 3) : rng.int(3, 30);
  let at = spec.startMs;
  for (let i = 0; i < count; i++) {
    at += Math.round(rng.logNormal(60_000, 0.8));
    const model = CURSOR_MODEL_TABLE.pick(rng);
    const tokens = {
      input: Math.round(rng.logNormal(4000, 0.7)),
      output: Math.round(rng.logNormal(500, 0.7)),
      cacheRead: spec.shallow ? rng.int(0, 5000) : rng.int(8000, 90_000),
      cacheCreation: 0,
    };
    const e = blank(at, spec, 'api_request', null, null);
    e.model = model;
    e.inputTokens = tokens.input;
    e.outputTokens = tokens.output;
    e.cacheReadTokens = tokens.cacheRead;
    e.costUsd = costOf(model, tokens);
    e.durationMs = Math.round(rng.logNormal(5000, 0.6));
    events.push(e);
  }
  return events;
}
