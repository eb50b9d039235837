import { idleDaysProblem } from './nudge-eligibility.ts';

/** The admins' seat-nudge commands of the chat grammar. */
export type NudgeAdminCommand =
  | { kind: 'status' }
  | { kind: 'on'; idleDays: number | null }
  | { kind: 'off' }
  | { kind: 'preview' }
  | { kind: 'seats' }
  | { kind: 'error'; message: string };

export const NUDGE_USAGE =
  'Seat nudges: `nudges` (on or off, and what they achieved), `nudges on` (optionally `idle:21d`), `nudges off`, `nudges preview` (who would get one now, sends nothing), `seats` (seats to reclaim, with their cost).';

const fail = (message: string): NudgeAdminCommand => ({ kind: 'error', message: `${message} ${NUDGE_USAGE}` });

/** `idle:21d`, `idle:21`, `idle-days:21` or a bare `21d`: days, or null when the word is not an idle setting. */
function idleDaysOf(word: string): number | null {
  const match = /^(?:(?:idle|idle-days):)?(\d{1,4})(d?)$/.exec(word);
  if (!match || (!word.includes(':') && match[2] !== 'd')) return null;
  return Number(match[1]);
}

/** `nudges …` and `seats`; null when the text is not one of them (it is a report question or another command). */
export function parseNudgeAdminCommand(text: string): NudgeAdminCommand | null {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0).map((w) => w.toLowerCase());
  if (words[0] === '/ai-adoption') words.shift();
  const head = words.shift();
  if (head === 'seats') return words.length === 0 || (words.length === 1 && words[0] === 'reclaim') ? { kind: 'seats' } : fail('`seats` takes nothing after it.');
  if (head !== 'nudges') return null;
  const [action, ...rest] = words;
  if (action === undefined || action === 'status') return rest.length === 0 ? { kind: 'status' } : fail(`I do not know "${rest[0]}" after \`nudges status\`.`);
  if ((action === 'off' || action === 'preview') && rest.length > 0) return fail(`\`nudges ${action}\` takes nothing after it.`);
  if (action === 'off') return { kind: 'off' };
  if (action === 'preview') return { kind: 'preview' };
  if (action !== 'on') return fail(`I do not know "nudges ${action}".`);
  if (rest.length > 1) return fail('`nudges on` takes at most the idle days, e.g. `nudges on idle:21d`.');
  if (rest.length === 0) return { kind: 'on', idleDays: null };
  const days = idleDaysOf(rest[0]!);
  if (days === null) return fail(`"${rest[0]}" is not a number of idle days; write e.g. idle:21d.`);
  const problem = idleDaysProblem(days);
  return problem ? fail(problem) : { kind: 'on', idleDays: days };
}
