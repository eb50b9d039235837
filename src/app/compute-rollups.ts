import type { RollupStore } from './ports.ts';

/** Rebuilds the org's dirty days. On failure the days are marked again so a retry (or the sweep) redoes them. */
export async function rollupOrg(store: RollupStore, orgId: string): Promise<{ days: string[] }> {
  const days = await store.takeDirtyDays(orgId);
  if (days.length === 0) return { days };
  try {
    const outcome = await store.rebuildDays(orgId, days);
    return { days: outcome.days };
  } catch (error) {
    await store.markDirtyDays(orgId, days);
    throw error;
  }
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
