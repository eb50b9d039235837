import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { modelFamily } from '../../src/domain/metrics/model-families.ts';
import { modelPrice } from '../../src/domain/metrics/model-prices.ts';
import { FIXTURES } from '../support/fixtures.ts';

/** Raw id -> [family key, display name], written by hand from each vendor's own names. */
const TABLE: Array<[raw: string, key: string, label: string]> = [
  // test/fixtures (Claude Code and Gemini CLI captures): `model` attributes, transcripts, `canonicalModel`
  ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['claude-sonnet-4-5', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['gemini-2.5-pro', 'gemini-2.5-pro', 'Gemini 2.5 Pro'],
  ['gemini-embedding-001', 'gemini-embedding-001', 'Gemini Embedding 001'],
  // named as model ids in the fixtures' prompts and in a request path
  ['claude-fable-5-2', 'claude-fable-5.2', 'Claude Fable 5.2'],
  ['claude-opus-5-5', 'claude-opus-5.5', 'Claude Opus 5.5'],
  ['claude-sonnet-5-5', 'claude-sonnet-5.5', 'Claude Sonnet 5.5'],
  ['claude-haiku-5-5', 'claude-haiku-5.5', 'Claude Haiku 5.5'],
  ['gemini-2.5-flash-image', 'gemini-2.5-flash-image', 'Gemini 2.5 Flash Image'],
  ['gemini-2.5-pro:streamGenerateContent', 'gemini-2.5-pro', 'Gemini 2.5 Pro'],
  // the Cursor reference (usage events' `model`, `mostUsedModel`, plans' `default` = Auto) and its test data
  ['claude-4.5-sonnet', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['claude-4-sonnet-thinking', 'claude-sonnet-4', 'Claude Sonnet 4'],
  ['claude-4-sonnet', 'claude-sonnet-4', 'Claude Sonnet 4'],
  ['gpt-5', 'gpt-5', 'GPT-5'],
  ['default', 'cursor-auto', 'Cursor Auto'],
  ['auto', 'cursor-auto', 'Cursor Auto'],
  ['cursor-small', 'cursor-small', 'Cursor Small'],
  // the rest of the reference (transcripts, ccusage fixtures)
  ['claude-opus-4-5-20251101', 'claude-opus-4.5', 'Claude Opus 4.5'],
  ['claude-haiku-4-5-20251001', 'claude-haiku-4.5', 'Claude Haiku 4.5'],
  ['claude-sonnet-4-20250514', 'claude-sonnet-4', 'Claude Sonnet 4'],
  ['claude-opus-4-20250514', 'claude-opus-4', 'Claude Opus 4'],
  // Anthropic API, Bedrock and Vertex names of the same models
  ['claude-opus-4-1', 'claude-opus-4.1', 'Claude Opus 4.1'],
  ['claude-opus-4-1-20250805', 'claude-opus-4.1', 'Claude Opus 4.1'],
  ['claude-3-5-haiku-20241022', 'claude-3.5-haiku', 'Claude 3.5 Haiku'],
  ['claude-3-7-sonnet-latest', 'claude-3.7-sonnet', 'Claude 3.7 Sonnet'],
  ['claude-3-opus-20240229', 'claude-3-opus', 'Claude 3 Opus'],
  ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['global.anthropic.claude-opus-4-5-20251101-v1:0', 'claude-opus-4.5', 'Claude Opus 4.5'],
  ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3.5-haiku', 'Claude 3.5 Haiku'],
  ['claude-sonnet-4-5@20250929', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['publishers/anthropic/models/claude-opus-4-1@20250805', 'claude-opus-4.1', 'Claude Opus 4.1'],
  ['claude-sonnet-4-5[1m]', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  ['Claude-Sonnet-4-5', 'claude-sonnet-4.5', 'Claude Sonnet 4.5'],
  // Gemini, with preview and snapshot suffixes
  ['gemini-2.5-flash', 'gemini-2.5-flash', 'Gemini 2.5 Flash'],
  ['gemini-2.5-flash-lite', 'gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite'],
  ['gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro', 'Gemini 2.5 Pro'],
  ['gemini-2.5-flash-lite-preview-09-2025', 'gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite'],
  ['gemini-2.0-flash-001', 'gemini-2.0-flash', 'Gemini 2.0 Flash'],
  ['models/gemini-2.5-pro', 'gemini-2.5-pro', 'Gemini 2.5 Pro'],
  ['gemini-3-pro-preview', 'gemini-3-pro', 'Gemini 3 Pro'],
  // OpenAI names Cursor offers, with effort and mode suffixes
  ['gpt-5-high', 'gpt-5', 'GPT-5'],
  ['gpt-5-codex', 'gpt-5-codex', 'GPT-5 Codex'],
  ['gpt-5-mini', 'gpt-5-mini', 'GPT-5 Mini'],
  ['gpt-4.1', 'gpt-4.1', 'GPT-4.1'],
  ['gpt-4o', 'gpt-4o', 'GPT-4o'],
  ['o3', 'o3', 'o3'],
  ['o4-mini', 'o4-mini', 'o4-mini'],
  ['claude-4.5-opus-thinking', 'claude-opus-4.5', 'Claude Opus 4.5'],
  // unknown ids: their own family, a readable name
  ['acme-coder-1', 'acme-coder-1', 'Acme Coder 1'],
  ['grok-code-fast-1', 'grok-code-fast-1', 'Grok Code Fast 1'],
  ['claude-2.1', 'claude-2.1', 'Claude 2.1'],
  ['', '(none)', 'No model'],
];

describe('model families', () => {
  it.each(TABLE)('%s is %s ("%s")', (raw, key, label) => {
    expect(modelFamily(raw)).toEqual({ key, label });
  });

  it('every model id in test/fixtures is in the table', () => {
    const listed = new Set(TABLE.map(([raw]) => raw));
    const missing = [...fixtureModelIds()].filter((id) => !listed.has(id));
    expect(fixtureModelIds().size).toBeGreaterThan(2);
    expect(missing).toEqual([]);
  });

  it('ids of one family get the same list price', () => {
    const byFamily = new Map<string, string[]>();
    for (const [raw, key] of TABLE) byFamily.set(key, [...(byFamily.get(key) ?? []), raw]);
    for (const [key, raws] of byFamily) {
      const prices = raws.map((raw) => JSON.stringify(modelPrice(raw)));
      expect(new Set(prices), `${key}: ${raws.join(', ')}`).toHaveLength(1);
    }
    expect(modelPrice('claude-4.5-opus-thinking')?.input).toBe(5);
    expect(modelPrice('claude-4.5-haiku')?.input).toBe(1);
  });
});

/** String values of every `model`-named field and OTLP attribute in the captured JSON, JSON lines and gzip bodies. */
function fixtureModelIds(): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const value = o['value'] as { stringValue?: unknown } | undefined;
    if (typeof o['key'] === 'string' && /model/i.test(o['key']) && typeof value?.stringValue === 'string') ids.add(value.stringValue);
    for (const [k, v] of Object.entries(o)) {
      if (/model$/i.test(k) && typeof v === 'string' && v) ids.add(v);
      visit(v);
    }
  };
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of files(FIXTURES).filter((f) => /\.(json|jsonl|gzip)$/.test(f))) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gzip') ? gunzipSync(raw) : raw).toString('utf8');
    for (const doc of text.trimStart().startsWith('{') && !file.endsWith('.jsonl') ? [text] : text.split('\n')) {
      try {
        visit(JSON.parse(doc));
      } catch {
        // not JSON (a header dump or a partial line): nothing to read
      }
    }
  }
  return ids;
}
