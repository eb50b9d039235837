import type { RollupStore } from './ports.ts';

/**
 * Rebuilds the org's dirty days. The days stay claimed until their rebuild commits, so after a failure or a crash
 * (kill -9 mid-rebuild) the retry, the org's next job or the sweep redoes them.
 */
export async function rollupOrg(store: RollupStore, orgId: string): Promise<{ days: string[] }> {
  const days = await store.claimDirtyDays(orgId);
  if (days.length === 0) return { days };
  const outcome = await store.rebuildDays(orgId, days);
  return { days: outcome.days };
}

/** The hourly safety net: re-marks the recent days of every org and asks for their rollups. */
export async function sweepRollups(
  store: RollupStore,
  requestRollup: (orgId: string) => Promise<void>,
  now: Date,
  recentDays = 3,
): Promise<{ orgs: number }> {
  const orgIds = await store.markRecentDays(recentDays, now);
  for (const orgId of orgIds) await requestRollup(orgId);
  return { orgs: orgIds.length };
}
