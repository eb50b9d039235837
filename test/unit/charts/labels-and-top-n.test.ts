import { describe, expect, it } from 'vitest';
import { tierLabel, truncate, truncateAll, workflowLabel, wrapLines } from '../../../src/domain/charts/labels.ts';
import { keepKeys, topN } from '../../../src/domain/charts/top-n.ts';

describe('truncate', () => {
  it.each<[string, number, string]>([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijklmnop', 10, 'abcdef…nop'],
    ['platform-infrastructure-team-europe', 12, 'platfor…rope'],
  ])('%s to %d characters: %s', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect([...truncate(text, max)].length).toBeLessThanOrEqual(max);
  });

  it('keeps truncated labels distinct', () => {
    const names = ['team-alpha-xxxxxxxxx-end', 'team-alpha-yyyyyyyyy-end', 'team-alpha-zzzzzzzzz-end', 'b'];
    const labels = truncateAll(names, 10);
    expect(new Set(labels).size).toBe(4);
    expect(labels.every((l) => [...l].length <= 10)).toBe(true);
    expect(labels[3]).toBe('b');
  });
});

describe('topN', () => {
  const items = [3, 9, 1, 7, 5];
  it('keeps everything, largest first, when there are n or fewer', () => {
    expect(topN(items, 5, (x) => x)).toEqual({ top: [9, 7, 5, 3, 1], rest: null });
  });
  it('keeps n - 1 and folds the rest, so "others" makes n', () => {
    expect(topN(items, 3, (x) => x)).toEqual({ top: [9, 7], rest: [5, 3, 1] });
  });
  it('keepKeys ranks keys by their summed weight', () => {
    const rows = [{ k: 'a', w: 1 }, { k: 'b', w: 5 }, { k: 'a', w: 6 }, { k: 'c', w: 2 }, { k: 'd', w: 1 }];
    expect([...keepKeys(rows, 3, (r) => r.k, (r) => r.w)]).toEqual(['a', 'b']);
    expect([...keepKeys(rows, 4, (r) => r.k, (r) => r.w)]).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('wrapLines', () => {
  it.each<[string, number, string[]]>([
    ['No activity in this period', 44, ['No activity in this period']],
    ['People are named only with scope=user (an admin key)', 20, ['People are named', 'only with scope=user', '(an admin key)']],
    ['a supercalifragilistic word', 10, ['a', 'supercalifragilistic', 'word']],
    ['', 10, []],
  ])('%s at %d', (text, width, lines) => {
    expect(wrapLines(text, width)).toEqual(lines);
  });
});

describe('readable labels', () => {
  it.each([
    ['code_generation', 'Code generation'],
    ['debugging', 'Debugging'],
    ['code_review', 'Code review'],
    ['documentation', 'Documentation'],
    ['other', 'Other'],
  ])('workflow %s reads "%s"', (workflow, label) => expect(workflowLabel(workflow)).toBe(label));

  it.each([
    ['claude-code', 'max_5x', 'Claude Code Max 5x'],
    ['claude-code', 'team_premium', 'Claude Code Team Premium'],
    ['claude-code', 'api', 'Claude Code API'],
    ['gemini-cli', 'standard', 'Gemini CLI Standard'],
    ['cursor', 'business', 'Cursor Business'],
  ])('tier %s %s reads "%s"', (tool, tier, label) => expect(tierLabel(tool, tier)).toBe(label));

  it('model names keep their version when cut: the ellipsis goes in the middle of the display name', () => {
    const labels = truncateAll(['Claude Sonnet 4.5', 'Vendor Model 1 Preview 2026 Experimental', 'Vendor Model 2 Preview 2026 Experimental'], 24);
    expect(labels[0]).toBe('Claude Sonnet 4.5');
    expect(new Set(labels).size).toBe(3);
    expect(labels.every((l) => [...l].length <= 24)).toBe(true);
  });
});
