import type { RosterPerson } from '../rollup-rows.ts';

/** How reports group people besides by tool: the roster's team and department, and the organization they sent. */
export const GROUPINGS = ['team', 'department', 'organization'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The group of a person under a grouping; people without one share "(no team)", "(no department)", "(no organization)". */
export function groupOf(grouping: Grouping, roster: ReadonlyMap<string, RosterPerson>, organizations: ReadonlyMap<string, string>): (person: string) => string {
  if (grouping === 'organization') return (person) => organizations.get(person) ?? '(no organization)';
  return (person) => roster.get(person)?.[grouping] ?? `(no ${grouping})`;
}
