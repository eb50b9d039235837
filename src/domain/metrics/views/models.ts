import type { ModelsKey, ModelsReport } from '../report-types.ts';
import { modelFamily } from '../model-families.ts';
import { grandTotal, ratio, totalTokens } from '../period-facts.ts';
import { weekStart } from '../period.ts';
import { WORKFLOWS } from '../workflow.ts';
import { envelope, type PeriodData, type ReportInput } from './report-input.ts';
import { WORKFLOW_FIELDS } from './usage.ts';

function keys(data: PeriodData): Record<ModelsKey, number | null> {
  const total = grandTotal(data.personTool);
  return { totalRequests: total.requests, totalTokens: total.tokens };
}

interface FamilyTotals {
  family: string;
  label: string;
  modelIds: Set<string>;
  requests: number;
  tokens: number;
  workflows: number[];
}

/** Requests, tokens and tool calls per model family (docs/metrics.md "Models"), with the raw ids each family had. */
function familyTotals(rows: PeriodData['models']): FamilyTotals[] {
  const byFamily = new Map<string, FamilyTotals>();
  for (const r of rows) {
    const { key, label } = modelFamily(r.model);
    const entry = byFamily.get(key) ?? { family: key, label, modelIds: new Set<string>(), requests: 0, tokens: 0, workflows: WORKFLOWS.map(() => 0) };
    if (r.model) entry.modelIds.add(r.model);
    entry.requests += r.requests;
    entry.tokens += totalTokens(r);
    WORKFLOWS.forEach((w, i) => (entry.workflows[i] = (entry.workflows[i] ?? 0) + r[WORKFLOW_FIELDS[w]]));
    byFamily.set(key, entry);
  }
  return [...byFamily.values()].sort((a, b) => b.requests - a.requests || a.family.localeCompare(b.family));
}

function weeklyByFamily(rows: PeriodData['dailyModels']): ModelsReport['weekly'] {
  const weekly = new Map<string, ModelsReport['weekly'][number]>();
  for (const r of rows) {
    const { key: family, label } = modelFamily(r.model);
    const id = `${weekStart(r.day)}|${family}`;
    const entry = weekly.get(id) ?? { weekStart: weekStart(r.day), family, label, requests: 0, tokens: 0 };
    entry.requests += r.requests;
    entry.tokens += r.tokens;
    weekly.set(id, entry);
  }
  return [...weekly.values()].filter((w) => w.requests > 0 || w.tokens > 0).sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.family.localeCompare(b.family));
}

export function modelsReport(input: ReportInput): ModelsReport {
  const { current } = input;
  const families = familyTotals(current.models);
  const k = keys(current);
  const allRequests = families.reduce((a, e) => a + e.requests, 0);
  const allTokens = families.reduce((a, e) => a + e.tokens, 0);
  return {
    ...envelope(input, k, keys(input.previous)),
    totalRequests: k.totalRequests ?? 0,
    totalTokens: k.totalTokens ?? 0,
    byModel: families
      .filter((e) => e.requests > 0 || e.tokens > 0)
      .map((e) => ({
        family: e.family,
        label: e.label,
        modelIds: [...e.modelIds].sort(),
        requests: e.requests,
        tokens: e.tokens,
        requestShare: ratio(e.requests, allRequests) ?? 0,
        tokenShare: ratio(e.tokens, allTokens) ?? 0,
      })),
    modelWorkflow: families.flatMap((e) =>
      WORKFLOWS.flatMap((workflow, i) => ((e.workflows[i] ?? 0) > 0 ? [{ family: e.family, label: e.label, workflow, toolCalls: e.workflows[i] ?? 0 }] : [])),
    ),
    weekly: weeklyByFamily(current.dailyModels),
  };
}
