import { isTopic, TOPIC_REPORT, type ChatTopic } from './chat-topics.ts';
import type { NamedPeriod } from './period-grammar.ts';
import type { Scope, View } from '../metrics/report-types.ts';

/** `me` is the asker's own numbers; a topic is one question a report answers; every other view is a report. */
export type ChatView = View | ChatTopic | 'me';

/** The report a chat view is built from. */
export function reportViewOf(view: ChatView): View {
  if (view === 'me') return 'usage';
  return isTopic(view) ? TOPIC_REPORT[view] : view;
}

export type ChatPeriod = NamedPeriod;

/** Who a person filter names, as typed: the chat adapter resolves mentions and handles to an email. */
export type PersonRef = { kind: 'email'; email: string } | { kind: 'mention'; userId: string } | { kind: 'handle'; name: string };

export interface ChatFilters {
  person: PersonRef | null;
  team: string | null;
  department: string | null;
  organization: string | null;
  tool: string | null;
  model: string | null;
  project: string | null;
}

export interface ChatQuery {
  view: ChatView;
  period: ChatPeriod;
  filters: ChatFilters;
  scope: Scope;
}

export type ParsedCommand =
  | { kind: 'query'; query: ChatQuery }
  | { kind: 'help' }
  /** `suggestion` is the whole command with the typo corrected, when there is one */
  | { kind: 'error'; message: string; suggestion: string | null };
