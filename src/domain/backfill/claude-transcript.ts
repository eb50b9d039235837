import { countSkip, type SkipCounts, type SkipReason } from './skip-reasons.ts';
import { tokenCount, totalTokens } from './tokens.ts';
import type { UsageRequest } from './usage-request.ts';

/**
 * Cheap pre-filter: only `assistant` lines carrying `usage` can be model requests, so a line without this
 * marker is never parsed. Claude Code writes compact JSON (`"usage":{`); the marker leaves out the colon so
 * hand-written or pretty-printed JSON still passes.
 */
export const CLAUDE_USAGE_MARKER = '"usage"';

export type ClaudeLineOutcome = { kind: 'usage'; request: UsageRequest } | { kind: 'ignored' } | { kind: 'skipped'; reason: SkipReason };

const SYNTHETIC_MODEL = '<synthetic>';

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function projectFromCwd(cwd: string | null): string | null {
  if (!cwd) return null;
  const parts = cwd.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? null;
}

/** Parses one transcript line (already known to contain the marker). */
export function parseClaudeLine(line: string): ClaudeLineOutcome {
  let record: any;
  try {
    record = JSON.parse(line);
  } catch {
    return { kind: 'skipped', reason: 'corrupt-json' };
  }
  if (!record || typeof record !== 'object' || record.type !== 'assistant') return { kind: 'ignored' };
  const message = record.message;
  const usage = message?.usage;
  if (!usage || typeof usage !== 'object') return { kind: 'ignored' };
  const model = str(message.model);
  if (model === SYNTHETIC_MODEL) return { kind: 'ignored' };
  const input = tokenCount(usage.input_tokens);
  const output = tokenCount(usage.output_tokens);
  const cacheRead = usage.cache_read_input_tokens == null ? 0 : tokenCount(usage.cache_read_input_tokens);
  const cacheCreation = usage.cache_creation_input_tokens == null ? 0 : tokenCount(usage.cache_creation_input_tokens);
  if (input === null || output === null || cacheRead === null || cacheCreation === null) return { kind: 'skipped', reason: 'bad-usage' };
  const timestamp = str(record.timestamp);
  if (!timestamp || Number.isNaN(Date.parse(timestamp))) return { kind: 'skipped', reason: 'no-timestamp' };
  const sessionId = str(record.sessionId);
  if (!sessionId) return { kind: 'skipped', reason: 'no-session' };
  if (!model) return { kind: 'skipped', reason: 'no-model' };
  return {
    kind: 'usage',
    request: {
      tool: 'claude-code',
      messageId: str(message.id),
      requestId: str(record.requestId),
      sessionId,
      model,
      occurredAt: new Date(timestamp).toISOString(),
      project: projectFromCwd(str(record.cwd)),
      tokens: { input, output, cacheRead, cacheCreation },
    },
  };
}

/**
 * One usage record per model request. While streaming, Claude Code writes a line per content block, each with
 * the same `message.id` and `requestId` and a copy of `usage` whose `output_tokens` grows; the largest wins.
 * Records with neither id cannot be matched, so each counts on its own.
 */
export class ClaudeRequestDedup {
  private readonly byKey = new Map<string, UsageRequest>();
  private unkeyed = 0;
  duplicateLines = 0;

  add(request: UsageRequest): void {
    if (!request.messageId && !request.requestId) {
      this.byKey.set(`#${this.unkeyed++}`, request);
      return;
    }
    const key = `${request.messageId ?? ''}|${request.requestId ?? ''}`;
    const kept = this.byKey.get(key);
    if (!kept) {
      this.byKey.set(key, request);
      return;
    }
    this.duplicateLines++;
    if (totalTokens(request.tokens) > totalTokens(kept.tokens)) this.byKey.set(key, request);
  }

  get size(): number {
    return this.byKey.size;
  }

  requests(): IterableIterator<UsageRequest> {
    return this.byKey.values();
  }
}

/** Parses lines into the dedup, counting why lines were skipped. */
export function collectClaudeLines(lines: Iterable<string>, dedup: ClaudeRequestDedup, skipped: SkipCounts): void {
  for (const line of lines) {
    if (!line.includes(CLAUDE_USAGE_MARKER)) continue;
    const outcome = parseClaudeLine(line);
    if (outcome.kind === 'usage') dedup.add(outcome.request);
    else if (outcome.kind === 'skipped') countSkip(skipped, outcome.reason);
  }
}
