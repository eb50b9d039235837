import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestLines } from '../../../src/domain/digests/compose-digest.ts';
import type { Reply } from '../../../src/domain/replies/reply-types.ts';
import { sampleReply } from '../../support/sample-reply.ts';

const adoption: Reply = { ...sampleReply({ subtitle: '28 Dec – 3 Jan · whole org', note: 'A note.' }), charts: ['adoption-active-users', 'adoption-new-users'] };
const usage: Reply = {
  ...adoption,
  title: 'Usage',
  facts: [adoption.facts[0]!, { label: 'Sessions', value: '12', change: '▲ 20%', direction: 'up', better: 'up' }],
  charts: ['usage-sessions', 'usage-tokens', 'usage-peak'],
  notes: ['A note.', 'Another note.'],
};

const NO_LINES: DigestLines = { cohorts: null, alerts: [], nudges: null, late: null };

describe('composeDigest', () => {
  it('puts every view\'s numbers once, up to four charts taking each view\'s first ones first, and no buttons', () => {
    const reply = composeDigest('weekly', { from: '2026-12-28', to: '2027-01-03' }, [adoption, usage], NO_LINES);
    expect(reply.title).toBe('Weekly AI adoption digest');
    expect(reply.subtitle).toBe('28 Dec – 3 Jan · whole org');
    expect(reply.facts.map((f) => f.label)).toEqual(['Active users', 'Adoption rate', 'New users', 'Sessions']);
    expect(reply.charts).toEqual(['adoption-active-users', 'usage-sessions', 'adoption-new-users', 'usage-tokens']);
    expect(reply.notes).toEqual(['A note.', 'Another note.']);
    expect(reply.actions).toEqual([]);
  });

  it('says when the period\'s data is late, and reports a problem when no view could be built', () => {
    expect(composeDigest('daily', { from: '2027-01-03', to: '2027-01-03' }, [adoption], { ...NO_LINES, late: 'Late.' }).notes).toContain('Late.');
    const failed = composeDigest('daily', { from: '2027-01-03', to: '2027-01-03' }, [{ ...adoption, kind: 'error', body: 'Unknown team "web".' }], NO_LINES);
    expect(failed).toMatchObject({ kind: 'error', body: 'Unknown team "web".' });
  });

  it('leads the notes with the cohort line and the alerts firing, the late note last', () => {
    const lines = { cohorts: 'People: 1 new · 2 retained · 0 reactivated · 3 lapsed', alerts: ['adoption below 60%: adoption 42%', 'more than 5 seats idle for 30 days'], nudges: 'Seat nudges: 2 sent', late: 'Late.' };
    expect(composeDigest('weekly', { from: '2026-12-28', to: '2027-01-03' }, [adoption], lines).notes).toEqual([
      'People: 1 new · 2 retained · 0 reactivated · 3 lapsed',
      'Alerts firing: adoption below 60%: adoption 42%; more than 5 seats idle for 30 days',
      'Seat nudges: 2 sent',
      'A note.',
      'Late.',
    ]);
  });
});
