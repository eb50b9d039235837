import { addDays, DAY, HOUR, localDate, zonedInstant, type ApiEv, type RosterLicense } from './report-dataset.ts';

// The oracle's building blocks: periods, prices, workflow names, buckets and the shape of its events. Written from
// docs/metrics.md (prices copied from src/domain/metrics/model-prices.ts and price-list.ts, never imported).

// ---------------------------------------------------------------------------------------------------------
// Periods

export interface Win {
  kind: 'day' | 'hour';
  tz: string;
  /** first and last local day the period touches */
  fromDay: string;
  toDay: string;
  /** [fromMs, toMs) */
  fromMs: number;
  toMs: number;
  days: number;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
}

export function dayWindow(tz: string, fromDay: string, toDay: string): Win {
  return { kind: 'day', tz, fromDay, toDay, fromMs: zonedInstant(tz, fromDay, 0), toMs: zonedInstant(tz, addDays(toDay, 1), 0), days: daysBetween(fromDay, toDay) };
}

function hourWindow(tz: string, fromMs: number, toMs: number): Win {
  return { kind: 'hour', tz, fromDay: localDate(tz, fromMs), toDay: localDate(tz, toMs - 1), fromMs, toMs, days: 1 };
}

const RANGE_DAYS: Record<string, number> = { '7d': 7, '30d': 30, '90d': 90, '6m': 182, '12m': 365 };

/** "A range of N days is the N calendar days ending today (today included)"; 24h: the 24 UTC hours ending with the current hour. */
export function windowFor(p: { range?: string; from?: string; to?: string; tz: string }, now: Date): Win {
  if (p.from && p.to) return dayWindow(p.tz, p.from, p.to);
  const range = p.range ?? '30d';
  if (range === '24h') {
    const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
    return hourWindow(p.tz, end - 24 * HOUR, end);
  }
  const n = RANGE_DAYS[range];
  if (!n) throw new Error(`oracle: range ${range}`);
  const today = localDate(p.tz, now.getTime());
  return dayWindow(p.tz, addDays(today, -(n - 1)), today);
}

/** Same length, ending just before the period starts. */
export function previousWindow(w: Win): Win {
  if (w.kind === 'hour') return hourWindow(w.tz, w.fromMs - (w.toMs - w.fromMs), w.fromMs);
  return dayWindow(w.tz, addDays(w.fromDay, -w.days), addDays(w.fromDay, -1));
}

export function inWin(w: Win, ms: number): boolean {
  if (w.kind === 'hour') return ms >= w.fromMs && ms < w.toMs;
  const d = localDate(w.tz, ms);
  return d >= w.fromDay && d <= w.toDay;
}

