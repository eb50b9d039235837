import { filterText, periodText } from '../charts/chart-title.ts';
import { formatNumber } from '../charts/number-format.ts';
import type { ChatQuery, ChatView } from '../commands/command-types.ts';
import { formatCommand } from '../commands/format-command.ts';
import { CHAT_VIEWS, HELP_TEXT } from '../commands/parse-command.ts';
import type { CursorUsage, Report, UsageReport } from '../metrics/report-types.ts';
import { denominatorNote, factAside } from './fact-asides.ts';
import { contextLine } from './freshness.ts';
import { insightLines } from './topic-insights.ts';
import { CHAT_CHARTS, CURSOR_CHART, CURSOR_FACTS, EXPLANATIONS, FACTS, MAX_CHAT_CHARTS, VIEW_TITLES, type FactDefinition } from './fact-definitions.ts';
import type { Coverage, Reply, ReplyAction, ReplyFact } from './reply-types.ts';

export interface ReplyInput {
  query: ChatQuery;
  report: Report;
  notes: string[];
  coverage: Coverage | null;
  /** whether the asker may see per-person numbers (offers the org/users toggle) */
  mayViewPeople: boolean;
  now: Date;
}

const ARROW = { up: '▲', down: '▼' } as const;

/** "▲ 12%" for counts and money; percentage points ("▲ 5 pts") for rates, where a relative change misleads. */
export function factOf(definition: FactDefinition, report: Report): ReplyFact {
  const values = report as unknown as Record<string, number | null>;
  const current = values[definition.key] ?? null;
  const previous = (report.previous as Record<string, number | null>)[definition.key] ?? null;
  const aside = factAside(definition.key, report);
  const base = {
    label: definition.label, value: current === null ? '–' : formatNumber(current, definition.format), better: definition.better, ...(aside ? { aside } : {}),
  };
  if (current === null || previous === null) return { ...base, change: null, direction: null };
  const points = definition.format === 'percent';
  const delta = points ? (current - previous) * 100 : previous === 0 ? null : ((current - previous) / Math.abs(previous)) * 100;
  if (delta === null) return { ...base, change: current === 0 ? 'no change' : 'new', direction: current === 0 ? 'flat' : 'up' };
  const rounded = Math.round(Math.abs(delta));
  if (rounded === 0) return { ...base, change: 'no change', direction: 'flat' };
  const direction = delta > 0 ? 'up' : 'down';
  return { ...base, change: `${ARROW[direction]} ${rounded}${points ? ' pts' : '%'}`, direction };
}

/** The usage report's Cursor block (null for other reports, or without Cursor data). */
function cursorOf(report: Report): CursorUsage | null {
  return report.view === 'usage' ? ((report as UsageReport).cursor ?? null) : null;
}

/** Cursor's acceptance rates, when the (usage) report has Cursor data: a rate without a denominator shows as –. */
function cursorFacts(report: Report): ReplyFact[] {
  const cursor = cursorOf(report);
  if (cursor === null) return [];
  return CURSOR_FACTS.map(({ key, label }) => {
    const rate = cursor[key];
    return { label, value: rate === null ? '–' : formatNumber(rate, 'percent'), change: null, direction: null, better: 'up' };
  });
}

function chartsFor(query: ChatQuery, report: Report): string[] {
  const set = CHAT_CHARTS[query.view];
  const charts = (query.scope === 'user' ? set.user : set.org).slice(0, MAX_CHAT_CHARTS);
  if (cursorOf(report) === null) return charts;
  return [...charts.slice(0, MAX_CHAT_CHARTS - 1), CURSOR_CHART];
}

export function actionsFor(query: ChatQuery, mayViewPeople: boolean): ReplyAction[] {
  const actions: ReplyAction[] = [
    {
      kind: 'switch-view',
      current: query.view,
      options: CHAT_VIEWS.map((view) => ({ view, label: VIEW_TITLES[view], command: formatCommand(switchView(query, view)) })),
    },
  ];
  if (mayViewPeople && query.view !== 'me') {
    const toUsers = query.scope === 'org';
    actions.push({
      kind: 'scope',
      label: toUsers ? 'Show people' : 'Org view',
      command: formatCommand({ ...query, scope: toUsers ? 'user' : 'org', filters: toUsers ? query.filters : { ...query.filters, person: null } }),
    });
  }
  actions.push({ kind: 'explain', label: 'Explain these numbers', command: formatCommand(query) });
  actions.push({ kind: 'share', label: 'Share in channel', command: formatCommand(query) });
  actions.push({ kind: 'csv', label: 'CSV', command: formatCommand(query) });
  return actions;
}

/** Another view over the same period and filters; `me` has no scope or person filter. */
function switchView(query: ChatQuery, view: ChatView): ChatQuery {
  if (view === 'me') return { ...query, view, scope: 'user', filters: { ...query.filters, person: null } };
  return { ...query, view, scope: query.view === 'me' ? 'org' : query.scope };
}

function bodyOf(query: ChatQuery, report: Report): string | null {
  const lines = insightLines(query.view, report);
  return lines.length > 0 ? lines.join('\n') : null;
}

export function buildReply(input: ReplyInput): Reply {
  const { query, report } = input;
  return {
    kind: 'report',
    title: `${VIEW_TITLES[query.view]} · ${query.period.label}`,
    subtitle: `${periodText(report.period)} · ${query.view === 'me' ? 'just you' : filterText(report.filters, report.scope)}`,
    facts: [...FACTS[query.view].map((d) => factOf(d, report)), ...cursorFacts(report)],
    charts: chartsFor({ ...query, scope: report.scope }, report),
    context: contextLine(report.dataUpTo, input.coverage, input.now),
    notes: [...input.notes, ...denominatorNote(report)],
    body: bodyOf(query, report),
    actions: actionsFor(query, input.mayViewPeople),
    command: formatCommand(query),
  };
}

export function textReply(kind: Reply['kind'], title: string, body: string, notes: string[] = []): Reply {
  return { kind, title, subtitle: '', facts: [], charts: [], context: '', notes, body, actions: [], command: null };
}

export function helpReply(): Reply {
  return textReply('help', 'How to ask Uptake', HELP_TEXT);
}

/** A problem with the command or the request, said plainly; `suggestion` is a corrected command to try. */
export function errorReply(message: string, suggestion: string | null = null): Reply {
  return textReply('error', 'I could not answer that', message, suggestion ? [`Did you mean \`${suggestion}\`?`] : []);
}

export function explainReply(query: ChatQuery): Reply {
  return { ...textReply('explain', `${VIEW_TITLES[query.view]}: what the numbers mean`, EXPLANATIONS[query.view]), command: formatCommand(query) };
}
