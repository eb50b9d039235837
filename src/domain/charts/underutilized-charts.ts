import { type ChartData, type ReportSet, type Row } from './chart-types.ts';

/**
 * Seats by state. Active seats come from the value report (seats used in the period); idle and never-used
 * seats are told apart by last activity, which only scope=user lists carry.
 */
export function seatStates(reports: ReportSet): ChartData {
  const u = reports.underutilized;
  const v = reports.value;
  if (!u || !v) throw new Error('the underutilized and value reports are needed');
  const active = v.byTier.reduce((a, t) => a + t.activeSeats, 0);
  const rows: Row[] = [{ state: 'Active', seats: active, order: 0 }];
  const note = [`Seats overlapping the period · grace period ${u.gracePeriodDays} days`];
  if (u.scope === 'user') {
    const never = u.idleSeats.filter((s) => s.lastActive === null).length;
    rows.push({ state: 'Idle', seats: u.zeroSessionSeats - never, order: 1 }, { state: 'Never used', seats: never, order: 2 });
  } else {
    rows.push({ state: 'Idle or never used', seats: u.zeroSessionSeats, order: 1 });
    note.push('scope=user tells idle and never-used seats apart');
  }
  rows.push({ state: 'In grace period', seats: u.seatsInGracePeriod, order: 3 });
  if (rows.every((r) => r.seats === 0)) return { empty: 'No licensed seats in this period' };
  return { datasets: { table: rows }, note };
}
