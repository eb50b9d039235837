import { formatCount, formatMetric } from '../charts/number-format.ts';
import type { MetricKey } from '../metrics/catalogue.ts';
import type { AdoptionReport, Report, UsageReport } from '../metrics/report-types.ts';

// What a chat answer says beside or under its numbers so that none of them misleads (docs/metrics.md).

/** "+3 active without a seat" beside the adoption rate; the cache tokens beside Tokens (they are not in it). */
export function factAside(key: MetricKey, report: Report): string | undefined {
  if (key === 'adoptionRate' && report.view === 'adoption') {
    const unlicensed = (report as AdoptionReport).activeUnlicensedUsers;
    return unlicensed > 0 ? `+${formatMetric('activeUnlicensedUsers', unlicensed)} active without a seat` : undefined;
  }
  if (key === 'totalTokens' && report.view === 'usage') {
    const { cacheRead, cacheCreation } = (report as UsageReport).tokens;
    return cacheRead + cacheCreation > 0 ? `+ ${formatMetric('cacheReadTokens', cacheRead)} cache read, ${formatMetric('cacheCreationTokens', cacheCreation)} cache write (not in tokens)` : undefined;
  }
  return undefined;
}

/** With a project or model filter, what the per-person and per-seat numbers are divided by. */
export function denominatorNote(report: Report): string[] {
  const { project, model, tool } = report.filters;
  const narrowing = [project ? `project ${project}` : null, model ? `model ${model}` : null].filter((p): p is string => p !== null);
  if (narrowing.length === 0) return [];
  const within = narrowing.join(' and ');
  const seats = tool ? `people with a ${tool} seat` : 'people with a seat';
  switch (report.view) {
    case 'adoption':
      return [`Adoption rate with ${within}: licensed people active in it ÷ all ${formatCount((report as AdoptionReport).licensedUsers)} ${seats} (seats are not per project or model).`];
    case 'value':
      return [`Cost per active user with ${within}: the whole seat cost ÷ licensed people active in it (seats are not per project or model).`];
    case 'usage':
    case 'leaderboard':
      return [
        `With ${within}: sessions per user = its sessions ÷ people active in it, tokens per session = its tokens ÷ its sessions ` +
          '(a session belongs to the project of its first event and the model of its first model request).',
      ];
    default:
      return [];
  }
}
