import { describe, expect, it } from 'vitest';
import { calendarDates } from '../../src/domain/commands/calendar-range.ts';
import { reportViewOf, type ChatFilters, type ChatQuery, type ParsedCommand } from '../../src/domain/commands/command-types.ts';
import { closestWord, editDistance } from '../../src/domain/commands/did-you-mean.ts';
import { HELP_TEXT, parseCommand } from '../../src/domain/commands/parse-command.ts';

// A Tuesday.
const TODAY = '2026-11-24';
const NO_FILTERS: ChatFilters = { person: null, team: null, department: null, organization: null, tool: null, model: null, project: null };

function query(text: string): ChatQuery {
  const parsed = parseCommand(text, TODAY);
  if (parsed.kind !== 'query') throw new Error(`expected a query for "${text}", got ${JSON.stringify(parsed)}`);
  return parsed.query;
}

describe('parseCommand: views, ranges, scope', () => {
  const cases: Array<[string, Partial<ChatQuery>]> = [
    ['', { view: 'adoption', period: { kind: 'range', range: '30d', label: 'last 30 days' }, scope: 'org', filters: NO_FILTERS }],
    ['/ai-adoption last 30d', { view: 'adoption', period: { kind: 'range', range: '30d', label: 'last 30 days' } }],
    ['usage 7d', { view: 'usage', period: { kind: 'range', range: '7d', label: 'last 7 days' } }],
    ['7D USAGE', { view: 'usage', period: { kind: 'range', range: '7d', label: 'last 7 days' } }],
    ['leaderboard past 90d users', { view: 'leaderboard', period: { kind: 'range', range: '90d', label: 'last 90 days' }, scope: 'user' }],
    ['models 24h', { view: 'models', period: { kind: 'range', range: '24h', label: 'last 24 hours' } }],
    ['value 6m org', { view: 'value', period: { kind: 'range', range: '6m', label: 'last 6 months' }, scope: 'org' }],
    ['underutilized 12m', { view: 'underutilized', period: { kind: 'range', range: '12m', label: 'last 12 months' } }],
    ['last 14d', { period: { kind: 'dates', from: '2026-11-11', to: '2026-11-24', label: 'last 14 days' } }],
    ['2w', { period: { kind: 'dates', from: '2026-11-11', to: '2026-11-24', label: 'last 14 days' } }],
    ['3m', { period: { kind: 'dates', from: '2026-08-26', to: '2026-11-24', label: 'last 91 days' } }],
    ['this week', { period: { kind: 'dates', from: '2026-11-23', to: '2026-11-24', label: 'this week' } }],
    ['last week', { period: { kind: 'dates', from: '2026-11-16', to: '2026-11-22', label: 'last week' } }],
    ['this month', { period: { kind: 'dates', from: '2026-11-01', to: '2026-11-24', label: 'this month' } }],
    ['Last Month', { period: { kind: 'dates', from: '2026-10-01', to: '2026-10-31', label: 'last month' } }],
    ['this quarter', { period: { kind: 'dates', from: '2026-10-01', to: '2026-11-24', label: 'this quarter' } }],
    ['last quarter', { period: { kind: 'dates', from: '2026-07-01', to: '2026-09-30', label: 'last quarter' } }],
    ['2026-01-01..2026-02-15', { period: { kind: 'dates', from: '2026-01-01', to: '2026-02-15', label: '2026-01-01 to 2026-02-15' } }],
    ['me', { view: 'me', scope: 'user' }],
    ['me org', { view: 'me', scope: 'user' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(query(text)).toMatchObject(expected);
  });
});

describe('parseCommand: topics', () => {
  it.each([
    ['peak', 'peak', '30d', 'org'],
    ['Workflows 7d', 'workflows', '7d', 'org'],
    ['depth', 'depth', '30d', 'org'],
    ['frequency users', 'frequency', '30d', 'user'],
    ['trajectory', 'trajectory', '90d', 'org'],
    ['trajectory 12m', 'trajectory', '12m', 'org'],
    ['intensity', 'intensity', '30d', 'org'],
    ['trends', 'trends', '30d', 'user'],
    ['trends org', 'trends', '30d', 'org'],
  ])('"%s" is the %s topic over %s, scope %s', (text, view, range, scope) => {
    expect(query(text)).toMatchObject({ view, period: { kind: 'range', range }, scope });
  });

  it.each([
    ['peak', 'usage'], ['workflows', 'usage'], ['depth', 'usage'], ['frequency', 'adoption'], ['trajectory', 'value'], ['intensity', 'value'], ['trends', 'leaderboard'], ['me', 'usage'], ['models', 'models'],
  ] as const)('%s is answered from the %s report', (view, report) => expect(reportViewOf(view)).toBe(report));

  it('suggests a topic for a typo', () => {
    expect(parseCommand('trajectroy', TODAY)).toMatchObject({ kind: 'error', suggestion: '/ai-adoption trajectory' });
  });
});

describe('parseCommand: filters', () => {
  const cases: Array<[string, Partial<ChatFilters>]> = [
    ['team:Platform', { team: 'Platform' }],
    ['tool:cursor', { tool: 'cursor' }],
    ['TOOL:Claude', { tool: 'claude-code' }],
    ['tool:gemini', { tool: 'gemini-cli' }],
    ['model:opus', { model: 'opus' }],
    ['project:web', { project: 'web' }],
    ['Ann.Lee@Acme.com', { person: { kind: 'email', email: 'ann.lee@acme.com' } }],
    ['person:ann@acme.com', { person: { kind: 'email', email: 'ann@acme.com' } }],
    ['<mailto:ann@acme.com|ann@acme.com>', { person: { kind: 'email', email: 'ann@acme.com' } }],
    ['<@u024be7lh|ann>', { person: { kind: 'mention', userId: 'U024BE7LH' } }],
    ['<@U024BE7LH>', { person: { kind: 'mention', userId: 'U024BE7LH' } }],
    ['@ann', { person: { kind: 'handle', name: 'ann' } }],
    ['team:web tool:cursor model:sonnet project:api @bob', { team: 'web', tool: 'cursor', model: 'sonnet', project: 'api', person: { kind: 'handle', name: 'bob' } }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(query(`usage ${text}`).filters).toEqual({ ...NO_FILTERS, ...expected });
  });

  it('takes words in any order', () => {
    const a = query('usage last 7d team:web tool:cursor users');
    const b = query('users tool:cursor 7d team:web USAGE');
    expect(b).toEqual(a);
  });
});

describe('parseCommand: help and mistakes', () => {
  it('answers help and ? with the help kind', () => {
    expect(parseCommand('help', TODAY)).toEqual({ kind: 'help' });
    expect(parseCommand('usage ?', TODAY)).toEqual({ kind: 'help' });
    expect(HELP_TEXT).toContain('/ai-adoption [view] [range] [filters] [org|users]');
  });

  const errors: Array<[string, RegExp, string | null]> = [
    ['usge', /Did you mean "usage"\?/, '/ai-adoption usage'],
    ['leaderbord 7d', /Did you mean "leaderboard"\?/, '/ai-adoption leaderboard 7d'],
    ['adoption lst 30d', /Did you mean "last"\?/, '/ai-adoption adoption last 30d'],
    ['usage tem:web', /Unknown filter "tem:".*Did you mean team:web\?/, '/ai-adoption usage team:web'],
    ['tool:cursr', /Unknown tool "cursr".*Did you mean tool:cursor\?/, '/ai-adoption tool:cursor'],
    ['tool:vscode', /Unknown tool "vscode"\. Tools: claude-code, gemini-cli, cursor\.$/, null],
    ['banana', /I don't know "banana"\.\nUsage:/, null],
    ['usage models', /Give one view: got usage and models\./, null],
    ['7d 30d', /Give one period: got last 7 days and last 30 days\./, null],
    ['org users', /Give one scope/, null],
    ['48h', /Hours work only as 24h/, null],
    ['500d', /1 to 400 days/, null],
    ['0d', /1 to 400 days/, null],
    ['2026-02-15..2026-01-01', /starts after it ends; write it as 2026-01-01\.\.2026-02-15/, null],
    ['2026-02-30..2026-03-01', /not a pair of real dates/, null],
    ['2024-01-01..2026-01-01', /at most 400 days/, null],
    ['team:', /"team:" needs a value/, null],
    ['last', /part of a period/, null],
    ['this 30d', /part of a period/, null],
    ['@ann @bob', /Give one person: got @ann and @bob\./, null],
    [`team:${'x'.repeat(101)}`, /longer than 100 characters/, null],
    [Array(31).fill('usage').join(' '), /more than 30 words/, null],
    ['<script>alert(1)</script>', /I don't know/, null],
  ];
  it.each(errors)('%j is an error', (text, message, suggestion) => {
    const parsed: ParsedCommand = parseCommand(text, TODAY);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    expect(parsed.message).toMatch(message);
    expect(parsed.suggestion).toBe(suggestion);
  });
});

describe('calendar ranges across year boundaries', () => {
  const cases: Array<[Parameters<typeof calendarDates>[0], string, { from: string; to: string }]> = [
    ['last month', '2026-01-15', { from: '2025-12-01', to: '2025-12-31' }],
    ['last quarter', '2026-02-10', { from: '2025-10-01', to: '2025-12-31' }],
    ['this quarter', '2026-12-31', { from: '2026-10-01', to: '2026-12-31' }],
    ['last month', '2024-03-31', { from: '2024-02-01', to: '2024-02-29' }],
    ['this week', '2026-11-23', { from: '2026-11-23', to: '2026-11-23' }],
    ['last week', '2026-11-29', { from: '2026-11-16', to: '2026-11-22' }],
  ];
  it.each(cases)('%s on %s', (range, today, expected) => {
    expect(calendarDates(range, today)).toEqual(expected);
  });
});

describe('did you mean', () => {
  const distances: Array<[string, string, number]> = [
    ['usage', 'usage', 0],
    ['usge', 'usage', 1],
    ['uasge', 'usage', 1],
    ['models', 'modles', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ];
  it.each(distances)('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
  it('suggests only near words', () => {
    expect(closestWord('valeu', ['value', 'usage'])).toBe('value');
    expect(closestWord('me', ['me', 'models'])).toBe('me');
    expect(closestWord('xyz', ['me', 'models'])).toBeNull();
    expect(closestWord('tema', ['team'])).toBe('team');
  });
});
