import { describe, expect, it } from 'vitest';
import { answerCommand, FAILED, NOT_CONNECTED } from '../../../src/app/answer-command.ts';
import type { ReportReader } from '../../../src/app/ports.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-11-24T12:00:00Z');
const asker = { orgId: ORG, email: 'ann@acme.com', mayViewPeople: false };

/** A reader with an empty org: every query answers nothing. */
function emptyReader(overrides: Partial<ReportReader> = {}): ReportReader {
  const empty = async () => [];
  return {
    context: async () => ({ settings: { timeZone: 'UTC', minGroupSize: 5, gracePeriodDays: 7 } as never, people: [], seats: [], prices: new Map() }),
    personToolTotals: empty,
    modelTotals: empty,
    dailyByPerson: empty,
    dailyByModel: empty,
    peakActivity: empty,
    sessionStats: async () => ({ sessions: 0, tokens: 0, buckets: [] }) as never,
    sessionsByPerson: empty,
    activitySpans: async () => new Map(),
    dataUpTo: async () => null,
    eventFilterValues: async () => ({ tool: [], model: [], project: [], organization: [] }),
    personOrganizations: async () => new Map(),
    ...overrides,
  };
}

describe('answerCommand', () => {
  it.each([
    ['', 'report', 'Adoption · last 30 days'],
    ['help', 'help', 'How to ask Uptake'],
    ['usage last 7d', 'report', 'Usage · last 7 days'],
    ['me', 'report', 'Your usage · last 30 days'],
    ['banana', 'error', 'I could not answer that'],
    ['usage tool:curser', 'error', 'I could not answer that'],
    ['2026-02-30..2026-03-01', 'error', 'I could not answer that'],
    ['x '.repeat(40), 'error', 'I could not answer that'],
    ['team:', 'error', 'I could not answer that'],
    ['\u0000\u202e; DROP TABLE events', 'error', 'I could not answer that'],
  ])('"%s" → %s', async (text, kind, title) => {
    const { reply } = await answerCommand({ reader: emptyReader() }, text, asker, NOW);
    expect(reply.kind).toBe(kind);
    expect(reply.title).toBe(title);
  });

  it('suggests the corrected command for a typo', async () => {
    const { reply } = await answerCommand({ reader: emptyReader() }, 'usage tool:curser', asker, NOW);
    expect(reply.notes).toEqual(['Did you mean `/ai-adoption usage tool:cursor`?']);
  });

  it('answers an unknown team, department or model with the values the org has and the corrected command', async () => {
    const people = ['ann', 'bob', 'cy', 'di', 'ed'].map((n) => ({ email: `${n}@acme.com`, name: n, team: 'Platform', department: 'Engineering' }));
    const reader = emptyReader({
      context: async () => ({ settings: { timeZone: 'UTC', minGroupSize: 5, gracePeriodDays: 7 }, people, seats: [], prices: new Map() }),
      eventFilterValues: async () => ({ tool: ['claude-code'], model: ['claude-opus-4-1'], project: ['web'], organization: ['Acme'] }),
    });
    const team = await answerCommand({ reader }, 'usage last month team:platfrom', asker, NOW);
    expect(team.reply.kind).toBe('error');
    expect(team.reply.body).toBe('Unknown team "platfrom": this org has no such team. Did you mean "Platform"? Its teams: Platform.');
    expect(team.reply.notes).toEqual(['Did you mean `/ai-adoption usage 2026-10-01..2026-10-31 team:Platform`?']);
    const department = await answerCommand({ reader }, 'adoption department:sales', asker, NOW);
    expect(department.reply.body).toBe('Unknown department "sales": this org has no such department. Its departments: Engineering.');
    expect(department.reply.notes).toEqual([]);
    const model = await answerCommand({ reader }, 'models model:opsu organization:acme', asker, NOW);
    expect(model.reply.notes).toEqual(['Did you mean `/ai-adoption models 30d organization:acme model:opus`?']);
    const known = await answerCommand({ reader }, 'usage team:PLATFORM department:engineering model:opus', asker, NOW);
    expect(known.reply.kind).toBe('report');
  });

  it('gives the org view and a note when a person without permission asks for users', async () => {
    const { reply, request } = await answerCommand({ reader: emptyReader() }, 'leaderboard users', asker, NOW);
    expect(request?.scope).toBe('org');
    expect(reply.notes).toHaveLength(1);
    expect(reply.charts).toEqual(['leaderboard-teams']);
  });

  it('says the workspace is not connected when the org is unknown', async () => {
    const { reply } = await answerCommand({ reader: emptyReader({ context: async () => null }) }, '', asker, NOW);
    expect(reply.body).toBe(NOT_CONNECTED);
  });

  it('turns report errors into plain replies and unexpected failures into an apology without a stack trace', async () => {
    const noEmail = await answerCommand({ reader: emptyReader() }, 'me', { ...asker, email: null }, NOW);
    expect(noEmail.reply.body).toMatch(/email address/);
    const seen: unknown[] = [];
    const broken = emptyReader({ personToolTotals: async () => { throw new Error('connection reset at Socket.read (net.js:1:1)'); } });
    const { reply } = await answerCommand({ reader: broken, onError: (e) => seen.push(e) }, 'usage', asker, NOW);
    expect(reply.body).toBe(FAILED);
    expect(JSON.stringify(reply)).not.toMatch(/net\.js|Socket/);
    expect(seen).toHaveLength(1);
  });

  it('explains the numbers of the view asked for', async () => {
    const { reply } = await answerCommand({ reader: emptyReader() }, 'value 7d', asker, NOW, 'explain');
    expect(reply.kind).toBe('explain');
    expect(reply.body).toMatch(/Seat cost/);
  });

  it('resolves a mention through the platform for people allowed to see it', async () => {
    const { request } = await answerCommand(
      { reader: emptyReader(), resolvePerson: async (p) => (p.kind === 'mention' && p.userId === 'U1' ? 'bob@acme.com' : null) },
      'usage <@U1>',
      { ...asker, mayViewPeople: true },
      NOW,
    );
    expect(request?.filters.person).toBe('bob@acme.com');
    expect(request?.scope).toBe('user');
  });
});
