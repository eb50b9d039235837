import type { Reply } from '../../src/domain/replies/reply-types.ts';

/** A report reply with every part a chat renderer draws: facts with and without changes, a note, the four controls. */
export function sampleReply(text: { subtitle: string; note: string }): Reply {
  return {
    kind: 'report',
    title: 'Adoption · last 30 days',
    subtitle: text.subtitle,
    facts: [
      { label: 'Active users', value: '41', change: '▲ 37%', direction: 'up', better: 'up' },
      { label: 'Adoption rate', value: '70%', change: '▼ 5 pts', direction: 'down', better: 'up' },
      { label: 'New users', value: '4', change: null, direction: null, better: 'up' },
    ],
    charts: ['adoption-active-users'],
    context: 'Data up to 5 min ago · 41 of 50 licensed people reporting',
    notes: [text.note],
    body: null,
    actions: [
      { kind: 'switch-view', current: 'usage', options: [{ view: 'adoption', label: 'Adoption', command: 'adoption 30d' }, { view: 'usage', label: 'Usage', command: 'usage 30d' }] },
      { kind: 'scope', label: 'Show people', command: 'adoption 30d users' },
      { kind: 'explain', label: 'Explain these numbers', command: 'adoption 30d' },
      { kind: 'share', label: 'Share in channel', command: 'adoption 30d' },
    ],
    command: 'adoption 30d',
  };
}
