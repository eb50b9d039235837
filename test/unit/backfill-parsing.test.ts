import { describe, expect, it } from 'vitest';
import { ClaudeRequestDedup, collectClaudeLines, parseClaudeLine } from '../../src/domain/backfill/claude-transcript.ts';
import { GeminiChatReader, geminiTokens } from '../../src/domain/backfill/gemini-chat.ts';
import type { SkipCounts } from '../../src/domain/backfill/skip-reasons.ts';
import { parseSince, parseUntil } from '../../src/domain/backfill/since.ts';
import { backfillEventId, toApiEvent } from '../../src/domain/backfill/to-api-event.ts';
import { parseApiEvent } from '../../src/domain/events/api-event.ts';

function assistant(over: { msg?: string; req?: string; output?: number; model?: string; session?: string; ts?: string; usage?: unknown } = {}): string {
  return JSON.stringify({
    type: 'assistant',
    sessionId: over.session ?? 's1',
    requestId: over.req ?? 'req_1',
    timestamp: over.ts ?? '2026-11-24T14:03:24.309Z',
    cwd: '/home/dev/web',
    message: {
      id: over.msg ?? 'msg_1',
      model: over.model ?? 'claude-sonnet-4-5',
      usage: over.usage ?? { input_tokens: 10, output_tokens: over.output ?? 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 },
    },
  });
}

describe('parseClaudeLine', () => {
  it.each([
    ['truncated JSON', assistant().slice(0, 80), { kind: 'skipped', reason: 'corrupt-json' }],
    ['a user line', JSON.stringify({ type: 'user', message: { usage: {} } }), { kind: 'ignored' }],
    ['a synthetic message', assistant({ model: '<synthetic>' }), { kind: 'ignored' }],
    ['negative tokens', assistant({ usage: { input_tokens: -1, output_tokens: 1 } }), { kind: 'skipped', reason: 'bad-usage' }],
    ['string tokens', assistant({ usage: { input_tokens: '1', output_tokens: 1 } }), { kind: 'skipped', reason: 'bad-usage' }],
    ['no timestamp', assistant({ ts: '' }), { kind: 'skipped', reason: 'no-timestamp' }],
    ['bad timestamp', assistant({ ts: 'yesterday' }), { kind: 'skipped', reason: 'no-timestamp' }],
    ['no session', assistant({ session: '' }), { kind: 'skipped', reason: 'no-session' }],
  ])('%s', (_name, line, expected) => {
    expect(parseClaudeLine(line)).toEqual(expected);
  });

  it('reads tokens, ids, model, time and the project from cwd; missing cache fields are 0', () => {
    expect(parseClaudeLine(assistant())).toEqual({
      kind: 'usage',
      request: {
        tool: 'claude-code', messageId: 'msg_1', requestId: 'req_1', sessionId: 's1', model: 'claude-sonnet-4-5',
        occurredAt: '2026-11-24T14:03:24.309Z', project: 'web', tokens: { input: 10, output: 5, cacheRead: 100, cacheCreation: 20 },
      },
    });
    const bare = parseClaudeLine(assistant({ usage: { input_tokens: 3, output_tokens: 4 } }));
    expect(bare.kind === 'usage' && bare.request.tokens).toEqual({ input: 3, output: 4, cacheRead: 0, cacheCreation: 0 });
  });
});

describe('ClaudeRequestDedup', () => {
  it('keeps the largest usage of a streamed request, in any line order, and counts skipped lines', () => {
    for (const outputs of [[2, 9, 159], [159, 2, 9], [9, 159, 2]]) {
      const dedup = new ClaudeRequestDedup();
      const skipped: SkipCounts = {};
      collectClaudeLines(
        [...outputs.map((o) => assistant({ output: o })), assistant({ msg: 'msg_2', req: 'req_2', output: 7 }), '{"type":"assistant","message":{"usage"', 'no marker here'],
        dedup,
        skipped,
      );
      const requests = [...dedup.requests()];
      expect(requests.map((r) => [r.requestId, r.tokens.output])).toEqual([['req_1', 159], ['req_2', 7]]);
      expect(dedup.duplicateLines).toBe(2);
      expect(skipped).toEqual({ 'corrupt-json': 1 });
    }
  });

  it('dedups on message id when the request id is missing, and never merges records without either', () => {
    const dedup = new ClaudeRequestDedup();
    const noIds = JSON.parse(assistant()) as any;
    delete noIds.requestId;
    delete noIds.message.id;
    const noReq = JSON.parse(assistant()) as any;
    delete noReq.requestId;
    for (const line of [noIds, noIds, noReq, noReq].map((o) => JSON.stringify(o))) {
      const outcome = parseClaudeLine(line);
      if (outcome.kind === 'usage') dedup.add(outcome.request);
    }
    expect(dedup.size).toBe(3);
  });
});

