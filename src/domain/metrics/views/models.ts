import type { ModelsKey, ModelsReport } from '../report-types.ts';
import { grandTotal, ratio, totalTokens } from '../period-facts.ts';
import { weekStart } from '../period.ts';
import { WORKFLOWS } from '../workflow.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';
import { WORKFLOW_FIELDS } from './usage.ts';

const NO_MODEL = '(none)';

function keys(data: PeriodData): Record<ModelsKey, number | null> {
  const total = grandTotal(data.personTool);
  return { totalRequests: total.requests, totalTokens: total.tokens };
}

export function modelsReport(input: ReportInput): ModelsReport {
  const { current } = input;
  const byModel = new Map<string, { requests: number; tokens: number; workflows: number[] }>();
  for (const r of current.models) {
    const model = r.model || NO_MODEL;
    const entry = byModel.get(model) ?? { requests: 0, tokens: 0, workflows: WORKFLOWS.map(() => 0) };
    entry.requests += r.requests;
    entry.tokens += totalTokens(r);
    WORKFLOWS.forEach((w, i) => (entry.workflows[i] = (entry.workflows[i] ?? 0) + r[WORKFLOW_FIELDS[w]]));
    byModel.set(model, entry);
  }
  const k = keys(current);
  const allRequests = [...byModel.values()].reduce((a, e) => a + e.requests, 0);
  const allTokens = [...byModel.values()].reduce((a, e) => a + e.tokens, 0);
  const weekly = new Map<string, { weekStart: string; model: string; requests: number; tokens: number }>();
  for (const r of current.dailyModels) {
    const model = r.model || NO_MODEL;
    const key = `${weekStart(r.day)}|${model}`;
    const entry = weekly.get(key) ?? { weekStart: weekStart(r.day), model, requests: 0, tokens: 0 };
    entry.requests += r.requests;
    entry.tokens += r.tokens;
    weekly.set(key, entry);
  }
  const models = [...byModel.entries()].sort((a, b) => b[1].requests - a[1].requests || a[0].localeCompare(b[0]));
  return {
    ...envelope(input, k, keys(input.previous)),
    totalRequests: k.totalRequests ?? 0,
    totalTokens: k.totalTokens ?? 0,
    byModel: models
      .filter(([, e]) => e.requests > 0 || e.tokens > 0)
      .map(([model, e]) => ({ model, requests: e.requests, tokens: e.tokens, requestShare: ratio(e.requests, allRequests) ?? 0, tokenShare: ratio(e.tokens, allTokens) ?? 0 })),
    modelWorkflow: models.flatMap(([model, e]) =>
      WORKFLOWS.flatMap((workflow, i) => ((e.workflows[i] ?? 0) > 0 ? [{ model, workflow, toolCalls: e.workflows[i] ?? 0 }] : [])),
    ),
    weekly: [...weekly.values()].filter((w) => w.requests > 0 || w.tokens > 0).sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.model.localeCompare(b.model)),
  };
}
