import { describe, expect, it } from 'vitest';
import { replyBlocks } from '../../../src/adapters/slack/reply-blocks.ts';
import { replyCard } from '../../../src/adapters/teams/adaptive-card.ts';
import { CHARTS } from '../../../src/domain/charts/chart-catalog.ts';
import type { ChatQuery } from '../../../src/domain/commands/command-types.ts';
import { formatCommand } from '../../../src/domain/commands/format-command.ts';
import { CHAT_VIEWS, parseCommand } from '../../../src/domain/commands/parse-command.ts';
import type { AdoptionReport, Report, UsageReport } from '../../../src/domain/metrics/report-types.ts';
import { syntheticReports } from '../../../bench/charts/synthetic-reports.ts';
import { buildReply, errorReply, explainReply, factOf, helpReply } from '../../../src/domain/replies/build-reply.ts';
import { coverageOf } from '../../../src/domain/replies/coverage.ts';
import { CHAT_CHARTS, FACTS, type FactDefinition } from '../../../src/domain/replies/fact-definitions.ts';
import { contextLine, freshnessText } from '../../../src/domain/replies/freshness.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

function query(text: string): ChatQuery {
  const parsed = parseCommand(text, '2026-11-24');
  if (parsed.kind !== 'query') throw new Error(`not a query: ${text}`);
  return parsed.query;
}

function adoption(overrides: Partial<AdoptionReport> = {}): AdoptionReport {
  return {
    view: 'adoption',
    scope: 'org',
    period: { from: '2026-10-26', to: '2026-11-24', days: 30, granularity: 'day', timeZone: 'UTC' },
    previousPeriod: { from: '2026-09-26', to: '2026-10-25', days: 30, granularity: 'day', timeZone: 'UTC' },
    filters: { person: null, team: null, department: null, organization: null, tool: null, model: null, project: null },
    dataUpTo: '2026-11-24T11:55:00Z',
    previous: { activeUsers: 30, licensedUsers: 50, adoptionRate: 0.5, newUsers: 0 },
    change: { activeUsers: 0.3667, licensedUsers: 0, adoptionRate: 0.1, newUsers: null },
    activeUsers: 41,
    licensedUsers: 50,
    activeLicensedUsers: 35,
    adoptionRate: 0.7,
    newUsers: 4,
    cohorts: { new: 4, activated: 3, retained: 30, reactivated: 7, lapsed: 2 },
    unrosteredActiveUsers: 6,
    activeUnlicensedUsers: 6,
    averageActiveDays: 9.5,
    frequency: [],
    daily: [],
    weekly: [],
    byTeam: [],
    byTool: [],
    hiddenGroups: 0,
    byDepartment: [],
    byOrganization: [],
    hiddenDepartments: 0,
    hiddenOrganizations: 0,
    ...overrides,
  };
}

describe('factOf', () => {
  const count: FactDefinition = { key: 'activeUsers', label: 'Active users', format: 'count', better: 'up' };
  const rate: FactDefinition = { key: 'adoptionRate', label: 'Adoption rate', format: 'percent', better: 'up' };
  const usd: FactDefinition = { key: 'activeUsers', label: 'Cost', format: 'usd', better: 'down' };
  it.each([
    // definition, current, previous, value, change, direction
    [count, 41, 30, '41', '▲ 37%', 'up'],
    [count, 30, 41, '30', '▼ 27%', 'down'],
    [count, 41, 41, '41', 'no change', 'flat'],
    [count, 1001, 1000, '1k', 'no change', 'flat'],
    [count, 12_340, 10_000, '12.3k', '▲ 23%', 'up'],
    [count, 5, 0, '5', 'new', 'up'],
    [count, 0, 0, '0', 'no change', 'flat'],
    [count, 0, 7, '0', '▼ 100%', 'down'],
    [count, 3, null, '3', null, null],
    [rate, 0.7, 0.5, '70%', '▲ 20 pts', 'up'],
    [rate, 0.37, 0.42, '37%', '▼ 5 pts', 'down'],
    [rate, null, 0.5, '–', null, null],
    [usd, 1234, 1000, '$1.2k', '▲ 23%', 'up'],
  ] as const)('%o %s vs %s', (definition, current, previous, value, change, direction) => {
    const report = adoption({ [definition.key]: current, activeUnlicensedUsers: 0, previous: { activeUsers: previous, licensedUsers: 50, adoptionRate: previous, newUsers: 0 } } as Partial<AdoptionReport>);
    expect(factOf(definition, report)).toEqual({ label: definition.label, value, change, direction, better: definition.better });
  });
});

