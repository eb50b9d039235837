import type { ModelsReport } from '../metrics/report-types.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet, type Row } from './chart-types.ts';
import { truncateAll, workflowLabel } from './labels.ts';
import { formatCount } from './number-format.ts';
import { keepKeys, OTHERS } from './top-n.ts';

const MAX_MODELS = 8;
const MAX_WORKFLOW_MODELS = 10;

function models(r: ReportSet): ModelsReport {
  if (!r.models) throw new Error('the models report is missing');
  return r.models;
}

/** Sums `value` per (first key, capped model family), folding the families outside `keep` into "others". */
function fold<T>(rows: T[], keep: Set<string>, model: (r: T) => string, other: (r: T) => string, value: (r: T) => number): Array<{ other: string; model: string; value: number }> {
  const sums = new Map<string, { other: string; model: string; value: number }>();
  for (const r of rows) {
    const m = keep.has(model(r)) ? model(r) : OTHERS;
    const key = `${other(r)}\u0000${m}`;
    const hit = sums.get(key) ?? { other: other(r), model: m, value: 0 };
    hit.value += value(r);
    sums.set(key, hit);
  }
  return [...sums.values()];
}

/** Each family key's display name, truncated (in the middle, keeping the version at the end) and kept distinct. */
function shortNames(families: string[], labels: ReadonlyMap<string, string>): Map<string, string> {
  const short = truncateAll(families.map((f) => labels.get(f) ?? f), 24);
  return new Map(families.map((f, i) => [f, short[i] as string]));
}

function labelsOf(rows: Array<{ family: string; label: string }>): Map<string, string> {
  return new Map([...rows.map((r): [string, string] => [r.family, r.label]), [OTHERS, OTHERS]]);
}

/** Each model's share of model requests per week (stacked to 100%). */
export function modelShare(reports: ReportSet): ChartData {
  const m = models(reports);
  const rows = m.weekly.filter((w) => w.requests > 0);
  if (rows.length === 0) return { empty: NO_ACTIVITY };
  const keep = keepKeys(rows, MAX_MODELS, (r) => r.family, (r) => r.requests);
  const folded = fold(rows, keep, (r) => r.family, (r) => r.weekStart, (r) => r.requests);
  const names = shortNames([...new Set(folded.map((f) => f.model))], labelsOf(rows));
  // rank orders the colours and the stack: the largest model first, "others" last (the palette's grey)
  const rank = new Map([...keep].map((m, i) => [m, i]));
  const table: Row[] = folded.map((f) => ({ weekStart: f.other, model: names.get(f.model) as string, requests: f.value, rank: rank.get(f.model) ?? keep.size }));
  return { datasets: { table }, note: `Share of ${formatCount(m.totalRequests)} model requests, by week starting` };
}

/** Tool calls per model and workflow. */
export function modelWorkflow(reports: ReportSet): ChartData {
  const m = models(reports);
  const rows = m.modelWorkflow.filter((r) => r.toolCalls > 0);
  if (rows.length === 0) return { empty: NO_ACTIVITY };
  const keep = keepKeys(rows, MAX_WORKFLOW_MODELS, (r) => r.family, (r) => r.toolCalls);
  const folded = fold(rows, keep, (r) => r.family, (r) => r.workflow, (r) => r.toolCalls);
  const names = shortNames([...new Set(folded.map((f) => f.model))], labelsOf(rows));
  // models by tool calls, "others" last; the spec keeps this order
  const rank = new Map([...keep].map((m, i) => [m, i]));
  const table: Row[] = folded
    .sort((x, y) => (rank.get(x.model) ?? keep.size) - (rank.get(y.model) ?? keep.size))
    .map((f) => ({ workflow: workflowLabel(f.other), model: names.get(f.model) as string, toolCalls: f.value }));
  return { datasets: { table }, note: 'Tool calls by model and workflow' };
}
