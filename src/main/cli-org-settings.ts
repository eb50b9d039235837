import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '../adapters/postgres/database.ts';
import { rebuildAllRollups } from '../adapters/postgres/rollup-store.ts';
import { isTimeZone } from '../domain/metrics/period.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const ORG_SETTINGS_HELP = `  uptake admin org set --org <orgId> [--time-zone Europe/Berlin] [--min-group-size 5] [--grace-days 7]
      Changes the org's report settings; a new time zone rebuilds every rollup (days are org-zone days).
  uptake admin rollups rebuild --org <orgId>
      Rebuilds every rollup of the org from its events and prints {"days","sessions","seconds"}.
`;

async function rebuildAll(db: Db, orgId: string): Promise<{ days: number; sessions: number; seconds: number }> {
  const started = performance.now();
  const outcome = await rebuildAllRollups(db, orgId);
  return { days: outcome.days.length, sessions: outcome.sessions, seconds: Math.round(performance.now() - started) / 1000 };
}

function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

async function orgSet(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, 'time-zone': { type: 'string' }, 'min-group-size': { type: 'string' }, 'grace-days': { type: 'string' } },
  });
  const orgId = requireOrgId(values.org);
  const timeZone = values['time-zone'];
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new UsageError(`--time-zone "${timeZone}" is not an IANA time zone such as Europe/Berlin.`);
  const minGroupSize = intOption('min-group-size', values['min-group-size'], 1, 1000);
  const graceDays = intOption('grace-days', values['grace-days'], 0, 365);
  if (timeZone === undefined && minGroupSize === undefined && graceDays === undefined) {
    throw new UsageError('Give at least one of --time-zone, --min-group-size, --grace-days.');
  }
  return withOrg(orgId, async (db) => {
    const before = await sql<{ time_zone: string }>`SELECT time_zone FROM orgs WHERE org_id = ${orgId}`.execute(db);
    const row = await sql<{ timeZone: string; minGroupSize: number; gracePeriodDays: number }>`
      UPDATE orgs SET time_zone = coalesce(${timeZone ?? null}, time_zone),
        min_group_size = coalesce(${minGroupSize ?? null}::int, min_group_size),
        grace_period_days = coalesce(${graceDays ?? null}::int, grace_period_days)
      WHERE org_id = ${orgId}
      RETURNING time_zone AS "timeZone", min_group_size AS "minGroupSize", grace_period_days AS "gracePeriodDays"`.execute(db);
    const changedZone = timeZone !== undefined && timeZone !== before.rows[0]?.time_zone;
    return { orgId, ...row.rows[0], ...(changedZone ? { rebuilt: await rebuildAll(db, orgId) } : {}) };
  });
}

async function rollupsRebuild(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  return withOrg(orgId, (db) => rebuildAll(db, orgId));
}

export const ORG_SETTINGS_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin org set': orgSet,
  'admin rollups rebuild': rollupsRebuild,
};