describe('GeminiChatReader', () => {
  const header = JSON.stringify({ sessionId: 'g1', projectHash: 'x', startTime: '2026-11-24T14:03:28.335Z', kind: 'main' });
  const gemini = (id: string, input: number, extra: object = {}) =>
    JSON.stringify({ id, timestamp: '2026-11-24T14:03:28.418Z', type: 'gemini', model: 'gemini-2.5-pro', tokens: { input, output: 21, cached: 8, thoughts: 24, tool: 2, total: input + 45 }, ...extra });

  it('keeps the last record of a message id, skips corrupt lines, maps tokens like the OTLP normalizer', () => {
    const skipped: SkipCounts = {};
    const reader = new GeminiChatReader('work', skipped);
    for (const line of [header, '{"$set":{"lastUpdated":"x"}}', gemini('m1', 100), gemini('m1', 110, { toolCalls: [] }), '{"id":"m2","type":"gem', gemini('m3', 50)]) reader.line(line);
    expect(reader.requests().map((r) => [r.messageId, r.tokens])).toEqual([
      ['m1', { input: 110 - 8 + 2, output: 21 + 24, cacheRead: 8, cacheCreation: 0 }],
      ['m3', { input: 50 - 8 + 2, output: 45, cacheRead: 8, cacheCreation: 0 }],
    ]);
    expect(reader.duplicateLines).toBe(1);
    expect(skipped).toEqual({ 'corrupt-json': 1 });
  });

  it('applies $rewindTo and checkpoints ($set.messages)', () => {
    const reader = new GeminiChatReader(null, {});
    for (const line of [header, gemini('a', 10), gemini('b', 20), gemini('c', 30), '{"$rewindTo":"b"}', gemini('d', 40)]) reader.line(line);
    expect(reader.requests().map((r) => r.messageId)).toEqual(['a', 'd']);
    reader.line(JSON.stringify({ $set: { messages: [JSON.parse(gemini('z', 9))] } }));
    expect(reader.requests().map((r) => r.messageId)).toEqual(['z']);
  });

  it('geminiTokens mirrors normalize-logs', () => {
    expect(geminiTokens({ input: 11818, output: 32, cached: 8192, thoughts: 24, tool: 0 })).toEqual({ input: 3626, output: 56, cacheRead: 8192, cacheCreation: 0 });
  });
});

describe('parseSince', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it.each([
    ['30d', '2026-03-01T12:00:00.000Z'],
    ['2w', '2026-03-17T12:00:00.000Z'],
    ['1m', '2026-03-03T12:00:00.000Z'],
    ['1y', '2025-03-31T12:00:00.000Z'],
    ['2026-01-15', '2026-01-15T00:00:00.000Z'],
    [' 7D ', '2026-03-24T12:00:00.000Z'],
    ['last month', '2026-02-01T00:00:00.000Z'],
    ['This Quarter', '2026-01-01T00:00:00.000Z'],
    ['2026-01-10..2026-01-20', '2026-01-10T00:00:00.000Z'],
  ])('%s', (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
  });
  it.each(['', 'yesterday', '30', 'd30', '2026-02-30', '2026-1-5', '-3d'])('rejects %j', (value) => {
    expect(parseSince(value, now)).toBeNull();
  });
});

describe('parseUntil', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it.each([
    ['7d', '2026-03-24T12:00:00.000Z'],
    ['2026-01-15', '2026-01-16T00:00:00.000Z'],
    ['2026-02-28', '2026-03-01T00:00:00.000Z'],
    ['last month', '2026-03-01T00:00:00.000Z'],
    ['2026-01-10..2026-01-20', '2026-01-21T00:00:00.000Z'],
  ])('%s', (value, expected) => {
    expect(parseUntil(value, now)?.toISOString()).toBe(expected);
  });
  it.each(['', 'tomorrow', '2026-02-30'])('rejects %j', (value) => {
    expect(parseUntil(value, now)).toBeNull();
  });
});

describe('toApiEvent', () => {
  it('builds an event the JSON route accepts, with the same id on every run', () => {
    const outcome = parseClaudeLine(assistant());
    if (outcome.kind !== 'usage') throw new Error('expected usage');
    const event = toApiEvent(outcome.request, 'dev@acme.com');
    expect(event.id).toBe('claude-code:request:req_1');
    expect(backfillEventId(outcome.request)).toBe(event.id);
    const parsed = parseApiEvent(JSON.parse(JSON.stringify(event)), new Date('2026-11-25T00:00:00Z'));
    expect(parsed.ok && parsed.event.dedupKey).toBe('request|claude-code|req_1');
  });
});
