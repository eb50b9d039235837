import { addDays, daysBetween, isDate, MAX_PERIOD_DAYS, PeriodError, RANGES, type RangeName } from '../metrics/period.ts';
import { CALENDAR_RANGES, calendarDates, type CalendarRange } from './calendar-range.ts';
import { closestWord } from './did-you-mean.ts';

/**
 * The one grammar of report periods, shared by the chat command and the API's `range=`: a named range (24h, 7d,
 * 30d, 90d, 6m, 12m), an amount of days, weeks, months or years (14d, 2w, 3m, 1y, optionally after "last" or
 * "past"), a calendar period (this week, last month, this quarter, ...) or a span of dates (2026-01-01..2026-02-15).
 * Case-insensitive. Pure: `today` is the org-zone date that relative periods count back from.
 */

export type NamedPeriod =
  | { kind: 'range'; range: RangeName; label: string }
  | { kind: 'dates'; from: string; to: string; label: string };

/** A period that cannot be read; the message says what is accepted. */
export class PeriodGrammarError extends PeriodError {}

export const PERIOD_WORDS = ['last', 'this', 'past', 'week', 'month', 'quarter'] as const;
export const PERIOD_EXAMPLES = `${RANGES.join(', ')}, 14d, 2w, 3m, 1y, this week, last month, this quarter, last quarter, 2026-01-01..2026-02-15`;

const AMOUNT = /^(\d{1,4})([hdwmy])$/;
const DATE_SPAN = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7 };
const RANGE_LABELS: Record<RangeName, string> = {
  '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days', '90d': 'last 90 days', '6m': 'last 6 months', '12m': 'last 12 months',
};

export function rangePeriod(range: RangeName): NamedPeriod {
  return { kind: 'range', range, label: RANGE_LABELS[range] };
}

/** `30d`, `6m`, `2w`, `24h`, `1y`: a named range when there is one, else that many days ending today. */
function amountPeriod(count: number, unit: string, text: string, today: string): NamedPeriod {
  if ((RANGES as readonly string[]).includes(text)) return rangePeriod(text as RangeName);
  if (text === '1y') return rangePeriod('12m');
  if (unit === 'h') throw new PeriodGrammarError('Hours work only as 24h; use 24h or a number of days such as 7d.');
  const days = unit === 'y' ? count * 365 : unit === 'm' ? Math.round((count * 365) / 12) : count * (UNIT_DAYS[unit] ?? 1);
  if (days < 1 || days > MAX_PERIOD_DAYS) throw new PeriodGrammarError(`A period can be 1 to ${MAX_PERIOD_DAYS} days long; "${text}" is ${days} days.`);
  return { kind: 'dates', from: addDays(today, -(days - 1)), to: today, label: `last ${days} days` };
}

function spanPeriod(from: string, to: string): NamedPeriod {
  if (!isDate(from) || !isDate(to)) throw new PeriodGrammarError(`"${from}..${to}" is not a pair of real dates; write 2026-01-01..2026-02-15.`);
  if (from > to) throw new PeriodGrammarError(`The range starts after it ends; write it as ${to}..${from}.`);
  const days = daysBetween(from, to);
  if (days > MAX_PERIOD_DAYS) throw new PeriodGrammarError(`A period can be at most ${MAX_PERIOD_DAYS} days long; ${from}..${to} is ${days} days.`);
  return { kind: 'dates', from, to, label: `${from} to ${to}` };
}

/**
 * The period that starts at `words[start]`, and how many words it takes (1 or 2); null when that word does not
 * start a period. Throws PeriodGrammarError for a period word used wrongly ("last" alone, "48h", "500d").
 */
export function readPeriod(words: readonly string[], start: number, today: string): { period: NamedPeriod; used: number } | null {
  const word = words[start]?.toLowerCase();
  if (word === undefined) return null;
  const next = words[start + 1]?.toLowerCase();
  if ((word === 'last' || word === 'this' || word === 'past') && next !== undefined) {
    const calendar = `${word === 'past' ? 'last' : word} ${next}`;
    if ((CALENDAR_RANGES as readonly string[]).includes(calendar)) {
      const { from, to } = calendarDates(calendar as CalendarRange, today);
      return { period: { kind: 'dates', from, to, label: calendar }, used: 2 };
    }
    const amount = word !== 'this' ? AMOUNT.exec(next) : null;
    if (amount) return { period: amountPeriod(Number(amount[1]), amount[2]!, next, today), used: 2 };
  }
  if ((PERIOD_WORDS as readonly string[]).includes(word)) {
    throw new PeriodGrammarError(`"${words[start]}" is part of a period such as "last 30d", "this week" or "last quarter".`);
  }
  const amount = AMOUNT.exec(word);
  if (amount) return { period: amountPeriod(Number(amount[1]), amount[2]!, word, today), used: 1 };
  const span = DATE_SPAN.exec(word);
  if (span) return { period: spanPeriod(span[1]!, span[2]!), used: 1 };
  return null;
}

/** A whole text that must be exactly one period, such as the API's `range=`. */
export function parsePeriod(text: string, today: string): NamedPeriod {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const read = readPeriod(words, 0, today);
  if (read && read.used === words.length) return read.period;
  const guess = closestWord(text.trim().toLowerCase(), [...RANGES, ...CALENDAR_RANGES]);
  throw new PeriodGrammarError(`Unknown range "${text}".${guess ? ` Did you mean "${guess}"?` : ''} Use one of ${PERIOD_EXAMPLES}.`);
}

/** The API's period parameters: `range` in the grammar, or `from` and `to` dates (checked by resolvePeriod). */
export function requestedPeriod(
  input: { range?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
): { range?: RangeName; from?: string; to?: string } {
  if (input.range === undefined) return { from: input.from, to: input.to };
  if (input.from !== undefined || input.to !== undefined) throw new PeriodGrammarError('Give either "range" or "from" and "to", not both.');
  const period = parsePeriod(input.range, today);
  return period.kind === 'range' ? { range: period.range } : { from: period.from, to: period.to };
}
