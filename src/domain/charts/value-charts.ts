import { trajectoryText } from '../metrics/period-facts.ts';
import type { ValueReport } from '../metrics/report-types.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet, type Row } from './chart-types.ts';
import { tierLabel, truncateAll } from './labels.ts';
import { formatUsd } from './number-format.ts';
import { topN } from './top-n.ts';

const MAX_TIERS = 10;

function value(r: ReportSet): ValueReport {
  if (!r.value) throw new Error('the value report is missing');
  return r.value;
}

/**
 * Seat cost per active user by ISO week. The report gives the period's seat cost, so a week's cost is that cost
 * spread evenly over the period's days (a partial first or last week gets its days' share; the subtitle says so);
 * weeks without active users are left out.
 */
export function costPerActiveUser(reports: ReportSet): ChartData {
  const v = value(reports);
  if (v.subscriptionCostUsd <= 0) return { empty: 'No licensed seats in this period' };
  const costPerDay = v.subscriptionCostUsd / v.period.days;
  const table: Row[] = v.trajectory.weekly
    .filter((w) => w.activeUsers > 0)
    .map((w) => ({ weekStart: w.weekStart, costPerUser: (costPerDay * w.days) / w.activeUsers, activeUsers: w.activeUsers }));
  if (table.length === 0) return { empty: NO_ACTIVITY };
  const overall = v.costPerActiveUser === null ? [] : [`${formatUsd(v.costPerActiveUser)} per active licensed user over the whole period`];
  return { datasets: { table }, note: ['Seat cost spread evenly over the weeks ÷ weekly active users', ...overall, `Weekly active users: ${trajectoryText(v.trajectory.direction)}`] };
}

/** API-equivalent value next to the subscription cost, per tool and tier. */
export function tiers(reports: ReportSet): ChartData {
  const v = value(reports);
  const rows = v.byTier.filter((t) => t.subscriptionCostUsd > 0 || t.apiEquivalentUsd > 0);
  if (rows.length === 0) return { empty: 'No licensed seats in this period' };
  const { top } = topN(rows, MAX_TIERS, (t) => t.subscriptionCostUsd + t.apiEquivalentUsd);
  const labels = truncateAll(top.map((t) => tierLabel(t.tool, t.tier)));
  const table: Row[] = top.flatMap((t, i) => [
    { tier: labels[i] as string, measure: 'Seat cost', usd: t.subscriptionCostUsd, order: i },
    { tier: labels[i] as string, measure: 'API-equivalent value', usd: t.apiEquivalentUsd, order: i },
  ]);
  const left = rows.length > top.length ? ` · top ${top.length} of ${rows.length} tiers` : '';
  return { datasets: { table }, note: `Seat cost ${formatUsd(v.subscriptionCostUsd)} vs API-equivalent value ${formatUsd(v.apiEquivalentUsd)}${left}` };
}
