import { describe, expect, it } from 'vitest';
import { parseDigestCommand } from '../../../src/domain/digests/parse-digest-command.ts';

describe('parseDigestCommand', () => {
  it('reads a digest with its cadence, day, time, views, filters and zone', () => {
    expect(parseDigestCommand('/ai-adoption digest weekly mon 09:00 adoption usage team:platform tz:Europe/Berlin')).toEqual({
      kind: 'add',
      request: { cadence: 'weekly', time: '09:00', weekday: 1, monthDay: null, timeZone: 'Europe/Berlin', views: ['adoption', 'usage'], filters: 'team:platform' },
    });
    expect(parseDigestCommand('digest monthly 15 8:30 value')).toMatchObject({ kind: 'add', request: { cadence: 'monthly', monthDay: 15, time: '08:30', views: ['value'] } });
    expect(parseDigestCommand('digest daily')).toMatchObject({ kind: 'add', request: { cadence: 'daily', time: '09:00', views: ['adoption'], timeZone: null } });
    expect(parseDigestCommand('digest weekly friday 17:00 models tool:cursor')).toMatchObject({ kind: 'add', request: { weekday: 5, filters: 'tool:cursor' } });
  });

  it('reads the list and the removal', () => {
    expect(parseDigestCommand('digests')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('digest list')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('digest off 1A2B3C4D')).toEqual({ kind: 'off', id: '1a2b3c4d' });
  });

  it.each([
    ['digest weekly 09:00', /needs its day/],
    ['digest hourly 09:00', /daily, weekly or monthly/],
    ['digest daily 25:00', /do not know "25:00"/],
    ['digest monthly 31', /do not know "31"/],
    ['digest daily ann@acme.com', /never one person/],
    ['digest daily users', /never one person/],
    ['digest daily adoption usage models value leaderboard', /at most 4 views/],
    ['digest off xyz', /Give the id/],
    ['digests please', /takes nothing/],
  ])('refuses %j with what to fix', (text, message) => {
    const parsed = parseDigestCommand(text);
    expect(parsed?.kind).toBe('error');
    expect(parsed && parsed.kind === 'error' ? parsed.message : '').toMatch(message);
  });

  it('leaves report questions alone', () => {
    expect(parseDigestCommand('usage last 30d')).toBeNull();
    expect(parseDigestCommand('')).toBeNull();
  });
});