/** Days of the period a license is assigned (valid_from..valid_to, both included; open-ended when empty). */
export function seatDays(l: RosterLicense, w: Win): number {
  if (w.kind === 'day') {
    const s = l.validFrom > w.fromDay ? l.validFrom : w.fromDay;
    const e = l.validTo !== null && l.validTo < w.toDay ? l.validTo : w.toDay;
    return s > e ? 0 : daysBetween(s, e);
  }
  const lo = Math.max(zonedInstant(w.tz, l.validFrom, 0), w.fromMs);
  const hi = Math.min(l.validTo === null ? Infinity : zonedInstant(w.tz, addDays(l.validTo, 1), 0), w.toMs);
  return hi > lo ? (hi - lo) / DAY : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Data: prices and workflow names copied from docs/metrics.md, src/domain/metrics/model-prices.ts and price-list.ts

export const MODEL_PRICES: Array<[string, { input: number; output: number; cacheRead: number; cacheWrite: number }]> = [
  ['opus-4-5', { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }],
  ['opus-4.5', { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }],
  ['4.5-opus', { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }],
  ['opus', { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }],
  ['sonnet', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
  ['haiku-4', { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }],
  ['4.5-haiku', { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }],
  ['haiku', { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }],
  ['gemini-2.5-pro', { input: 1.25, output: 10, cacheRead: 0.31, cacheWrite: 0 }],
  ['gemini-2.5-flash-lite', { input: 0.1, output: 0.4, cacheRead: 0.025, cacheWrite: 0 }],
  ['gemini-2.5-flash', { input: 0.3, output: 2.5, cacheRead: 0.075, cacheWrite: 0 }],
  ['gpt-5', { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 }],
];

/**
 * The model family (docs/metrics.md "Models": one key and display name per model, whatever the source calls it) of
 * every raw id the generated data uses, written out by hand; an id missing here fails the oracle.
 */
export const MODEL_FAMILIES: Record<string, { family: string; label: string }> = {
  'claude-sonnet-4-5': { family: 'claude-sonnet-4.5', label: 'Claude Sonnet 4.5' },
  'claude-4.5-sonnet': { family: 'claude-sonnet-4.5', label: 'Claude Sonnet 4.5' },
  'claude-4-sonnet-thinking': { family: 'claude-sonnet-4', label: 'Claude Sonnet 4' },
  'claude-opus-4-1': { family: 'claude-opus-4.1', label: 'Claude Opus 4.1' },
  'gemini-2.5-pro': { family: 'gemini-2.5-pro', label: 'Gemini 2.5 Pro' },
  'gpt-5': { family: 'gpt-5', label: 'GPT-5' },
  default: { family: 'cursor-auto', label: 'Cursor Auto' },
  'cursor-small': { family: 'cursor-small', label: 'Cursor Small' },
  'acme-coder-1': { family: 'acme-coder-1', label: 'Acme Coder 1' },
  '': { family: '(none)', label: 'No model' },
};

export function familyOf(model: string): { family: string; label: string } {
  const known = MODEL_FAMILIES[model];
  if (!known) throw new Error(`the oracle has no model family for "${model}": add it to MODEL_FAMILIES`);
  return known;
}

export const SEAT_PRICES: Record<string, Record<string, number>> = {
  'claude-code': { pro: 20, max_5x: 100, max_20x: 200, team_standard: 30, team_premium: 150, enterprise: 60, api: 0 },
  cursor: { pro: 20, business: 40, enterprise: 40, api: 0 },
  'gemini-cli': { free: 0, standard: 22.8, enterprise: 54, api: 0 },
};

export const WORKFLOW_NAMES = ['code_generation', 'debugging', 'code_review', 'documentation', 'other'] as const;
const WORKFLOW_TOOLS: Record<string, string[]> = {
  code_generation: ['Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'write_file', 'replace', 'edit'],
  debugging: ['Bash', 'BashOutput', 'KillShell', 'KillBash', 'run_shell_command'],
  code_review: ['Read', 'Grep', 'Glob', 'LS', 'read_file', 'read_many_files', 'search_file_content', 'glob', 'list_directory'],
  documentation: ['WebFetch', 'WebSearch', 'web_fetch', 'google_web_search'],
};

export function workflowOf(e: ApiEv): string {
  const attr = e.attributes?.['workflow']?.trim().toLowerCase();
  if (attr) {
    const name = attr.replace(/[\s-]+/g, '_');
    if ((WORKFLOW_NAMES as readonly string[]).includes(name)) return name;
  }
  const tool = (e.toolName ?? '').toLowerCase();
  for (const [workflow, names] of Object.entries(WORKFLOW_TOOLS)) if (names.some((n) => n.toLowerCase() === tool)) return workflow;
  return 'other';
}

export const DEPTH = [['<10k', 10_000], ['10k-100k', 100_000], ['100k-1M', 1_000_000], ['1M-10M', 10_000_000], ['10M+', Infinity]] as const;
export const FREQ = [['1', 2], ['2-4', 5], ['5-9', 10], ['10-19', 20], ['20+', Infinity]] as const;

export function buckets(values: number[], bounds: ReadonlyArray<readonly [string, number]>): Array<{ bucket: string; count: number }> {
  return bounds.map(([bucket, hi], i) => ({ bucket, count: values.filter((v) => v < hi && (i === 0 || v >= (bounds[i - 1] as readonly [string, number])[1])).length }));
}

export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function changeOf(current: number | null, previous: number | null): number | null {
  return current === null || previous === null || previous === 0 ? null : (current - previous) / previous;
}

// ---------------------------------------------------------------------------------------------------------
// Events with their person, session and model

export interface Sess {
  key: string;
  tool: string;
  person: string | null;
  model: string;
  project: string;
  startMs: number;
  tokens: number;
}

export interface Ev extends ApiEv {
  ms: number;
  person: string | null;
  sess: Sess | null;
  /** its own model, else its session's first model request's model */
  effModel: string;
  total: number;
}

export interface Query {
  win: Win;
  persons: Set<string> | null;
  tool: string | null;
  model: string | null;
  project: string | null;
}

export const isActivity = (e: ApiEv) => e.kind === 'user_prompt' || e.kind === 'api_request';
/** docs: Tokens = input + output of model requests; cache reads and writes are their own figures. */
export const tokenTotal = (e: ApiEv) => (e.kind === 'api_request' && e.tokens ? e.tokens.input + e.tokens.output : 0);

export function add<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** The list API price of a model request's tokens in USD (its model, else its session's), or null for an unknown model. */
export function apiUsdOf(e: Ev): number | null {
  const price = MODEL_PRICES.find(([pattern]) => e.effModel.toLowerCase().includes(pattern))?.[1];
  const t = e.tokens ?? { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  return price ? (t.input * price.input + t.output * price.output + t.cacheRead * price.cacheRead + t.cacheCreation * price.cacheWrite) / 1e6 : null;
}
