import { describe, expect, it } from 'vitest';
import { parseNudgeAdminCommand } from '../../../src/domain/nudges/parse-nudge-admin-command.ts';

describe('the seat-nudge commands of the chat grammar', () => {
  it.each([
    ['nudges', { kind: 'status' }],
    ['/ai-adoption Nudges status', { kind: 'status' }],
    ['nudges on', { kind: 'on', idleDays: null }],
    ['nudges on idle:21d', { kind: 'on', idleDays: 21 }],
    ['nudges ON idle-days:30', { kind: 'on', idleDays: 30 }],
    ['nudges on 7d', { kind: 'on', idleDays: 7 }],
    ['nudges off', { kind: 'off' }],
    ['nudges preview', { kind: 'preview' }],
    ['seats', { kind: 'seats' }],
    ['/ai-adoption seats reclaim', { kind: 'seats' }],
  ])('%s', (text, expected) => expect(parseNudgeAdminCommand(text)).toEqual(expected));

  it.each([
    ['nudges on idle:0d', 'from 1 to 365'],
    ['nudges on idle:366d', 'from 1 to 365'],
    ['nudges on 21', 'is not a number of idle days'],
    ['nudges on idle:soon', 'is not a number of idle days'],
    ['nudges on idle:7d now', 'takes at most the idle days'],
    ['nudges off now', '`nudges off` takes nothing after it'],
    ['nudges maybe', 'I do not know "nudges maybe"'],
    ['seats for ann', '`seats` takes nothing after it'],
  ])('%s is refused: %s', (text, message) => {
    const parsed = parseNudgeAdminCommand(text);
    expect(parsed?.kind).toBe('error');
    expect(parsed?.kind === 'error' && parsed.message).toContain(message);
  });

  it.each(['usage last 30d', 'digest weekly mon 09:00', `nudge stop ${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, 'seat'])('leaves "%s" to the other commands', (text) => {
    expect(parseNudgeAdminCommand(text)).toBeNull();
  });
});
