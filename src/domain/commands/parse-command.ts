import { RANGES } from '../metrics/period.ts';
import { VALUE_FILTERS, VIEWS, type Scope } from '../metrics/report-types.ts';
import { isTopic, TOPIC_DEFAULT_RANGE, TOPIC_DEFAULT_SCOPE, TOPICS } from './chat-topics.ts';
import type { ChatFilters, ChatPeriod, ChatView, ParsedCommand, PersonRef } from './command-types.ts';
import { closestWord } from './did-you-mean.ts';
import { PERIOD_EXAMPLES, PERIOD_WORDS, PeriodGrammarError, rangePeriod, readPeriod } from './period-grammar.ts';

/**
 * The `/ai-adoption [view] [range] [filters] [org|users]` grammar. Words may come in any order and any case.
 * Pure: `today` is the org-zone date that calendar ranges ("this week") count from.
 */

export const COMMAND = '/ai-adoption';
export const CHAT_VIEWS: readonly ChatView[] = [...VIEWS, ...TOPICS, 'me'];
export const TOOLS = ['claude-code', 'gemini-cli', 'cursor'] as const;
const TOOL_ALIASES: Record<string, string> = { claude: 'claude-code', 'claude-code': 'claude-code', gemini: 'gemini-cli', 'gemini-cli': 'gemini-cli', cursor: 'cursor' };
/** A tool's name from a name or short name people use (claude, gemini), in any case; null when it is not one. */
export function canonicalTool(name: string): string | null {
  return TOOL_ALIASES[name.toLowerCase()] ?? null;
}
const FILTER_KEYS = [...VALUE_FILTERS, 'person'] as const;
const SCOPE_WORDS: Record<string, Scope> = { org: 'org', users: 'user', user: 'user', people: 'user' };
const VALUE_MAX_LENGTH = 100;
const MAX_WORDS = 30;

export const HELP_TEXT = [
  `Usage: ${COMMAND} [view] [range] [filters] [org|users]`,
  `Views: ${CHAT_VIEWS.join(', ')} (default adoption), help`,
  `Ranges: last 30d (default), ${PERIOD_EXAMPLES}`,
  `Filters: team:platform, department:engineering, organization:acme, tool:${TOOLS.join('|')}, model:opus, project:web, @someone or an email`,
  `Example: ${COMMAND} usage last 7d team:platform tool:cursor`,
].join('\n');

const VOCABULARY = [...CHAT_VIEWS, 'help', ...PERIOD_WORDS, ...Object.keys(SCOPE_WORDS), ...RANGES];

const EMAIL = /^[^\s@<>:]+@[^\s@<>:]+\.[^\s@<>:]+$/;
const SLACK_MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i;
const SLACK_MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i;

/** `fix` replaces the word `typo` in the corrected command we suggest. */
class CommandError extends Error {
  constructor(message: string, readonly fix: { typo: string; replacement: string } | null = null) {
    super(message);
  }
}

function personLabel(person: PersonRef): string {
  return person.kind === 'email' ? person.email : person.kind === 'mention' ? `<@${person.userId}>` : `@${person.name}`;
}

function personOf(word: string): PersonRef | null {
  const mention = SLACK_MENTION.exec(word);
  if (mention) return { kind: 'mention', userId: mention[1]!.toUpperCase() };
  const mailto = SLACK_MAILTO.exec(word);
  const email = mailto ? mailto[1]! : word;
  if (EMAIL.test(email)) return { kind: 'email', email: email.toLowerCase() };
  if (word.startsWith('@') && word.length > 1) return { kind: 'handle', name: word.slice(1) };
  return null;
}

function filterValue(key: string, raw: string, word: string): string {
  if (raw.length === 0) throw new CommandError(`"${key}:" needs a value, e.g. ${key}:${key === 'tool' ? 'cursor' : 'platform'}.`);
  if (raw.length > VALUE_MAX_LENGTH) throw new CommandError(`The ${key} value is longer than ${VALUE_MAX_LENGTH} characters.`);
  if (key !== 'tool') return raw;
  const tool = canonicalTool(raw);
  if (tool) return tool;
  const guess = closestWord(raw.toLowerCase(), Object.keys(TOOL_ALIASES));
  throw new CommandError(
    `Unknown tool "${raw}". Tools: ${TOOLS.join(', ')}.${guess ? ` Did you mean tool:${TOOL_ALIASES[guess]}?` : ''}`,
    guess ? { typo: word, replacement: `tool:${TOOL_ALIASES[guess]}` } : null,
  );
}

