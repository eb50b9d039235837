import { VALUE_FILTERS } from '../metrics/report-types.ts';
import type { ChatQuery, PersonRef } from './command-types.ts';
import { COMMAND } from './parse-command.ts';

function personWord(person: PersonRef): string {
  return person.kind === 'email' ? person.email : person.kind === 'mention' ? `<@${person.userId}>` : `@${person.name}`;
}

/** The command words that ask for `query` again (parseCommand reads them back), without the slash command itself. */
export function formatCommand(query: ChatQuery): string {
  const words: string[] = [query.view];
  words.push(query.period.kind === 'range' ? query.period.range : `${query.period.from}..${query.period.to}`);
  for (const key of VALUE_FILTERS) {
    const value = query.filters[key];
    if (value !== null) words.push(`${key}:${value}`);
  }
  if (query.filters.person) words.push(personWord(query.filters.person));
  if (query.scope === 'user' && query.view !== 'me') words.push('users');
  return words.join(' ');
}

export function fullCommand(query: ChatQuery): string {
  return `${COMMAND} ${formatCommand(query)}`;
}
