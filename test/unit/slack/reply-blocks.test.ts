import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/adapters/slack/action-ids.ts';
import { escapeMrkdwn, replyBlocks } from '../../../src/adapters/slack/reply-blocks.ts';
import { errorReply, helpReply } from '../../../src/domain/replies/build-reply.ts';
import type { Reply } from '../../../src/domain/replies/reply-types.ts';
import { sampleReply } from '../../support/sample-reply.ts';

const reply: Reply = sampleReply({ subtitle: '26 Oct – 24 Nov 2026 · whole org · team: <!channel>&co', note: 'Per-person numbers are only for <allowed> people.' });

const types = (blocks: Array<{ type: string }>) => blocks.map((b) => b.type);

describe('replyBlocks', () => {
  it('renders header, subtitle, facts with changes, notes, context line and controls', () => {
    const { text, blocks } = replyBlocks(reply, { interactive: true, chartsNote: 'Charts: in your DM' });
    expect(types(blocks)).toEqual(['header', 'context', 'section', 'context', 'context', 'actions']);
    expect(text).toBe('Adoption · last 30 days: Active users 41 (▲ 37%), Adoption rate 70% (▼ 5 pts), New users 4');
    expect(JSON.stringify(blocks[1])).toContain('team: &lt;!channel&gt;&amp;co');
    expect((blocks[2] as unknown as { fields: Array<{ text: string }> }).fields.map((f) => f.text)).toEqual([
      '*Active users*\n41  ▲ 37%',
      '*Adoption rate*\n70%  ▼ 5 pts',
      '*New users*\n4',
    ]);
    expect(JSON.stringify(blocks[3])).toContain('&lt;allowed&gt;');
    expect(JSON.stringify(blocks[4])).toContain('41 of 50 licensed people reporting · Charts: in your DM');
    const actions = blocks[5] as unknown as { elements: Array<Record<string, unknown>> };
    expect(actions.elements.map((e) => [e.type, e.action_id, e.value ?? null])).toEqual([
      ['static_select', ACTION.view, null],
      ['button', ACTION.scope, 'adoption 30d users'],
      ['button', ACTION.explain, 'adoption 30d'],
      ['button', ACTION.share, 'adoption 30d'],
    ]);
    expect(actions.elements[0]).toMatchObject({ initial_option: { value: 'usage 30d' } });
  });

  it('leaves the controls out of a shared snapshot', () => {
    expect(types(replyBlocks(reply, { interactive: false }).blocks)).toEqual(['header', 'context', 'section', 'context', 'context']);
  });

  it.each([
    ['help', helpReply(), 'section'],
    ['error', errorReply('Unknown tool "x".', '/ai-adoption tool:cursor'), 'section'],
  ])('renders %s replies as text', (_name, r, type) => {
    const { blocks, text } = replyBlocks(r, { interactive: true });
    expect(types(blocks)).toContain(type);
    expect(text.length).toBeGreaterThan(0);
  });

  it('keeps Block Kit limits: header 150 characters, 10 fields per section', () => {
    const many: Reply = { ...reply, title: 'x'.repeat(400), facts: Array.from({ length: 13 }, (_, i) => ({ label: `f${i}`, value: '1', change: null, direction: null, better: 'neutral' as const })) };
    const { blocks } = replyBlocks(many, { interactive: false });
    expect((blocks[0] as unknown as { text: { text: string } }).text.text).toHaveLength(150);
    const sections = blocks.filter((b) => b.type === 'section') as unknown as Array<{ fields: unknown[] }>;
    expect(sections.map((s) => s.fields.length)).toEqual([10, 3]);
  });

  it.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['plain', 'plain'],
  ])('escapes %s', (input, output) => {
    expect(escapeMrkdwn(input)).toBe(output);
  });
});
