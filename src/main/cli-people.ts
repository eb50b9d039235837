import { parseArgs } from 'node:util';
import { erasePerson } from '../adapters/postgres/person-erasure.ts';
import { normalizeEmail } from '../domain/events/identity.ts';
import { requireOrgId, UsageError, withOrg } from './cli-support.ts';

export const PEOPLE_HELP = `  uptake admin person erase --org <orgId> --email dev@acme.com [--chat-user U0123ABC ...]
      Erases one person (a privacy request, a leaver) in one transaction: their events and rollup rows, roster
      entry and licenses, API keys bound to their email, Cursor counters; with --chat-user (their Slack user id,
      Teams user id or Entra object id) also their chat viewer grant, personal Teams chat and deliveries there,
      and their name as creator of digests and alert rules.
      Org totals of the days they were active are rebuilt without them. Prints the rows removed per table.
`;

async function personErase(args: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args,
    options: { org: { type: 'string' }, email: { type: 'string' }, 'chat-user': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return PEOPLE_HELP;
  const orgId = requireOrgId(values.org);
  const email = values.email === undefined ? null : normalizeEmail(values.email);
  if (!email) throw new UsageError(values.email === undefined ? '--email is required.' : `--email "${values.email}" is not an email address.`);
  const chatUserIds = (values['chat-user'] ?? []).map((id) => id.trim()).filter((id) => id.length > 0);
  return withOrg(orgId, (db) => erasePerson(db, orgId, { email, chatUserIds }));
}

export const PEOPLE_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  'admin person erase': personErase,
};