describe('freshness and coverage', () => {
  it.each([
    [null, 'No data yet'],
    ['2026-11-24T11:59:30Z', 'Data up to just now'],
    ['2026-11-24T11:55:00Z', 'Data up to 5 min ago'],
    ['2026-11-24T09:00:00Z', 'Data up to 3 h ago'],
    ['2026-11-20T12:00:00Z', 'Data up to 4 days ago'],
    ['2026-11-24T12:10:00Z', 'Data up to just now'],
  ])('%s → %s', (dataUpTo, text) => {
    expect(freshnessText(dataUpTo, NOW)).toBe(text);
  });

  it.each([
    [{ reporting: 41, licensed: 50 }, 'Data up to 5 min ago · 41 of 50 licensed people reporting'],
    [{ reporting: 1, licensed: 1 }, 'Data up to 5 min ago · 1 of 1 licensed person reporting'],
    [{ reporting: 0, licensed: 0 }, 'Data up to 5 min ago'],
    [null, 'Data up to 5 min ago'],
  ])('context line with %o', (coverage, line) => {
    expect(contextLine('2026-11-24T11:55:00Z', coverage, NOW)).toBe(line);
  });

  it('counts licensed people with a seat in the period and those active since it began', () => {
    const seat = (email: string, validFrom: string, validTo: string | null) => ({ email, tool: 'cursor', tier: 'pro', monthlyPriceUsd: 20, validFrom, validTo });
    const seats = [seat('a@x.io', '2026-01-01', null), seat('a@x.io', '2026-01-01', null), seat('b@x.io', '2026-01-01', '2026-10-01'), seat('c@x.io', '2026-11-01', null), seat('d@x.io', '2026-12-01', null)];
    const lastActive = new Map([['a@x.io', '2026-11-20'], ['b@x.io', '2026-11-20'], ['c@x.io', '2026-10-01'], ['e@x.io', '2026-11-23']]);
    expect(coverageOf(seats, lastActive, '2026-10-26', '2026-11-24')).toEqual({ reporting: 1, licensed: 2 });
    expect(coverageOf(seats, lastActive, '2026-11-24T11:00:00.000Z', '2026-11-25T11:00:00.000Z')).toEqual({ reporting: 0, licensed: 2 });
  });
});

describe('formatCommand', () => {
  it.each([
    'adoption',
    'usage last 7d team:web tool:cursor',
    'leaderboard 90d users',
    'models 2026-01-01..2026-02-15 model:opus project:web',
    'me last month',
    'usage <@U123ABC> 30d',
    'value ann@acme.com users 12m',
    'underutilized this quarter tool:claude',
  ])('"%s" reads back as the same query', (text) => {
    const q = query(text);
    expect(query(formatCommand(q))).toEqual({ ...q, period: expect.objectContaining(q.period.kind === 'range' ? { range: q.period.range } : { from: q.period.from, to: q.period.to }) });
  });
});

