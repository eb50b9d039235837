import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/app/build-report.ts';
import { chatReportRequest, NOT_ALLOWED_NOTE, type ChatCaller } from '../../src/app/chat-report-request.ts';
import { parseCommand } from '../../src/domain/commands/parse-command.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const member: ChatCaller = { orgId: ORG, email: 'ann@acme.com', mayViewPeople: false };
const lead: ChatCaller = { orgId: ORG, email: 'lead@acme.com', mayViewPeople: true };

function request(text: string, caller: ChatCaller, personEmail: string | null = null) {
  const parsed = parseCommand(text, '2026-11-24');
  if (parsed.kind !== 'query') throw new Error(JSON.stringify(parsed));
  return chatReportRequest(parsed.query, caller, personEmail).request;
}

function notes(text: string, caller: ChatCaller, personEmail: string | null = null) {
  const parsed = parseCommand(text, '2026-11-24');
  if (parsed.kind !== 'query') throw new Error(JSON.stringify(parsed));
  return chatReportRequest(parsed.query, caller, personEmail).notes;
}

describe('chatReportRequest', () => {
  it('asks for an org report with the range and filters by default', () => {
    expect(request('usage 7d team:web tool:cursor', member)).toEqual({
      view: 'usage',
      range: '7d',
      filters: { person: null, team: 'web', department: null, organization: null, tool: 'cursor', model: null, project: null },
      scope: 'org',
      caller: { orgId: ORG, personEmail: null, isAdmin: false },
    });
  });

  it('turns calendar ranges into dates', () => {
    expect(request('last month', member)).toMatchObject({ view: 'adoption', from: '2026-10-01', to: '2026-10-31' });
  });

  it('shows `me` as the asker\'s own usage, bound to their email', () => {
    expect(request('me 30d', member)).toEqual({
      view: 'usage',
      range: '30d',
      filters: { person: 'ann@acme.com', team: null, department: null, organization: null, tool: null, model: null, project: null },
      scope: 'user',
      caller: { orgId: ORG, personEmail: 'ann@acme.com', isAdmin: false },
    });
  });

  it('refuses `me` without an email', () => {
    expect(() => request('me', { ...member, email: null })).toThrow(ReportError);
  });

  const perPerson = ['leaderboard users', 'usage @bob', 'usage bob@acme.com', 'underutilized people'];
  it.each(perPerson)('gives a member the org view and a note instead of per-person numbers: %s', (text) => {
    expect(request(text, member, 'bob@acme.com')).toMatchObject({ scope: 'org', filters: { person: null }, caller: { personEmail: null, isAdmin: false } });
    expect(notes(text, member, 'bob@acme.com')).toEqual([NOT_ALLOWED_NOTE]);
  });

  it('adds no note when nothing was held back', () => {
    expect(notes('usage 7d', member)).toEqual([]);
    expect(notes('leaderboard users', lead)).toEqual([]);
  });

  it('lets an allowed lead see people, with the resolved person filter', () => {
    expect(request('usage @bob', lead, 'bob@acme.com')).toMatchObject({
      scope: 'user',
      filters: { person: 'bob@acme.com' },
      caller: { orgId: ORG, personEmail: null, isAdmin: true },
    });
    expect(request('leaderboard users', lead)).toMatchObject({ view: 'leaderboard', scope: 'user', caller: { isAdmin: true } });
  });

  it('asks for an email when a mentioned person could not be resolved', () => {
    expect(() => request('usage @ghost', lead, null)).toThrow(/could not find an email address for that person/);
  });
});
