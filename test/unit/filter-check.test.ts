import { describe, expect, it } from 'vitest';
import { unknownFilter, type KnownValues } from '../../src/domain/metrics/filter-check.ts';
import { NO_FILTERS, type Filters } from '../../src/domain/metrics/report-types.ts';

const KNOWN: KnownValues = {
  team: ['Platform', 'Mobile'],
  department: ['Engineering'],
  organization: ['Acme Cloud'],
  tool: ['claude-code', 'gemini-cli', 'cursor'],
  model: ['claude-opus-4-1', 'claude-sonnet-4-5', 'gemini-2.5-pro'],
  project: ['web', 'ml'],
};
const many = Array.from({ length: 15 }, (_, i) => `team-${String(i).padStart(2, '0')}`);

describe('unknownFilter', () => {
  it.each<[Partial<Filters>]>([
    [{}],
    [{ team: 'platform' }],
    [{ department: 'ENGINEERING', organization: 'acme cloud' }],
    [{ tool: 'cursor' }],
    [{ model: 'opus' }],
    [{ model: 'Gemini-2.5' }],
    [{ project: 'ML' }],
  ])('accepts %o', (filters) => {
    expect(unknownFilter({ ...NO_FILTERS, ...filters }, KNOWN)).toBeNull();
  });

  it.each<[Partial<Filters>, string, string | null, string]>([
    [{ team: 'Platfrom' }, 'team', 'Platform', 'Unknown team "Platfrom": this org has no such team. Did you mean "Platform"? Its teams: Mobile, Platform.'],
    [{ team: 'Nope' }, 'team', null, 'Unknown team "Nope": this org has no such team. Its teams: Mobile, Platform.'],
    [{ department: 'Enginering' }, 'department', 'Engineering', 'Unknown department "Enginering": this org has no such department. Did you mean "Engineering"? Its departments: Engineering.'],
    [{ organization: 'Acme Clud' }, 'organization', 'Acme Cloud', 'Unknown organization "Acme Clud": this org has no such organization. Did you mean "Acme Cloud"? Its organizations: Acme Cloud.'],
    [{ tool: 'gemini-clj' }, 'tool', 'gemini-cli', 'Unknown tool "gemini-clj": this org has no such tool. Did you mean "gemini-cli"? Its tools: claude-code, cursor, gemini-cli.'],
    [{ model: 'sonet' }, 'model', 'sonnet', 'Unknown model "sonet": this org has no such model. Did you mean "sonnet"? Its models: claude-opus-4-1, claude-sonnet-4-5, gemini-2.5-pro.'],
    [{ model: 'gpt-5' }, 'model', null, 'Unknown model "gpt-5": this org has no such model. Its models: claude-opus-4-1, claude-sonnet-4-5, gemini-2.5-pro.'],
    [{ project: 'wbe' }, 'project', 'web', 'Unknown project "wbe": this org has no such project. Did you mean "web"? Its projects: ml, web.'],
  ])('refuses %o', (filters, field, suggestion, message) => {
    expect(unknownFilter({ ...NO_FILTERS, ...filters }, KNOWN)).toEqual({ field, value: Object.values(filters)[0], suggestion, message });
  });

  it('says when the org has no values at all, and lists at most twelve', () => {
    expect(unknownFilter({ ...NO_FILTERS, organization: 'Acme' }, { ...KNOWN, organization: [] })?.message).toBe(
      'Unknown organization "Acme": this org has no such organization. This org has no organizations yet.',
    );
    expect(unknownFilter({ ...NO_FILTERS, team: 'x' }, { ...KNOWN, team: many })?.message).toMatch(/Its teams: team-00, .*, team-11 and 3 more\.$/);
  });

  it('checks the filters in a fixed order and names the first unknown one', () => {
    expect(unknownFilter({ ...NO_FILTERS, project: 'nope', team: 'nope' }, KNOWN)?.field).toBe('team');
  });
});
