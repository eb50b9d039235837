import { parseArgs } from 'node:util';
import { allowViewer, disallowViewer, listViewers, viewerKindOf, type ChatViewer } from '../adapters/postgres/chat-viewer-store.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const SLACK_HELP = `  uptake admin slack allow --org <orgId> (--user U0123ABCD | --group S0123ABCD)
      Lets a Slack user, or every member of a Slack user group, see per-person numbers in chat.
      Everyone else gets org views and their own numbers (\`/ai-adoption me\`).
  uptake admin slack disallow --org <orgId> (--user U0123ABCD | --group S0123ABCD)
  uptake admin slack viewers --org <orgId>
      Lists who may see per-person numbers: {"viewers":[{"kind","id"}]}.
`;

function viewerOf(values: { user?: string; group?: string }): ChatViewer {
  const given = [values.user, values.group].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('Give one of --user U0123ABCD or --group S0123ABCD (find ids in Slack: profile → ⋮ → Copy member ID).');
  const id = (given[0] as string).trim().toUpperCase();
  const kind = viewerKindOf(id);
  const wanted = values.user !== undefined ? 'user' : 'usergroup';
  if (kind !== wanted) {
    throw new UsageError(wanted === 'user' ? `--user "${id}" is not a Slack user id (U… or W…).` : `--group "${id}" is not a Slack user group id (S…).`);
  }
  return { kind, id };
}

function viewerArgs(args: string[]) {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, user: { type: 'string' }, group: { type: 'string' } } });
  return { orgId: requireOrgId(values.org), viewer: viewerOf(values) };
}

async function allow(args: string[]): Promise<unknown> {
  const { orgId, viewer } = viewerArgs(args);
  return withOrg(orgId, async (db) => ({ orgId, ...viewer, added: await allowViewer(db, orgId, viewer) }));
}

async function disallow(args: string[]): Promise<unknown> {
  const { orgId, viewer } = viewerArgs(args);
  return withOrg(orgId, async (db) => ({ orgId, ...viewer, removed: await disallowViewer(db, orgId, viewer) }));
}

async function viewers(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  return withOrg(orgId, async (db) => ({ orgId, viewers: await listViewers(db, orgId) }));
}

export const SLACK_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin slack allow': allow,
  'admin slack disallow': disallow,
  'admin slack viewers': viewers,
};
