import { parseArgs } from 'node:util';
import { allowViewer, disallowViewer, listViewers, viewerKindOf, type ChatPlatformName, type ChatViewer } from '../adapters/postgres/chat-viewer-store.ts';
import { linkTenant, listTenants, unlinkTenant } from '../adapters/postgres/teams-tenant-store.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const CHAT_HELP = `  uptake admin chat allow --org <orgId> --platform slack|teams (--user <id> | --group S0123ABCD)
      Lets a chat user (Slack: U0123ABCD; Teams: their Entra object id, a UUID), or every member of a Slack user
      group, see per-person numbers in chat. Everyone else gets org views and their own numbers (\`me\`).
  uptake admin chat disallow --org <orgId> --platform slack|teams (--user <id> | --group S0123ABCD)
  uptake admin chat viewers --org <orgId> --platform slack|teams
      Lists who may see per-person numbers: {"viewers":[{"kind","id"}]}.
  uptake admin slack allow|disallow|viewers ...
      The same as \`uptake admin chat ... --platform slack\`.
  uptake admin teams link --org <orgId> --tenant <tenantId>
      Connects a Microsoft Teams tenant (Entra tenant id) to the org (not needed with TEAMS_ORG_ID).
  uptake admin teams unlink --org <orgId> --tenant <tenantId>
  uptake admin teams tenants --org <orgId>
`;

const ID_HINT: Record<ChatPlatformName, string> = {
  slack: 'a Slack user id (U… or W…; in Slack: profile → ⋮ → Copy member ID)',
  teams: 'a Teams user’s Entra object id (a UUID; Teams admin center or Entra → Users → Object ID)',
};

function platformOf(value: string | undefined, fixed: ChatPlatformName | null): ChatPlatformName {
  if (fixed) return fixed;
  if (value === 'slack' || value === 'teams') return value;
  throw new UsageError('--platform slack|teams is required.');
}

function viewerOf(platform: ChatPlatformName, values: { user?: string; group?: string }): ChatViewer {
  const given = [values.user, values.group].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError(`Give one of --user (${ID_HINT[platform]})${platform === 'slack' ? ' or --group S0123ABCD' : ''}.`);
  const raw = (given[0] as string).trim();
  const id = platform === 'teams' ? raw.toLowerCase() : raw.toUpperCase();
  const kind = viewerKindOf(platform, id);
  const wanted = values.user !== undefined ? 'user' : 'usergroup';
  if (kind !== wanted) {
    if (wanted === 'usergroup') throw new UsageError(platform === 'teams' ? '--group is for Slack user groups; give Teams users one by one with --user.' : `--group "${id}" is not a Slack user group id (S…).`);
    throw new UsageError(`--user "${raw}" is not ${ID_HINT[platform]}.`);
  }
  return { kind, id };
}

const viewerOptions = { org: { type: 'string' }, platform: { type: 'string' }, user: { type: 'string' }, group: { type: 'string' } } as const;

function viewerArgs(args: string[], fixed: ChatPlatformName | null) {
  const { values } = parseArgs({ args, options: viewerOptions });
  const platform = platformOf(values.platform, fixed);
  return { orgId: requireOrgId(values.org), platform, viewer: viewerOf(platform, values) };
}

/** The alias (`admin slack ...`) answers as it always did, without the platform. */
function viewerCommands(fixed: ChatPlatformName | null): Record<'allow' | 'disallow' | 'viewers', (args: string[]) => Promise<unknown>> {
  const named = (platform: ChatPlatformName) => (fixed ? {} : { platform });
  return {
    allow: async (args) => {
      const { orgId, platform, viewer } = viewerArgs(args, fixed);
      return withOrg(orgId, async (db) => ({ orgId, ...named(platform), ...viewer, added: await allowViewer(db, orgId, viewer, platform) }));
    },
    disallow: async (args) => {
      const { orgId, platform, viewer } = viewerArgs(args, fixed);
      return withOrg(orgId, async (db) => ({ orgId, ...named(platform), ...viewer, removed: await disallowViewer(db, orgId, viewer, platform) }));
    },
    viewers: async (args) => {
      const { values } = parseArgs({ args, options: { org: { type: 'string' }, platform: { type: 'string' } } });
      const orgId = requireOrgId(values.org);
      const platform = platformOf(values.platform, fixed);
      return withOrg(orgId, async (db) => ({ orgId, ...named(platform), viewers: await listViewers(db, orgId, platform) }));
    },
  };
}

function tenantArgs(args: string[]) {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, tenant: { type: 'string' } } });
  const tenant = values.tenant?.trim().toLowerCase();
  if (!tenant || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(tenant)) {
    throw new UsageError('--tenant <tenantId> is required: the Entra tenant id (a UUID; Teams admin center → Organization profile, or Entra → Overview).');
  }
  return { orgId: requireOrgId(values.org), tenantId: tenant };
}

const chat = viewerCommands(null);
const slack = viewerCommands('slack');

export const CHAT_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin chat allow': chat.allow,
  'admin chat disallow': chat.disallow,
  'admin chat viewers': chat.viewers,
  'admin slack allow': slack.allow,
  'admin slack disallow': slack.disallow,
  'admin slack viewers': slack.viewers,
  'admin teams link': async (args) => {
    const { orgId, tenantId } = tenantArgs(args);
    return withOrg(orgId, async (db) => {
      await linkTenant(db, orgId, tenantId);
      return { orgId, tenantId, linked: true };
    });
  },
  'admin teams unlink': async (args) => {
    const { orgId, tenantId } = tenantArgs(args);
    return withOrg(orgId, async (db) => ({ orgId, tenantId, unlinked: await unlinkTenant(db, orgId, tenantId) }));
  },
  'admin teams tenants': async (args) => {
    const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
    const orgId = requireOrgId(values.org);
    return withOrg(orgId, async (db) => ({ orgId, tenants: await listTenants(db, orgId) }));
  },
};
