import type { ChatView } from '../commands/command-types.ts';

/** Whether a rise of the number is good news (green ▲), bad news, or neither. */
export type { Better } from '../metrics/catalogue.ts';
import type { Better } from '../metrics/catalogue.ts';

export interface ReplyFact {
  label: string;
  /** formatted: 41, 12.3k, $1.2k, 37% */
  value: string;
  /** "▲ 12%", "▼ 3 pts", "no change"; null when there is no previous period to compare with */
  change: string | null;
  direction: 'up' | 'down' | 'flat' | null;
  better: Better;
  /** said beside the number, in words: "+3 active without a seat" */
  aside?: string;
}

/** `command` is the command text (without the slash command) that the action runs. */
export type ReplyAction =
  | { kind: 'switch-view'; options: Array<{ view: ChatView; label: string; command: string }>; current: ChatView }
  | { kind: 'scope'; label: string; command: string }
  | { kind: 'explain'; label: string; command: string }
  | { kind: 'share'; label: string; command: string }
  /** the report's tables as CSV files, sent privately to the asker (Slack) */
  | { kind: 'csv'; label: string; command: string }
  /** an answer to a seat nudge (`nudge <choice> <nudgeId>`) */
  | { kind: 'nudge'; label: string; command: string };

/** A platform-neutral chat answer that Slack and Teams render in their own formats. */
export interface Reply {
  kind: 'report' | 'help' | 'error' | 'explain';
  /** "Adoption · last 30 days" */
  title: string;
  /** "22 Oct – 20 Nov 2026 · whole org, all tools" */
  subtitle: string;
  facts: ReplyFact[];
  /** chart names from the charts catalog (domain/charts), at most MAX_CHAT_CHARTS */
  charts: string[];
  /** "Data up to 5 min ago · 41 of 50 licensed people reporting" */
  context: string;
  notes: string[];
  /** free text: help, errors, explanations */
  body: string | null;
  actions: ReplyAction[];
  /** the command that produced this reply, for re-running it (refresh, share) */
  command: string | null;
}

export interface Coverage {
  reporting: number;
  licensed: number;
}
