import { VALUE_FILTERS, type Filters, type PeriodInfo, type Scope } from '../metrics/report-types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function day(iso: string): { d: number; m: string; y: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return { d, m: MONTHS[m - 1] ?? '?', y };
}

/** "22 Oct – 20 Nov 2026", "3 – 9 Nov 2026", "20 Nov 2026", or for hourly periods "last 24 hours to 20 Nov 2026 15:00 UTC". */
export function periodText(period: PeriodInfo): string {
  if (period.granularity === 'hour') {
    const end = day(period.to);
    return `last 24 hours to ${end.d} ${end.m} ${end.y} ${period.to.slice(11, 16)} UTC`;
  }
  const a = day(period.from);
  const b = day(period.to);
  if (period.from === period.to) return `${b.d} ${b.m} ${b.y}`;
  if (a.y !== b.y) return `${a.d} ${a.m} ${a.y} – ${b.d} ${b.m} ${b.y}`;
  if (a.m !== b.m) return `${a.d} ${a.m} – ${b.d} ${b.m} ${b.y}`;
  return `${a.d} – ${b.d} ${b.m} ${b.y}`;
}

/** "tool: cursor · team: Web", or "all tools, all teams" when nothing is filtered. */
export function filterText(filters: Filters, scope: Scope): string {
  const parts = (['person', ...VALUE_FILTERS] as const)
    .filter((k) => filters[k] !== null)
    .map((k) => `${k}: ${filters[k]}`);
  const who = scope === 'user' ? 'per person' : 'whole org';
  return parts.length === 0 ? `${who}, all tools` : `${who} · ${parts.join(' · ')}`;
}

export function chartTitle(name: string, period: PeriodInfo): string {
  return `${name}, ${periodText(period)}`;
}
