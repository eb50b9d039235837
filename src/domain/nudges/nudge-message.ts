import type { Reply } from '../replies/reply-types.ts';
import type { SeatReview } from './review-seats.ts';

export const NUDGE_CHOICES = ['help', 'release', 'snooze', 'stop'] as const;
export type NudgeChoice = (typeof NUDGE_CHOICES)[number];

const TOOL_NAMES: Record<string, string> = { 'claude-code': 'Claude Code', 'gemini-cli': 'Gemini CLI', cursor: 'Cursor' };
const toolName = (tool: string) => TOOL_NAMES[tool] ?? tool;

const LABELS: Record<NudgeChoice, string> = { help: 'Help me set up', release: "I don't need this seat", snooze: 'Remind me in two weeks', stop: 'Stop these messages' };

/** A nudge's key in the delivery log (see send-digests' deliver), and whether a delivery is a nudge's. */
export const nudgeDeliveryKey = (nudgeId: string) => `nudge:${nudgeId}`;
export const isNudgeDelivery = (key: string) => key.startsWith('nudge:');

/** The text a button carries, and what it means when pressed. */
export const nudgeCommand = (choice: NudgeChoice, nudgeId: string) => `nudge ${choice} ${nudgeId}`;

export function parseNudgeCommand(text: string): { choice: NudgeChoice; nudgeId: string } | null {
  const match = /^nudge (help|release|snooze|stop) ([0-9a-f-]{36})$/.exec(text.trim());
  return match ? { choice: match[1] as NudgeChoice, nudgeId: match[2]! } : null;
}

type NudgedSeat = Pick<SeatReview, 'tool' | 'tier' | 'since' | 'lastUsed' | 'monthlyCostUsd'>;

function seatFacts(seat: NudgedSeat): Reply['facts'] {
  const fact = (label: string, value: string) => ({ label, value, change: null, direction: null, better: 'neutral' as const });
  return [fact('Seat', `${toolName(seat.tool)} · ${seat.tier}`), fact('Yours since', seat.since), fact('Last used', seat.lastUsed ?? 'never'), fact('Monthly cost', `$${seat.monthlyCostUsd.toLocaleString('en-US')}`)];
}

/** The direct message to the holder of an unused seat: which seat, when it was last used, and four answers. */
export function nudgeReply(seat: NudgedSeat, nudgeId: string): Reply {
  return {
    kind: 'explain',
    title: `Your ${toolName(seat.tool)} seat is waiting for you`,
    subtitle: '',
    facts: seatFacts(seat),
    charts: [],
    context: '',
    notes: ['Uptake asks at most once every two weeks, on weekdays in working hours; "Stop these messages" ends them.'],
    body: `Your company pays for a ${toolName(seat.tool)} seat in your name that has ${seat.lastUsed ? `not been used since ${seat.lastUsed}` : 'not been used yet'}. If it would help, set it up in one step; if you do not need it, say so and it can go to someone who does.`,
    actions: NUDGE_CHOICES.map((choice) => ({ kind: 'nudge' as const, label: LABELS[choice], command: nudgeCommand(choice, nudgeId) })),
    command: null,
  };
}

/** How to start using a seat: the exact commands for its tool, with this Uptake server's address. */
export function setupText(tool: string, serverUrl: string | null): string {
  const server = serverUrl ?? '<your Uptake server>';
  const install = `npm install -g ${server}/cli/uptake-cli.tgz`;
  if (tool === 'cursor') return `Sign in to Cursor with your work email and use it as usual: Uptake reads Cursor's usage from its admin API, nothing to install. The page ${server}/install has the details.`;
  const command = tool === 'gemini-cli' ? 'uptake gemini setup' : 'uptake claude setup';
  return `Install the Uptake CLI and connect ${toolName(tool)} (your admin gives you the key):\n${install}\n${command} --endpoint ${server} --api-key <key> --email <your work email>\nThe page ${server}/install has every command.`;
}

const ANSWERED: Record<NudgeChoice, (seat: NudgedSeat, serverUrl: string | null) => string> = {
  help: (seat, serverUrl) => setupText(seat.tool, serverUrl),
  release: () => 'Thank you: the seat is offered back to your admins. Nothing changes until they act on it.',
  snooze: () => 'Got it: no reminder for two weeks.',
  stop: () => 'Understood: Uptake will not send you these messages again (an admin can turn them back on).',
};

/** The message after the person answered: the same seat, the answer in place of the buttons. */
export function answeredNudgeReply(seat: NudgedSeat, choice: NudgeChoice, serverUrl: string | null): Reply {
  return { ...nudgeReply(seat, '00000000-0000-0000-0000-000000000000'), actions: [], notes: [], body: ANSWERED[choice](seat, serverUrl) };
}

/** What the nudges of a period achieved. */
export interface NudgeOutcome {
  sent: number;
  /** nudged people active with the seat's tool within 14 days after the nudge */
  activeAgain: number;
  /** seats offered back ("I don't need this seat") and their monthly cost */
  released: number;
  releasedMonthlyUsd: number;
}

/** "Seat nudges: 12 sent, 5 people active again within 14 days, 3 seats offered back ($120 a month)"; null when none went out. */
export function describeNudgeOutcome(o: NudgeOutcome): string | null {
  if (o.sent === 0) return null;
  const released = o.released === 0 ? 'no seat offered back' : `${o.released} seat${o.released === 1 ? '' : 's'} offered back ($${Math.round(o.releasedMonthlyUsd).toLocaleString('en-US')} a month)`;
  return `Seat nudges: ${o.sent} sent, ${o.activeAgain} ${o.activeAgain === 1 ? 'person' : 'people'} active again within 14 days, ${released}`;
}
