import { VALUE_FILTERS, VIEWS, type View } from '../metrics/report-types.ts';
import { CADENCES, type Cadence } from './digest-timing.ts';

/** A digest as asked for in chat; the zone defaults to the org's, the conversation is where it was asked. */
export interface DigestRequest {
  cadence: Cadence;
  time: string;
  weekday: number | null;
  monthDay: number | null;
  timeZone: string | null;
  views: View[];
  /** filter words (team:web tool:cursor), checked with the report grammar when the digest is created */
  filters: string;
}

export type DigestCommand = { kind: 'add'; request: DigestRequest } | { kind: 'list' } | { kind: 'off'; id: string } | { kind: 'error'; message: string };

export const DIGEST_USAGE =
  'Digests: `digest daily 09:00 adoption`, `digest weekly mon 09:00 adoption usage team:platform`, `digest monthly 1 08:30 value tz:Europe/Berlin`, `digests` (this conversation\'s), `digest off <id>`.';

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};
const FILTER_KEYS: readonly string[] = VALUE_FILTERS;
const MAX_VIEWS = 4;

function weekdayOf(word: string): number | null {
  return Object.hasOwn(WEEKDAYS, word) ? WEEKDAYS[word]! : null;
}

function timeOf(word: string): string | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(word);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

const fail = (message: string): DigestCommand => ({ kind: 'error', message: `${message} ${DIGEST_USAGE}` });

/** The digest commands of the chat grammar; null when the text is not one (it is a report question). */
export function parseDigestCommand(text: string): DigestCommand | null {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === '/ai-adoption') words.shift();
  const head = words.shift()?.toLowerCase();
  if (head === 'digests') return words.length === 0 ? { kind: 'list' } : fail('`digests` takes nothing after it.');
  if (head !== 'digest') return null;
  const first = words.shift()?.toLowerCase();
  if (first === 'list' && words.length === 0) return { kind: 'list' };
  if (first === 'off') {
    const id = words[0]?.toLowerCase() ?? '';
    return words.length === 1 && /^[0-9a-f-]{8,36}$/.test(id) ? { kind: 'off', id } : fail('Give the id `digests` shows, e.g. `digest off 1a2b3c4d`.');
  }
  if (!(CADENCES as readonly string[]).includes(first ?? '')) return fail('Start with how often: daily, weekly or monthly.');
  const cadence = first as Cadence;
  const request: DigestRequest = { cadence, time: '09:00', weekday: null, monthDay: cadence === 'monthly' ? 1 : null, timeZone: null, views: [], filters: '' };
  const filters: string[] = [];
  for (const word of words) {
    const lower = word.toLowerCase();
    const key = lower.includes(':') ? lower.slice(0, lower.indexOf(':')) : null;
    if (timeOf(lower)) request.time = timeOf(lower)!;
    else if (cadence === 'weekly' && weekdayOf(lower)) request.weekday = weekdayOf(lower);
    else if (cadence === 'monthly' && /^(day:)?([1-9]|1\d|2[0-8])$/.test(lower)) request.monthDay = Number(lower.replace('day:', ''));
    else if ((VIEWS as readonly string[]).includes(lower)) request.views.push(lower as View);
    else if (key === 'tz') request.timeZone = word.slice(3);
    else if (key !== null && FILTER_KEYS.includes(key)) filters.push(word);
    else if (key === 'person' || lower.includes('@') || lower === 'users' || lower === 'me') return fail('A digest is about groups, never one person.');
    else return fail(`I do not know "${word}" in a digest.`);
  }
  if (cadence === 'weekly' && request.weekday === null) return fail('A weekly digest needs its day: mon, tue, … sun.');
  if (request.views.length > MAX_VIEWS) return fail(`A digest shows at most ${MAX_VIEWS} views.`);
  if (request.views.length === 0) request.views.push('adoption');
  request.views = [...new Set(request.views)];
  request.filters = filters.join(' ');
  return { kind: 'add', request };
}
