import type { Coverage } from './reply-types.ts';

/** "Data up to 5 min ago", from the newest event in the rollups. */
export function freshnessText(dataUpTo: string | null, now: Date): string {
  if (dataUpTo === null) return 'No data yet';
  const minutes = Math.floor((now.getTime() - Date.parse(dataUpTo)) / 60_000);
  if (minutes < 1) return 'Data up to just now';
  if (minutes < 60) return `Data up to ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `Data up to ${hours} h ago`;
  return `Data up to ${Math.floor(hours / 24)} days ago`;
}

export function coverageText(coverage: Coverage | null): string | null {
  if (coverage === null || coverage.licensed === 0) return null;
  return `${coverage.reporting} of ${coverage.licensed} licensed ${coverage.licensed === 1 ? 'person' : 'people'} reporting`;
}

export function contextLine(dataUpTo: string | null, coverage: Coverage | null, now: Date): string {
  return [freshnessText(dataUpTo, now), coverageText(coverage)].filter((p) => p !== null).join(' · ');
}
