import { parseArgs } from 'node:util';
import { postgresStores } from '../adapters/postgres/postgres-stores.ts';
import { scheduleDigest } from '../app/digest-commands.ts';
import { parseDigestCommand } from '../domain/digests/parse-digest-command.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const DIGEST_HELP = `  uptake admin digest add --org <orgId> --platform slack|teams --conversation <id> [--show-people] <digest>
      Schedules a digest in a Slack channel (C0123…) or a Teams conversation (19:…@thread.tacv2), with the chat
      grammar, e.g. \`weekly mon 09:00 adoption usage team:platform tz:Europe/Berlin\`. --show-people lets it name
      people (only where everyone reading may see per-person numbers).
  uptake admin digest list --org <orgId>
  uptake admin digest remove --org <orgId> --id <id>
`;

async function add(args: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { org: { type: 'string' }, platform: { type: 'string' }, conversation: { type: 'string' }, 'show-people': { type: 'boolean', default: false } },
  });
  const orgId = requireOrgId(values.org);
  if (values.platform !== 'slack' && values.platform !== 'teams') throw new UsageError('--platform slack|teams is required.');
  const conversationId = values.conversation?.trim();
  if (!conversationId) throw new UsageError('--conversation <id> is required: the Slack channel id or the Teams conversation id.');
  const parsed = parseDigestCommand(`digest ${positionals.join(' ')}`);
  if (!parsed || parsed.kind !== 'add') throw new UsageError(parsed?.kind === 'error' ? parsed.message : 'Describe the digest, e.g. `weekly mon 09:00 adoption usage`.');
  return withOrg(orgId, async (db) => {
    const stores = postgresStores(db);
    const created = await scheduleDigest({ digests: stores.digests, reader: stores.reports }, orgId, { ...parsed.request, showPeople: values['show-people'] ?? false }, { platform: values.platform as 'slack' | 'teams', conversationId }, 'cli', new Date());
    if (typeof created === 'string') throw new UsageError(created);
    return { digest: created.schedule };
  });
}

async function list(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  return withOrg(orgId, async (db) => ({ digests: await postgresStores(db).digests.list(orgId, null) }));
}

async function remove(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, id: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  const id = values.id?.trim().toLowerCase() ?? '';
  if (!/^[0-9a-f-]{8,36}$/.test(id)) throw new UsageError('--id <id> is required: the digest id, or its first 8 characters (`uptake admin digest list`).');
  return withOrg(orgId, async (db) => {
    const removed = await postgresStores(db).digests.remove(orgId, id, null);
    if (!removed) throw new UsageError(`No digest ${id} in org ${orgId}.`);
    return { removed: removed.scheduleId };
  });
}

export const DIGEST_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin digest add': add,
  'admin digest list': list,
  'admin digest remove': remove,
};
