import { describe, expect, it } from 'vitest';
import { normalizeLogs } from '../../src/domain/otlp/normalize-logs.ts';
import type { KeyValue } from '../../src/domain/otlp/otlp-json.ts';

const NOW = new Date('2026-11-24T15:00:00Z');
const T = '1795529004335000000'; // 2026-11-24T14:03:24.335Z

function kv(attrs: Record<string, string | number | boolean | object>): KeyValue[] {
  return Object.entries(attrs).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : typeof v === 'number' ? (Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }) : (v as object),
  }));
}

function request(service: string, records: Array<{ body?: string; attrs: Record<string, string | number | boolean | object>; time?: string }>, resource: Record<string, string> = {}) {
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ 'service.name': service, ...resource }) },
        scopeLogs: [{ logRecords: records.map((r) => ({ timeUnixNano: r.time ?? T, body: r.body ? { stringValue: r.body } : undefined, attributes: kv(r.attrs) })) }],
      },
    ],
  };
}

describe('normalizeLogs', () => {
  it('reads a Claude Code api_request with numbers as strings or numbers', () => {
    const r = normalizeLogs(
      request('claude-code', [
        {
          body: 'claude_code.api_request',
          attrs: { 'session.id': 's1', 'user.id': 'dev1', model: 'claude-opus', input_tokens: '10', output_tokens: 5, cache_read_tokens: 3, cache_creation_tokens: '2', cost_usd: 0.5, request_id: 'req_1', 'event.sequence': 4 },
        },
      ], { 'product.name': 'web' }),
      NOW,
    );
    expect(r.rejected).toEqual([]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      kind: 'api_request', tool: 'claude-code', sessionId: 's1', identity: 'dev1', model: 'claude-opus', requestId: 'req_1', project: 'web',
      inputTokens: 10, outputTokens: 5, cacheReadTokens: 3, cacheCreationTokens: 2, costUsd: 0.5, dedupKey: 'request|claude-code|req_1',
      occurredAt: new Date('2026-11-24T14:03:24.335Z'),
    });
  });

  it('stores Gemini input without cached tokens and thoughts as output', () => {
    const r = normalizeLogs(
      request('gemini-cli', [
        { body: 'API response', attrs: { 'event.name': 'gemini_cli.api_response', model: 'gemini-2.5-pro', input_token_count: '11818', cached_content_token_count: '8192', output_token_count: '32', thoughts_token_count: '24', tool_token_count: '5', total_token_count: '11879' } },
      ], { 'session.id': 'g1' }),
      NOW,
    );
    const e = r.events[0]!;
    expect([e.inputTokens, e.cacheReadTokens, e.outputTokens, e.cacheCreationTokens]).toEqual([11818 - 8192 + 5, 8192, 32 + 24, 0]);
    expect(e.inputTokens + e.cacheReadTokens + e.outputTokens).toBe(11879);
    expect(e.sessionId).toBe('g1');
  });

  it('ignores events that carry no usage and Gemini api_request (its response is the request we count)', () => {
    const r = normalizeLogs(
      request('gemini-cli', [
        { attrs: { 'event.name': 'gemini_cli.config', model: 'x' } },
        { attrs: { 'event.name': 'gemini_cli.api_request', model: 'x', request_text: 'secret' } },
      ]),
      NOW,
    );
    expect(r).toMatchObject({ events: [], ignored: 2, rejected: [] });
  });

  it.each([
    ['negative tokens', { input_tokens: -1 }, /input tokens/],
    ['an oversize model name', { model: 'm'.repeat(300) }, /model is 300 characters/],
    ['a negative cost', { cost_usd: -2.5 }, /cost/],
  ])('rejects %s', (_name, extra, reason) => {
    const r = normalizeLogs(request('claude-code', [{ body: 'claude_code.api_request', attrs: { request_id: 'r', ...extra } }]), NOW);
    expect(r.events).toEqual([]);
    expect(r.rejected[0]?.reason).toMatch(reason);
  });

  it('rejects a timestamp more than a day ahead but accepts one just under', () => {
    const ns = (d: Date) => `${d.getTime()}000000`;
    const r = normalizeLogs(
      request('claude-code', [
        { body: 'claude_code.user_prompt', attrs: { 'prompt.id': 'a' }, time: ns(new Date(NOW.getTime() + 25 * 3600_000)) },
        { body: 'claude_code.user_prompt', attrs: { 'prompt.id': 'b' }, time: ns(new Date(NOW.getTime() + 23 * 3600_000)) },
      ]),
      NOW,
    );
    expect(r.events.map((e) => e.promptId)).toEqual(['b']);
    expect(r.rejected[0]?.reason).toMatch(/future/);
  });

  it('keeps only allow-listed attributes and never the prompt text', () => {
    const r = normalizeLogs(
      request('claude-code', [{ body: 'claude_code.user_prompt', attrs: { prompt: 'SECRET', prompt_length: '6', 'prompt.id': 'p', 'terminal.type': 'vscode', tool_parameters: '{"x":1}' } }]),
      NOW,
    );
    expect(r.events[0]?.attributes).toEqual({ prompt_length: '6', 'terminal.type': 'vscode' });
    expect(JSON.stringify(r.events)).not.toContain('SECRET');
  });

  it('tolerates empty attribute values and missing timestamps', () => {
    const r = normalizeLogs(
      { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] }, scopeLogs: [{ logRecords: [{ body: { stringValue: 'claude_code.tool_result' }, attributes: [{ key: 'tool_name', value: {} }, { key: 'success', value: { stringValue: 'false' } }] }] }] }] },
      NOW,
    );
    expect(r.events[0]).toMatchObject({ kind: 'tool_result', toolName: null, success: false, occurredAt: NOW });
  });
});
