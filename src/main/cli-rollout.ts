import { parseArgs } from 'node:util';
import { createApiKey, findApiKey } from '../adapters/postgres/api-key-store.ts';
import type { Db } from '../adapters/postgres/database.ts';
import { activitySpans, reportContext } from '../adapters/postgres/report-store.ts';
import { rolloutGuide, type RolloutTool } from '../cli/rollout-settings.ts';
import { loadConfig } from '../config.ts';
import { dateIn } from '../domain/metrics/period.ts';
import { silentSeats } from '../domain/roster/silent-seats.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const ROLLOUT_HELP = `  uptake admin rollout --org <orgId> [--tool claude|gemini] [--endpoint URL] [--api-key <shared ingest key>]
      Prints the settings for an org-wide rollout: Claude Code's managed settings (env block) and Gemini CLI's
      system settings (telemetry block) with a shared ingest key and no personal identity, and where each tool
      gets the person's email from. Creates a shared ingest key unless --api-key gives one. The endpoint is
      --endpoint or PUBLIC_URL.
  uptake admin coverage --org <orgId> [--days 7] [--tool claude-code|gemini-cli|cursor]
      Lists, per tool, the people with a seat open today who sent no data for that tool in the last N days
      (today included; from the rollups): {"tools":{"<tool>":{"licensed","reporting","silent":[{"email",
      "name","team","tier","assignedOn","lastActive"}]}}}.
`;

const TOOLS: Record<string, RolloutTool> = { claude: 'claude', 'claude-code': 'claude', gemini: 'gemini', 'gemini-cli': 'gemini' };
const SHARED_KEY_NAME = 'rollout (shared ingest key)';

async function sharedKey(db: Db, orgId: string, given: string | undefined): Promise<{ key: string; line: string }> {
  if (given === undefined) {
    const created = await createApiKey(db, { orgId, scopes: ['ingest'], name: SHARED_KEY_NAME });
    return { key: created.key, line: `Shared ingest key (created now as "${SHARED_KEY_NAME}", prefix ${created.prefix}; pass --api-key to reuse one):` };
  }
  const principal = await findApiKey(db, given.trim());
  if (!principal || principal.orgId !== orgId) throw new UsageError('--api-key is not a valid key of this org (see `uptake admin key list`).');
  if (!principal.scopes.includes('ingest')) throw new UsageError('--api-key must have the ingest scope.');
  if (principal.personEmail) throw new UsageError(`--api-key is ${principal.personEmail}'s personal key: a rollout needs a shared key, or everyone's usage would be theirs.`);
  return { key: given.trim(), line: `Shared ingest key (prefix ${principal.prefix}):` };
}

async function rollout(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, tool: { type: 'string' }, endpoint: { type: 'string' }, 'api-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return ROLLOUT_HELP;
  const orgId = requireOrgId(values.org);
  const tool = values.tool === undefined ? null : TOOLS[values.tool.trim().toLowerCase()];
  if (tool === undefined) throw new UsageError(`--tool must be claude or gemini (got "${values.tool}").`);
  const endpoint = (values.endpoint ?? loadConfig().PUBLIC_URL)?.trim().replace(/\/+$/, '');
  if (!endpoint) throw new UsageError('--endpoint is required (or set PUBLIC_URL): the URL at which developers\' tools reach this Uptake server.');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) throw new UsageError(`--endpoint must be an http(s) URL (got "${endpoint}").`);
  const { key, line } = await withOrg(orgId, (db) => sharedKey(db, orgId, values['api-key']));
  const guides = (tool ? [tool] : (['claude', 'gemini'] as const)).map((t) => rolloutGuide(t, endpoint, key));
  return `Org-wide rollout for org ${orgId}: telemetry to ${endpoint}
${line}
    ${key}
These settings name no person, so the same files go on every machine. Keep them readable only by the people
who use the tools: the key can only send data. Developers who set up their own machine: ${endpoint}/install

${guides.join('\n')}`;
}

async function coverage(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, days: { type: 'string' }, tool: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return ROLLOUT_HELP;
  const orgId = requireOrgId(values.org);
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError('--days must be a whole number from 1 to 3660.');
  const tool = values.tool?.trim().toLowerCase() ?? null;
  return withOrg(orgId, async (db) => {
    const context = await reportContext(db, orgId);
    if (!context) throw new UsageError(`No org ${orgId} in this database.`);
    const seats = context.seats.filter((s) => tool === null || s.tool === tool);
    const tools = [...new Set(seats.map((s) => s.tool))];
    const spans = await Promise.all(tools.map(async (t) => [t, new Map([...(await activitySpans(db, orgId, t))].map(([p, s]) => [p, s.lastDay]))] as const));
    const today = dateIn(context.settings.timeZone, new Date());
    const result = silentSeats(seats, context.people, new Map(spans), today, days);
    return { orgId, days, today, since: result.since, tools: result.tools };
  });
}

export const ROLLOUT_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin rollout': rollout,
  'admin coverage': coverage,
};
