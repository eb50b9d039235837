import { countSkip, type SkipCounts, type SkipReason } from './skip-reasons.ts';
import { tokenCount, type TokenCounts } from './tokens.ts';
import type { UsageRequest } from './usage-request.ts';

/**
 * Gemini's token counts mapped exactly as the OTLP normalizer maps `gemini_cli.api_response`
 * (src/domain/otlp/normalize-logs.ts), so backfill and live telemetry get the same dedup key and totals:
 * `input` includes cached tokens, tool-use prompt tokens are input, thoughts bill as output.
 */
export function geminiTokens(raw: { input: number; output: number; cached: number; thoughts: number; tool: number }): TokenCounts {
  return { input: raw.input - raw.cached + raw.tool, output: raw.output + raw.thoughts, cacheRead: raw.cached, cacheCreation: 0 };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

interface GeminiMessageOutcome {
  request?: UsageRequest;
  skipped?: SkipReason;
}

/** A `type: "gemini"` message with `tokens` becomes a model request; any other message is not one. */
function requestFromMessage(message: any, sessionId: string | null, fallbackTime: string | null, project: string | null): GeminiMessageOutcome {
  if (!message || typeof message !== 'object' || message.type !== 'gemini' || !message.tokens || typeof message.tokens !== 'object') return {};
  const t = message.tokens;
  const input = tokenCount(t.input ?? t.prompt);
  const output = tokenCount(t.output ?? t.candidates ?? 0);
  const cached = tokenCount(t.cached ?? 0);
  const thoughts = tokenCount(t.thoughts ?? 0);
  const tool = tokenCount(t.tool ?? 0);
  if (input === null || output === null || cached === null || thoughts === null || tool === null || cached > input) return { skipped: 'bad-usage' };
  const timestamp = str(message.timestamp) ?? fallbackTime;
  if (!timestamp || Number.isNaN(Date.parse(timestamp))) return { skipped: 'no-timestamp' };
  if (!sessionId) return { skipped: 'no-session' };
  const model = str(message.model);
  if (!model) return { skipped: 'no-model' };
  return {
    request: {
      tool: 'gemini-cli',
      messageId: str(message.id),
      requestId: null,
      sessionId,
      model,
      occurredAt: new Date(timestamp).toISOString(),
      project,
      tokens: geminiTokens({ input, output, cached, thoughts, tool }),
    },
  };
}

/**
 * Reads one Gemini CLI chat recording (`chats/*.jsonl`): a metadata header, message records, `$set` updates
 * (a `messages` array there is a checkpoint that replaces the list) and `$rewindTo`. A message id written
 * again replaces the earlier record (the last one wins).
 */
export class GeminiChatReader {
  private sessionId: string | null = null;
  private startTime: string | null = null;
  private readonly messages = new Map<string, unknown>();
  private unkeyed = 0;
  duplicateLines = 0;

  constructor(
    private readonly project: string | null,
    private readonly skipped: SkipCounts,
  ) {}

  line(text: string): void {
    if (text.trim() === '') return;
    let record: any;
    try {
      record = JSON.parse(text);
    } catch {
      countSkip(this.skipped, 'corrupt-json');
      return;
    }
    if (!record || typeof record !== 'object') return;
    if (record.$set && typeof record.$set === 'object') {
      if (Array.isArray(record.$set.messages)) this.replaceMessages(record.$set.messages);
      return;
    }
    if (typeof record.$rewindTo === 'string') {
      this.rewindTo(record.$rewindTo);
      return;
    }
    if (record.type === undefined && str(record.sessionId)) {
      this.sessionId = str(record.sessionId);
      this.startTime = str(record.startTime);
      if (Array.isArray(record.messages)) this.replaceMessages(record.messages);
      return;
    }
    this.upsert(record);
  }

  private upsert(message: any): void {
    const id = str(message?.id) ?? `#${this.unkeyed++}`;
    if (this.messages.has(id)) this.duplicateLines++;
    this.messages.set(id, message); // a Map keeps the first position of a key, as the recording's order
  }

  private replaceMessages(messages: unknown[]): void {
    this.messages.clear();
    for (const m of messages) this.upsert(m);
  }

  private rewindTo(id: string): void {
    let dropping = false;
    for (const key of [...this.messages.keys()]) {
      if (key === id) dropping = true;
      if (dropping) this.messages.delete(key);
    }
  }

  requests(): UsageRequest[] {
    const out: UsageRequest[] = [];
    for (const message of this.messages.values()) {
      const outcome = requestFromMessage(message, this.sessionId, this.startTime, this.project);
      if (outcome.request) out.push(outcome.request);
      else if (outcome.skipped) countSkip(this.skipped, outcome.skipped);
    }
    return out;
  }
}

/** Reads a legacy single-document chat (`session-*.json`, before Gemini CLI wrote JSONL). */
export function readLegacyGeminiChat(text: string, project: string | null, skipped: SkipCounts): UsageRequest[] {
  const reader = new GeminiChatReader(project, skipped);
  reader.line(text.replace(/\r?\n/g, ' '));
  return reader.requests();
}