/** Parses the text after the slash command (the command itself may be included). */
export function parseCommand(text: string, today: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === COMMAND) words.shift();
  if (words.length > MAX_WORDS) return { kind: 'error', message: `That is more than ${MAX_WORDS} words.\n${HELP_TEXT}`, suggestion: null };
  try {
    return parseWords(words, today);
  } catch (error) {
    if (error instanceof PeriodGrammarError) return { kind: 'error', message: error.message, suggestion: null };
    if (!(error instanceof CommandError)) throw error;
    const { fix } = error;
    const suggestion = fix === null ? null : [COMMAND, ...words.map((w) => (w === fix.typo ? fix.replacement : w))].join(' ');
    return { kind: 'error', message: error.message, suggestion };
  }
}

function parseWords(words: string[], today: string): ParsedCommand {
  let view: ChatView | null = null;
  let period: ChatPeriod | null = null;
  let scope: Scope | null = null;
  const filters: ChatFilters = { person: null, team: null, department: null, organization: null, tool: null, model: null, project: null };
  const once = <T>(current: T | null, next: T, what: string, shown: (v: T) => string): T => {
    if (current !== null && current !== next) throw new CommandError(`Give one ${what}: got ${shown(current)} and ${shown(next)}.`);
    return next;
  };
  const setPeriod = (next: ChatPeriod) => {
    period = once(period, next, 'period', (p) => p.label);
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (lower === 'help' || lower === '?') return { kind: 'help' };
    if ((CHAT_VIEWS as readonly string[]).includes(lower)) {
      view = once(view, lower as ChatView, 'view', String);
      continue;
    }
    if (lower in SCOPE_WORDS) {
      scope = once(scope, SCOPE_WORDS[lower]!, 'scope (org or users)', String);
      continue;
    }
    const read = readPeriod(words, i, today);
    if (read) {
      setPeriod(read.period);
      i += read.used - 1;
      continue;
    }
    const person = personOf(word);
    if (person) {
      filters.person = once(filters.person, person, 'person', personLabel);
      continue;
    }
    const colon = word.indexOf(':');
    if (colon > 0 && !word.startsWith('<')) {
      const key = lower.slice(0, colon);
      const raw = word.slice(colon + 1);
      if ((FILTER_KEYS as readonly string[]).includes(key)) {
        if (key === 'person') {
          const ref = personOf(raw) ?? (raw ? { kind: 'handle' as const, name: raw } : null);
          if (!ref) throw new CommandError('"person:" needs an email or a name, e.g. person:ann@acme.com.');
          filters.person = once(filters.person, ref, 'person', personLabel);
        } else {
          const k = key as Exclude<(typeof FILTER_KEYS)[number], 'person'>;
          filters[k] = once(filters[k], filterValue(k, raw, word), `${k} filter`, String);
        }
        continue;
      }
      const guess = closestWord(key, FILTER_KEYS);
      throw new CommandError(
        `Unknown filter "${key}:". Filters: ${FILTER_KEYS.map((k) => `${k}:`).join(', ')}.${guess ? ` Did you mean ${guess}:${raw}?` : ''}`,
        guess ? { typo: word, replacement: `${guess}:${raw}` } : null,
      );
    }
    const guess = closestWord(lower, VOCABULARY);
    if (guess) throw new CommandError(`I don't know "${word}". Did you mean "${guess}"?`, { typo: word, replacement: guess });
    throw new CommandError(`I don't know "${word}".\n${HELP_TEXT}`);
  }
  const chosenView: ChatView = view ?? 'adoption';
  const topic = isTopic(chosenView) ? chosenView : null;
  return {
    kind: 'query',
    query: {
      view: chosenView,
      period: period ?? rangePeriod((topic && TOPIC_DEFAULT_RANGE[topic]) ?? '30d'),
      filters,
      scope: chosenView === 'me' ? 'user' : (scope ?? (topic && TOPIC_DEFAULT_SCOPE[topic]) ?? 'org'),
    },
  };
}
