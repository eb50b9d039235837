import { VALUE_FILTERS } from '../metrics/report-types.ts';
import { DEFAULT_COOLDOWN_MINUTES, DEFAULT_DAYS, MAX_COOLDOWN_MINUTES, type AlertCondition } from './alert-rules.ts';

export type AlertCommand = { kind: 'add'; condition: AlertCondition; cooldownMinutes: number } | { kind: 'list' } | { kind: 'off'; id: string } | { kind: 'error'; message: string };

export const ALERT_USAGE =
  'Alerts: `alert adoption < 60% team:web`, `alert drop 20%` (weekly active users against the four weeks before), `alert idle 30d > 5` (seats idle 30 days), `alert unactivated 7d` (new seats unused a week after assignment), `alert declining 28d > 3` (people less than half as active as the period before), `alerts`, `alert off <id>`. Add `cooldown:12h` (default 1 day) for the least time between two messages of an alert.';

const FILTER_KEYS: readonly string[] = VALUE_FILTERS;
const NOISE = new Set(['<', '>', 'below', 'above', 'under', 'over', 'than', 'by', 'active', 'users', 'seats', 'people']);
const COOLDOWN_UNITS: Record<string, number> = { m: 1, h: 60, d: 24 * 60 };

/** `cooldown:12h`, `cooldown:2d`, `cooldown:90m`, `cooldown:0`: minutes, or null when it does not read. */
function cooldownMinutes(value: string): number | null {
  const match = /^(\d{1,5})([mhd]?)$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * (COOLDOWN_UNITS[match[2] || 'm'] ?? 1);
  return minutes <= MAX_COOLDOWN_MINUTES ? minutes : null;
}

const fail = (message: string): AlertCommand => ({ kind: 'error', message: `${message} ${ALERT_USAGE}` });

/** The alert commands of the chat grammar; null when the text is not one. */
export function parseAlertCommand(text: string): AlertCommand | null {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === '/ai-adoption') words.shift();
  const head = words.shift()?.toLowerCase();
  if (head === 'alerts') return words.length === 0 ? { kind: 'list' } : fail('`alerts` takes nothing after it.');
  if (head !== 'alert') return null;
  const lower = words.map((w) => w.toLowerCase());
  if (lower[0] === 'off') return lower.length === 2 && /^[0-9a-f-]{8,36}$/.test(lower[1]!) ? { kind: 'off', id: lower[1]! } : fail('Give the id `alerts` shows, e.g. `alert off 1a2b3c4d`.');
  const kinds: Record<string, AlertCondition['kind']> = { adoption: 'adoption-below', drop: 'active-drop', idle: 'idle-seats', unactivated: 'unactivated-seats', declining: 'declining-users' };
  const kindWord = lower.find((w) => Object.hasOwn(kinds, w));
  if (!kindWord) return fail('Say what to watch: adoption, drop, idle, unactivated or declining.');
  const kind = kinds[kindWord]!;
  let percent: number | null = null;
  let count: number | null = null;
  let days: number | null = null;
  let cooldown = DEFAULT_COOLDOWN_MINUTES;
  const filters: string[] = [];
  for (const [i, word] of lower.entries()) {
    if (word === kindWord || NOISE.has(word)) continue;
    const key = word.includes(':') ? word.slice(0, word.indexOf(':')) : null;
    if (/^\d{1,3}(\.\d)?%$/.test(word)) percent = Number(word.slice(0, -1));
    else if (/^\d{1,3}d$/.test(word)) days = Number(word.slice(0, -1));
    else if (/^\d{1,6}$/.test(word)) count = Number(word);
    else if (key === 'cooldown') {
      const minutes = cooldownMinutes(word.slice('cooldown:'.length));
      if (minutes === null) return fail('Give the cooldown as minutes, hours or days up to 30 days: `cooldown:12h`, `cooldown:2d`, `cooldown:0`.');
      cooldown = minutes;
    } else if (key !== null && FILTER_KEYS.includes(key)) filters.push(words[i]!);
    else if (key === 'person' || word.includes('@')) return fail('An alert is about groups, never one person.');
    else return fail(`I do not know "${words[i]}" in an alert.`);
  }
  const add = (condition: AlertCondition): AlertCommand => ({ kind: 'add', condition, cooldownMinutes: cooldown });
  if (days !== null && (days < 1 || days > 365)) return fail('Give 1 to 365 days.');
  if (kind === 'idle-seats' || kind === 'unactivated-seats') {
    if (percent !== null) return fail('A seat alert counts seats: `alert idle 30d > 5`, `alert unactivated 7d`.');
    return add({ kind, threshold: count ?? 0, days: days ?? DEFAULT_DAYS[kind]!, filters: filters.join(' ') });
  }
  if (kind === 'declining-users') {
    if (percent !== null || count === null) return fail('Give how many declining people are too many: `alert declining > 3` (over 28 days), `alert declining 14d > 3`.');
    return add({ kind, threshold: count, days: days ?? DEFAULT_DAYS[kind]!, filters: filters.join(' ') });
  }
  if (percent === null || percent <= 0 || percent > 100) return fail(kind === 'adoption-below' ? 'Give the target rate, e.g. `alert adoption < 60%`.' : 'Give the drop, e.g. `alert drop 20%`.');
  if (count !== null || days !== null) return fail('This alert takes a percentage only.');
  return add({ kind, threshold: percent, days: null, filters: filters.join(' ') });
}
