import { parseArgs } from 'node:util';
import type { Db } from '../adapters/postgres/database.ts';
import { postgresStores } from '../adapters/postgres/postgres-stores.ts';
import { seatsOverview } from '../app/review-seats.ts';
import { idleDaysProblem } from '../domain/nudges/nudge-eligibility.ts';
import { monthlyCostOf, seatLine } from '../domain/nudges/review-seats.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const NUDGE_HELP = `  uptake admin nudges on --org <orgId> [--idle-days 14]
      Turns seat nudges on: direct messages to people whose licensed seat sits unused (idle for --idle-days, or
      never used after the org's grace period). Off by default.
  uptake admin nudges off --org <orgId>
  uptake admin nudges preview --org <orgId>     who would get a nudge now, and why (sends nothing)
  uptake admin seats reclaim --org <orgId>      seats offered back, nudged without effect, or unreachable, with their cost
`;

async function overviewIn(db: Db, orgId: string) {
  const stores = postgresStores(db);
  const found = await seatsOverview({ nudges: stores.nudges, reader: stores.reports, now: () => new Date() }, orgId);
  if (!found) throw new UsageError(`Unknown org ${orgId}.`);
  return found;
}

const overview = (orgId: string) => withOrg(orgId, (db) => overviewIn(db, orgId));

async function setEnabled(args: string[], enabled: boolean): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, 'idle-days': { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  const idleDays = values['idle-days'] === undefined ? undefined : Number(values['idle-days']);
  const problem = idleDays === undefined ? null : idleDaysProblem(idleDays);
  if (problem) throw new UsageError(`--idle-days: ${problem}`);
  return withOrg(orgId, async (db) => {
    await postgresStores(db).nudges.saveSettings(orgId, { enabled, ...(idleDays !== undefined ? { idleDays } : {}) });
    return { nudges: (await overviewIn(db, orgId)).settings };
  });
}

async function preview(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const found = await overview(requireOrgId(values.org));
  return { today: found.today, settings: found.settings, wouldNudge: found.nudge.map(seatLine), reclaim: found.reclaim.length, skipped: found.skipped.length };
}

async function reclaim(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const found = await overview(requireOrgId(values.org));
  return { seats: found.reclaim.map(seatLine), monthlyCostUsd: monthlyCostOf(found.reclaim) };
}

export const NUDGE_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin nudges on': (args) => setEnabled(args, true),
  'admin nudges off': (args) => setEnabled(args, false),
  'admin nudges preview': preview,
  'admin seats reclaim': reclaim,
};
