import type { AdoptionReport } from '../metrics/report-types.ts';
import { NO_ACTIVITY, type ChartData, type ReportSet } from './chart-types.ts';
import { formatCount, formatMetric, formatPercent } from './number-format.ts';

function adoption(r: ReportSet): AdoptionReport {
  if (!r.adoption) throw new Error('the adoption report is missing');
  return r.adoption;
}

/** Daily active users (weekly past 92 days) with the licensed-seat line. */
export function activeUsers(reports: ReportSet): ChartData {
  const a = adoption(reports);
  const weekly = a.period.days > 92;
  const points = weekly ? a.weekly.map((w) => ({ date: w.weekStart, activeUsers: w.activeUsers })) : a.daily.map((d) => ({ date: d.date, activeUsers: d.activeUsers }));
  if (points.every((p) => p.activeUsers === 0)) return { empty: NO_ACTIVITY };
  const unlicensed = a.activeUnlicensedUsers > 0 ? ` (+${formatMetric('activeUnlicensedUsers', a.activeUnlicensedUsers)} active without a seat)` : '';
  const rate = a.adoptionRate === null ? '' : `, adoption ${formatPercent(a.adoptionRate)}`;
  const seats = a.licensedUsers > 0 ? [{ licensed: a.licensedUsers, label: `${formatCount(a.licensedUsers)} licensed user${a.licensedUsers === 1 ? '' : 's'}${rate}` }] : [];
  return {
    datasets: { table: points.map((p) => ({ ...p, unit: weekly ? 'week' : 'day' })), seats },
    note: `${weekly ? 'Weekly' : 'Daily'} active users · ${formatCount(a.activeUsers)} active in the period${rate}${unlicensed}`,
  };
}

/** New users this period next to the previous period of equal length. */
export function newUsers(reports: ReportSet): ChartData {
  const a = adoption(reports);
  const previous = a.previous.newUsers ?? 0;
  if (a.newUsers === 0 && previous === 0) return { empty: NO_ACTIVITY };
  return {
    datasets: {
      table: [
        { period: `Previous ${a.period.days} days`, newUsers: previous, order: 0 },
        { period: 'This period', newUsers: a.newUsers, order: 1 },
      ],
    },
    note: 'People whose first active day falls in the period',
  };
}
