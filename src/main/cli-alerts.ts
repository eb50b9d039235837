import { parseArgs } from 'node:util';
import { postgresStores } from '../adapters/postgres/postgres-stores.ts';
import { addAlert } from '../app/alert-commands.ts';
import { parseAlertCommand } from '../domain/alerts/parse-alert-command.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const ALERT_HELP = `  uptake admin alert add --org <orgId> --platform slack|teams --conversation <id> <rule>
      Sets an alert that posts to a Slack channel or a Teams conversation, with the chat grammar, e.g.
      \`adoption < 60% team:web\`, \`drop 20%\`, \`idle 30d > 5\`, \`unactivated 7d\`, \`declining 28d > 3\`, and
      \`cooldown:12h\` (default 1 day) for the least time between two of its messages.
  uptake admin alert list --org <orgId>
  uptake admin alert remove --org <orgId> --id <id>
`;

async function add(args: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { org: { type: 'string' }, platform: { type: 'string' }, conversation: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  if (values.platform !== 'slack' && values.platform !== 'teams') throw new UsageError('--platform slack|teams is required.');
  const conversationId = values.conversation?.trim();
  if (!conversationId) throw new UsageError('--conversation <id> is required: the Slack channel id or the Teams conversation id.');
  const parsed = parseAlertCommand(`alert ${positionals.join(' ')}`);
  if (!parsed || parsed.kind !== 'add') throw new UsageError(parsed?.kind === 'error' ? parsed.message : 'Describe the alert, e.g. `adoption < 60% team:web`.');
  return withOrg(orgId, async (db) => {
    const stores = postgresStores(db);
    const place = { platform: values.platform as 'slack' | 'teams', conversationId };
    const created = await addAlert({ alerts: stores.alerts, reader: stores.reports }, orgId, parsed.condition, parsed.cooldownMinutes, place, 'cli', new Date());
    if (typeof created === 'string') throw new UsageError(created);
    return { alert: created };
  });
}

async function list(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  return withOrg(orgId, async (db) => ({ alerts: await postgresStores(db).alerts.list(orgId, null) }));
}

async function remove(args: string[]): Promise<unknown> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' }, id: { type: 'string' } } });
  const orgId = requireOrgId(values.org);
  const id = values.id?.trim().toLowerCase() ?? '';
  if (!/^[0-9a-f-]{8,36}$/.test(id)) throw new UsageError('--id <id> is required: the alert id, or its first 8 characters (`uptake admin alert list`).');
  return withOrg(orgId, async (db) => {
    const removed = await postgresStores(db).alerts.remove(orgId, id, null);
    if (!removed) throw new UsageError(`No alert ${id} in org ${orgId}.`);
    return { removed: removed.ruleId };
  });
}

export const ALERT_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin alert add': add,
  'admin alert list': list,
  'admin alert remove': remove,
};
