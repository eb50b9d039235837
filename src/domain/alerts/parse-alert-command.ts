import type { AlertCondition } from './alert-rules.ts';

export type AlertCommand = { kind: 'add'; condition: AlertCondition } | { kind: 'list' } | { kind: 'off'; id: string } | { kind: 'error'; message: string };

export const ALERT_USAGE =
  'Alerts: `alert adoption < 60% team:web`, `alert drop 20%` (weekly active users against the four weeks before), `alert idle 30d > 5` (seats idle 30 days), `alert unactivated 7d` (new seats unused a week after assignment), `alerts`, `alert off <id>`.';

const FILTER_KEYS = ['team', 'tool', 'model', 'project'];
const NOISE = new Set(['<', '>', 'below', 'above', 'under', 'over', 'than', 'by', 'active', 'users', 'seats']);

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
  const kinds: Record<string, AlertCondition['kind']> = { adoption: 'adoption-below', drop: 'active-drop', idle: 'idle-seats', unactivated: 'unactivated-seats' };
  const kindWord = lower.find((w) => Object.hasOwn(kinds, w));
  if (!kindWord) return fail('Say what to watch: adoption, drop, idle or unactivated.');
  const kind = kinds[kindWord]!;
  let percent: number | null = null;
  let count: number | null = null;
  let days: number | null = null;
  const filters: string[] = [];
  for (const [i, word] of lower.entries()) {
    if (word === kindWord || NOISE.has(word)) continue;
    const key = word.includes(':') ? word.slice(0, word.indexOf(':')) : null;
    if (/^\d{1,3}(\.\d)?%$/.test(word)) percent = Number(word.slice(0, -1));
    else if (/^\d{1,3}d$/.test(word)) days = Number(word.slice(0, -1));
    else if (/^\d{1,6}$/.test(word)) count = Number(word);
    else if (key !== null && FILTER_KEYS.includes(key)) filters.push(words[i]!);
    else if (key === 'person' || word.includes('@')) return fail('An alert is about groups, never one person.');
    else return fail(`I do not know "${words[i]}" in an alert.`);
  }
  if (kind === 'idle-seats' || kind === 'unactivated-seats') {
    if (percent !== null) return fail('A seat alert counts seats: `alert idle 30d > 5`, `alert unactivated 7d`.');
    if (days !== null && (days < 1 || days > 365)) return fail('Give 1 to 365 days.');
    return { kind: 'add', condition: { kind, threshold: count ?? 0, days: days ?? (kind === 'idle-seats' ? 30 : 7), filters: filters.join(' ') } };
  }
  if (percent === null || percent <= 0 || percent > 100) return fail(kind === 'adoption-below' ? 'Give the target rate, e.g. `alert adoption < 60%`.' : 'Give the drop, e.g. `alert drop 20%`.');
  if (count !== null || days !== null) return fail('This alert takes a percentage only.');
  return { kind: 'add', condition: { kind, threshold: percent, days: null, filters: filters.join(' ') } };
}
