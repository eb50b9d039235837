import { closestWord } from '../commands/did-you-mean.ts';
import { VALUE_FILTERS, type Filters, type ValueFilter } from './report-types.ts';

/** The values an org has for each filter: the roster's teams and departments, the rolled-up tools, models, projects and organizations. */
export type KnownValues = Record<ValueFilter, readonly string[]>;

/** A filter value the org does not have, with the closest value it does have. */
export interface UnknownFilter {
  field: ValueFilter;
  value: string;
  suggestion: string | null;
  message: string;
}

const PLURAL: Record<ValueFilter, string> = {
  team: 'teams', department: 'departments', organization: 'organizations', tool: 'tools', model: 'models', project: 'projects',
};
const LISTED = 12;

/** Whether a filter value selects the known value, as the report's rows are filtered: models by part of their id, the rest whole, in any case. */
export function filterMatches(field: ValueFilter, known: string, value: string): boolean {
  const [k, v] = [known.toLowerCase(), value.toLowerCase()];
  return field === 'model' ? k.includes(v) : k === v;
}

/** Model ids are matched by a part ("opus", "gemini-2.5"): suggest parts as well as whole ids. */
function candidates(field: ValueFilter, known: readonly string[]): string[] {
  if (field !== 'model') return [...known];
  const parts = known.flatMap((id) => id.split(/[-_./:@\s]+/).filter((p) => /[a-z]/i.test(p) && p.length >= 3));
  return [...new Set([...known, ...parts])];
}

function suggestionFor(field: ValueFilter, value: string, known: readonly string[]): string | null {
  const options = candidates(field, known);
  const lower = options.map((o) => o.toLowerCase());
  const guess = closestWord(value.toLowerCase(), lower);
  return guess === null ? null : options[lower.indexOf(guess)]!;
}

function listing(known: readonly string[]): string {
  const sorted = [...known].sort((a, b) => a.localeCompare(b));
  const more = sorted.length - LISTED;
  return sorted.slice(0, LISTED).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** The first filter naming a value the org does not have (null: every filter names something real). */
export function unknownFilter(filters: Filters, known: KnownValues): UnknownFilter | null {
  for (const field of VALUE_FILTERS) {
    const value = filters[field];
    if (value === null) continue;
    const values = known[field];
    if (values.some((k) => filterMatches(field, k, value))) continue;
    const suggestion = suggestionFor(field, value, values);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
    const have = values.length === 0 ? ` This org has no ${PLURAL[field]} yet.` : ` Its ${PLURAL[field]}: ${listing(values)}.`;
    return { field, value, suggestion, message: `Unknown ${field} "${value}": this org has no such ${field}.${hint}${have}` };
  }
  return null;
}
