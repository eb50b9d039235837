import type { RollupStore } from './ports.ts';

/**
 * Rebuilds the org's dirty days, all in one transaction. The days stay claimed until their rebuild commits, so
 * after a failure or a crash (kill -9 mid-rebuild) the retry, the org's next job or the sweep redoes them. If the
 * rebuild fails, each day is rebuilt on its own, so one day that cannot be rolled up never holds back the others;
 * the days that still fail stay claimed and are named by the error thrown.
 */
export async function rollupOrg(store: RollupStore, orgId: string): Promise<{ days: string[] }> {
  const days = await store.claimDirtyDays(orgId);
  if (days.length === 0) return { days };
  try {
    const outcome = await store.rebuildDays(orgId, days);
    return { days: outcome.days };
  } catch (error) {
    if (days.length === 1) throw error;
    return rollupDayByDay(store, orgId, days);
  }
}

async function rollupDayByDay(store: RollupStore, orgId: string, days: string[]): Promise<{ days: string[] }> {
  const rebuilt = new Set<string>();
  const failed: Array<{ day: string; error: unknown }> = [];
  for (const day of days) {
    try {
      for (const d of (await store.rebuildDays(orgId, [day])).days) rebuilt.add(d);
    } catch (error) {
      failed.push({ day, error });
    }
  }
  if (failed.length === 0) return { days: [...rebuilt].sort() };
  const first = failed[0]!.error;
  const detail = first instanceof Error ? first.message : String(first);
  throw new Error(`Rollup of org ${orgId} failed for ${failed.map((f) => f.day).join(', ')} (${detail}); its other days were rolled up`, { cause: first });
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
