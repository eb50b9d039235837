import { parseArgs } from 'node:util';
import { listApiKeys, revokeApiKey, rotateApiKey } from '../adapters/postgres/api-key-admin-store.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const KEY_HELP = `  uptake admin key list --org <orgId>
      Lists the org's keys: {"keys":[{"prefix","scopes","email","name","createdAt","lastUsedAt","revokedAt"}]}
      (the prefix is the 12 characters after "upt_"; the key itself is never stored).
  uptake admin key revoke --org <orgId> --prefix <prefix>
      Revokes a key: every server refuses it within 5 seconds, and its chart links stop working.
  uptake admin key rotate --org <orgId> --prefix <prefix>
      Creates a key with the same scopes, email and name, revokes the old one, and prints {"key","prefix","revokedPrefix"}.
`;

function keyArgs(args: string[]): { orgId: string; prefix: string } {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, prefix: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  // accept the whole visible part too: "upt_AbC123..." or a full key pasted by mistake
  const prefix = /^(?:upt_)?([A-Za-z0-9]{12})(?:_.*)?$/.exec(values.prefix?.trim() ?? '')?.[1];
  if (!prefix) throw new UsageError('--prefix <prefix> is required: the 12 characters after "upt_" (see `uptake admin key list`).');
  return { orgId, prefix };
}

async function list(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  return withOrg(orgId, async (db) => ({ orgId, keys: await listApiKeys(db, orgId) }));
}

async function revoke(args: string[]): Promise<unknown> {
  const { orgId, prefix } = keyArgs(args);
  return withOrg(orgId, async (db) => {
    const outcome = await revokeApiKey(db, orgId, prefix);
    if (!outcome.found) throw new UsageError(`No key with prefix ${prefix} in org ${orgId} (see \`uptake admin key list\`).`);
    return { orgId, prefix, revokedAt: outcome.revokedAt };
  });
}

async function rotate(args: string[]): Promise<unknown> {
  const { orgId, prefix } = keyArgs(args);
  return withOrg(orgId, async (db) => {
    const outcome = await rotateApiKey(db, orgId, prefix);
    if (!outcome.found) throw new UsageError(`No active key with prefix ${prefix} in org ${orgId} (see \`uptake admin key list\`).`);
    return { key: outcome.key, prefix: outcome.prefix, revokedPrefix: outcome.revokedPrefix };
  });
}

export const KEY_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin key list': list,
  'admin key revoke': revoke,
  'admin key rotate': rotate,
};
