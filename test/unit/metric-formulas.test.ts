import { describe, expect, it } from 'vitest';
import { formatMetric } from '../../src/domain/charts/number-format.ts';
import { isActiveRow, sessionsPerUser, totalTokens } from '../../src/domain/metrics/period-facts.ts';
import type { PersonToolRow } from '../../src/domain/metrics/rollup-rows.ts';

// The seed's definitions (docs/metrics.md, "Sessions and tokens") on hand-made per-person-and-tool rows.

function row(person: string, tool: string, m: { sessions?: number; prompts?: number; requests?: number }): PersonToolRow {
  return {
    person, tool, sessions: m.sessions ?? 0, prompts: m.prompts ?? 0, requests: m.requests ?? 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0,
    costUsd: 0, activeSeconds: 0, linesAdded: 0, linesRemoved: 0, commits: 0, pullRequests: 0, wfCodeGeneration: 0, wfDebugging: 0,
    wfCodeReview: 0, wfDocumentation: 0, wfOther: 0, apiValueUsd: 0, unpricedTokens: 0,
  };
}

describe('totalTokens', () => {
  it('is input + output: cache reads and writes are their own figures', () => {
    expect(totalTokens({ input: 100, output: 40, cacheRead: 5_000, cacheCreation: 700 } as { input: number; output: number })).toBe(140);
  });
});

describe('isActiveRow', () => {
  it('needs a person and a prompt or model request', () => {
    expect(isActiveRow({ person: 'a@x.io', prompts: 1, requests: 0 })).toBe(true);
    expect(isActiveRow({ person: 'a@x.io', prompts: 0, requests: 2 })).toBe(true);
    expect(isActiveRow({ person: '', prompts: 3, requests: 3 })).toBe(false);
    expect(isActiveRow({ person: 'a@x.io', prompts: 0, requests: 0 })).toBe(false);
  });
});

describe('sessionsPerUser', () => {
  const three = [
    row('a@x.io', 'claude-code', { sessions: 2, prompts: 4 }),
    row('b@x.io', 'claude-code', { sessions: 1, prompts: 1 }),
    row('c@x.io', 'claude-code', { sessions: 1, prompts: 2 }),
  ];

  it('divides the sessions of active people by active people', () => {
    expect(sessionsPerUser(three)).toBeCloseTo(4 / 3, 9);
  });

  it('anonymous sessions do not move it (the issue: two of them took 1.33 to 2.00)', () => {
    expect(sessionsPerUser([...three, row('', 'claude-code', { sessions: 2, prompts: 2 })])).toBeCloseTo(4 / 3, 9);
  });

  it('people active only with a tool without sessions do not dilute it', () => {
    expect(sessionsPerUser([...three, row('d@x.io', 'cursor', { prompts: 5 })])).toBeCloseTo(4 / 3, 9);
  });

  it('people active with a tool that has sessions count even without a session of their own (Cursor Tab-only days)', () => {
    const cursor = [row('d@x.io', 'cursor', { sessions: 3, requests: 9 }), row('e@x.io', 'cursor', { prompts: 2 })];
    expect(sessionsPerUser([...three, ...cursor])).toBeCloseTo(7 / 5, 9);
  });

  it('per tool: null for a tool without sessions, else that tool over its active people', () => {
    expect(sessionsPerUser([row('d@x.io', 'cursor', { prompts: 5 })])).toBeNull();
    expect(sessionsPerUser([row('d@x.io', 'cursor', { sessions: 3, requests: 9 }), row('e@x.io', 'cursor', { prompts: 2 })])).toBeCloseTo(3 / 2, 9);
  });

  it('ignores the per-person total rows (tool null) and is null with nobody active', () => {
    expect(sessionsPerUser([{ ...row('a@x.io', 'claude-code', { sessions: 9, prompts: 9 }), tool: null }])).toBeNull();
    expect(sessionsPerUser([])).toBeNull();
  });
});

describe('formatMetric', () => {
  it("formats a value in its catalogue metric's format", () => {
    expect(formatMetric('adoptionRate', 0.734)).toBe('73%');
    expect(formatMetric('costPerActiveUser', 41.2)).toBe('$41');
    expect(formatMetric('totalTokens', 1_234_000)).toBe('1.2M');
    expect(formatMetric('sessionsPerUser', null)).toBe('–');
  });
});
