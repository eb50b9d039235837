/** What the report store reads from the rollups and the roster; the input of the report builders. */
import type { Period } from './period.ts';

/** One period of rollups with the filters applied. */
export interface ReportSlice {
  orgId: string;
  orgTimeZone: string;
  period: Period;
  /** null: everyone */
  persons: string[] | null;
  tool: string | null;
  /** case-insensitive substring of the model name */
  model: string | null;
  project: string | null;
}

export interface Measures {
  sessions: number;
  prompts: number;
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  costUsd: number;
  activeSeconds: number;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
  wfCodeGeneration: number;
  wfDebugging: number;
  wfCodeReview: number;
  wfDocumentation: number;
  wfOther: number;
}

export interface PersonToolRow extends Measures {
  person: string;
  /** null: the person's total over every tool */
  tool: string | null;
  /** the tokens at list API prices (src/domain/metrics/model-prices.ts), and the tokens of unpriced models */
  apiValueUsd: number;
  unpricedTokens: number;
}

export interface ModelRow {
  tool: string;
  model: string;
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  wfCodeGeneration: number;
  wfDebugging: number;
  wfCodeReview: number;
  wfDocumentation: number;
  wfOther: number;
}

export interface DayPersonRow {
  day: string;
  person: string;
  sessions: number;
  activity: number;
  tokens: number;
}

export interface DayModelRow {
  day: string;
  model: string;
  requests: number;
  tokens: number;
}

export interface SessionStats {
  sessions: number;
  tokens: number;
  /** sessions per depth bucket upper bound (tokens); the last bound is Infinity */
  buckets: number[];
}

export interface RosterPerson {
  email: string;
  name: string | null;
  team: string | null;
  department: string | null;
}

export interface RosterSeat {
  email: string;
  tool: string;
  tier: string;
  monthlyPriceUsd: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface ReportSettings {
  timeZone: string;
  minGroupSize: number;
  gracePeriodDays: number;
}

/** Sessions started in the period per person, with those sessions' tokens. */
export interface PersonSessions {
  person: string;
  sessions: number;
  tokens: number;
}

/** Cursor's daily-usage counters summed over a slice (cursor_daily_usage): what only Cursor reports. */
export interface CursorActivity {
  tabsShown: number;
  tabsAccepted: number;
  applies: number;
  accepts: number;
  rejects: number;
  agentRequests: number;
  composerRequests: number;
  chatRequests: number;
  cmdkUsages: number;
  acceptedLinesAdded: number;
  linesAdded: number;
}