describe('buildReply', () => {
  const input = (text: string, overrides: { report?: Report; mayViewPeople?: boolean; notes?: string[] } = {}) => ({
    query: query(text),
    report: overrides.report ?? adoption(),
    notes: overrides.notes ?? [],
    coverage: { reporting: 41, licensed: 50 },
    mayViewPeople: overrides.mayViewPeople ?? false,
    now: NOW,
  });

  it('titles, facts with deltas, charts, context line and actions', () => {
    const reply = buildReply(input('/ai-adoption last 30d'));
    expect(reply.title).toBe('Adoption · last 30 days');
    expect(reply.subtitle).toBe('26 Oct – 24 Nov 2026 · whole org, all tools');
    expect(reply.facts.map((f) => [f.label, f.value, f.change])).toEqual([
      ['Active users', '41', '▲ 37%'],
      ['Adoption rate', '70%', '▲ 20 pts'],
      ['Licensed users', '50', 'no change'],
      ['New users', '4', 'new'],
    ]);
    expect(reply.charts).toEqual(['adoption-active-users', 'adoption-new-users']);
    expect(reply.context).toBe('Data up to 5 min ago · 41 of 50 licensed people reporting');
    expect(reply.actions.map((a) => a.kind)).toEqual(['switch-view', 'explain', 'share', 'csv']);
    expect(reply.command).toBe('adoption 30d');
  });

  it('offers the org/users toggle only to people allowed to see per-person numbers, and never for `me`', () => {
    const scopeAction = (text: string, mayViewPeople: boolean) => buildReply(input(text, { mayViewPeople })).actions.find((a) => a.kind === 'scope') ?? null;
    expect(scopeAction('adoption', false)).toBeNull();
    expect(scopeAction('adoption', true)).toEqual({ kind: 'scope', label: 'Show people', command: 'adoption 30d users' });
    expect(scopeAction('adoption users team:web', true)).toEqual({ kind: 'scope', label: 'Org view', command: 'adoption 30d team:web' });
    expect(scopeAction('me', true)).toBeNull();
  });

  it('switches view keeping period and filters; `me` drops the person and the scope', () => {
    const reply = buildReply(input('leaderboard 7d team:web users', { mayViewPeople: true }));
    const switcher = reply.actions[0];
    if (switcher?.kind !== 'switch-view') throw new Error('no switcher');
    expect(switcher.current).toBe('leaderboard');
    expect(switcher.options.map((o) => o.view)).toEqual([...CHAT_VIEWS]);
    expect(switcher.options.find((o) => o.view === 'usage')?.command).toBe('usage 7d team:web users');
    expect(switcher.options.find((o) => o.view === 'me')?.command).toBe('me 7d team:web');
  });

  it('draws the charts of the scope the report has (an org view when per-person was refused) and passes notes on', () => {
    const refused = buildReply(input('leaderboard users', { notes: ['org view only'] }));
    expect(refused.charts).toEqual(['leaderboard-teams']);
    expect(refused.notes).toEqual(['org view only']);
    const allowed = buildReply(input('leaderboard users', { report: { ...adoption(), scope: 'user' } as Report, mayViewPeople: true }));
    expect(allowed.charts).toEqual(['leaderboard-sessions', 'leaderboard-tokens']);
  });

  it('only names charts that exist in the catalog, at most two per view', () => {
    const names = new Set(CHARTS.map((c) => c.name));
    for (const view of CHAT_VIEWS) {
      for (const list of [CHAT_CHARTS[view].org, CHAT_CHARTS[view].user]) {
        expect(list.length).toBeLessThanOrEqual(2);
        for (const name of list) expect(names.has(name), `${view}: ${name}`).toBe(true);
      }
      expect(FACTS[view].length).toBeGreaterThan(0);
    }
  });

  it('says beside the adoption rate how many active people have no seat, and nothing when none', () => {
    const facts = buildReply(input('adoption 30d')).facts;
    expect(facts.find((f) => f.label === 'Adoption rate')?.aside).toBe('+6 active without a seat');
    const none = buildReply(input('adoption 30d', { report: adoption({ activeUnlicensedUsers: 0 }) })).facts;
    expect(none.find((f) => f.label === 'Adoption rate')).not.toHaveProperty('aside');
    const slack = JSON.stringify(replyBlocks(buildReply(input('adoption 30d')), { interactive: false }).blocks);
    expect(slack).toContain('+6 active without a seat');
  });

  it('a usage answer shows tokens per session that equal its tokens ÷ its sessions, and the cache tokens beside Tokens', () => {
    const plain = syntheticReports('typical', 'org')[1] as UsageReport;
    const usage: UsageReport = { ...plain, totalTokens: 1_200_000, totalSessions: 300, tokensPerSession: 4_000, tokens: { input: 900_000, output: 300_000, cacheRead: 5_000_000, cacheCreation: 250_000 } };
    const facts = buildReply(input('usage 30d', { report: usage })).facts;
    expect(facts.map((f) => [f.label, f.value])).toEqual(expect.arrayContaining([['Tokens', '1.2M'], ['Sessions', '300'], ['Tokens per session', '4k']]));
    expect(facts.find((f) => f.label === 'Tokens')?.aside).toBe('+ 5M cache read, 250k cache write (not in tokens)');
  });

  it('with a project or model filter, says what the adoption rate and the per-person numbers divide by', () => {
    const filtered = (view: 'adoption' | 'usage', filters: Partial<Report['filters']>) => {
      const base = view === 'adoption' ? adoption() : (syntheticReports('typical', 'org')[1] as UsageReport);
      return buildReply(input(`${view} 30d`, { report: { ...base, filters: { ...base.filters, ...filters } } as Report })).notes;
    };
    expect(filtered('adoption', { project: 'web' })).toEqual(['Adoption rate with project web: licensed people active in it ÷ all 50 people with a seat (seats are not per project or model).']);
    expect(filtered('adoption', { model: 'opus', tool: 'cursor' })).toEqual(['Adoption rate with model opus: licensed people active in it ÷ all 50 people with a cursor seat (seats are not per project or model).']);
    expect(filtered('usage', { model: 'opus' })[0]).toMatch(/^With model opus: sessions per user = its sessions ÷ people active in it, tokens per session = its tokens ÷ its sessions/);
    expect(filtered('adoption', { tool: 'cursor' })).toEqual([]);
  });

  it("with Cursor data, a usage (and `me`) answer adds Cursor's Tab and agent acceptance rates and its chart, in Slack and Teams alike", () => {
    const plain = syntheticReports('typical', 'org')[1] as UsageReport;
    const cursor = { tabsShown: 400, tabsAccepted: 130, tabAcceptanceRate: 130 / 400, applies: 50, accepts: 45, rejects: 5, agentAcceptanceRate: 0.9, agentRequests: 70, composerRequests: 1, chatRequests: 2, cmdkUsages: 3 };
    const withCursor = buildReply(input('usage', { report: { ...plain, cursor } }));
    expect(withCursor.facts.slice(5).map((f) => [f.label, f.value, f.change])).toEqual([
      ['Cursor Tab acceptance', '33%', null],
      ['Cursor agent acceptance', '90%', null],
    ]);
    expect(withCursor.charts).toEqual(['usage-sessions-per-user', 'usage-cursor-acceptance']);
    expect(buildReply(input('me', { report: { ...plain, cursor } })).charts).toEqual(['usage-peak-hours', 'usage-cursor-acceptance']);
    // a rate without a denominator reads as –
    const noTabs = buildReply(input('usage', { report: { ...plain, cursor: { ...cursor, tabsShown: 0, tabsAccepted: 0, tabAcceptanceRate: null } } }));
    expect(noTabs.facts.at(-2)?.value).toBe('–');
    // without Cursor data (or with another tool's filter, where the block is null) nothing changes
    const without = buildReply(input('usage', { report: { ...plain, cursor: null } }));
    expect(without.facts.map((f) => f.label)).toEqual(FACTS.usage.map((f) => f.label));
    expect(without.charts).toEqual(CHAT_CHARTS.usage.org);
    // one reply model, both platforms
    const slack = JSON.stringify(replyBlocks(withCursor, { interactive: false }).blocks);
    expect(slack).toContain('*Cursor Tab acceptance*\\n33%');
    expect(slack).toContain('*Cursor agent acceptance*\\n90%');
    const card = JSON.stringify(replyCard(withCursor, { interactive: false, shareable: false, images: [] }));
    expect(card).toContain('{"title":"Cursor Tab acceptance","value":"33%"}');
    expect(card).toContain('{"title":"Cursor agent acceptance","value":"90%"}');
  });

  it('help, errors and explanations are text replies without facts or charts', () => {
    for (const reply of [helpReply(), errorReply('bad', '/ai-adoption usage'), explainReply(query('value'))]) {
      expect(reply.facts).toEqual([]);
      expect(reply.charts).toEqual([]);
      expect(reply.body).toBeTruthy();
    }
    expect(errorReply('bad', '/ai-adoption usage').notes).toEqual(['Did you mean `/ai-adoption usage`?']);
  });
});
